"""Search on SQLite: a trigram index per entry type, the counterpart of PostgreSQL's pg_trgm
indexes (migration 0003).

Why: `EntryQuerySet.search()` is a case-insensitive substring match (`icontains`) over each
searched column in both languages, every term required. SQLite answers that only by reading
every entry: at 10,000 entries per type a search for a word no entry holds read all 40,000
(about 45 ms of SQL for the search page, against 6 at 1,000 per type).

The index: per entry type an FTS5 table, `directory_<model>_search`, with SQLite's `trigram`
tokenizer (SQLite 3.34 or later), holding one document per entry (rowid = the entry's id):
its searched columns joined by newlines. Triggers on the entry table keep it current, so
every way rows are written (admin, loaddata, bulk_create, restore_data, raw SQL) updates it.
Migration 0006 creates it from the models' `search_fields`; after `migrate`, an index that no
longer matches the models is rebuilt (repair_indexes), e.g. when SQLite re-created an entry
table for a later migration (dropping its triggers) or `search_fields` changed.

Same results as `icontains`: SQLite's LIKE ignores the case of ASCII letters only. The
document is lower-cased the same way (SQLite's lower() touches ASCII only), the index is
case-sensitive and a term is lower-cased in ASCII too, so the index finds a term exactly
where `LIKE '%term%'` would; a quoted FTS5 phrase is literal (%, _, quotes and backslashes
included); and a term has no whitespace, so it never matches across the newline between two
columns. A trigram index serves terms of three characters or more; shorter ones (many
two-character Chinese words) keep the scan.

How it is used: the best plan depends on how many entries hold a term, which SQLite's
planner cannot know. For a rare term, the index's list of matches; for a common one (in
every fake entry, say), reading the entries in the page's order and testing their columns,
which stops as soon as the page is full, where listing 10,000 matches first costs ~10 ms.
So each term's condition (Contains) is a CASE: SQLite first asks the index whether more than
MANY entries hold the term (once per statement, stopping at MANY + 1), then tests each entry
it reads against the index's list, or against the columns as before. Entries are still read
one by one in the page's order, but testing one against the list costs a fraction of testing
its columns (a word no entry holds: ~12 ms per type at 10,000 per type, ~2 ms with the list).
Looking a rare term's matches up by id would cost next to nothing, but SQLite would then do
the same for a common term; choosing per term would take a query before each query.

The search page does count first: counting needs no order, so its capped counts
(count_sql) read the index's matches and join each to its entry, stopping at the cap, for
rare and common terms alike; then a type with at most FEW matches is listed by looking
them up by id (Listed), and only the others through Contains.
"""

import string

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connections, transaction
from django.db.models import BooleanField, Expression, F

from directory.languages import translated_field_names

MIN_TERM_LENGTH = 3  # one trigram
# More matches than this, and a term is tested column by column (see the module's docstring).
MANY = 1000
# A search counted to find at most this many entries reads them by id (Listed).
FEW = 100
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def searched_fields(model):
    """The fields search() reads: the model's `search_fields` in every language."""
    return translated_field_names(model.search_fields)


def uses_index(connection):
    return connection.vendor == "sqlite"


def serves(connection, term):
    """Whether this database's search index can find the term."""
    return uses_index(connection) and len(term) >= MIN_TERM_LENGTH and "\x00" not in term


class IndexCondition(Expression):
    """A condition on an entry that the search index answers (on SQLite only), over
    columns of the entry's own table."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, model, fields):
        super().__init__()
        self.model, self.fields = model, fields
        self.columns = [F(name) for name in fields]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = exprs

    def resolve_expression(self, query=None, *args, **kwargs):
        """The columns straight from the model: resolving each name as F() does cost
        ~60 us for a term's nine columns, on every search."""
        resolved = self.copy()
        alias = query.get_initial_alias()
        resolved.columns = [self.model._meta.get_field(name).get_col(alias) for name in self.fields]
        return resolved

    def as_sql(self, compiler, connection):
        raise NotSupportedError("The search index exists on SQLite only.")


