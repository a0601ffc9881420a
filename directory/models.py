"""The directory's data: four kinds of entry (institutions, hubs, policies, challenges),
the sectors they belong to, and the sources that back every fact.

Text fields are translated by django-modeltranslation (directory/translation.py), which adds
`<field>_en` and `<field>_zh_hant` columns beside each one; reading `entry.name` gives the
active language with English as the fallback.
"""

import operator
from functools import cache, lru_cache, reduce
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, FullResultSet, ValidationError
from django.db import connections, models
from django.db.models import Count, Exists, F, Func, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import In
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory import search as search_index
from directory.languages import translated_field_names

MIN_YEAR = 1800
MAX_YEAR = 2100
# Longer queries are cut: nothing in the directory needs more, and it bounds the SQL.
MAX_QUERY_LENGTH = 100
MAX_QUERY_TERMS = 6


class District(models.TextChoices):
    """Hong Kong's 18 districts, in the order the government lists them."""

    CENTRAL_AND_WESTERN = "central-and-western", _("Central and Western")
    WAN_CHAI = "wan-chai", _("Wan Chai")
    EASTERN = "eastern", _("Eastern")
    SOUTHERN = "southern", _("Southern")
    YAU_TSIM_MONG = "yau-tsim-mong", _("Yau Tsim Mong")
    SHAM_SHUI_PO = "sham-shui-po", _("Sham Shui Po")
    KOWLOON_CITY = "kowloon-city", _("Kowloon City")
    WONG_TAI_SIN = "wong-tai-sin", _("Wong Tai Sin")
    KWUN_TONG = "kwun-tong", _("Kwun Tong")
    KWAI_TSING = "kwai-tsing", _("Kwai Tsing")
    TSUEN_WAN = "tsuen-wan", _("Tsuen Wan")
    TUEN_MUN = "tuen-mun", _("Tuen Mun")
    YUEN_LONG = "yuen-long", _("Yuen Long")
    NORTH = "north", _("North")
    TAI_PO = "tai-po", _("Tai Po")
    SHA_TIN = "sha-tin", _("Sha Tin")
    SAI_KUNG = "sai-kung", _("Sai Kung")
    ISLANDS = "islands", _("Islands")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def year_in_range(field_name):
    """A check constraint keeping a year column plausible (or empty)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field_name}__isnull": True})
        | Q(**{f"{field_name}__gte": MIN_YEAR, f"{field_name}__lte": MAX_YEAR}),
        name=f"%(app_label)s_%(class)s_{field_name}_in_range",
    )


def facet_indexes(model_name, **columns):
    """Indexes answering a listing's facet counts (value_counts) without reading its rows:
    one per checkbox column, (status, column, the other columns, sector_mask, id), so a count
    grouped by one column while another column or the sectors filter reads one index range
    too. The id makes them covering on PostgreSQL, where a sector filter joins on it (SQLite
    indexes carry it anyway). `columns` maps a short name for the index name to each
    column."""
    return [
        models.Index(
            fields=[
                "status",
                column,
                *(c for c in columns.values() if c != column),
                "sector_mask",
                "id",
            ],
            name=f"{model_name}_status_{short}_idx",
        )
        for short, column in columns.items()
    ]


# Sectors with keys up to this have a bit in the entries' sector_mask (a signed 64-bit
# column); with any sector beyond it, listings count sectors through the link tables.
MAX_MASKED_SECTOR = 63


def sector_bit(pk):
    """The bit of sector `pk` in an entry's sector_mask, or 0 for a key beyond the mask."""
    return 1 << (pk - 1) if 1 <= pk <= MAX_MASKED_SECTOR else 0


def refresh_sector_masks(model, pks=None):
    """Set sector_mask from the link table for the entries of `model` with these keys
    (every entry when None), a batch of 500 at a time: bulk_update, no save(), so neither
    history nor `updated` change, as with the links themselves."""
    if pks is None:
        pks = list(model.objects.values_list("pk", flat=True))
    for start in range(0, len(pks), MASK_BATCH):
        masks = linked_sector_masks(model, pks[start : start + MASK_BATCH])
        model.objects.bulk_update(
            [model(pk=pk, sector_mask=mask) for pk, mask in masks.items()], ["sector_mask"]
        )


def linked_sector_masks(model, pks):
    """{pk: sector_mask} of these entries of `model`, from the link table."""
    through, link = model.objects.sector_links()
    masks = dict.fromkeys(pks, 0)
    links = through.objects.filter(**{f"{link}__in": list(masks)})
    for entry, sector in links.values_list(link, "sector_id"):
        masks[entry] |= sector_bit(sector)
    return masks


MASK_BATCH = 500


_SLUG_PLACEHOLDER = "slug-placeholder"


@lru_cache(maxsize=64)
def _slug_url_pattern(view_name, language, script_prefix, urlconf):
    return reverse(view_name, urlconf=urlconf, kwargs={"slug": _SLUG_PLACEHOLDER})


