"""Cached result cards, filter panels, options and detail pages' bodies
(directory/fragments.py): reused by every page that shows them, never stale after an
editor's change, per language, and never required (a listing still renders when the cache
is down). The page cache is off throughout, so every response here is rendered afresh
around the cached pieces."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory.models import PublicationStatus, Source

pytestmark = [pytest.mark.django_db]

LIST = "/en/policies/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def get(client, url=LIST, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def query_count(client, url=LIST, **headers):
    with CaptureQueriesContext(connection) as context:
        get(client, url, **headers)
    return len(context.captured_queries)


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


@pytest.fixture
def issuer(make):
    return make.institution(name="Innovation Bureau")


@pytest.fixture
def policies(make, issuer):
    sector = make.sector(name="FinTech")
    return [make.policy(name=f"Policy {n}", issuer=issuer, sectors=[sector]) for n in range(3)]


def test_cards_and_options_are_reused_by_other_pages(client, policies):
    cold = query_count(client)
    # The same cards and selects on another sort order: no card or option queries.
    warm = query_count(client, f"{LIST}?sort=name")
    assert warm < cold
    first = get(client)
    assert "Policy 0" in first and "Innovation Bureau" in first
    assert get(client, f"{LIST}?sort=name").count('class="card card--policy"') == 3


def rename_policy(policies, issuer):
    policies[0].name_en = "Renamed policy"
    policies[0].save()
    return "Renamed policy"


def rename_issuer(policies, issuer):
    issuer.name_en = "Renamed bureau"
    issuer.save()
    return "Renamed bureau"


def rename_sector(policies, issuer):
    sector = policies[0].sectors.get()
    sector.name_en = "Financial technology"
    sector.save()
    return "Financial technology"


@pytest.mark.parametrize("change", [rename_policy, rename_issuer, rename_sector])
def test_an_editors_change_shows_at_once(client, policies, issuer, change):
    get(client)
    get(client, **HTMX)
    expected = change(policies, issuer)
    assert expected in get(client)
    assert expected in get(client, **HTMX)


def test_unpublishing_the_issuer_removes_its_link_from_cards_and_the_select(
    client, policies, issuer
):
    page = get(client)
    assert f'value="{issuer.slug}"' in page
    issuer.status = PublicationStatus.DRAFT
    issuer.save()
    page = get(client)
    assert "Innovation Bureau" not in page
    assert f'value="{issuer.slug}"' not in page


def test_a_new_issuer_appears_in_the_select(client, make, policies):
    get(client)
    newcomer = make.institution(name="Newcomer Council")
    make.policy(name="Fresh policy", issuer=newcomer)
    page = get(client)
    assert f'value="{newcomer.slug}"' in page
    assert "Fresh policy" in page


def test_each_language_has_its_own_cards_and_options(client, make):
    issuer = make.institution(name="Digital Policy Office", name_zh_hant="數字政策辦公室")
    make.policy(name="AI guideline", name_zh_hant="人工智能指引", issuer=issuer)
    english = get(client)
    chinese = get(client, "/zh-hant/policies/")
    assert "AI guideline" in english and "人工智能指引" not in english
    assert "人工智能指引" in chinese
    assert ">數字政策辦公室<" in chinese.replace("</a>", "<").replace("</option>", "<")
    assert "AI guideline" in get(client)


def test_listings_render_when_the_cache_is_down(client, policies, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("redis is down")

    for method in ("get_many", "set_many", "get", "add"):
        monkeypatch.setattr(cache, method, unreachable)
    page = get(client)
    assert page.count('class="card card--policy"') == 3
    assert "Innovation Bureau" in page


@override_settings(FRAGMENT_CACHE_ENABLED=False)
def test_the_fragment_cache_can_be_switched_off(client, policies):
    get(client)
    assert query_count(client) == query_count(client, f"{LIST}?sort=name")


def sector_count(page, slug):
    """The facet count the panel shows beside a sector's checkbox."""
    start = page.index(f'id="count-id_sector_{slug}"')
    return int(page[page.index(">", start) + 1 : page.index("</span>", start)])


