"""Nothing moves after a listing loads (issue 11, item 8).

The filter panel is folded in the HTML and opened by CSS on wide screens, so no script
changes it after load: on a phone it starts folded and its "Filters" summary opens it, on a
desktop the filters are simply there. The cumulative layout shift of a phone visit stays
well under the 0.1 that Lighthouse and Core Web Vitals call good.
"""

import re
import time

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import FILTERS, RESULT_ITEMS, search_box
from tests.browser.tools import playwright_sync_api

sync_api = playwright_sync_api()
expect = sync_api.expect

GOOD_CLS = 0.1
SCRIPT_DELAY_S = 0.3
PANEL = "#filter-panel"
SUMMARY = f"{PANEL} > summary"

# Registered before the page's own scripts: adds up every layout shift not caused by the
# visitor's own input (Lighthouse's and Core Web Vitals' rule), from the first paint on.
RECORD_LAYOUT_SHIFTS = """
window.__layoutShift = {total: 0, shifts: []};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__layoutShift.total += entry.value;
    window.__layoutShift.shifts.push({
      value: entry.value,
      at: Math.round(entry.startTime),
      nodes: entry.sources.map((source) => source.node ? (source.node.id
        || source.node.className || source.node.nodeName) : "?"),
    });
  }
}).observe({type: "layout-shift", buffered: true});
"""

# After load: two animation frames (so anything a script changed is laid out and painted)
# and a short pause, then what the observer has seen.
SETTLE_AND_READ = """
() => new Promise((resolve) => {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    setTimeout(() => resolve(window.__layoutShift), 300);
  }));
})
"""


def measured_page(new_page, **options):
    """A page that records layout shifts and gets its scripts late, as on a slow phone
    network: the browser paints the page before they run, so anything they move counts."""
    page = new_page(**options)
    page.add_init_script(RECORD_LAYOUT_SHIFTS)

    def late(route):
        time.sleep(SCRIPT_DELAY_S)
        route.continue_()

    page.route(re.compile(r"\.js(\?|$)"), late)
    return page


def phone_page(new_page, **options):
    return measured_page(new_page, viewport=PHONE, is_mobile=True, has_touch=True, **options)


