"""Searching from the home page in a real browser: one box across every type, results
grouped by type, a Chinese query finding entries from the English interface, and the
group's link carrying the query to the filterable listing."""

import re

from tests.browser.tools import playwright_sync_api

sync_api = playwright_sync_api()
expect = sync_api.expect


def group(page, title):
    return page.locator("main section").filter(
        has=page.get_by_role("heading", name=re.compile(title, re.I))
    )


def test_search_from_home_finds_every_type_in_either_language(page, site):
    page.goto(site.url(""))
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill("海港")
    with page.expect_navigation():
        box.press("Enter")
    assert re.search(r"/en/search/\?q=(%E6%B5%B7%E6%B8%AF|海港)$", page.url), page.url
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    institutions = group(page, "institutions")
    hubs = group(page, "hubs")
    expect(institutions.get_by_role("link", name="Harbour University")).to_be_visible()
    expect(hubs.get_by_role("link", name="Harbour Science Park")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="Aurora University")).to_have_count(0)

    # The group leads on to the listing, filtered by the same words.
    institutions.get_by_role("link", name=re.compile("filter", re.I)).click()
    page.wait_for_url(re.compile(r"/en/institutions/\?.*q="))
    expect(page.locator("#results article")).to_have_count(1)
    expect(page.locator('form#filters [name="q"]')).to_have_value("海港")
    assert page.js_errors == [] and page.bad_responses == []
