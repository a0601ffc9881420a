"""The district map: the 18 districts as links to the filtered listings, with counts, a
layer per entry type that records a district, and "district not stated" counted."""

import gzip
import re

import pytest

from directory.models import District, Hub, Institution
from insights import districts
from insights.geometry import DISTRICTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def located(make):
    make.institution(district="sha-tin")
    make.institution(district="sha-tin")
    make.institution(district="central-and-western")
    make.institution(district="")
    make.institution(district="sha-tin", status="draft")
    make.hub(district="southern")
    make.hub(district="")


def test_the_vendored_outlines_cover_exactly_the_18_districts():
    assert set(DISTRICTS) == set(District.values)
    for outline, x, y in DISTRICTS.values():
        assert outline.startswith("m ")
        assert 0 < x < 613 and 0 < y < 445


def test_layers_are_the_types_that_record_a_district():
    assert districts.layer_models() == [Institution, Hub]


def test_levels_shade_from_none_to_the_largest():
    assert districts.level(0, 10) == 0
    assert districts.level(1, 10) == 1
    assert districts.level(10, 10) == districts.LEVELS - 1


def test_each_district_links_to_the_filtered_listing_with_its_count(client, located):
    html = client.get("/en/map/").content.decode()
    links = re.findall(r'<a class="map__district[^"]*" href="([^"]+)" aria-label="([^"]+)"', html)
    assert len(links) == 18
    assert ("/en/institutions/?district=sha-tin", "Sha Tin: 2 institutions") in links
    assert ("/en/institutions/?district=islands", "Islands: 0 institutions") in links
    assert "District not stated: 1 entry" in html


def test_hub_layer(client, located):
    html = client.get("/en/map/?type=hub").content.decode()
    assert 'href="/en/hubs/?district=southern" aria-label="Southern: 1 hub"' in html
    assert re.search(r'<a href="\?type=hub" aria-current="page">', html)


def test_table_counts_every_type_and_the_not_stated(client, located):
    html = client.get("/en/map/").content.decode()
    table = html[html.index('<section class="map-table"') :]
    row = re.search(r'<tr class="map-table__not-stated">(.*?)</tr>', table).group(1)
    assert re.findall(r"<td>(\d+)</td>", row) == ["1", "1"]
    assert '<a href="/en/institutions/?district=sha-tin">2</a>' in table


def test_unknown_layer_is_a_400_with_the_first_map(client, located):
    response = client.get("/en/map/?type=%3Cscript%3E")
    assert response.status_code == 400
    assert "There is no map of “&lt;script&gt;”" in response.content.decode()


def test_map_svg_is_small_and_carries_attribution(client):
    html = client.get("/en/map/").content.decode()
    svg = re.search(r'<svg class="map__svg".*?</svg>', html, re.S).group()
    assert len(gzip.compress(svg.encode())) < 50_000
    assert " style=" not in svg
    assert "CC BY 4.0" in html and "Victor Cazanave" in html


def test_chinese_map(client, located):
    response = client.get("/zh-hant/map/")
    assert response.status_code == 200
    assert 'href="/zh-hant/institutions/?district=sha-tin"' in response.content.decode()
