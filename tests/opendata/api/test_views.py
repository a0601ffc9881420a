"""The read-only API: the listings' filters, both languages, never a draft, 400 on bad
parameters, 429 when hurried, CORS for GET only, ETags."""

import pytest

from directory.models import ENTRY_MODELS, Policy
from opendata.entry_types import link_fields, segment

pytestmark = pytest.mark.django_db


def get(client, path, status=200, **headers):
    response = client.get(path, **headers)
    assert response.status_code == status, response.content[:500]
    return response.json() if response.content else None


def slugs(body):
    return [record["slug"] for record in body["results"]]


def test_every_type_has_a_listing_and_a_detail_endpoint(client, data):
    index = get(client, "/api/v1/")
    for model in ENTRY_MODELS:
        assert f"http://testserver/api/v1/{segment(model)}/" in index.values()
    assert get(client, "/api/v1/hubs/cyberport/")["slug"] == "cyberport"
    assert slugs(get(client, "/api/v1/challenges/")) == ["talent-gap"]


def test_records_carry_both_languages_sectors_and_sources(client, data):
    record = get(client, "/api/v1/institutions/hku/")
    assert record["name_en"] == "The University of Hong Kong"
    assert record["name_zh_hant"] == "香港大學"
    assert {"summary_en", "summary_zh_hant", "description_en", "description_zh_hant"} <= set(record)
    assert record["url"] == "http://testserver/en/institutions/hku/"
    assert record["sectors"] == ["healthcare"]
    assert record["sources"] == [
        {
            "url": "https://example.org/hku",
            "title_en": "Official page",
            "title_zh_hant": None,
            "publisher_en": None,
            "publisher_zh_hant": None,
            "accessed": None,
        }
    ]
    assert record["founded"] == 1911 and record["kind"] == "university"
    assert "status" not in record and "id" not in record


def test_listing_filters_like_the_html_listing(client, data):
    body = get(client, "/api/v1/institutions/?sector=fintech&kind=research-centre")
    assert slugs(body) == ["hku-data-lab"]
    assert slugs(get(client, "/api/v1/institutions/?parent=hku")) == ["hku-data-lab"]
    assert slugs(get(client, "/api/v1/policies/?status=active&year_min=2020")) == ["fintech-2025"]
    assert slugs(get(client, "/api/v1/hubs/?q=數碼港")) == ["cyberport"]


def test_listings_are_paginated(client, make, data):
    for i in range(25):
        make.challenge(name=f"Challenge {i:02}")
    first = get(client, "/api/v1/challenges/")
    assert first["count"] == 26 and len(first["results"]) == 20
    second = get(client, first["next"].replace("http://testserver", ""))
    assert len(second["results"]) == 6
    assert len(get(client, "/api/v1/challenges/?page_size=5")["results"]) == 5


def test_drafts_never_appear(client, data):
    for model in ENTRY_MODELS:
        body = get(client, f"/api/v1/{segment(model)}/?q=secret")
        assert body["results"] == []
    get(client, "/api/v1/institutions/secret-draft-institution/", status=404)


@pytest.mark.parametrize(
    "query",
    [
        "kind=unicorn",
        "founded_min=abc",
        "parent=no-such-slug",
        "sector=no-such-sector",
        "kind=university&kind=%00bogus",
        "page=0",
        "page=abc",
        "sort=DROP%20TABLE",
    ],
)
def test_bad_parameters_answer_400_with_a_json_error(client, data, query):
    body = get(client, f"/api/v1/institutions/?{query}", status=400)
    assert isinstance(body, dict) and body


@pytest.mark.parametrize("path", ["/api/v1/institutions/", "/api/v1/hubs/{slug}/"])
def test_a_400_names_the_value_without_echoing_markup(client, data, path, make):
    """The error quotes what was sent, as JSON data: no markup in the body itself."""
    path = path.format(slug=make.hub(name="Harbour Hub").slug)
    response = client.get(path, {"sector": "<script>alert(1)</script>"})
    assert response.status_code == 400
    assert b"<script>" not in response.content
    assert response.json() == {"sector": ["Not understood: <script>alert(1)</script>"]}


