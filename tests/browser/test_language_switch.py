"""Issue 4: a visitor who switches language in the middle of filtering keeps the listing,
its filters and its page, and gets the interface in Chinese."""

import re
from urllib.parse import parse_qs, urlsplit

from tests.browser.pages import (
    RESULT_ITEMS,
    filter_checkbox,
    result_names,
    result_total,
    search_box,
    type_search,
)
from tests.browser.tools import playwright_sync_api

sync_api = playwright_sync_api()
expect = sync_api.expect

CJK = re.compile(r"[\u4e00-\u9fff]")


def switcher_link(page, lang):
    """The language switcher's link to `lang` (marked with hreflang or lang)."""
    return page.locator(f'nav a[hreflang="{lang}"], nav a[lang="{lang}"]').first


def query(url):
    return parse_qs(urlsplit(url).query)


def test_switching_to_chinese_mid_filter_keeps_filters_and_page(page, site):
    page.goto(site.url("institutions/?sort=name"))
    english_heading = page.locator("h1").inner_text()
    # Filter in place with htmx, then page on: the switcher must follow the pushed URL.
    filter_checkbox(page, "kind", "company").check()
    page.wait_for_url(re.compile(r"kind=company"))
    pagination = page.get_by_role("navigation", name=re.compile("pagination", re.I))
    pagination.get_by_role("link", name=re.compile(r"^\s*(next|2)\b", re.I)).first.click()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator(RESULT_ITEMS)).to_have_count(len(site.companies) - 20)
    before = query(page.url)

    switcher_link(page, "zh-hant").click()
    page.wait_for_url(re.compile(r"/zh-hant/institutions/"))
    assert query(page.url) == before, "the switcher dropped filters or the page number"
    assert page.evaluate("() => document.documentElement.lang") == "zh-hant"
    expect(filter_checkbox(page, "kind", "company")).to_be_checked()
    expect(page.locator(RESULT_ITEMS)).to_have_count(len(site.companies) - 20)
    assert result_total(page) == len(site.companies)
    # The interface is Chinese: the heading and the entries' own names.
    heading = page.locator("h1").inner_text()
    assert heading != english_heading and CJK.search(heading), heading
    assert all(CJK.search(name) for name in result_names(page)), result_names(page)

    # And back again, still on the same view.
    switcher_link(page, "en").click()
    page.wait_for_url(re.compile(r"/en/institutions/"))
    assert query(page.url) == before
    assert page.evaluate("() => document.documentElement.lang") == "en"


def test_switching_language_keeps_the_search(page, site):
    page.goto(site.url("institutions/"))
    type_search(page, "Aurora")
    expect(page.locator(RESULT_ITEMS)).to_have_count(1)

    switcher_link(page, "zh-hant").click()
    page.wait_for_url(re.compile(r"/zh-hant/institutions/\?"))
    expect(search_box(page)).to_have_value("Aurora")
    assert result_names(page) == ["極光大學"]


def test_hreflang_alternates_follow_the_current_page(page, site):
    page.goto(site.entry_url(site.policy, "zh-hant"))
    alternates = page.eval_on_selector_all(
        'link[rel="alternate"][hreflang]',
        "links => Object.fromEntries(links.map(l => [l.hreflang, l.href]))",
    )
    assert alternates.get("en") == site.entry_url(site.policy, "en")
    assert alternates.get("zh-hant") == site.entry_url(site.policy, "zh-hant")


def test_chinese_query_from_the_english_interface(page, site):
    """Search works across languages: a Chinese name finds the entry on the English pages."""
    page.goto(site.url("institutions/"))
    type_search(page, "海港")
    expect(page.locator(RESULT_ITEMS)).to_have_count(1)
    assert result_names(page) == ["Harbour University"]
    assert page.evaluate("() => document.documentElement.lang") == "en"