def test_a_selections_panel_serves_its_every_page_and_sort_order(client, policies):
    """Once a selection's panel is stored, another sort order of it reads no more than its
    results, as its htmx partial does."""
    slug = policies[0].sectors.get().slug
    selection = f"{LIST}?sector={slug}"
    get(client, selection)
    resorted = query_count(client, f"{selection}&sort=newest")
    assert resorted == query_count(client, f"{selection}&sort=updated", **HTMX)
    assert sector_count(get(client, f"{selection}&sort=newest"), slug) == 3


def test_the_panels_counts_follow_an_editors_change(client, make, policies):
    sector = policies[0].sectors.get()
    assert sector_count(get(client), sector.slug) == 3
    make.policy(name="Policy 3", sectors=[sector])
    assert sector_count(get(client), sector.slug) == 4
    assert sector_count(get(client, f"{LIST}?sort=newest"), sector.slug) == 4


def test_a_selections_count_is_kept_until_an_editors_change(client, make, policies):
    """Another sort order or page of a selection reads only its page of keys: the count,
    like the panel and the cards, is kept; a new entry in the selection updates it."""
    sector = policies[0].sectors.get()
    selection = f"{LIST}?sector={sector.slug}"
    assert "3 results" in get(client, selection)
    assert query_count(client, f"{selection}&sort=newest") == 1
    make.policy(name="Policy 3", sectors=[sector])
    assert "4 results" in get(client, f"{selection}&sort=newest")
    assert "4 results" in get(client, selection, **HTMX)


def test_a_searchs_panel_shows_its_own_words(client, policies):
    """Free text is not a bounded set of values: its panel is rendered each time."""
    assert 'name="q" value="Policy"' in get(client, f"{LIST}?q=Policy")
    assert 'name="q" value="Bureau"' in get(client, f"{LIST}?q=Bureau")


@pytest.fixture
def plan(make, policies):
    """A policy whose page lists a challenge, its issuer and a source."""
    gap = make.challenge(name="Compute gap")
    plan = make.policy(name="Compute plan", issuer=policies[0].issuer)
    plan.challenges.add(gap)
    Source.objects.create(entry=plan, title_en="Budget speech", url="https://www.budget.gov.hk/")
    return plan


def test_a_detail_pages_body_is_read_once_and_reused(client, plan):
    url = plan.get_absolute_url()
    cold = query_count(client, url)
    warm = query_count(client, url)
    # The entry with its sectors, not its sources and relations again.
    assert warm < cold and warm <= 2
    page = get(client, url)
    assert "Compute gap" in page and "Innovation Bureau" in page and "Budget speech" in page


def unpublish_challenge(plan):
    gap = plan.challenges.get()
    gap.status = PublicationStatus.DRAFT
    gap.save()
    return "Compute gap", False


def rename_source(plan):
    source = plan.sources.get()
    source.title_en = "Policy Address"
    source.save()
    return "Policy Address", True


def edit_summary(plan):
    plan.summary_en = "Three thousand petaflops."
    plan.save()
    return "Three thousand petaflops.", True


@pytest.mark.parametrize("change", [unpublish_challenge, rename_source, edit_summary])
def test_a_detail_page_shows_an_editors_change_at_once(client, plan, change):
    url = plan.get_absolute_url()
    get(client, url)
    text, shown = change(plan)
    assert (text in get(client, url)) is shown


def main(page):
    """The page's <main>: its <head> names the entry in every language."""
    return page[page.index("<main") : page.index("</main>")]


def test_a_detail_pages_body_is_per_language(client, make):
    policy = make.policy(name="AI guideline", name_zh_hant="人工智能指引")
    english = main(get(client, policy.get_absolute_url()))
    with translation.override("zh-hant"):
        chinese = main(get(client, policy.get_absolute_url()))
    assert "AI guideline" in english and "人工智能指引" not in english
    assert "人工智能指引" in chinese


def test_a_detail_pages_citation_holds_the_address_it_was_read_at(client, settings, plan):
    settings.ALLOWED_HOSTS = ["hkai.example", "mirror.example"]
    url = plan.get_absolute_url()
    assert f"http://hkai.example{url}" in get(client, url, HTTP_HOST="hkai.example")
    mirrored = get(client, url, HTTP_HOST="mirror.example")
    assert f"http://mirror.example{url}" in mirrored
    assert "hkai.example" not in mirrored