def slug_url(view_name, slug):
    """reverse() for a slug URL, resolved once per view, language and prefix: a listing
    links every card and sector tag, and reversing each showed up in render time."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    pattern = _slug_url_pattern(view_name, get_language(), get_script_prefix(), urlconf)
    return pattern.replace(_SLUG_PLACEHOLDER, slug, 1)


class Sector(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.CharField(_("short description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("directory:sector_detail", self.slug)


class Source(models.Model):
    """A citation backing an entry: every published fact should be traceable to one."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    entry = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    accessed = models.DateField(_("date accessed"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title


@cache
def published_sector_counts_sql(model, using):
    """(sql, params) behind EntryQuerySet.published_sector_counts() for one model and
    database. The statement never changes, and building it through the ORM (a UNION of two
    grouped queries with subqueries) cost more CPU than running it: so it is built once."""
    queryset = model.objects.using(using)
    through, link = queryset.sector_links()
    published = PublicationStatus.PUBLISHED
    unpublished = model.objects.filter(Q(status__lt=published) | Q(status__gt=published))
    hidden = through.objects.filter(**{f"{link}__in": unpublished.values("pk")})
    rows = queryset.counted_by_sector(through.objects.all()).union(
        queryset.counted_by_sector(hidden, sign=-1), all=True
    )
    return rows.query.get_compiler(using=using).as_sql()


def name_or_english(suffix, empty):
    """The name in the language with this column suffix, or the English one where that is
    empty: what by_name() sorts by, and what the (status, name, id) index on it holds."""
    return Coalesce(NullIf(F(f"name_{suffix}"), empty), F("name_en"))


def search_terms(query):
    """The words search() requires, within the caps on a query's length and word count."""
    return (query or "")[:MAX_QUERY_LENGTH].split()[:MAX_QUERY_TERMS]


def counts_in_one_query(statements, using):
    """[count] of each (sql, params) counting query, run as one statement: one round trip
    for the search page's four counts, and no ORM aggregation for each."""
    sql = "SELECT " + ", ".join(f"({statement})" for statement, _params in statements)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [param for _sql, params in statements for param in params])
        return list(cursor.fetchone())


class EmptyString(Value):
    """'' written into the SQL rather than passed as a parameter: SQLite uses an index on
    an expression only for a query whose expression is the same, literals included, and a
    parameter never is."""

    def __init__(self):
        super().__init__("", output_field=models.CharField())

    def as_sql(self, compiler, connection):
        return "''", []


