"""A visitor filters the collaborations by the partner's country or region: htmx swaps the
results in place and pushes a shareable URL, and without JavaScript the same form gives the
same results; institution pages lead to their collaborations."""

import re

import pytest

from tests.browser.pages import (
    FILTERS,
    RESULT_ITEMS,
    filter_checkbox,
    mark_page,
    result_names,
    still_same_document,
)

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

BOTH = ["Harbour Fintech MoU", "Harbour Robotics Centre"]


@pytest.mark.parametrize("lang", ["en", "zh-hant"])
def test_region_filter_swaps_in_place_and_pushes_the_url(page, new_page, site, lang):
    page.goto(site.url("collaborations/", lang))
    expect(page.locator(RESULT_ITEMS)).to_have_count(2)
    mark_page(page)
    filter_checkbox(page, "region", "united-kingdom").check()
    page.wait_for_url(re.compile(r"[?&]region=united-kingdom"))
    expect(page.locator(RESULT_ITEMS)).to_have_count(1)
    assert still_same_document(page), "ticking a filter reloaded the whole page"
    shared = page.url
    page.go_back()
    expect(page.locator(RESULT_ITEMS)).to_have_count(2)

    other = new_page()
    other.goto(shared)
    expect(other.locator(RESULT_ITEMS)).to_have_count(1)
    expect(filter_checkbox(other, "region", "united-kingdom")).to_be_checked()
    expect(other.locator("main#main")).to_have_count(1)
    assert page.js_errors == [] and page.bad_responses == []


def test_without_javascript_the_form_gives_the_same_results(page, new_page, site):
    plain = new_page(java_script_enabled=False)
    plain.goto(site.url("collaborations/"))
    assert sorted(result_names(plain)) == BOTH
    filter_checkbox(plain, "region", "singapore").check()
    filter_checkbox(plain, "kind", "mou").check()
    with plain.expect_navigation():
        plain.locator(f'{FILTERS} [type="submit"]').first.click()
    assert "region=singapore" in plain.url and "kind=mou" in plain.url
    assert result_names(plain) == ["Harbour Fintech MoU"]

    page.goto(site.url("collaborations/"))
    filter_checkbox(page, "region", "singapore").check()
    page.wait_for_url(re.compile(r"[?&]region=singapore"))
    expect(page.locator(RESULT_ITEMS)).to_have_count(1)
    assert result_names(page) == result_names(plain)


def test_institution_page_leads_to_its_collaborations(page, site):
    page.goto(site.entry_url(site.institution))
    section = page.locator("section.detail__section", has_text="Collaborations")
    expect(section.get_by_role("link", name="Harbour Robotics Centre")).to_be_visible()
    section.get_by_role("link", name="Browse them in the collaborations listing").click()
    page.wait_for_url(re.compile(r"/en/collaborations/\?institution="))
    assert result_names(page) == ["Harbour Robotics Centre"]
