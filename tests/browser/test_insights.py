"""The insights pages in a real browser: the timeline filters in place and back restores
it, a keyboard user walks the district map to a filtered listing, two entries are compared
from a listing (with and without JavaScript), and every page is axe-clean, within the CSP, and
shows nothing overlapping, cut off or scrolling sideways, on a phone and a desktop."""

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.layout import layout_problems
from tests.browser.pages import mark_page, still_same_document, wait_for_settled

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

EVENTS = "#results .timeline__event"
PAGES = [
    "insights/",
    "timeline/",
    "map/",
    "challenges/matrix/",
    "funding/",
    "institutions/compare/?entries={a},{b},{c}",
]


def pages(site, lang="en", paths=PAGES):
    a, b, c = (university.slug for university in site.universities)
    return [site.url(path.format(a=a, b=b, c=c), lang) for path in paths]


def test_timeline_filters_in_place_and_back_restores_it(page, site):
    page.goto(site.url("timeline/"))
    everything = page.locator(EVENTS).count()
    assert everything == len(site.universities) + len(site.companies) + 1  # and the policy
    mark_page(page)

    page.locator('#filters input[name="kind"][value="strategy"]').check()
    page.wait_for_url(re.compile(r"[?&]kind=strategy"))
    expect(page.locator(EVENTS)).to_have_count(1)
    expect(page.locator("#result-count")).to_contain_text("1 entry")
    expect(page.locator("#live-status")).to_contain_text("1 entry")
    assert still_same_document(page), "filtering the timeline reloaded the page"

    page.go_back()
    page.wait_for_url(site.url("timeline/"))
    wait_for_settled(page)
    expect(page.locator(EVENTS)).to_have_count(everything)
    expect(page.locator('#filters input[name="kind"][value="strategy"]')).not_to_be_checked()
    page.go_forward()
    expect(page.locator(EVENTS)).to_have_count(1)
    assert page.js_errors == [] and page.bad_responses == [] and page.csp_violations() == []


def test_timeline_filters_without_javascript(new_page, site):
    page = new_page(java_script_enabled=False)
    page.goto(site.url("timeline/"))
    page.locator('#filters input[name="kind"][value="strategy"]').check()
    page.locator('#filters button[type="submit"]').click()
    page.wait_for_url(re.compile(r"[?&]kind=strategy"))
    expect(page.locator(EVENTS)).to_have_count(1)


def test_keyboard_reaches_every_district_and_opens_its_listing(page, site):
    page.goto(site.url("map/"))
    page.locator(".map-layers a").last.focus()
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "() => document.activeElement.matches('a.map__district')"
            " ? document.activeElement.getAttribute('aria-label') : null"
        )
        if label is None and reached:
            break
        if label:
            reached.append(label)
    assert len(reached) == 18, reached
    assert "Sha Tin: 3 institutions" in reached

    page.locator(".map-layers a").last.focus()
    for _ in range(18):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == (
            "Sha Tin: 3 institutions"
        ):
            break
    # A visible focus ring on the district.
    stroke = page.evaluate(
        "() => getComputedStyle(document.activeElement.querySelector('path')).strokeWidth"
    )
    assert stroke == "3px"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/institutions/\?district=sha-tin$"))
    expect(page.locator("#results article")).to_have_count(len(site.universities))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_compare_two_entries_from_a_listing(new_page, site, javascript):
    page = new_page(java_script_enabled=javascript)
    page.goto(site.url("institutions/?kind=university"))
    first, second = site.universities[0], site.universities[1]
    page.locator(f"#compare-{first.slug}").check()
    page.locator(f"#compare-{second.slug}").check()
    page.get_by_role("button", name="Compare ticked").click()
    page.wait_for_url(
        re.compile(rf"/en/institutions/compare/\?entries={first.slug},{second.slug}$")
    )
    headers = page.locator("thead th").all_inner_texts()
    assert [h.strip() for h in headers] == [first.name, second.name]
    founded = page.locator("tr", has=page.locator("th", has_text="Year founded"))
    expect(founded).to_have_class(re.compile("compare__row--differs"))
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('thead th')).position")
        == "sticky"
    )


@pytest.mark.parametrize("lang", ["en", "zh-hant"])
def test_insights_pages_are_axe_clean(axe, site, lang):
    for url in pages(site, lang):
        axe(url)


def count_in_every_district(site):
    """One more institution in each district, so the map labels all 18, tightly packed in
    Kowloon, and the timeline and charts have more to lay out."""
    from directory.models import District
    from tests import factories

    for value, name in District.choices:
        factories.institution(
            name=f"{name} Institute", name_zh_hant=f"{name}研究所", district=value
        )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.partition("?")[0].split("/")[-2])
def test_nothing_overlaps_is_cut_off_or_scrolls_sideways_and_no_errors(
    new_page, site, path, viewport
):
    """What a screenshot of each page would show (tests/browser/layout.py): no two labels of
    a chart or the map intersect, no heading, label or cell overlaps its neighbours or is
    cut off, and the page never scrolls sideways; in either language, and within the CSP."""
    count_in_every_district(site)
    page = new_page(viewport=viewport)
    for url in pages(site, "en", [path]) + pages(site, "zh-hant", [path]):
        page.goto(url)
        problems = layout_problems(page)
        assert not problems, f"{url}:\n" + "\n".join(problems)
    assert page.js_errors == [] and page.bad_responses == [] and page.csp_violations() == []


def test_clicking_a_district_opens_its_filtered_listing(page, site):
    page.goto(site.url("map/?type=hub"))
    page.locator('a.map__district[aria-label^="Sha Tin"]').click()
    page.wait_for_url(re.compile(r"/en/hubs/\?district=sha-tin$"))
    expect(page.locator("#results article")).to_have_count(1)
