"""A visitor filters a listing in a real browser: htmx swaps the results in place and
pushes the URL, history and shared links give back the same view, and the page works the
same without JavaScript and on a phone."""

import re

from tests.browser.pages import (
    FILTERS,
    RESULT_COUNT,
    RESULT_ITEMS,
    filter_checkbox,
    mark_page,
    result_names,
    result_total,
    search_box,
    still_same_document,
    type_search,
)
from tests.browser.tools import playwright_sync_api

sync_api = playwright_sync_api()
expect = sync_api.expect

PAGE_SIZE = 20


def university_names(site):
    return sorted(u.name_en for u in site.universities)


def open_listing(page, site, query=""):
    page.goto(site.url(f"institutions/{query}"))
    expect(page.locator(RESULT_ITEMS).first).to_be_visible()


def filter_universities(page):
    """Tick 'University' under kind, as a visitor would, and wait for the swap."""
    filter_checkbox(page, "kind", "university").check()
    page.wait_for_url(re.compile(r"[?&]kind=university"))
    expect(page.locator(RESULT_ITEMS)).to_have_count(3)


def test_click_and_type_filter_in_place(page, site):
    total = len(site.universities) + len(site.companies)
    open_listing(page, site)
    expect(page.locator(RESULT_ITEMS)).to_have_count(PAGE_SIZE)
    assert result_total(page) == total
    mark_page(page)

    title = page.title()
    filter_universities(page)
    assert sorted(result_names(page)) == university_names(site)
    expect(page.locator(RESULT_COUNT)).to_contain_text("3")
    # The swapped-in partial brings the new title with it.
    expect(page).not_to_have_title(title)
    expect(page).to_have_title(re.compile(r"\b3\b"))
    assert still_same_document(page), "ticking a filter reloaded the whole page"

    type_search(page, "Aurora")
    expect(page.locator(RESULT_ITEMS)).to_have_count(1)
    assert result_names(page) == ["Aurora University"]
    assert result_total(page) == 1
    assert "kind=university" in page.url
    assert still_same_document(page), "typing in the search box reloaded the whole page"
    assert page.js_errors == [] and page.bad_responses == []
    assert page.csp_violations() == []


def live_regions_text(page):
    """The text of every polite/assertive live region in <main>."""
    return page.locator("main [aria-live]:not([aria-live='off'])").all_inner_texts()


def test_result_count_is_announced(page, site):
    """The new total is put in an aria-live region, so screen readers hear it."""
    total = len(site.universities) + len(site.companies)
    open_listing(page, site)
    assert any(str(total) in text for text in live_regions_text(page)), live_regions_text(page)

    filter_universities(page)
    expect(page.locator(RESULT_COUNT)).to_contain_text("3")
    page.wait_for_function(
        """n => [...document.querySelectorAll("main [aria-live]")]
                 .some(el => (el.textContent.match(/\\d+/) || [])[0] === n)""",
        arg="3",
    )
    texts = live_regions_text(page)
    assert not any(str(total) in text for text in texts), f"stale count announced: {texts}"
    assert result_total(page) == 3


def test_back_and_forward_restore_results(page, site):
    open_listing(page, site)
    everything = result_names(page)
    filter_universities(page)
    universities = result_names(page)
    type_search(page, "Harbour")
    expect(page.locator(RESULT_ITEMS)).to_have_count(1)

    page.go_back()
    # Each keystroke may have pushed a URL: step back until the search is gone.
    for _ in range(len("Harbour")):
        if "q=" not in page.url or re.search(r"[?&]q=(&|$)", page.url):
            break
        page.go_back()
    expect(page.locator(RESULT_ITEMS)).to_have_count(3)
    assert result_names(page) == universities
    # The form shows the restored view's filters, not the ones typed since.
    expect(filter_checkbox(page, "kind", "university")).to_be_checked()
    expect(search_box(page)).to_have_value("")

    page.go_back()
    page.wait_for_url(re.compile(r"/en/institutions/$"))
    expect(page.locator(RESULT_ITEMS)).to_have_count(PAGE_SIZE)
    assert result_names(page) == everything
    expect(filter_checkbox(page, "kind", "university")).not_to_be_checked()
    assert result_total(page) == len(site.universities) + len(site.companies)

    page.go_forward()
    page.wait_for_url(re.compile(r"kind=university"))
    expect(page.locator(RESULT_ITEMS)).to_have_count(3)
    assert result_names(page) == universities
    expect(filter_checkbox(page, "kind", "university")).to_be_checked()
    assert page.js_errors == []


def test_copied_url_opens_the_same_view(page, new_page, site):
    open_listing(page, site)
    filter_universities(page)
    type_search(page, "Lion")
    expect(page.locator(RESULT_ITEMS)).to_have_count(1)
    shared = page.url

    other = new_page()
    other.goto(shared)
    expect(other.locator(RESULT_ITEMS)).to_have_count(1)
    assert result_names(other) == result_names(page) == ["Lion Rock University"]
    assert result_total(other) == 1
    expect(filter_checkbox(other, "kind", "university")).to_be_checked()
    expect(search_box(other)).to_have_value("Lion")
    # A full page, not the bare htmx fragment.
    expect(other.locator("main#main")).to_have_count(1)
    expect(other.locator(FILTERS)).to_have_count(1)