class Contains(IndexCondition):
    """On SQLite, whether an entry holds `term` in any of its model's searched columns, as
    the OR of their `icontains` would say: when the index lists at most MANY entries holding
    it, whether the entry is listed; otherwise the columns' LIKE, as Django writes it for
    `icontains`, stopping at the first column that holds the term."""

    def __init__(self, model, term):
        super().__init__(model, [model._meta.pk.name, *searched_fields(model)])
        self.term = term

    def as_sqlite(self, compiler, connection):
        index = qn(index_table(self.model))
        pk, *columns = [compiler.compile(column)[0] for column in self.columns]
        held, patterns = any_column_like(columns, self.term, connection)
        query = phrase(self.term)
        sql = (
            f"CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM {index} WHERE {index} MATCH %s "
            f"LIMIT {MANY + 1})) > {MANY} "
            f"THEN CASE WHEN {held} THEN 1 ELSE 0 END "
            f"ELSE {pk} IN (SELECT rowid FROM {index} WHERE {index} MATCH %s) END"
        )
        return sql, (query, *patterns, query)


class Holds(IndexCondition):
    """On SQLite, Contains without asking the index: for a term the caller has counted in
    more than MANY entries (EntryQuerySet.search's `matches`). The columns' LIKE in one
    expression, where a Q of one `icontains` per column cost ~0.5 ms to build and compile
    for each type on the search page."""

    def __init__(self, model, term):
        super().__init__(model, searched_fields(model))
        self.term = term

    def as_sqlite(self, compiler, connection):
        columns = [compiler.compile(column)[0] for column in self.columns]
        held, patterns = any_column_like(columns, self.term, connection)
        return f"({held})", patterns


def any_column_like(columns, term, connection):
    """(sql, params) of whether any of the compiled `columns` holds `term`, each column's
    test written as Django writes `icontains`."""
    like = connection.operators["icontains"] % "%s"
    pattern = f"%{connection.ops.prep_for_like_query(term)}%"
    return " OR ".join(f"{column} {like}" for column in columns), [pattern] * len(columns)


class Listed(IndexCondition):
    """On SQLite, whether the index lists an entry as holding every one of `terms`: its id
    IN the index's list, which SQLite answers by reading the listed entries by id and then
    sorting them for the page. For a search counted beforehand to find at most FEW entries
    (EntryQuerySet.search's `matches`): at 10,000 per type a word in 3 entries took 1.8 ms
    per type read in name order (Contains) and 0.08 ms by id; but a word in every entry took
    5 ms by id, against 0.17 in name order, stopping once the page is full."""

    def __init__(self, model, terms):
        super().__init__(model, [model._meta.pk.name])
        self.terms = terms

    def as_sqlite(self, compiler, connection):
        index = qn(index_table(self.model))
        pk, params = compiler.compile(*self.columns)
        sql = f"{pk} IN (SELECT rowid FROM {index} WHERE {index} MATCH %s)"
        return sql, (*params, all_of(self.terms))


def count_sql(queryset, terms, limit):
    """(sql, params) of a query for how many entries of `queryset` hold every one of
    `terms` (each one the index serves), counting at most `limit`: the index's matches of
    all the terms at once, each joined to its entry (a CROSS JOIN, which SQLite's planner
    never reorders) to test the queryset's own conditions, stopping at `limit` matches.
    Counting needs no order, so unlike Contains this costs in proportion to what it counts,
    whether a term is rare or common. None for a queryset that joins other tables, whose
    conditions this does not carry over."""
    model, query = queryset.model, queryset.query
    table = model._meta.db_table
    if any(alias != table for alias in query.alias_map):
        return None
    try:
        where, params = query.get_compiler(queryset.db).compile(query.where)
    except EmptyResultSet:
        return "SELECT 0", []
    except FullResultSet:
        where, params = "", []
    index, entries = qn(index_table(model)), qn(table)
    condition = f" AND ({where})" if where else ""
    sql = (
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {index} CROSS JOIN {entries} "
        f"ON {entries}.{qn(model._meta.pk.column)} = {index}.rowid "
        f"WHERE {index} MATCH %s{condition} LIMIT {int(limit)}) AS counted"
    )
    return sql, [all_of(terms), *params]


