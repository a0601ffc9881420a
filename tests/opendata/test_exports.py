"""Exports hold exactly what the listing shows, on all its pages, in the page's language."""

import csv
import io
import json
import re

import pytest

from directory.models import Policy
from directory.pages import PAGE_SIZE
from opendata import exports
from opendata.entry_types import link_fields

pytestmark = pytest.mark.django_db


def read(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    body = read(response)
    assert body.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(body[1:])))


def json_entries(response):
    return json.loads(read(response))["entries"]


def listing_slugs(client, path, query):
    """The detail links of every result card on every page of a listing."""
    slugs, page = [], 1
    while True:
        html = client.get(f"{path}?{query}&page={page}").content.decode()
        found = re.findall(r'class="card__title"><a href="[^"]*/([^/"]+)/"', html)
        slugs += found
        if 'rel="next"' not in html or not found:
            return slugs
        page += 1


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_holds_every_entry_of_the_filtered_listing_across_pages(client, make, data, fmt):
    for i in range(PAGE_SIZE + 5):
        make.institution(name=f"Lab {i:02}", kind="research-centre", sectors=[data["fintech"]])
    make.institution(name="Not in fintech", kind="research-centre")
    query = "kind=research-centre&sector=fintech&sort=newest"
    shown = listing_slugs(client, "/en/institutions/", query)
    assert len(shown) == PAGE_SIZE + 6  # two pages
    response = client.get(f"/en/institutions/export.{fmt}?{query}&page=2")
    rows = csv_rows(response) if fmt == "csv" else json_entries(response)
    assert [row["slug"] for row in rows] == shown


def test_csv_row_holds_url_sectors_sources_and_dates(client, data):
    rows = csv_rows(client.get("/en/institutions/export.csv?q=Data"))
    (row,) = rows
    assert row["url"] == "http://testserver/en/institutions/hku-data-lab/"
    assert row["sectors"].splitlines() == ["FinTech", "Healthcare"]
    assert row["source_urls"] == "https://example.org/hku-data-lab"
    assert row["created"][:4].isdigit() and row["updated"]
    assert row["kind"] == "Research centre or lab"
    assert "status" not in row and "id" not in row


def test_export_is_in_the_pages_language(client, data):
    (row,) = json_entries(client.get("/zh-hant/hubs/export.json"))
    assert row["name"] == "數碼港"
    assert row["url"] == "http://testserver/zh-hant/hubs/cyberport/"
    assert row["sectors"] == ["金融科技"]
    assert row["kind"] not in ("digital-hub", "Digital technology hub")


def test_json_export_states_its_licence(client, data):
    body = json.loads(read(client.get("/en/policies/export.json")))
    assert body["licence"] == "CC BY 4.0"
    assert [entry["slug"] for entry in body["entries"]] == ["fintech-2025"]


def test_exports_are_downloads_named_after_the_listing(client, data):
    response = client.get("/zh-hant/challenges/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="hkai-challenges-zh-hant.csv"'
    assert response.streaming


@pytest.mark.parametrize("path", ["institutions", "hubs", "policies", "challenges"])
def test_drafts_never_leave_in_an_export(client, data, path):
    for fmt in ("csv", "json"):
        assert "Secret draft" not in read(client.get(f"/en/{path}/export.{fmt}?q=secret"))
        assert "secret-draft" not in read(client.get(f"/en/{path}/export.{fmt}"))


def test_search_export_holds_every_type_it_finds(client, data):
    rows = csv_rows(client.get("/en/search/export.csv?q=summary of"))
    assert {(row["type"], row["slug"]) for row in rows} == {
        ("institution", "hku"),
        ("institution", "hku-data-lab"),
        ("hub", "cyberport"),
        ("policy", "fintech-2025"),
        ("challenge", "talent-gap"),
    }
    assert list(rows[0])[:3] == ["type", "name", "url"]


def test_search_export_without_words_is_empty_not_everything(client, data):
    assert json_entries(client.get("/en/search/export.json")) == []


@pytest.mark.parametrize(
    "query",
    [
        "kind=nonsense&sector=%00&founded_min=abc&page=-1",
        "q=" + "x" * 5000,
        "parent=no-such-slug&hub=%ff%fe",
        "sort=DROP TABLE&q=%E2%80%AE",
    ],
)
def test_hostile_query_strings_never_fail_an_export(client, data, query):
    response = client.get(f"/en/institutions/export.csv?{query}")
    assert response.status_code == 200
    read(response)


def test_unknown_types_and_formats_are_not_found(client, data):
    assert client.get("/en/unicorns/export.csv").status_code == 404
    assert client.get("/en/institutions/export.xlsx").status_code == 404
    assert client.post("/en/institutions/export.csv").status_code == 405


@pytest.mark.parametrize("scale", [3, 30], ids=["small", "10x"])
def test_an_export_runs_a_constant_number_of_queries(
    client, make, django_assert_max_num_queries, scale
):
    sector = make.sector(slug="s")
    for i in range(scale):
        make.policy(name=f"Policy {i}", sectors=[sector])
    # The filter's sector list, the entries, their sectors, their sources and each of their
    # links to other entries (per chunk).
    with django_assert_max_num_queries(4 + len(link_fields(Policy))):
        read(client.get("/en/policies/export.csv?sector=s"))


def test_large_exports_are_read_in_chunks(client, make, django_assert_max_num_queries):
    """Memory stays flat: the entries are read a chunk at a time, each chunk's relations
    with it, so queries grow with the chunks and never with the rows."""
    for i in range(exports.CHUNK_SIZE + 1):
        make.challenge(name=f"C{i}")
    with django_assert_max_num_queries(1 + 2 * 3):
        rows = csv_rows(client.get("/en/challenges/export.csv"))
    assert len(rows) == exports.CHUNK_SIZE + 1


def test_listing_offers_its_exports_with_its_own_query(client, data):
    html = client.get("/en/institutions/?sector=fintech&kind=research-centre").content.decode()
    assert 'href="/en/institutions/export.csv?sector=fintech&amp;kind=research-centre"' in html
    assert 'href="/en/institutions/export.json?sector=fintech&amp;kind=research-centre"' in html
    partial = client.get("/zh-hant/hubs/?sector=fintech", HTTP_HX_REQUEST="true").content.decode()
    assert 'href="/zh-hant/hubs/export.csv?sector=fintech"' in partial


def test_search_offers_its_exports(client, data):
    html = client.get("/en/search/?q=hku data").content.decode()
    assert 'href="/en/search/export.csv?q=hku%20data"' in html


def test_links_to_other_entries_are_their_pages_published_only(client, make, data):
    data["policy"].issuer = data["hku"]
    data["policy"].challenges.add(data["challenge"], data["drafts"][3])
    data["policy"].save()
    (row,) = json_entries(client.get("/en/policies/export.json"))
    assert row["issuer"] == "http://testserver/en/institutions/hku/"
    assert row["challenges"] == ["http://testserver/en/challenges/talent-gap/"]
    assert row["superseded_by"] is None
    lab = csv_rows(client.get("/en/institutions/export.csv?q=lab"))[0]
    assert lab["parent"] == "http://testserver/en/institutions/hku/"
    data["hku"].status = "draft"
    data["hku"].save()
    lab = csv_rows(client.get("/en/institutions/export.csv?q=lab"))[0]
    assert lab["parent"] == ""
