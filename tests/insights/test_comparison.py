"""Compare: two to four entries of one type side by side, chosen by ticking them on a
listing (a plain GET form), with a shareable URL and a clear answer to bad input."""

import re

import pytest

from insights import comparison

pytestmark = pytest.mark.django_db


@pytest.fixture
def universities(make):
    fintech = make.sector(name="FinTech", slug="fintech")
    hku = make.institution(
        name="HKU", slug="hku", short_name="HKU", founded=1911, district="central-and-western"
    )
    hkust = make.institution(
        name="HKUST",
        slug="hkust",
        short_name="HKUST",
        founded=1991,
        district="sai-kung",
        sectors=[fintech],
    )
    cuhk = make.institution(name="CUHK", slug="cuhk", founded=1963, district="sha-tin")
    return hku, hkust, cuhk


def header_names(html):
    pattern = r'<th scope="col" class="compare__entry"><a href="[^"]+">(?:<span[^>]*>)?([^<]+)<'
    return re.findall(pattern, html)


def row(html, label):
    """The row whose header starts with `label`, as HTML."""
    start = html.index(f'<th scope="row">{label}')
    return html[start : html.index("</tr>", start)]


def test_entries_side_by_side_in_the_order_asked(client, universities):
    response = client.get("/en/institutions/compare/?entries=hkust,hku,cuhk")
    assert response.status_code == 200
    html = response.content.decode()
    assert header_names(html) == ["HKUST", "HKU", "CUHK"]
    assert re.findall(r"<td>(\d{4})</td>", row(html, "Year founded")) == ["1991", "1911", "1963"]


def test_rows_that_differ_are_marked_and_equal_ones_are_not(client, universities):
    html = client.get("/en/institutions/compare/?entries=hku,hkust").content.decode()
    assert "differs" in row(html, "Year founded")
    assert "differs" not in row(html, "Kind")  # both universities
    assert "FinTech" in row(html, "Sectors")
    assert "not stated" in row(html, "Sectors")  # HKU has none


def test_ticked_boxes_are_folded_into_one_shareable_address(client, universities):
    response = client.get("/en/institutions/compare/?entries=hku&entries=cuhk")
    assert response.status_code == 302
    assert response["Location"] == "/en/institutions/compare/?entries=hku,cuhk"


def test_the_listing_offers_a_compare_checkbox_per_card_and_a_get_form(client, universities):
    html = client.get("/en/institutions/").content.decode()
    assert '<form id="compare" class="toolbar__compare" method="get" action="compare/">' in html
    for slug in ("hku", "hkust", "cuhk"):
        assert f'name="entries" value="{slug}" form="compare"' in html
    # The boxes sit outside the filter form: ticking one does not filter the listing.
    filters = html[html.index('<form id="filters"') : html.index("</form>")]
    assert 'name="entries"' not in filters


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("entries=a,b,c,d,e", 400, "Up to 4 entries can be compared at once"),
        ("entries=%ff%fe,hku", 400, "does not understand"),
        ("entries=" + "x" * 5000, 400, "does not understand"),
        ("entries=hku,ghost", 200, "These entries were not found"),
        ("entries=hku", 200, "Choose at least two entries"),
        ("", 200, "Choose at least two entries"),
        ("entries=,,,", 200, "Choose at least two entries"),
    ],
)
def test_bad_or_too_many_entries_get_a_clear_message(client, universities, query, status, message):
    response = client.get(f"/en/institutions/compare/?{query}")
    assert response.status_code == status
    assert message in response.content.decode()


def test_drafts_and_other_types_are_not_found(client, make, universities):
    make.institution(name="Secret", slug="secret", status="draft")
    make.hub(name="A hub", slug="a-hub")
    html = client.get("/en/institutions/compare/?entries=hku,secret,a-hub").content.decode()
    assert "These entries were not found" in html
    assert header_names(html) == []


def test_unknown_types_are_not_found(client):
    assert client.get("/en/sectors/compare/").status_code == 404
    assert client.get("/en/nonsense/compare/?entries=a,b").status_code == 404


def test_every_entry_type_can_be_compared(client, make):
    from directory.models import ENTRY_MODELS

    for model in ENTRY_MODELS:
        factory = getattr(make, model._meta.model_name)
        a, b = factory(), factory()
        path = next(p for p, m in comparison.model_paths().items() if m is model)
        response = client.get(f"/en/{path}/compare/?entries={a.slug},{b.slug}")
        assert header_names(response.content.decode()) == [a.name, b.name], model


def test_removal_links_keep_the_others(client, universities):
    html = client.get("/en/institutions/compare/?entries=hku,hkust,cuhk").content.decode()
    assert 'href="/en/institutions/compare/?entries=hkust,cuhk"' in html
    assert 'href="/en/institutions/compare/?entries=hku,cuhk"' in html


def test_chinese_page(client, universities):
    response = client.get("/zh-hant/institutions/compare/?entries=hku,hkust")
    assert response.status_code == 200
    assert header_names(response.content.decode()) == ["HKU", "HKUST"]