class Unindexed(Func):
    """An expression's value, which SQLite's planner will not look up in an index (written
    `+column` there; unchanged elsewhere). `Unindexed(F("pk")) IN (subquery)` makes SQLite
    read the rows through the query's other conditions and probe each in the subquery's
    list, instead of reading the list first and looking every listed row up in the table."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


@cache
def detail_columns(model):
    """Every column of `model` but `created` and the original text columns modeltranslation
    keeps beside the per-language ones (pages read name_en, name_zh_hant, never name)."""
    fields = model._meta.concrete_fields
    originals = {f.translated_field.name for f in fields if hasattr(f, "translated_field")}
    return tuple(f.name for f in fields if f.name not in originals and f.name != "created")


def link_columns():
    """The columns of a linked entry a detail page reads: a link needs its name and slug,
    and its status says whether it may be linked at all."""
    return (*translated_field_names(["name"]), "slug", "status")


# Stands in for an entry's key while a detail page's list queries are compiled (positive
# and 32-bit: Django compiles an integer out of a column's range to an empty result).
_PK_PLACEHOLDER = 918_273_645


def _param_key(param):
    """A parameter as Statement compares it with its placeholders: drivers wrap numbers in
    int subclasses (psycopg's Int8), and True must not pass for 1."""
    if isinstance(param, int) and not isinstance(param, bool):
        return ("number", int(param))
    if isinstance(param, str):
        return ("text", str(param))
    return ("other", id(param))


class Statement(NamedTuple):
    """A queryset's SQL, compiled once and then run with other values: built with
    placeholder values, each parameter equal to one becomes a slot for the value in its
    place. For queries whose shape is fixed while their values change (a detail page's
    slug, a listing's filter values), where the ORM cost more CPU than the database."""

    model: type
    sql: str
    params: tuple
    # Per parameter: None (as compiled), the index of the value that goes there, or for
    # words embedded in a text (see `words`), ((placeholder, index, lower-cased), ...).
    slots: tuple
    columns: tuple  # for rows(): where each of a values_list()'s names is in a row

    @classmethod
    def compile(cls, queryset, placeholders, using, names=None, all_used=True, words=False):
        """`names`, for rows(): the columns each row holds, in order (modeltranslation's
        values_list() puts them in the SELECT in any order and sorts each row back).
        `all_used=False` when some values may have no place in this query. `words`: the
        placeholders are upper-case ASCII words (search words) that the ORM may embed in
        a text, as they are or ASCII-lower-cased (a LIKE pattern, a full-text phrase);
        the caller then passes only values that need no escaping in either (letters and
        digits). Raises ValueError when a placeholder does not come out as a parameter of
        its own (the ORM changed it, or wrote it into the SQL): the SQL cannot be reused."""
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        selected = [alias for _expression, _sql, alias in compiler.select[: compiler.col_count]]
        if names is None:
            names = selected
        if not set(names) <= set(selected):
            raise ValueError("a column asked for is not in the SELECT")
        columns = tuple(selected.index(name) for name in names)
        index = {_param_key(p): i for i, p in enumerate(placeholders)}
        slots = tuple(index.get(_param_key(p)) for p in params)
        if words:
            slots = tuple(
                cls._embedded(p, placeholders) if isinstance(p, str) else slot
                for p, slot in zip(params, slots, strict=True)
            )
            used = {i for slot in slots if slot for _text, i, _lower in slot}
            in_sql = any(word.lower() in sql.lower() for word in placeholders)
            if in_sql or (all_used and len(used) < len(placeholders)):
                raise ValueError("a placeholder is not a parameter of the query")
            return cls(queryset.model, sql, tuple(params), slots, columns)
        texts = [p for p in placeholders if isinstance(p, str)]
        numbers = [p for p in placeholders if _param_key(p)[0] == "number"]
        changed = any(text in sql for text in texts) or any(
            slot is None
            and (
                (isinstance(p, str) and any(text in p for text in texts))
                or (
                    _param_key(p)[0] == "number"
                    and any(abs(p - number) < 1000 for number in numbers)
                )
            )
            for p, slot in zip(params, slots, strict=True)
        )
        unused = all_used and len({slot for slot in slots if slot is not None}) < len(placeholders)
        if changed or unused:
            raise ValueError("a placeholder is not a parameter of its own")
        return cls(queryset.model, sql, tuple(params), slots, columns)

    def reproduces(self, queryset, values, using):
        """Whether this statement, given `values`, is exactly the SQL and parameters the
        ORM writes for `queryset` built with them: checked once per compiled shape, as the
        ORM may drop a condition for some values (a number out of the column's range) or
        rewrite one, which stand-ins cannot show."""
        sql, params = queryset.query.get_compiler(using=using).as_sql()
        bound = self.bind(values)
        return (
            sql == self.sql
            and len(params) == len(bound)
            and all(
                _param_key(a) == _param_key(b) if _param_key(a)[0] != "other" else a == b
                for a, b in zip(params, bound, strict=True)
            )
        )

    @staticmethod
    def _embedded(param, placeholders):
        found = []
        for i, word in enumerate(placeholders):
            lower = word.translate(search_index.ASCII_LOWER)
            if word in param:
                found.append((word, i, False))
            elif lower in param:
                found.append((lower, i, True))
        return tuple(found) or None

    def bind(self, values):
        bound = []
        for p, slot in zip(self.params, self.slots, strict=True):
            if isinstance(slot, tuple):
                for text, i, lower in slot:
                    value = values[i].translate(search_index.ASCII_LOWER) if lower else values[i]
                    p = p.replace(text, value)
                bound.append(p)
            else:
                bound.append(p if slot is None else values[slot])
        return bound

    def run(self, value, using):
        """Model instances (Manager.raw()), for a statement with one placeholder."""
        return list(self.model._default_manager.db_manager(using).raw(self.sql, self.bind([value])))

    def rows(self, values, using):
        """The rows as tuples, for values_list() statements of plain columns and counts."""
        with connections[using].cursor() as cursor:
            cursor.execute(self.sql, self.bind(values))
            rows = cursor.fetchall()
        if self.columns != tuple(range(len(self.columns))):
            rows = [tuple(row[index] for index in self.columns) for row in rows]
        return rows


def compiled_rows(store, key, stand_in, actual, placeholders, values, using, **options):
    """The rows of the values_list() queryset `actual()` builds with `values`. Its SQL is
    compiled once per `key` (kept in `store`) from `stand_in()`, the same queryset built
    with `placeholders` (Statement.compile's `options`), and checked once to reproduce
    actual()'s own SQL, as the ORM may drop or rewrite a condition for some values. Where
    it cannot be reused (kept as None), actual() goes through the ORM every time."""
    try:
        statement = store[key]
    except KeyError:
        try:
            statement = Statement.compile(stand_in(), placeholders, using, **options)
        except (ValueError, EmptyResultSet, FullResultSet):
            statement = None  # the ORM changed a value: this key goes through it
        if statement is not None and not statement.reproduces(actual(), values, using):
            statement = None
        if len(store) >= MAX_STATEMENTS:
            store.clear()
        store[key] = statement
    if statement is None:
        return list(actual())
    return statement.rows(values, using)


# compiled_rows() stores: a Statement (None: not reusable) per key, at most MAX_STATEMENTS.
# EntryQuerySet.published_search_keys(): per type, database, language, number of words and
# band of matches; ListingFilterSet.shaped_rows(): per query and shape of the filters.
SEARCH_STATEMENTS = {}
MAX_STATEMENTS = 512
# Stand-in words are this, a number and ZQX; a query holding it goes through the ORM.
STAND_IN_WORD = "ZQXSTANDIN"


@lru_cache(maxsize=64)
def detail_statements(model, using, language):
    """(the entry's Statement, {name: Statement of each list}) of a detail page of `model`
    (EntryQuerySet.detail_entry and detail_lists): the same SQL for every entry, so built
    and compiled once per database and language. Through the ORM that cost more CPU than
    running them (a policy's page: the entry 1.0 ms to 0.27; each list, as a prefetch,
    ~1 ms to 0.15)."""
    with translation.override(language):
        queryset = model.objects.using(using)
        entry = queryset.detail_entry(_SLUG_PLACEHOLDER)
        lists = queryset.detail_lists(_PK_PLACEHOLDER)
        return (
            Statement.compile(entry, [_SLUG_PLACEHOLDER], using),
            {name: Statement.compile(q, [_PK_PLACEHOLDER], using) for name, q in lists.items()},
        )


class PerGroup(Subquery):
    """A subquery in a grouped SELECT that refers only to grouped columns: evaluated once per
    group, and not itself added to the GROUP BY (where SQLite would run it for every row)."""

    def get_group_by_cols(self):
        return []


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def drafts(self):
        return self.filter(status=PublicationStatus.DRAFT)

    def for_sector(self, sector):
        """Entries in a sector, given the Sector or its slug. The sector page counts them all
        and shows the first few by name, so they are matched as in_sectors(counting=True)
        does (the sector page at 10,000 per type on SQLite: 24 ms of SQL to 16, its four
        counts having joined every link of the sector to its entry)."""
        through, link = self.sector_links()
        if isinstance(sector, Sector):
            links = through.objects.filter(sector=sector)
        else:
            links = through.objects.filter(sector__slug=sector)
        return self.listed_in(links.values(link))

    def search(self, query, matches=None):
        """Case-insensitive substring search over the model's search fields in every
        language, so a Chinese query finds entries from the English interface and back.
        Every word must match somewhere. On SQLite a trigram index helps find the words of
        three characters or more (directory/search.py); on PostgreSQL trigram indexes serve
        the column conditions themselves (migration 0003). `matches`, where the caller has
        counted them (search_count_sql): at most search.FEW, and the entries the index lists
        are read by id (search.Listed) instead of each entry being tested in turn; more than
        search.MANY, and the columns are tested without asking the index first (Holds)."""
        terms = search_terms(query)
        if not terms:
            return self
        columns = search_index.searched_fields(self.model)
        connection = connections[self.db]
        served = [term for term in terms if search_index.serves(connection, term)]
        listed = served and matches is not None and matches <= search_index.FEW
        # Then each word has more than MANY matches too: Contains would count them again
        # (0.2 ms a type on the search page) only to choose the column test.
        common = matches is not None and matches > search_index.MANY
        if listed:
            self = self.filter(search_index.Listed(self.model, served))
        for term in terms:
            if term not in served:
                self = self.filter(
                    reduce(operator.or_, (Q(**{f"{c}__icontains": term}) for c in columns))
                )
            elif common:
                self = self.filter(search_index.Holds(self.model, term))
            elif not listed:
                self = self.filter(search_index.Contains(self.model, term))
        return self

    def published_search_keys(self, query, matches, limit):
        """The primary keys of the first `limit` published entries search(query, matches)
        finds, in name order (the search page's groups). Where every word is letters and
        digits the index serves, its SQL is compiled once per type, database, language,
        number of words and band of `matches`, the words then placed in its patterns and
        phrases as they are: built through the ORM, it cost ~0.4 ms a type, twice what
        running it did."""
        terms = search_terms(query)
        published = self.model._default_manager.db_manager(self.db).published()

        def found(words):
            return published.search(" ".join(words), matches).by_name()[:limit].values_list("pk")

        connection = connections[self.db]
        if not terms or not all(
            term.isalnum()
            and search_index.serves(connection, term)
            and STAND_IN_WORD not in term.upper()
            for term in terms
        ):
            return [pk for (pk,) in found(terms)]
        if matches is None:
            band = None
        else:
            band = (matches <= search_index.FEW, matches > search_index.MANY)
        key = (self.model, self.db, get_language(), len(terms), band, limit)
        placeholders = [f"{STAND_IN_WORD}{i}ZQX" for i in range(len(terms))]
        rows = compiled_rows(
            SEARCH_STATEMENTS,
            key,
            lambda: found(placeholders),
            lambda: found(terms),
            placeholders,
            terms,
            self.db,
            names=["pk"],
            words=True,
        )
        return [pk for (pk,) in rows]

    def search_count_sql(self, query, limit):
        """(sql, params) of a query for how many entries search(query) finds here, counting
        at most `limit`, where the index can say (search.count_sql): on SQLite, for a query
        whose every word it serves. Otherwise None: counting reads the entries one by one,
        as listing them does, so the search page then counts only the groups it fills."""
        terms = search_terms(query)
        connection = connections[self.db]
        if terms and all(search_index.serves(connection, term) for term in terms):
            return search_index.count_sql(self, terms, limit)
        return None

    def missing_translation(self, language):
        """Entries whose name or summary has not been written in `language` yet."""
        suffix = language.replace("-", "_")
        return self.filter(
            Q(**{f"name_{suffix}__isnull": True})
            | Q(**{f"name_{suffix}": ""})
            | Q(**{f"summary_{suffix}__isnull": True})
            | Q(**{f"summary_{suffix}": ""})
        )

    def recently_updated(self):
        return self.order_by("-updated", "-pk")

    # --- Listing helpers for the public site -----------------------------------------------

    # Columns a result card needs besides the translated text; subclasses add their own.
    listing_columns = ("slug", "status", "updated")
    # Translated fields a result card shows (every language column is loaded for fallback).
    listing_text = ("name", "summary")
    # The "newest" sort: the entry's own date where it has one, else when it was added.
    newest_ordering = ("-created",)
    # Foreign keys to institutions a result card links to (published ones only).
    listing_links = ()
    SORTS = ("name", "newest", "updated")

    def by_name(self, language=None):
        """Alphabetical in the visitor's language, falling back to English for entries not
        yet translated (a plain order_by("name") would put untranslated entries first)."""
        suffix = (language or get_language() or "en").replace("-", "_")
        if suffix == "en":
            return self.order_by(F("name_en").asc(), "pk")
        return self.order_by(name_or_english(suffix, EmptyString()).asc(), "pk")

    def ordered_by(self, sort):
        """One of SORTS; anything else sorts by name."""
        if sort == "newest":
            fields = [
                F(f[1:]).desc(nulls_last=True) if f.startswith("-") else F(f).asc()
                for f in self.newest_ordering
            ]
            return self.order_by(*fields, "-pk")
        if sort == "updated":
            return self.recently_updated()
        return self.by_name()

    def card_columns(self):
        """The columns a result card reads."""
        return (*translated_field_names(self.listing_text), *self.listing_columns)

    def with_listing_relations(self):
        """Only the columns a result card shows, with its published relations in a constant
        number of queries."""
        sectors = Sector.objects.only(*translated_field_names(["name"]), "slug")
        return self.only(*self.card_columns()).prefetch_related(
            # A plain list: a card reads it directly, without building a related manager
            # and a queryset per entry.
            Prefetch("sectors", queryset=sectors, to_attr="listed_sectors"),
            *(Prefetch(field, queryset=self.linkable(Institution)) for field in self.listing_links),
        )

    def in_sectors(self, slugs, counting=False):
        """Entries in any of the given sectors, without duplicating rows.

        By default an EXISTS, checked per entry in the link table's (entry, sector) index, so
        a listing read in name order stops at its page's last row; an IN subquery first
        collected every entry of the sectors (measured on SQLite at 10,000 per type: 4.5 ms
        to 0.2 for a page of policies). With counting=True, for counts that visit every
        matching entry anyway (facets), the sectors' entries are listed once and each entry
        is looked up in that list, which costs less per entry than the EXISTS (on SQLite a
        facet over 10,000 policies: 9.5 ms to 5)."""
        # The sectors are looked up once, not per entry.
        return self.in_sector_ids(Sector.objects.filter(slug__in=slugs).values("pk"), counting)

    def in_sector_ids(self, ids, counting=False):
        """in_sectors() for sectors given by primary key (a list, or a values() queryset):
        the listings know their sectors' keys already, and building the slug subquery cost
        more CPU than the rest of the filter."""
        through, link = self.sector_links()
        links = through.objects.filter(sector__in=ids)
        if counting:
            return self.listed_in(links.values(link))
        return self.filter(Exists(links.filter(**{link: OuterRef("pk")})))

    def in_sector_mask(self, mask):
        """Entries in any of the sectors whose bits `mask` holds (sector_bit()), tested on
        their own sector_mask: read from a facet index, no link table (the policies facet
        table at 10,000 per type, one sector selected: 3.5 ms to 1.4 on SQLite)."""
        return self.alias(in_sectors=F("sector_mask").bitand(mask)).filter(in_sectors__gt=0)

    def sector_mask_count_rows(self):
        """(sector_mask, number of entries) rows, a values_list() queryset: the counts by
        sector of ListingFilterSet.sector_facet_counts, without the link table."""
        return self.order_by().values_list("sector_mask").annotate(n=Count("*"))

    def listed_in(self, ids):
        """Entries whose pk is in `ids` (a values() subquery), the list read once and each
        entry probed in it (Unindexed, so SQLite does not look every listed entry up)."""
        return self.filter(In(Unindexed(F("pk"), output_field=self.model._meta.pk), ids))

    def value_counts(self, field):
        """{value: number of entries} for a column, in one query (for facet counts).
        COUNT(*), not COUNT(id): a (status, field) index then answers it alone, also on
        PostgreSQL, whose indexes do not carry the primary key."""
        return dict(self.order_by().values_list(field).annotate(n=Count("*")))

    def value_rows(self, fields):
        """(value of each field..., number of entries) for every combination of the fields'
        values, in one query: what a listing sums its column facets and its total from
        (ListingFilterSet.facet_table). Grouped in the order of a (status, fields...) index,
        which answers it alone. A values_list() queryset, for the caller to run."""
        return self.order_by().values_list(*fields).annotate(n=Count("*"))

    def sector_links(self):
        """The entry-sector link table and its column naming the entry."""
        through = self.model.sectors.through
        return through, through._meta.get_field(self.model._meta.model_name).attname

    @staticmethod
    def counted_by_sector(links, sign=1):
        """(slug, number of links) rows for a link-table queryset (negated with sign=-1):
        grouped by the link table's own column and the slug looked up once per group, as
        joining the sector to every link cost as much as the count itself."""
        slug = Sector.objects.filter(pk=OuterRef("sector_id")).order_by().values("slug")
        n = Count("*") if sign > 0 else -Count("*")
        grouped = links.order_by().values("sector_id").annotate(n=n, slug=PerGroup(slug))
        return grouped.values_list("slug", "n")

    def sector_counts(self):
        """{sector slug: number of entries} in one query, counted in the link table (each
        entry-sector pair is one row there): no COUNT over a join of every entry."""
        return dict(self.counted_by_sector(self.sector_links_of_entries()))

    def sector_id_counts(self):
        """sector_counts() keyed by the sectors' primary keys, for a caller that knows their
        slugs (a listing's cached sector list): no slug lookup in the SQL (0.3 ms of CPU)."""
        return {pk: n for pk, n in self.sector_id_count_rows() if pk is not None}

    def sector_id_count_rows(self):
        """sector_id_counts() as (key, count) rows, a values_list() queryset: the entries
        joined to their links (one row per entry and sector; an entry without sectors adds
        a row for None). A fifth faster than listing the entries for the link table to
        probe (at 10,000 per type: 3.4 ms to 2.6 for the policies at one stage)."""
        return self.order_by().values_list("sectors").annotate(n=Count("*"))

    def sector_links_of_entries(self):
        through, link = self.sector_links()
        return through.objects.filter(**{f"{link}__in": self.order_by().values("pk")})

    def published_sector_counts(self):
        """sector_counts() of every published entry, whatever this queryset's own filters:
        every link minus the links of unpublished entries (usually few, found by two status
        index ranges; status is never NULL), in one query. Both halves read one index, where
        collecting every published entry's links grew with the directory (measured at 10,000
        per type: 13-28 ms down to 2 on SQLite, 11-31 ms down to 5 on PostgreSQL)."""
        sql, params = published_sector_counts_sql(self.model, self.db)
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        counts = {}
        for slug, n in rows:
            counts[slug] = counts.get(slug, 0) + n
        return {slug: n for slug, n in counts.items() if n}

    def flag_counts(self, fields):
        """{field: number of entries where the boolean column is true}, in one query (each
        counts its own column, so a (status, flags...) index answers it alone)."""
        return self.aggregate(**{f: Count(f, filter=Q(**{f: True})) for f in fields})

    # Foreign keys to other entries a detail page links to (published ones only).
    detail_links = ()

    def detail(self, slug):
        """The published entry with this slug (DoesNotExist if there is none) with all its
        detail page shows: its columns, its detail_links (None where the linked entry is not
        published: a page must never link to a draft), and each list of detail_lists() as a
        plain list in `listed_<name>`. A page shows one entry, so each list is read for it
        alone; all by SQL compiled once (detail_statements), from the model's whole table
        whatever this queryset's own filters."""
        entry_statement, list_statements = detail_statements(self.model, self.db, get_language())
        rows = entry_statement.run(slug, self.db)
        if not rows:
            raise self.model.DoesNotExist(f"No published entry has the slug {slug!r}.")
        entry = rows[0]
        for name in self.detail_links:
            self.set_published_link(entry, name)
        for name, statement in list_statements.items():
            setattr(entry, f"listed_{name}", statement.run(entry.pk, self.db))
        return entry

    def set_published_link(self, entry, name):
        """Sets the entry's link `name` from the linked_<name>_<column> values detail_entry()
        read: the linked entry, or None where there is none or it is not published."""
        link = self.model._meta.get_field(name)
        columns = link_columns()
        values = {column: entry.__dict__.pop(f"linked_{name}_{column}") for column in columns}
        key = getattr(entry, link.attname)
        linked = None
        if key is not None and values["status"] == PublicationStatus.PUBLISHED:
            linked = link.related_model.from_db(
                self.db, ["id", *values.keys()], [key, *values.values()]
            )
        link.set_cached_value(entry, linked)

    def detail_entry(self, slug):
        """The published entry with this slug with only the columns its page reads, and the
        link_columns() of each of its detail_links joined in as `linked_<link>_<column>`
        (instead of a query each)."""
        linked = {
            f"linked_{link}_{column}": F(f"{link}__{column}")
            for link in self.detail_links
            for column in link_columns()
        }
        queryset = self.published().filter(slug=slug).order_by()
        return queryset.only(*detail_columns(self.model)).annotate(**linked)

    def detail_lists(self, pk):
        """{name: queryset} of the lists a detail page shows for the entry `pk`: its sectors
        and sources here, each type adding its relations (both ways, published entries only),
        with the columns the page reads."""
        opts = self.model._meta
        sector_link = self.model.sectors.field.related_query_name()
        return {
            "sectors": Sector.objects.filter(**{sector_link: pk}).only(
                *translated_field_names(["name"]), "slug"
            ),
            "sources": Source.objects.filter(
                content_type__app_label=opts.app_label,
                content_type__model=opts.model_name,
                object_id=pk,
            ).only("url", "accessed", *translated_field_names(["title", "publisher"])),
        }

    def linkable(self, model, *extra):
        """Published entries of `model` with the columns a link needs, by name."""
        return (
            model.objects.published()
            .only(*translated_field_names(["name"]), "slug", "status", *extra)
            .by_name()
        )


class InstitutionQuerySet(EntryQuerySet):
    listing_columns = (*EntryQuerySet.listing_columns, "kind", "district", "founded", "parent_id")
    listing_text = (*EntryQuerySet.listing_text, "short_name")
    newest_ordering = ("-founded", "-created")
    listing_links = ("parent",)
    detail_links = ("parent",)

    def detail_lists(self, pk):
        return {
            **super().detail_lists(pk),
            "children": self.linkable(Institution, "kind").filter(parent=pk),
            "operated_hubs": self.linkable(Hub, "kind").filter(operator=pk),
            "hubs": self.linkable(Hub, "kind").filter(institutions=pk),
            "issued_policies": self.linkable(Policy, "kind", "stage").filter(issuer=pk),
        }


class HubQuerySet(EntryQuerySet):
    listing_columns = (
        *EntryQuerySet.listing_columns,
        "kind",
        "district",
        "opened",
        "operator_id",
        "offers_space",
        "offers_funding",
        "offers_mentoring",
        "offers_computing",
        "offers_market_access",
    )
    newest_ordering = ("-opened", "-created")
    listing_links = ("operator",)
    detail_links = ("operator",)

    def offering(self, supports):
        """Hubs offering every one of the given kinds of support."""
        return self.filter(**{f"offers_{value}": True for value in supports})

    def detail_lists(self, pk):
        return {
            **super().detail_lists(pk),
            "institutions": self.linkable(Institution, "kind").filter(hubs=pk),
        }


class PolicyQuerySet(EntryQuerySet):
    listing_columns = (
        *EntryQuerySet.listing_columns,
        "kind",
        "stage",
        "announced_year",
        "announced_on",
        "issuer_id",
    )
    newest_ordering = ("-announced_year", "-announced_on", "-created")
    listing_links = ("issuer",)
    detail_links = ("issuer", "superseded_by")

    def detail_lists(self, pk):
        return {
            **super().detail_lists(pk),
            "challenges": self.linkable(Challenge, "category").filter(policies=pk),
            "supersedes": self.linkable(Policy, "kind", "stage").filter(superseded_by=pk),
        }


class ChallengeQuerySet(EntryQuerySet):
    listing_columns = (*EntryQuerySet.listing_columns, "category")

    def detail_lists(self, pk):
        return {
            **super().detail_lists(pk),
            "policies": self.linkable(Policy, "kind", "stage").filter(challenges=pk),
        }


class Entry(models.Model):
    """What every kind of entry has: a name, a slug for stable URLs, a short summary and
    longer description, sectors, a publication status and the editors' review date."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"), max_length=400, help_text=_("One or two sentences shown in listings.")
    )
    description = models.TextField(_("description"), blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="%(class)ss", verbose_name=_("sectors")
    )
    # The sectors again, as bits (sector_bit()), kept by refresh_sector_masks() whenever the
    # links change: facet counts read it from an index instead of joining every link.
    sector_mask = models.BigIntegerField(default=0, editable=False)
    status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text=_("Only published entries are shown on the public site."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("The date an editor last checked these facts against the sources."),
    )
    sources = GenericRelation(Source, verbose_name=_("sources"))

    search_fields = ("name", "summary", "description")

    # Only policies have a stage (a field of theirs); the other types say so with None, as
    # templates ask every entry and a missing attribute costs each lookup a caught exception.
    stage = None

    objects = EntryQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "-updated"], name="%(class)s_status_upd_idx"),
            # Listings and select options in English name order (by_name), read in index
            # order and stopped at the page's end instead of sorting every entry.
            models.Index(fields=["status", "name_en", "id"], name="%(class)s_status_name_idx"),
            # The same in Chinese (by_name's fallback expression, the '' inlined by Django).
            models.Index(
                F("status"),
                name_or_english("zh_hant", Value("")),
                F("id"),
                name="%(class)s_status_name_zh_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # This copy's sector_mask may predate a change of its links (made through another
        # copy, or from the sector's side): the links say what it is.
        if self.pk is not None:
            self.sector_mask = linked_sector_masks(type(self), [self.pk])[self.pk]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url(f"directory:{self._meta.model_name}_detail", self.slug)

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED


class Institution(Entry):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        RESEARCH_CENTRE = "research-centre", _("Research centre or lab")
        GOVERNMENT = "government", _("Government body or regulator")
        COMPANY = "company", _("Company or startup")
        NONPROFIT = "nonprofit", _("Nonprofit or industry body")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("For example HKUST.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent institution"),
        help_text=_("The university a research centre belongs to, for example."),
    )
    founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    district = models.CharField(_("district"), max_length=30, choices=District.choices, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    hubs = models.ManyToManyField(
        "Hub",
        blank=True,
        related_name="institutions",
        verbose_name=_("hubs"),
        help_text=_("Hubs the institution is based at or a member of."),
    )

    search_fields = ("name", "short_name", "summary", "description")

    objects = InstitutionQuerySet.as_manager()

    class Meta(Entry.Meta):
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        indexes = [
            *Entry.Meta.indexes,
            *facet_indexes("institution", kind="kind", dist="district"),
        ]
        constraints = [
            year_in_range("founded"),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="directory_institution_not_own_parent"
            ),
        ]


class Hub(Entry):
    class Kind(models.TextChoices):
        SCIENCE_PARK = "science-park", _("Science park")
        DIGITAL_HUB = "digital-hub", _("Digital technology hub")
        INCUBATOR = "incubator", _("Incubator or accelerator programme")
        COWORKING = "coworking", _("Co-working space")
        COMPUTING = "computing", _("Computing facility")
        RESEARCH_CLUSTER = "research-cluster", _("Research cluster")

    class Support(models.TextChoices):
        """What a hub offers; each is a boolean column `offers_<value>`."""

        SPACE = "space", _("Space")
        FUNDING = "funding", _("Funding")
        MENTORING = "mentoring", _("Mentoring")
        COMPUTING = "computing", _("Computing")
        MARKET_ACCESS = "market_access", _("Market access")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    operator = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operated_hubs",
        verbose_name=_("operator"),
    )
    opened = models.PositiveSmallIntegerField(_("year opened"), null=True, blank=True)
    district = models.CharField(_("district"), max_length=30, choices=District.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    offers_space = models.BooleanField(_("offers space"), default=False)
    offers_funding = models.BooleanField(_("offers funding"), default=False)
    offers_mentoring = models.BooleanField(_("offers mentoring"), default=False)
    offers_computing = models.BooleanField(_("offers computing"), default=False)
    offers_market_access = models.BooleanField(_("offers market access"), default=False)

    search_fields = ("name", "summary", "description", "address")

    objects = HubQuerySet.as_manager()

    class Meta(Entry.Meta):
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        indexes = [
            *Entry.Meta.indexes,
            *facet_indexes("hub", kind="kind", dist="district"),
            # flag_counts reads every support column.
            models.Index(
                fields=[
                    "status",
                    "offers_space",
                    "offers_funding",
                    "offers_mentoring",
                    "offers_computing",
                    "offers_market_access",
                    "id",
                ],
                name="hub_status_support_idx",
            ),
        ]
        constraints = [year_in_range("opened")]

    @staticmethod
    def support_field(support):
        return f"offers_{support}"

    @property
    def support_offered(self):
        """The (value, label) pairs of the support this hub offers, for display."""
        return [
            (value, label)
            for value, label in self.Support.choices
            if getattr(self, self.support_field(value))
        ]


class Challenge(Entry):
    class Category(models.TextChoices):
        TALENT = "talent", _("Talent")
        REGULATION = "regulation", _("Regulation and governance")
        COMMERCIALISATION = "commercialisation", _("Research commercialisation")
        COMPUTING = "computing", _("Computing and infrastructure")
        DATA = "data", _("Data and privacy")
        MARKET_ACCESS = "market-access", _("Market access")

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    opportunity = models.TextField(
        _("opportunity"), blank=True, help_text=_("What solving this challenge would open up.")
    )

    search_fields = ("name", "summary", "description", "opportunity")

    objects = ChallengeQuerySet.as_manager()

    class Meta(Entry.Meta):
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [*Entry.Meta.indexes, *facet_indexes("challenge", cat="category")]

    @property
    def kind(self):
        """Challenges are sorted into categories; listings treat that as their kind."""
        return self.category

    def get_kind_display(self):
        return self.get_category_display()


class Policy(Entry):
    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("Strategy or blueprint")
        LAW = "law", _("Law or regulation")
        GUIDELINE = "guideline", _("Guideline or framework")
        FUNDING = "funding", _("Funding scheme")
        TALENT = "talent", _("Talent scheme")
        SANDBOX = "sandbox", _("Sandbox or pilot")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure")

    class Stage(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        SUPERSEDED = "superseded", _("Superseded")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    issuer = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_policies",
        verbose_name=_("issuing body"),
    )
    announced_year = models.PositiveSmallIntegerField(_("year announced"))
    announced_on = models.DateField(
        _("date announced"),
        null=True,
        blank=True,
        help_text=_("Leave empty when only the year is known."),
    )
    stage = models.CharField(
        _("policy status"), max_length=12, choices=Stage.choices, default=Stage.ACTIVE
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    budget_hkd = models.PositiveBigIntegerField(
        _("budget (HK$)"), null=True, blank=True, help_text=_("Only where a figure is stated.")
    )
    document_url = models.URLField(_("official document"), max_length=500, blank=True)
    challenges = models.ManyToManyField(
        Challenge,
        blank=True,
        related_name="policies",
        verbose_name=_("challenges addressed"),
    )

    objects = PolicyQuerySet.as_manager()

    class Meta(Entry.Meta):
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        indexes = [*Entry.Meta.indexes, *facet_indexes("policy", kind="kind", stage="stage")]
        constraints = [
            year_in_range("announced_year"),
            models.CheckConstraint(
                condition=~Q(superseded_by=F("pk")), name="directory_policy_not_own_successor"
            ),
        ]

    def clean(self):
        super().clean()
        if self.announced_on and self.announced_year != self.announced_on.year:
            raise ValidationError({"announced_on": _("The date must fall in the year announced.")})
        if self.pk and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("A policy cannot supersede itself.")})


ENTRY_MODELS = (Institution, Hub, Policy, Challenge)
