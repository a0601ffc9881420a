"""Every kind of public page loads in a real browser with nothing failing: no script error,
no Content-Security-Policy violation, no broken asset, nothing fetched from another host."""

import pytest

from tests.browser.tools import playwright_sync_api

sync_api = playwright_sync_api()


@pytest.mark.parametrize("lang", ["en", "zh-hant"])
def test_every_kind_of_page_runs_clean(page, site, lang):
    other_hosts = []

    def record(request):
        if not request.url.startswith(site.base):
            other_hosts.append(request.url)

    page.on("request", record)
    for url in site.every_kind_of_page(lang):
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("load")
        assert page.evaluate("() => typeof window.htmx") == "object", f"htmx missing on {url}"
        assert page.csp_violations() == [], url
        assert page.evaluate("() => document.documentElement.lang") == lang
    assert page.js_errors == []
    assert page.bad_responses == []
    assert other_hosts == []


def test_missing_page_is_a_friendly_404(page, site):
    response = page.goto(site.url("policies/no-such-policy/"))
    assert response.status == 404
    main = page.locator("main#main")
    assert main.count() == 1
    assert main.get_by_role("link").count() >= 1, "the 404 page should offer a way on"
    assert page.bad_responses == [f"404 {site.url('policies/no-such-policy/')}"]
    assert page.csp_violations() == []
