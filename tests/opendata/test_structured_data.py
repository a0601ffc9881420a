"""Detail pages describe their entry to machines: JSON-LD, Open Graph, Twitter, canonical."""

import json
import re
from html import unescape

import pytest

pytestmark = pytest.mark.django_db


def json_ld(html):
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def meta(html, attribute, name):
    found = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return [unescape(value) for value in found]


@pytest.mark.parametrize(
    ("path", "schema_type"),
    [
        ("/en/institutions/hku/", "CollegeOrUniversity"),
        ("/en/institutions/hku-data-lab/", "ResearchOrganization"),
        ("/en/hubs/cyberport/", "Place"),
        ("/en/policies/fintech-2025/", "Legislation"),
        ("/en/challenges/talent-gap/", "Thing"),
    ],
)
def test_json_ld_parses_with_the_required_properties(client, data, path, schema_type):
    found = json_ld(client.get(path).content.decode())
    assert found["@context"] == "https://schema.org"
    assert found["@type"] == schema_type
    assert found["url"] == f"http://testserver{path}"
    assert found["name"][0] == {"@language": "en", "@value": found["name"][0]["@value"]}
    assert found["description"]
    page = found["mainEntityOfPage"]
    assert page["@id"] == f"http://testserver{path}"
    assert page["dateModified"] and page["dateCreated"]


def test_json_ld_names_both_languages_the_official_site_and_dates(client, data):
    found = json_ld(client.get("/zh-hant/institutions/hku/").content.decode())
    assert found["name"] == [
        {"@language": "en", "@value": "The University of Hong Kong"},
        {"@language": "zh-Hant", "@value": "香港大學"},
    ]
    assert found["sameAs"] == ["https://www.hku.hk/"]
    assert found["foundingDate"] == "1911"
    assert found["mainEntityOfPage"]["inLanguage"] == "zh-Hant"
    assert found["keywords"] == ["醫療"]


def test_json_ld_cannot_be_broken_out_of(client, data):
    hub = data["cyberport"]
    hub.summary_en = "</script><script>alert(1)</script> & more"
    hub.save()
    html = client.get("/en/hubs/cyberport/").content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["description"] == "</script><script>alert(1)</script> & more"


def test_open_graph_twitter_and_canonical(client, data):
    html = client.get("/zh-hant/hubs/cyberport/").content.decode()
    assert '<link rel="canonical" href="http://testserver/zh-hant/hubs/cyberport/">' in html
    assert meta(html, "property", "og:title") == ["數碼港"]
    assert meta(html, "property", "og:url") == ["http://testserver/zh-hant/hubs/cyberport/"]
    assert meta(html, "property", "og:locale") == ["zh_HK"]
    assert meta(html, "property", "og:locale:alternate") == ["en"]
    assert meta(html, "name", "twitter:card") == ["summary"]
    assert meta(html, "name", "twitter:description") == [data["cyberport"].summary_en]


def test_pages_other_than_details_carry_no_entry_data(client, data):
    html = client.get("/en/hubs/").content.decode()
    assert "application/ld+json" not in html
    assert 'rel="canonical"' not in html


def test_strict_csp_still_holds_on_detail_pages(client, data):
    response = client.get("/en/hubs/cyberport/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
