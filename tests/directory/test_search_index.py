"""Search on SQLite goes through an FTS5 trigram index (directory/search/sqlite_fts.py,
migration 0006). What a visitor relies on: the results are exactly those of the plain
`icontains` search (any case, both languages, short words, characters special to LIKE or to
FTS5), a word most entries hold is still found, the index follows every way rows are
written, and an index that no longer matches the models is rebuilt after `migrate`."""

import operator
from functools import reduce
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.models import ENTRY_MODELS, Challenge, Hub, Institution, Policy
from directory.search import sqlite_fts

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the FTS5 search index exists on SQLite only"
    ),
]


def scanned(model, query):
    """What a search must find, without the index: each of the first six words of the
    query's first 100 characters, ignoring case, in some searched column in either
    language."""
    columns = [f"{field}_{suffix}" for field in model.search_fields for suffix in ("en", "zh_hant")]
    queryset = model.objects.all()
    for word in query[:100].split()[:6]:
        queryset = queryset.filter(
            reduce(operator.or_, (Q(**{f"{column}__icontains": word}) for column in columns))
        )
    return queryset


def found(model, query):
    return sorted(model.objects.search(query).values_list("pk", flat=True))


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
        make.institution(name="ÉCOLE Straße", summary_en="Ünïcödé 😀🤖 data-driven it's"),
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
    "0%_",
    "open_data",
    "_da",
    "c:\\path",
    '"quoted"',
    '"',
    '""""',
    "it's",
    "'",
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


@pytest.mark.parametrize(
    "many", [sqlite_fts.MANY, 0], ids=["words few entries hold", "words many entries hold"]
)
def test_search_finds_exactly_what_icontains_finds(entries, monkeypatch, many):
    """Both ways a word is tested: by the index's list of the entries holding it, and
    (when more than MANY entries hold it) column by column."""
    monkeypatch.setattr(sqlite_fts, "MANY", many)
    for model in ENTRY_MODELS:
        for query in QUERIES:
            assert found(model, query) == expected(model, query), (model.__name__, query)
    # Not vacuous: the queries do find things, drafts included (published() hides them).
    assert len(found(Institution, "data")) == 3
    assert found(Institution, "100%") == found(Institution, "open_data") == [entries[1].pk]
    assert found(Institution, "香港金融管理局") == found(Institution, "hkma") == [entries[0].pk]
    assert found(Institution, "%") == [entries[1].pk]
    assert found(Institution, "alphaends") == []
    assert found(Policy, "人工智能") == [entries[6].pk]


ALPHABET = [*"aAbBzZ09%_\\\"'*^:()-+., ", "É", "é", "ß", "金", "融", "😀", "\n"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    texts=st.lists(st.text(alphabet=ALPHABET, max_size=12), min_size=1, max_size=6),
    query=st.text(alphabet=ALPHABET, max_size=14),
    many=st.sampled_from([0, sqlite_fts.MANY]),
)
def test_search_matches_icontains_on_arbitrary_text(make, monkeypatch, texts, query, many):
    monkeypatch.setattr(sqlite_fts, "MANY", many)
    Hub.objects.all().delete()
    for text in texts:
        make.hub(name=text[:6], summary_en=text[6:], address_zh_hant=text[::-1])
    assert found(Hub, query) == expected(Hub, query)


def test_a_word_most_entries_hold_is_still_found(make):
    """More than MANY matches: the word is tested column by column, and found as before,
    alone, with a rare word and within the other filters."""
    common = sqlite_fts.MANY + 1
    Hub.objects.bulk_create(
        Hub(
            name_en=f"Space {n:04}",
            slug=f"space-{n}",
            summary_en="A common co-working space.",
            kind=Hub.Kind.COWORKING,
            status="published",
        )
        for n in range(common)
    )
    rare = make.hub(name="Robotics space", summary_en="Common ground for robots.")
    make.hub(name="Unrelated", summary_en="Nothing to see.")
    assert Hub.objects.search("COMMON").count() == common + 1
    assert Hub.objects.search("common robots").get() == rare
    assert Hub.objects.search("robots common").get() == rare
    first = Hub.objects.published().search("common").by_name()[:3]
    assert [hub.name for hub in first] == ["Robotics space", "Space 0000", "Space 0001"]
    assert Hub.objects.search("common").filter(kind="science-park").get() == rare
    assert Hub.objects.search("common co-working space").count() == common


