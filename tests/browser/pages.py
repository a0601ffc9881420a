"""What the browser tests read off the public pages, in one place: the page contract of
issue 3 (a `#filters` search form, `#results` with `#result-count`, results as articles)."""

import re
from urllib.parse import quote_plus

RESULTS = "#results"
RESULT_ITEMS = "#results article"
RESULT_COUNT = "#result-count"
FILTERS = "form#filters"


def result_names(page):
    """The heading text of every result shown, in order."""
    return [
        " ".join(text.split())
        for text in page.locator(f"{RESULT_ITEMS} :is(h2, h3, h4) a").all_inner_texts()
    ]


def result_count_text(page):
    return " ".join(page.locator(RESULT_COUNT).inner_text().split())


def result_total(page):
    """The number in the result count ("26 institutions" -> 26)."""
    match = re.search(r"\d[\d,]*", result_count_text(page))
    assert match, f"no number in the result count {result_count_text(page)!r}"
    return int(match.group().replace(",", ""))


def mark_page(page):
    """Set a marker that only survives while this document lives (no full reload)."""
    page.evaluate("() => { window.__noReload = 1; }")


def still_same_document(page):
    return page.evaluate("() => window.__noReload === 1")


def wait_for_settled(page):
    """Wait until htmx has no request in flight and has swapped the results."""
    page.wait_for_load_state("load")
    page.wait_for_function("""() => !document.querySelector('.htmx-request, [aria-busy="true"]')""")


def search_box(page):
    return page.locator(f'{FILTERS} [name="q"]')


def filter_checkbox(page, name, value):
    return page.locator(f'{FILTERS} input[type="checkbox"][name="{name}"][value="{value}"]')


def type_search(page, text):
    """Type into the listing's search box as a person would; wait for the pushed URL."""
    box = search_box(page)
    box.click()
    box.press_sequentially(text, delay=30)
    page.wait_for_url(lambda url: f"q={quote_plus(text)}" in url or f"q={text}" in url)
