"""`manage.py generate_fake_entries`: clearly fake entries of every type, with relations, in
bulk; reruns never collide; --clear removes only the fakes and leaves the real demo data."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import (
    ENTRY_MODELS,
    Challenge,
    Hub,
    Institution,
    Policy,
    Sector,
    Source,
)
from tests.planner import planner_row_estimate

pytestmark = pytest.mark.django_db


def generate(*args):
    out = StringIO()
    call_command("generate_fake_entries", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def sectors():
    call_command("loaddata", "sectors", verbosity=0)


def snapshot():
    """Every row of the directory that is not fake, with its relations and sources."""
    rows = {}
    for model in ENTRY_MODELS:
        real = model.objects.exclude(slug__startswith="fake-").order_by("pk")
        rows[model] = [
            (
                entry.pk,
                entry.slug,
                entry.name_en,
                entry.name_zh_hant,
                entry.updated,
                sorted(entry.sectors.values_list("pk", flat=True)),
                sorted(entry.sources.values_list("pk", "url")),
            )
            for entry in real
        ]
    rows["links"] = (
        sorted(Policy.challenges.through.objects.values_list("policy_id", "challenge_id")),
        sorted(Institution.hubs.through.objects.values_list("institution_id", "hub_id")),
        sorted(Policy.objects.values_list("pk", "issuer_id", "superseded_by_id")),
        sorted(Institution.objects.values_list("pk", "parent_id")),
        sorted(Hub.objects.values_list("pk", "operator_id")),
    )
    return rows


def test_creates_the_count_of_clearly_fake_published_entries_per_type(sectors):
    output = generate("--count", "12", "--seed", "1")

    assert "Created 12 fake entries per type" in output
    for model in ENTRY_MODELS:
        assert model.objects.count() == 12
        for entry in model.objects.all():
            assert entry.slug.startswith(f"fake-{model._meta.model_name}-"), entry.slug
            assert entry.name_en.startswith("Fake "), entry.name_en
            assert entry.name_zh_hant.startswith("虛構"), entry.name_zh_hant
            assert "test data" in entry.summary_en
            assert "測試資料" in entry.summary_zh_hant
            assert entry.is_published
            assert entry.sectors.exists(), entry.slug
            assert entry.sources.count() == 1, entry.slug
            entry.full_clean()
    for source in Source.objects.all():
        assert source.url.startswith("https://example.com/")
        source.full_clean()


def test_relations_and_values_are_filled_and_spread(sectors):
    generate("--count", "40", "--seed", "2")

    children = Institution.objects.filter(parent__isnull=False)
    assert children.exists()
    assert not children.exclude(parent__kind=Institution.Kind.UNIVERSITY).exists()
    assert Institution.objects.filter(hubs__isnull=False).exists()
    assert Hub.objects.filter(operator__isnull=False).exists()
    assert Policy.objects.filter(issuer__isnull=False).exists()
    assert Policy.objects.filter(challenges__isnull=False).exists()
    successors = Policy.objects.filter(superseded_by__isnull=False)
    assert successors.exists()
    for policy in successors:
        assert policy.superseded_by_id != policy.pk
        assert policy.stage == Policy.Stage.SUPERSEDED

    assert Hub.objects.values("kind").distinct().count() == len(Hub.Kind)
    assert Institution.objects.values("kind").distinct().count() == len(Institution.Kind)
    assert Challenge.objects.values("category").distinct().count() == len(Challenge.Category)
    assert Policy.objects.values("kind").distinct().count() == len(Policy.Kind)
    assert Hub.objects.values("district").distinct().count() > 3
    assert Policy.objects.values("announced_year").distinct().count() > 3
    for sector in Sector.objects.all():
        assert any(model.objects.for_sector(sector).exists() for model in ENTRY_MODELS)


def test_running_again_adds_more_without_slug_collisions(sectors):
    generate("--count", "5", "--seed", "3")
    generate("--count", "5", "--seed", "3")

    for model in ENTRY_MODELS:
        slugs = list(model.objects.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs)) == 10
    assert Institution.objects.filter(name_en="Fake Institution 00010").exists()


def test_clear_removes_only_the_fakes_and_their_sources():
    call_command("loaddata", *settings.DEMO_FIXTURES, verbosity=0)
    real = snapshot()
    real_sources = Source.objects.count()
    assert real_sources and all(real[model] for model in ENTRY_MODELS)

    generate("--count", "8", "--seed", "4")
    assert Source.objects.count() == real_sources + 8 * len(ENTRY_MODELS)
    output = generate("--clear")

    assert f"Deleted {8 * len(ENTRY_MODELS)} fake entries" in output
    for model in ENTRY_MODELS:
        assert not model.objects.filter(slug__startswith="fake-").exists()
    assert Source.objects.count() == real_sources
    assert not Source.objects.filter(url__startswith="https://example.com/fake-").exists()
    assert snapshot() == real


def test_clear_then_count_starts_the_numbering_again(sectors):
    generate("--count", "3", "--seed", "5")
    generate("--clear", "--count", "4", "--seed", "5")

    for model in ENTRY_MODELS:
        assert model.objects.count() == 4
    assert Hub.objects.filter(slug="fake-hub-00001").exists()


def test_clear_refuses_when_a_real_entry_depends_on_a_fake(sectors, make):
    generate("--count", "3", "--seed", "7")
    real = make.policy(name="Real policy", issuer=Institution.objects.first())

    with pytest.raises(CommandError, match="Real policy"):
        generate("--clear")

    real.refresh_from_db()
    assert real.issuer.slug.startswith("fake-")
    assert Institution.objects.filter(slug__startswith="fake-").count() == 3
    assert Policy.objects.filter(slug__startswith="fake-").count() == 3


@pytest.mark.parametrize("count", ["-1", "1000001"])
def test_rejects_a_count_out_of_range(count):
    with pytest.raises(CommandError):
        generate("--count", count)
    assert not Policy.objects.exists()


def test_rows_go_in_with_bulk_inserts(sectors):
    """Far fewer queries than rows: one INSERT per entry would already be 1,000 queries here,
    and only the database's batch size makes the count grow at all."""
    with CaptureQueriesContext(connection) as few:
        generate("--count", "10", "--seed", "6")
    generate("--clear")
    with CaptureQueriesContext(connection) as many:
        generate("--count", "200", "--seed", "6")

    entries = sum(model.objects.count() for model in ENTRY_MODELS)
    assert entries == 200 * len(ENTRY_MODELS)
    assert len(many) < entries / 10
    assert len(many) < len(few) * 2