def test_records_read_the_same_with_markup_characters_escaped(client, make):
    make.institution(name="R&D <Lab>", slug="rd-lab")
    response = client.get("/api/v1/institutions/rd-lab/")
    assert b"R&D" not in response.content and b"<Lab>" not in response.content
    assert response.json()["name_en"] == "R&D <Lab>"


def test_a_page_past_the_end_is_not_found(client, data):
    get(client, "/api/v1/institutions/?page=99", status=404)


def test_sectors_endpoint(client, data):
    body = get(client, "/api/v1/sectors/")
    assert [s["slug"] for s in body] == ["fintech", "healthcare"]
    assert body[0]["name_zh_hant"] == "金融科技"
    assert get(client, "/api/v1/sectors/fintech/")["name_en"] == "FinTech"


def test_anonymous_clients_are_throttled_with_retry_after(client, data, settings):
    rates = {"DEFAULT_THROTTLE_RATES": {"anon": "2/minute"}}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, **rates}
    get(client, "/api/v1/hubs/")
    get(client, "/api/v1/hubs/")
    response = client.get("/api/v1/hubs/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()


def test_cors_allows_get_from_anywhere_and_nothing_else(client, data):
    response = client.get("/api/v1/hubs/", HTTP_ORIGIN="https://example.com")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/hubs/",
        HTTP_ORIGIN="https://example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert preflight["Access-Control-Allow-Methods"] == "GET"
    assert client.post("/api/v1/hubs/", {}, HTTP_ORIGIN="https://example.com").status_code == 405
    page = client.get("/en/hubs/", HTTP_ORIGIN="https://example.com")
    assert "Access-Control-Allow-Origin" not in page


def test_etag_and_conditional_get(client, data):
    response = client.get("/api/v1/hubs/cyberport/")
    etag = response["ETag"]
    assert client.get("/api/v1/hubs/cyberport/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    hub = data["cyberport"]
    hub.summary_en = "Changed."
    hub.save()
    assert client.get("/api/v1/hubs/cyberport/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("scale", [2, 20], ids=["small", "10x"])
def test_api_runs_a_constant_number_of_queries(client, make, django_assert_max_num_queries, scale):
    sector = make.sector(slug="s")
    for i in range(scale):
        make.policy(name=f"Policy {i}", sectors=[sector])
    # Sector choices, the count, the page, its sectors, its sources, each kind of link.
    with django_assert_max_num_queries(5 + len(link_fields(Policy))):
        get(client, "/api/v1/policies/?sector=s&sort=newest")
    with django_assert_max_num_queries(3):
        get(client, "/api/v1/policies/no-such-policy/", status=404)
    # A repeat visit reads the records from the fragment cache: the count and the page's keys.
    with django_assert_max_num_queries(3):
        get(client, "/api/v1/policies/?sector=s&sort=newest")


def test_a_listed_record_changes_with_the_entry(client, data):
    """Records come from the fragment cache, and an editor's save retires them."""
    before = get(client, "/api/v1/hubs/")["results"]
    assert [r["summary_en"] for r in before if r["slug"] == "cyberport"] != ["Changed."]
    hub = data["cyberport"]
    hub.summary_en = "Changed."
    hub.save()
    after = get(client, "/api/v1/hubs/")["results"]
    assert [r["summary_en"] for r in after if r["slug"] == "cyberport"] == ["Changed."]


def test_records_hold_the_address_they_were_asked_on(client, data, settings):
    settings.ALLOWED_HOSTS = ["testserver", "portal.example.hk"]
    get(client, "/api/v1/hubs/")
    other = get(client, "/api/v1/hubs/", HTTP_HOST="portal.example.hk")["results"]
    assert other[0]["url"].startswith("http://portal.example.hk/")


def test_records_link_to_published_entries_by_slug(client, data):
    data["policy"].issuer = data["hku"]
    data["policy"].save()
    data["policy"].challenges.add(data["challenge"], data["drafts"][3])
    record = get(client, "/api/v1/policies/fintech-2025/")
    assert record["issuer"] == "hku"
    assert record["challenges"] == ["talent-gap"]
    assert record["superseded_by"] is None
    assert get(client, "/api/v1/institutions/hku-data-lab/")["parent"] == "hku"