def phrase(term):
    """A term as a literal FTS5 phrase, lower-cased as the documents are."""
    return '"' + term.translate(ASCII_LOWER).replace('"', '""') + '"'


def all_of(terms):
    """An FTS5 query for the documents holding every one of `terms`."""
    return " AND ".join(phrase(term) for term in terms)


# --- The index itself -----------------------------------------------------------------------


def index_table(model):
    return f"{model._meta.db_table}_search"


def trigger_name(model, event):
    return f"{index_table(model)}_{event}"


def qn(name):
    return '"' + name.replace('"', '""') + '"'


def indexed_models():
    from directory.models import ENTRY_MODELS  # models.py imports this module

    return ENTRY_MODELS


def columns(model, fields):
    """The quoted columns of those of `fields` the model has (a migration's historical model
    may not have them all yet), in that order."""
    names = {field.name for field in model._meta.concrete_fields}
    return [qn(model._meta.get_field(name).column) for name in fields if name in names]


def document(model, fields, row):
    """SQL for the document of the entry `row` (NEW, OLD or the table's name): the columns
    of `fields`, lower-cased in ASCII and joined by newlines."""
    values = [f"coalesce({row}.{column}, '')" for column in columns(model, fields)]
    return "lower(" + " || char(10) || ".join(values) + ")"


def index_definitions(model, fields):
    """{name: CREATE statement} for the index of `model` (a migration's historical model will
    do) over `fields` and for the triggers that keep it current."""
    table, index, pk = qn(model._meta.db_table), qn(index_table(model)), qn(model._meta.pk.column)
    insert = (
        f"INSERT INTO {index} (rowid, document) "
        f"VALUES (NEW.{pk}, {document(model, fields, 'NEW')});"
    )
    delete = f"DELETE FROM {index} WHERE rowid = OLD.{pk};"
    events = {
        "insert": ("INSERT", insert),
        "update": (f"UPDATE OF {', '.join([pk, *columns(model, fields)])}", f"{delete} {insert}"),
        "delete": ("DELETE", delete),
    }
    return {
        index_table(model): (
            f"CREATE VIRTUAL TABLE {index} USING fts5("
            "document, tokenize = 'trigram case_sensitive 1')"
        ),
        **{
            trigger_name(model, event): (
                f"CREATE TRIGGER {qn(trigger_name(model, event))} AFTER {when} ON {table} "
                f"BEGIN {body} END"
            )
            for event, (when, body) in events.items()
        },
    }


def index_statements(model, fields):
    """SQL that (re)creates the index of `model` over `fields`, fills it from the table's
    rows and adds the triggers."""
    table, index, pk = qn(model._meta.db_table), qn(index_table(model)), qn(model._meta.pk.column)
    table_sql, *triggers = index_definitions(model, fields).values()
    fill = (
        f"INSERT INTO {index} (rowid, document) "
        f"SELECT {table}.{pk}, {document(model, fields, table)} FROM {table}"
    )
    return [*drop_statements(model), table_sql, fill, *triggers]


def drop_statements(model):
    return [
        *(f"DROP TRIGGER IF EXISTS {qn(trigger_name(model, event))}" for event in TRIGGERS),
        f"DROP TABLE IF EXISTS {qn(index_table(model))}",
    ]


TRIGGERS = ("insert", "update", "delete")


def installed_definitions(connection):
    """{name: CREATE statement} of the database's tables and triggers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')")
        return dict(cursor.fetchall())


def repair_indexes(using=DEFAULT_DB_ALIAS, **kwargs):
    """Rebuild each index that no longer matches the models (run after `migrate`, on
    post_migrate). Before migration 0006 (or after its reversal) there is none to rebuild."""
    connection = connections[using]
    if not uses_index(connection):
        return
    installed = installed_definitions(connection)
    for model in indexed_models():
        fields = searched_fields(model)
        wanted = index_definitions(model, fields)
        if index_table(model) in installed and any(
            installed.get(name) != sql for name, sql in wanted.items()
        ):
            with transaction.atomic(using), connection.cursor() as cursor:
                for statement in index_statements(model, fields):
                    cursor.execute(statement)
