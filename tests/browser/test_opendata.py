"""Open data in a real browser: a filtered listing's CSV downloads with exactly its entries,
and the data, changes and API documentation pages run clean and pass axe."""

import csv
import io
import re
from pathlib import Path

import pytest

from tests.browser.pages import RESULT_ITEMS, filter_checkbox

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


def test_download_a_filtered_csv_from_a_listing(page, site):
    page.goto(site.url("institutions/"))
    filter_checkbox(page, "kind", "university").check()
    page.wait_for_url(re.compile(r"[?&]kind=university"))
    expect(page.locator(RESULT_ITEMS)).to_have_count(3)
    link = page.get_by_role("link", name="CSV", exact=True)
    expect(link).to_have_attribute("href", re.compile(r"export\.csv\?.*kind=university"))
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "hkai-institutions-en.csv"
    body = Path(download.path()).read_text(encoding="utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    assert sorted(row["name"] for row in rows) == sorted(u.name_en for u in site.universities)


def test_download_in_chinese_keeps_chinese_text(page, site):
    page.goto(site.url("hubs/", "zh-hant"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="JSON", exact=True).click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "海港科學園" in text


@pytest.mark.parametrize("lang", ["en", "zh-hant"])
def test_open_data_pages_run_clean_and_pass_axe(page, axe, site, lang):
    for path in ("data/", "changes/"):
        url = site.url(path, lang)
        response = page.goto(url)
        assert response.status == 200, url
        assert page.csp_violations() == [], url
        axe(url)
    assert page.js_errors == [] and page.bad_responses == []


def test_api_docs_load_offline_under_the_csp(page, site):
    other_hosts = []
    page.on(
        "request",
        lambda request: (
            other_hosts.append(request.url)
            if not request.url.startswith(site.base) and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto(f"{site.base}/api/v1/docs/")
    expect(page.get_by_text("HK AI Portal API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/institutions/").first).to_be_visible()
    assert other_hosts == []
    assert page.js_errors == []
    assert page.csp_violations() == []