def accessible_node(page, selector):
    """What Chromium tells assistive technology about the element: role, name, properties."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    [ax, *_] = cdp.send(
        "Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False}
    )["nodes"]
    cdp.detach()
    return {
        "ignored": ax.get("ignored", False),
        "role": ax["role"]["value"],
        "name": ax.get("name", {}).get("value"),
        **{prop["name"]: prop["value"].get("value") for prop in ax.get("properties", [])},
    }


def layout_shift_after_load(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate(SETTLE_AND_READ)


def listings(site):
    return [
        site.url("policies/"),
        site.url("institutions/?kind=university"),  # with an active filter (a chip)
        site.url("policies/", "zh-hant"),
        site.url("hubs/", "zh-hant"),
    ]


def test_nothing_moves_after_a_listing_loads_on_a_phone(new_page, site):
    phone = phone_page(new_page)
    for url in listings(site):
        shift = layout_shift_after_load(phone, url)
        assert shift["total"] < GOOD_CLS, (
            f"layout shift {shift['total']:.3f} on {url} (phone): {shift['shifts']}"
        )
        assert phone.locator(PANEL).get_attribute("open") is None, f"{url}: panel not folded"
        expect(search_box(phone)).to_be_hidden()
    assert phone.js_errors == [] and phone.bad_responses == []
    assert phone.csp_violations() == []


def test_nothing_moves_after_a_listing_loads_on_a_desktop(new_page, site):
    desktop = measured_page(new_page, viewport=DESKTOP)
    for url in listings(site):
        shift = layout_shift_after_load(desktop, url)
        assert shift["total"] < GOOD_CLS, (
            f"layout shift {shift['total']:.3f} on {url} (desktop): {shift['shifts']}"
        )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_filters_are_shown_on_a_desktop(new_page, site, javascript):
    desktop = new_page(viewport=DESKTOP, java_script_enabled=javascript)
    desktop.goto(site.url("policies/"))
    expect(search_box(desktop)).to_be_visible()
    expect(desktop.locator(f"{FILTERS} .facet").first).to_be_visible()
    # The summary is only a title there, not a control that would seem to fold them away:
    # it takes no focus, and clicking its text changes nothing.
    title = desktop.locator(".filters__title")
    expect(title).to_be_visible()
    takes_focus = desktop.locator(SUMMARY).evaluate(
        "summary => { summary.focus(); return document.activeElement === summary; }"
    )
    assert not takes_focus, "the summary is focusable on a desktop"
    assert accessible_node(desktop, SUMMARY)["ignored"], "the summary is announced on a desktop"
    box = title.bounding_box()
    desktop.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(search_box(desktop)).to_be_visible()
    # The sort's own Apply button is there only without JavaScript, from the first paint.
    apply = desktop.get_by_role("button", name="Apply", exact=True)
    if javascript:
        expect(apply).to_be_hidden()
    else:
        expect(apply).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_tapping_filters_opens_the_panel_on_a_phone(new_page, site, javascript):
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript)
    phone.goto(site.url("policies/", "zh-hant"))
    summary = phone.locator(SUMMARY)
    expect(summary).to_be_visible()
    expect(search_box(phone)).to_be_hidden()
    summary.tap()
    expect(phone.locator(PANEL)).to_have_attribute("open", "")
    expect(search_box(phone)).to_be_visible()
    expect(phone.locator(f"{FILTERS} .facet").first).to_be_visible()
    summary.tap()
    expect(search_box(phone)).to_be_hidden()


def test_the_filters_summary_is_a_keyboard_control_on_a_phone(new_page, site):
    phone = new_page(viewport=PHONE)
    phone.goto(site.url("policies/"))
    summary = phone.locator(SUMMARY)
    node = accessible_node(phone, SUMMARY)
    assert (node["ignored"], node["role"], node["name"]) == (False, "DisclosureTriangle", "Filters")
    assert node["focusable"] and node["expanded"] is False
    summary.focus()
    expect(summary).to_be_focused()
    phone.keyboard.press("Enter")
    expect(search_box(phone)).to_be_visible()
    assert accessible_node(phone, SUMMARY)["expanded"] is True
    phone.keyboard.press("Tab")
    expect(search_box(phone)).to_be_focused()


def test_an_opened_panel_stays_open_after_removing_a_chip_and_going_back(new_page, site):
    """A chip is a boosted link and back is an htmx history restore: both swap in a fresh
    page, whose panel is folded in the HTML. The panel stays as the visitor left it."""
    phone = phone_page(new_page)
    phone.goto(site.url("institutions/?kind=university&q=Aurora"))
    expect(phone.locator(RESULT_ITEMS)).to_have_count(1)
    phone.locator(SUMMARY).tap()
    expect(search_box(phone)).to_be_visible()

    phone.locator("#results .chip").filter(has_text="Aurora").tap()
    phone.wait_for_url(lambda url: "q=" not in url and "kind=university" in url)
    expect(phone.locator(RESULT_ITEMS)).to_have_count(3)
    expect(search_box(phone)).to_be_visible()
    expect(search_box(phone)).to_have_value("")

    phone.go_back()
    phone.wait_for_url(re.compile(r"q=Aurora"))
    expect(search_box(phone)).to_have_value("Aurora")
    expect(search_box(phone)).to_be_visible()

    # Folded, it stays folded.
    phone.locator(SUMMARY).tap()
    expect(search_box(phone)).to_be_hidden()
    phone.locator("#results .chip").filter(has_text="Aurora").tap()
    phone.wait_for_url(lambda url: "q=" not in url)
    expect(phone.locator(RESULT_ITEMS)).to_have_count(3)
    expect(search_box(phone)).to_be_hidden()
    assert phone.js_errors == [] and phone.bad_responses == []


@pytest.mark.parametrize("lang", ["en", "zh-hant"])
def test_axe_on_a_phone_folded_and_open(axe, site, lang):
    axe.page.set_viewport_size(PHONE)
    axe(site.url("policies/?sector=fintech", lang))
    axe.page.locator(SUMMARY).click()
    expect(search_box(axe.page)).to_be_visible()
    axe()
