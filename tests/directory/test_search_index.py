"""Search on SQLite goes through a trigram index (directory/search.py, migration 0006): the
results are exactly those of the plain `icontains` search, the index follows every way rows
are written, and an index that no longer matches the models is rebuilt after migrate."""

import operator
from functools import reduce
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory import search
from directory.models import (
    ENTRY_MODELS,
    Challenge,
    Hub,
    Institution,
    Policy,
    counts_in_one_query,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the FTS5 search index exists on SQLite only"
    ),
]


def scanned(model, query):
    """What search() found before the index: every term's icontains on some column."""
    columns = search.searched_fields(model)
    queryset = model.objects.all()
    for term in query.split()[:6]:
        queryset = queryset.filter(
            reduce(operator.or_, (Q(**{f"{column}__icontains": term}) for column in columns))
        )
    return queryset


def found(model, query, matches=None):
    return sorted(model.objects.search(query, matches).values_list("pk", flat=True))


def expected(model, query):
    return sorted(scanned(model, query).values_list("pk", flat=True))


@pytest.fixture
def entries(make):
    """Entries whose text exercises case, both languages and characters special to LIKE
    and to FTS5's query syntax."""
    return [
        make.institution(
            name="Hong Kong Monetary Authority",
            name_zh_hant="香港金融管理局",
            short_name_en="HKMA",
            summary_en="Central banking institution that supervises FinTech.",
            summary_zh_hant="負責監管金融科技的中央銀行機構。",
        ),
        make.institution(
            name="Data Lab", summary_en='100% open_data; C:\\path "quoted" AND/OR NEAR(x) *'
        ),
        make.institution(name="ÉCOLE Straße", summary_en="Ünïcödé 😀🤖 data-driven"),
        make.institution(name="Alpha", summary_en="Ends with beta", description_en="gamma"),
        make.institution(name="Draft data", status="draft"),
        make.hub(name="Cyberport", summary_en="Digital technology hub in Southern."),
        make.policy(name="金融科技政策", summary_zh_hant="人工智能及數據"),
        make.challenge(name="Talent", summary_en="AI talent shortage", opportunity_en="Data"),
    ]


QUERIES = [
    # English, any case; words of three letters or more use the index, shorter ones scan.
    "data",
    "DATA",
    "dAtA lab",
    "fintech",
    "FINTECH hkma",
    "ai",
    "a",
    "hong kong",
    "zzzz",
    # Chinese: two characters scan, three or more use the index.
    "金融",
    "金融科技",
    "香港金融管理局",
    "金融 科技",
    "人工智能",
    # Characters special to LIKE or to FTS5 queries, unicode case (LIKE ignores ASCII case
    # only), emoji.
    "100%",
    "%",
    "open_data",
    "_da",
    "c:\\path",
    '"quoted"',
    '"',
    '""""',
    "and/or",
    "near(x)",
    "*",
    "école",
    "ÉCOLE",
    "straße",
    "STRASSE",
    "ünïcödé",
    "😀🤖",
    "-driven",
    # A match across two columns (name "Alpha", summary "Ends with beta") is no match.
    "alphaends",
    "betagamma",
    "beta gamma",
]


@pytest.mark.parametrize("many", [search.MANY, 1], ids=["few matches", "many matches"])
def test_search_finds_exactly_what_icontains_finds(entries, monkeypatch, many):
    """Both ways a term is tested: in the index's list of matches, and (when more than MANY
    entries hold it) column by column."""
    monkeypatch.setattr(search, "MANY", many)
    for model in ENTRY_MODELS:
        for query in QUERIES:
            assert found(model, query) == expected(model, query), (model.__name__, query)
    assert found(Institution, "data") == expected(Institution, "data") != []
    assert found(Institution, "alphaends") == []


def test_a_search_counted_to_find_few_reads_the_index_list_and_finds_the_same(entries):
    for model in ENTRY_MODELS:
        for query in QUERIES:
            assert found(model, query, search.FEW) == expected(model, query), (model, query)
    sql = str(Institution.objects.search("data 金融 資料庫", matches=search.FEW).query)
    assert sql.count('"directory_institution_search" MATCH') == 1  # both long terms at once
    assert "CASE" not in sql and "金融%" in sql
    few, many = (str(Hub.objects.search("data", n).query) for n in (search.FEW, search.FEW + 1))
    assert "CASE" not in few and "CASE" in many


def test_a_search_counted_to_find_many_tests_the_columns_and_finds_the_same(entries):
    common = search.MANY + 1
    for model in ENTRY_MODELS:
        for query in QUERIES:
            assert found(model, query, common) == expected(model, query), (model, query)
    sql = str(Hub.objects.search("data", common).query)
    assert "MATCH" not in sql and "LIKE" in sql  # no second count of the index's matches


def test_the_search_pages_compiled_queries_find_what_the_orm_finds(entries):
    """published_search_keys() reuses SQL compiled with stand-in words: for every query,
    band of matches and language, the same entries in the same order as the ORM's."""
    from django.utils import translation

    for language in ("en", "zh-hant"):
        with translation.override(language):
            for model in ENTRY_MODELS:
                # Words that look like the stand-ins go through the ORM, untouched.
                for query in [*QUERIES, "zqxstandin1zqx data", "data ZQXSTANDIN0ZQX"]:
                    for matches in (None, search.FEW, search.FEW + 1, search.MANY + 1):
                        orm = model.objects.published().search(query, matches).by_name()[:3]
                        wanted = list(orm.values_list("pk", flat=True))
                        for _ in range(2):  # compiled, then reused
                            keys = model.objects.published_search_keys(query, matches, 3)
                            assert keys == wanted, (model, query, matches, language)


