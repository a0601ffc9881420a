"""axe-core (WCAG 2.1 A/AA and best practice) finds nothing on the public pages in either
language, and a keyboard user can skip to the content and always see where focus is."""

import re

import pytest

from tests.browser.pages import RESULT_ITEMS, filter_checkbox, search_box, type_search
from tests.browser.tools import playwright_sync_api

sync_api = playwright_sync_api()
expect = sync_api.expect

LANGS = ["en", "zh-hant"]


@pytest.mark.parametrize("lang", LANGS)
def test_axe_on_every_kind_of_page(axe, site, lang):
    pages = [
        *site.every_kind_of_page(lang),
        site.url("institutions/?kind=nonexistent&q=zzzz", lang),  # the empty state
        site.url("search/?q=", lang),
    ]
    for url in pages:
        axe(url)
        assert axe.page.evaluate("() => document.documentElement.lang") == lang


@pytest.mark.parametrize("lang", LANGS)
def test_axe_after_filtering_in_place(axe, site, lang):
    """The htmx-swapped results (chips, count, pagination) are checked too."""
    page = axe.page
    page.goto(site.url("institutions/?sort=name", lang))
    filter_checkbox(page, "kind", "university").check()
    page.wait_for_url(re.compile(r"kind=university"))
    expect(page.locator(RESULT_ITEMS)).to_have_count(3)
    axe()


def test_axe_on_not_found_page(axe, site):
    axe.page.goto(site.url("institutions/no-such-entry/"))
    axe()


def test_skip_link_moves_focus_to_the_content(page, site):
    page.goto(site.url("institutions/"))
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_attribute("href", "#main")
    expect(skip).to_be_in_viewport()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("#main$"))
    page.keyboard.press("Tab")
    inside_main = page.evaluate("() => !!document.activeElement.closest('main#main')")
    assert inside_main, "after the skip link, Tab should land inside <main>"


@pytest.mark.parametrize("where", ["home", "listing", "detail"])
def test_focus_is_visible_on_every_control(page, site, where):
    """Tab through a page: every control that takes focus shows it."""
    urls = {
        "home": site.url(""),
        "listing": site.url("institutions/"),
        "detail": site.entry_url(site.policy),
    }
    page.goto(urls[where])
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        key = page.evaluate(
            "() => document.activeElement.outerHTML.slice(0, 120) + document.activeElement.name"
        )
        if key in seen:
            continue
        seen.add(key)
        if page.evaluate("() => document.activeElement === document.body"):
            break
        assert_focus_visible(page)
    assert len(seen) >= 8, f"the {where} page should offer plenty of keyboard stops"


def assert_focus_visible(page):
    """The focused element draws an outline or a box shadow that it lacks unfocused."""
    style = page.evaluate(
        """() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            return {
                tag: el.outerHTML.slice(0, 120),
                outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                shadow: s.boxShadow !== 'none',
                focusVisible: el.matches(':focus-visible'),
            };
        }"""
    )
    assert style["focusVisible"], f"{style['tag']} is focused but not :focus-visible"
    assert style["outline"] or style["shadow"], f"no visible focus indicator on {style['tag']}"


def test_keyboard_user_filters_without_losing_focus(page, site):
    """Space ticks a filter and typing searches; the swap never steals focus."""
    page.goto(site.url("institutions/"))
    checkbox = filter_checkbox(page, "kind", "university")
    checkbox.focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"kind=university"))
    expect(page.locator(RESULT_ITEMS)).to_have_count(3)
    expect(checkbox).to_be_focused()

    type_search(page, "Lion")
    expect(page.locator(RESULT_ITEMS)).to_have_count(1)
    expect(search_box(page)).to_be_focused()
    # Tab order continues from the search box into the filters, not from the top.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('form#filters')")