def test_the_index_follows_inserts_updates_and_deletes(make):
    policy = make.policy(name="Quantum computing roadmap", summary_en="A roadmap.")
    assert found(Policy, "quantum") == [policy.pk]
    policy.name_en = "Photonics roadmap"
    policy.save()
    assert found(Policy, "quantum") == []
    assert found(Policy, "photonics") == [policy.pk]
    Policy.objects.filter(pk=policy.pk).update(summary_zh_hant="量子計算")
    assert found(Policy, "量子計算") == [policy.pk]
    Policy.objects.filter(pk=policy.pk).update(description_en="Now with LASERS")
    assert found(Policy, "lasers") == [policy.pk]
    # A change to a column that is not searched leaves the entry findable.
    Policy.objects.filter(pk=policy.pk).update(announced_year=2030)
    assert found(Policy, "photonics") == [policy.pk]
    policy.delete()
    assert found(Policy, "photonics") == []
    assert found(Policy, "量子計算") == []


def test_the_index_follows_bulk_writes(make):
    Institution.objects.bulk_create(
        Institution(name_en=f"Bulk {n}", slug=f"bulk-{n}", summary_en="Loaded in bulk.")
        for n in range(5)
    )
    assert len(found(Institution, "bulk")) == 5
    Institution.objects.filter(slug__in=["bulk-0", "bulk-1"]).update(summary_en="Edited.")
    assert len(found(Institution, "loaded in bulk")) == 3
    Institution.objects.filter(slug__startswith="bulk-").delete()
    assert found(Institution, "bulk") == []


def test_unpublishing_hides_an_entry_from_public_search(make):
    challenge = make.challenge(name="Semiconductor talent", summary_en="Chips.")
    assert list(Challenge.objects.published().search("semiconductor")) == [challenge]
    Challenge.objects.filter(pk=challenge.pk).update(status="draft")
    assert list(Challenge.objects.published().search("semiconductor")) == []
    assert list(Challenge.objects.search("semiconductor")) == [challenge]


def test_loaded_and_generated_entries_are_searchable():
    call_command("loaddata", "sectors", "institutions", verbosity=0)
    call_command("generate_fake_entries", "--count", "30", stdout=StringIO())
    for model in ENTRY_MODELS:
        assert model.objects.search("fake").count() == 30
    assert found(Institution, "fake 00017") == expected(Institution, "fake 00017") != []
    real = Institution.objects.exclude(slug__startswith="fake-").first()
    assert real.pk in found(Institution, real.name_en.split()[0])


def drop_trigger_and_empty_index(model, event):
    """What SQLite does to the index when a later migration re-creates the entry table."""
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER "{sqlite_fts.trigger_name(model, event)}"')
        cursor.execute(f'DELETE FROM "{sqlite_fts.index_table(model)}"')


def test_an_index_that_lost_its_triggers_is_rebuilt_after_migrate(make):
    hub = make.hub(name="Robotics cluster", summary_en="A cluster.")
    drop_trigger_and_empty_index(Hub, "update")
    assert found(Hub, "robotics") == []  # broken, as a migration would leave it
    call_command("migrate", verbosity=0)
    assert found(Hub, "robotics") == [hub.pk]
    hub.name_en = "Biotech cluster"
    hub.save()
    assert found(Hub, "robotics") == []
    assert found(Hub, "biotech") == [hub.pk]
    other = make.hub(name="Robotics hub")
    assert found(Hub, "robotics") == [other.pk]


def test_an_index_over_other_columns_is_rebuilt_after_migrate(make, monkeypatch):
    """A change to a model's `search_fields` takes effect at the next `migrate`."""
    challenge = make.challenge(name="Talent", opportunity_en="Attract researchers")
    assert found(Challenge, "researchers") == [challenge.pk]
    monkeypatch.setattr(Challenge, "search_fields", ("name", "summary", "description"))
    call_command("migrate", verbosity=0)
    assert found(Challenge, "researchers") == expected(Challenge, "researchers") == []
    assert found(Challenge, "talent") == [challenge.pk]


def test_the_test_database_was_migrated_to_a_working_index(make):
    """Every entry type's index follows writes in the database `migrate` built (migrations
    after 0006 re-create entry tables on SQLite, dropping triggers)."""
    for model in ENTRY_MODELS:
        entry = getattr(make, model._meta.model_name)(name="Zeppelin", summary_en="Airship.")
        assert found(model, "zeppelin") == [entry.pk]
        model.objects.filter(pk=entry.pk).update(name_en="Balloon")
        assert found(model, "zeppelin") == [] and found(model, "balloon") == [entry.pk]
        entry.delete()
        assert found(model, "balloon") == []
