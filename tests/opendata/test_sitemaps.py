"""The sitemap lists every published page in both languages, with alternates and lastmod;
robots.txt points to it."""

import xml.etree.ElementTree as ET

import pytest

from opendata.sitemaps import SITEMAPS

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sections(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    return [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]


def urls(client, section_url):
    response = client.get(section_url.replace("http://testserver", ""))
    assert response.status_code == 200
    return ET.fromstring(response.content).findall("sm:url", NS)


def test_sitemap_holds_every_published_entry_in_both_languages(client, data):
    found = {}
    for section in sections(client):
        for url in urls(client, section):
            found[url.find("sm:loc", NS).text] = url
    for path in (
        "institutions/hku",
        "institutions/hku-data-lab",
        "hubs/cyberport",
        "policies/fintech-2025",
        "challenges/talent-gap",
    ):
        for language in ("en", "zh-hant"):
            assert f"http://testserver/{language}/{path}/" in found
    assert not [loc for loc in found if "secret" in loc]
    assert "http://testserver/en/sectors/fintech/" in found
    assert "http://testserver/zh-hant/data/" in found


def test_each_entry_names_its_alternates_and_last_change(client, data):
    (section,) = [s for s in sections(client) if s.endswith("sitemap-hubs.xml")]
    by_loc = {url.find("sm:loc", NS).text: url for url in urls(client, section)}
    cyberport = by_loc["http://testserver/zh-hant/hubs/cyberport/"]
    alternates = {
        link.get("hreflang"): link.get("href") for link in cyberport.findall("x:link", NS)
    }
    assert alternates == {
        "en": "http://testserver/en/hubs/cyberport/",
        "zh-hant": "http://testserver/zh-hant/hubs/cyberport/",
        "x-default": "http://testserver/hubs/cyberport/",
    }  # x-default: the address that picks the visitor's language
    assert cyberport.find("sm:lastmod", NS).text.startswith(str(data["cyberport"].updated.year))


@pytest.mark.parametrize("scale", [2, 20], ids=["small", "10x"])
def test_sitemaps_run_a_constant_number_of_queries(
    client, make, django_assert_max_num_queries, scale
):
    for i in range(scale):
        make.institution(name=f"Inst {i}")
    # Per section: its page count and its last change.
    with django_assert_max_num_queries(2 * len(SITEMAPS)):
        client.get("/sitemap.xml")
    with django_assert_max_num_queries(1):
        client.get("/sitemap-institutions.xml")


def test_an_unknown_section_or_page_is_not_found(client, data):
    assert client.get("/sitemap-nonsense.xml").status_code == 404
    assert client.get("/sitemap-hubs.xml?p=999").status_code == 404
    assert client.get("/sitemap-hubs.xml?p=abc").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_robots_txt_does_not_reveal_a_moved_admin(client, settings):
    settings.ADMIN_URL = "back-office-7f3a/"
    assert "back-office" not in client.get("/robots.txt").content.decode()