def counted(model, query, limit):
    """What search_count_sql() says of the published entries, or None where it cannot."""
    statement = model.objects.published().search_count_sql(query, limit)
    return None if statement is None else counts_in_one_query([statement], "default")[0]


@pytest.mark.parametrize("limit", [1, 2, 1000])
def test_the_index_counts_exactly_what_icontains_finds_up_to_a_limit(entries, limit):
    """Counted from the index for a query whose every word it serves, and not otherwise."""
    for model in ENTRY_MODELS:
        for query in QUERIES:
            published = scanned(model, query).filter(status="published").count()
            if all(search.serves(connection, term) for term in query.split()):
                assert counted(model, query, limit) == min(published, limit), (model, query)
            else:
                assert counted(model, query, limit) is None, (model, query)
    assert counted(Institution, "data", 1000) == 2  # and a draft, not counted


def test_the_index_counts_within_any_queryset_on_the_entries_own_table(entries):
    def count(queryset):
        return counts_in_one_query([queryset.search_count_sql("data", 10)], "default")[0]

    assert count(Institution.objects.all()) == 3
    assert count(Institution.objects.filter(name_en__startswith="Data")) == 1
    assert count(Institution.objects.filter(pk__in=[])) == 0
    # Conditions on another table are not carried over into the index's count.
    assert Institution.objects.filter(parent__slug="x").search_count_sql("data", 10) is None


def test_search_uses_the_index_for_long_terms_only(entries):
    sql = str(Institution.objects.search("data 金融 資料庫").query)
    assert sql.count('"directory_institution_search" MATCH') == 4  # two terms, two each
    assert "金融%" in sql  # the two-character word is matched column by column


ALPHABET = [*"aAbBzZ09%_\\\"'*^:()-+., ", "É", "é", "ß", "金", "融", "😀", "\n"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    texts=st.lists(st.text(alphabet=ALPHABET, max_size=12), min_size=1, max_size=6),
    query=st.text(alphabet=ALPHABET, max_size=14),
    many=st.sampled_from([1, search.MANY]),
)
def test_search_matches_icontains_on_arbitrary_text(make, monkeypatch, texts, query, many):
    monkeypatch.setattr(search, "MANY", many)
    Hub.objects.all().delete()
    for text in texts:
        make.hub(name=text[:6], summary_en=text[6:], address_zh_hant=text[::-1])
    assert found(Hub, query) == expected(Hub, query) == found(Hub, query, matches=1)
    if counted(Hub, query, 3) is not None:
        assert counted(Hub, query, 3) == min(3, len(expected(Hub, query)))


def test_the_index_follows_inserts_updates_and_deletes(make):
    policy = make.policy(name="Quantum computing roadmap", summary_en="A roadmap.")
    assert found(Policy, "quantum") == [policy.pk]
    policy.name_en = "Photonics roadmap"
    policy.save()
    assert found(Policy, "quantum") == []
    assert found(Policy, "photonics") == [policy.pk]
    Policy.objects.filter(pk=policy.pk).update(summary_zh_hant="量子計算")
    assert found(Policy, "量子計算") == [policy.pk]
    policy.delete()
    assert found(Policy, "photonics") == []


def test_unpublishing_hides_an_entry_from_public_search(make):
    challenge = make.challenge(name="Semiconductor talent", summary_en="Chips.")
    assert list(Challenge.objects.published().search("semiconductor")) == [challenge]
    Challenge.objects.filter(pk=challenge.pk).update(status="draft")
    assert list(Challenge.objects.published().search("semiconductor")) == []
    assert list(Challenge.objects.search("semiconductor")) == [challenge]


def test_bulk_loads_are_searchable():
    call_command("loaddata", "sectors", "institutions", verbosity=0)
    call_command("generate_fake_entries", "--count", "30", stdout=StringIO())
    for model in ENTRY_MODELS:
        assert model.objects.count() == index_rows(model)
        assert model.objects.search("fake").count() == 30
    assert found(Institution, "fake 00017") == expected(Institution, "fake 00017") != []
    real = Institution.objects.exclude(slug__startswith="fake-").first()
    assert real.pk in found(Institution, real.name_en.split()[0])


def index_rows(model):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{search.index_table(model)}"')
        return cursor.fetchone()[0]


def test_the_installed_indexes_match_the_models():
    """A change to a model's search_fields rebuilds its index after migrate (see below);
    the test database was migrated with the models as they are."""
    installed = search.installed_definitions(connection)
    for model in ENTRY_MODELS:
        for name, sql in search.index_definitions(model, search.searched_fields(model)).items():
            assert installed.get(name) == sql


def test_an_index_that_lost_its_triggers_is_rebuilt_after_migrate(make):
    """SQLite re-creates a table for many schema changes, and its triggers go with it."""
    hub = make.hub(name="Robotics cluster", summary_en="A cluster.")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER "{search.trigger_name(Hub, "update")}"')
        cursor.execute(f'DELETE FROM "{search.index_table(Hub)}"')
    search.repair_indexes()
    assert found(Hub, "robotics") == [hub.pk]
    hub.name_en = "Biotech cluster"
    hub.save()
    assert found(Hub, "robotics") == []
    assert found(Hub, "biotech") == [hub.pk]