def test_generated_and_cleared_entries_show_at_once_on_cached_pages(client, sectors, settings):
    """Bulk inserts send no save signals; the command itself retires cached pages."""
    settings.PAGE_CACHE_ENABLED = True
    url = "/en/hubs/?q=Fake"
    assert "Fake Hub" not in client.get(url).content.decode()
    generate("--count", "3", "--seed", "1")
    assert "Fake Hub" in client.get(url).content.decode()
    generate("--clear")
    assert "Fake Hub" not in client.get(url).content.decode()


def test_the_query_planner_learns_the_new_row_counts(sectors, make):
    """Bulk inserts leave the planner's statistics behind (SQLite and PostgreSQL then pick
    plans that read every row); the command refreshes them, for the fakes and for --clear."""
    for _ in range(3):
        make.policy()
    generate("--count", "40", "--seed", "2")
    for model in ENTRY_MODELS:
        assert planner_row_estimate(model) == model.objects.count() >= 40
    generate("--clear")
    assert planner_row_estimate(Policy) == 3


def test_generated_entries_are_found_by_their_sectors(sectors):
    """The links go in by bulk insert: each listing's sector filter finds them."""
    generate("--count", "20", "--seed", "3")
    for model in ENTRY_MODELS:
        through = model.sectors.through
        for sector in Sector.objects.all():
            linked = through.objects.filter(sector=sector).count()
            assert model.objects.published().in_sectors([sector.slug]).count() == linked
        assert through.objects.exists()