def test_without_javascript_the_form_gives_the_same_results(page, new_page, site):
    plain = new_page(java_script_enabled=False)
    plain.goto(site.url("institutions/"))
    expect(plain.locator(RESULT_ITEMS)).to_have_count(PAGE_SIZE)
    filter_checkbox(plain, "kind", "university").check()
    search_box(plain).fill("Harbour")
    with plain.expect_navigation():
        plain.locator(f'{FILTERS} [type="submit"]').first.click()
    assert "kind=university" in plain.url
    assert "q=Harbour" in plain.url
    no_js = result_names(plain)
    assert no_js == ["Harbour University"]

    open_listing(page, site)
    filter_universities(page)
    type_search(page, "Harbour")
    expect(page.locator(RESULT_ITEMS)).to_have_count(1)
    assert result_names(page) == no_js
    assert result_total(page) == result_total(plain) == 1


def test_paging_swaps_in_place(page, site):
    open_listing(page, site)
    first_page = result_names(page)
    mark_page(page)
    pagination = page.get_by_role("navigation", name=re.compile("pagination", re.I))
    pagination.get_by_role("link", name=re.compile(r"^\s*(next|2)\b", re.I)).first.click()
    page.wait_for_url(re.compile(r"[?&]page=2"))
    total = len(site.universities) + len(site.companies)
    expect(page.locator(RESULT_ITEMS)).to_have_count(total - PAGE_SIZE)
    assert not set(result_names(page)) & set(first_page)
    assert still_same_document(page)


def test_phone_viewport_is_usable(new_page, site):
    phone = new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone.goto(site.url("institutions/"))
    expect(phone.locator(RESULT_ITEMS).first).to_be_visible()

    def no_horizontal_scroll():
        overflow = phone.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"

    no_horizontal_scroll()
    # The filters can be reached: opened if they sit behind a toggle, then used.
    checkbox = filter_checkbox(phone, "kind", "university")
    if not checkbox.is_visible():
        toggle = phone.locator(f"{FILTERS} summary, [aria-controls='filters']").first
        toggle.click()
    expect(checkbox).to_be_visible()
    checkbox.tap()
    phone.wait_for_url(re.compile(r"kind=university"))
    expect(phone.locator(RESULT_ITEMS)).to_have_count(3)
    first = phone.locator(RESULT_ITEMS).first
    first.scroll_into_view_if_needed()
    expect(first).to_be_in_viewport()
    box = first.bounding_box()
    assert box["width"] <= 375 and box["x"] >= 0
    no_horizontal_scroll()
    for url in (site.url(""), site.url("search/?q=Harbour"), site.entry_url(site.policy)):
        phone.goto(url)
        no_horizontal_scroll()


def test_sorting_swaps_in_place(page, site):
    open_listing(page, site)
    assert result_names(page)[0] == "Aurora University"  # by name, the default
    mark_page(page)
    page.get_by_label(re.compile("sort by", re.I)).select_option("newest")
    page.wait_for_url(re.compile(r"[?&]sort=newest"))
    newest = max(site.companies, key=lambda company: company.founded)
    expect(page.locator(RESULT_ITEMS).first).to_contain_text(newest.name_en)
    assert still_same_document(page)
    assert page.csp_violations() == []


def test_chips_remove_one_filter_and_clear_all(page, site):
    open_listing(page, site, "?kind=university&q=Aurora&sort=name")
    expect(page.locator(RESULT_ITEMS)).to_have_count(1)
    mark_page(page)
    chips = page.locator("#results .chip")
    expect(chips).to_have_count(2)

    # Removing the search chip keeps the kind and the sort, and empties the box.
    chips.filter(has_text="Aurora").click()
    page.wait_for_url(lambda url: "q=" not in url and "kind=university" in url)
    expect(page.locator(RESULT_ITEMS)).to_have_count(3)
    assert sorted(result_names(page)) == university_names(site)
    expect(search_box(page)).to_have_value("")
    expect(filter_checkbox(page, "kind", "university")).to_be_checked()
    assert "sort=name" in page.url

    page.get_by_role("link", name=re.compile("clear all", re.I)).click()
    page.wait_for_url(lambda url: "kind=" not in url)
    expect(page.locator(RESULT_ITEMS)).to_have_count(PAGE_SIZE)
    expect(filter_checkbox(page, "kind", "university")).not_to_be_checked()
    assert still_same_document(page)
    assert page.js_errors == [] and page.bad_responses == []


def test_loading_indicator_shows_while_waiting(page, site):
    open_listing(page, site)
    held = []
    page.route(lambda url: "kind=university" in url, lambda route: held.append(route))
    filter_checkbox(page, "kind", "university").check()
    loading = page.locator("#loading")
    expect(loading).to_have_class(re.compile(r"\bhtmx-request\b"))
    expect(loading).to_have_css("opacity", "1")
    assert len(held) == 1, "the request should be waiting on the network"
    held[0].continue_()
    expect(page.locator(RESULT_ITEMS)).to_have_count(3)
    expect(loading).not_to_have_class(re.compile(r"\bhtmx-request\b"))
    expect(loading).to_have_css("opacity", "0")
