"""Search on SQLite: an FTS5 table with the `trigram` tokenizer per entry type, the
counterpart of PostgreSQL's pg_trgm indexes.

Why: `icontains` on SQLite reads every entry; at 10,000 entries per type a search for a word
no entry holds read all 40,000.

The index: per entry type a table `directory_<model>_search` holding one document per entry
(rowid = the entry's id): its searched columns joined by newlines, lower-cased in ASCII as
SQLite's LIKE compares them. Triggers on the entry table keep it current, so every way rows
are written (admin, loaddata, bulk_create, restore_data) updates it. Migration 0006 creates
it; after `migrate`, an index that no longer matches the models is rebuilt (repair_indexes),
e.g. when SQLite re-created an entry table for a later migration (dropping its triggers).

Same results as `icontains`: the index is case-sensitive over a document lower-cased in
ASCII, a word is lower-cased the same way, a quoted FTS5 phrase is literal, and a word has no
whitespace, so it never matches across two columns. A trigram serves words of three
characters or more; shorter ones (many two-character Chinese words) keep the plain LIKE.

A word's condition (Contains) asks the index first how many entries hold it: for at most
MANY, whether the entry is in the index's list; for a common word, the columns' LIKE, so a
listing read in page order stops once the page is full instead of listing every match.
"""

import string

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import BooleanField, Expression, F

from directory.search.columns import any_column_contains, searched_fields

MIN_TERM_LENGTH = 3  # one trigram
# More matches than this, and a word is tested column by column.
MANY = 1000
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
TRIGGERS = ("insert", "update", "delete")


def uses_index(connection):
    return connection.vendor == "sqlite"


def condition(model, word):
    """Whether an entry holds `word`: asked of the index for a word of a trigram or more."""
    if len(word) >= MIN_TERM_LENGTH:
        return Contains(model, word)
    return any_column_contains(model, word)


class Contains(Expression):
    """Whether an entry holds `word` in any of its model's searched columns, as the OR of
    their `icontains` would say, asking the index (see the module's docstring)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, model, word):
        super().__init__()
        self.model, self.word = model, word
        self.columns = [F("pk"), *(F(name) for name in searched_fields(model))]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = exprs

    def as_sql(self, compiler, connection):
        index = qn(index_table(self.model))
        pk, *columns = [compiler.compile(column)[0] for column in self.columns]
        like = connection.operators["icontains"] % "%s"
        pattern = f"%{connection.ops.prep_for_like_query(self.word)}%"
        held = " OR ".join(f"{column} {like}" for column in columns)
        query = phrase(self.word)
        sql = (
            f"CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM {index} WHERE {index} MATCH %s "
            f"LIMIT {MANY + 1})) > {MANY} "
            f"THEN CASE WHEN {held} THEN 1 ELSE 0 END "
            f"ELSE {pk} IN (SELECT rowid FROM {index} WHERE {index} MATCH %s) END"
        )
        return sql, (query, *[pattern] * len(columns), query)


def phrase(word):
    """A word as a literal FTS5 phrase, lower-cased as the documents are."""
    return '"' + word.translate(ASCII_LOWER).replace('"', '""') + '"'


# --- The index itself -----------------------------------------------------------------------


def index_table(model):
    return f"{model._meta.db_table}_search"


def trigger_name(model, event):
    return f"{index_table(model)}_{event}"


def qn(name):
    return '"' + name.replace('"', '""') + '"'


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


def installed_definitions(connection):
    """{name: CREATE statement} of the database's tables and triggers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')")
        return dict(cursor.fetchall())


def repair_indexes(models, using=DEFAULT_DB_ALIAS):
    """Rebuild the index of each of `models` that no longer matches it (run after
    `migrate`). Before migration 0006 (or after its reversal) there is none to rebuild."""
    connection = connections[using]
    if not uses_index(connection):
        return
    installed = installed_definitions(connection)
    for model in models:
        fields = searched_fields(model)
        wanted = index_definitions(model, fields)
        if index_table(model) in installed and any(
            installed.get(name) != sql for name, sql in wanted.items()
        ):
            with transaction.atomic(using), connection.cursor() as cursor:
                for statement in index_statements(model, fields):
                    cursor.execute(statement)
