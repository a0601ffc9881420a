"""The timeline: dated policies and the founding of institutions and hubs by year, newest
first, filtered like a listing (htmx in place, shareable URL, no JavaScript needed), with
chains of succession visible."""

import re

import pytest

from insights import timeline

pytestmark = pytest.mark.django_db


def years_in(response):
    return [
        int(y)
        for y in re.findall(r'<h3 class="timeline__heading">(\d+)</h3>', response.content.decode())
    ]


def names_in(response):
    html = response.content.decode()
    return re.findall(r'<p class="timeline__name"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def landscape(make):
    fintech = make.sector(name="FinTech", slug="fintech")
    health = make.sector(name="Health", slug="health")
    hku = make.institution(name="HKU", founded=1911, sectors=[health])
    make.hub(name="Cyberport", opened=2004, sectors=[fintech])
    make.institution(name="Undated Lab")  # no year: not on the timeline
    fintech_2030 = make.policy(name="Fintech 2030", announced_year=2025, sectors=[fintech])
    make.policy(
        name="Fintech 2025",
        announced_year=2021,
        superseded_by=fintech_2030,
        stage="superseded",
        sectors=[fintech],
    )
    make.policy(name="AI Funding", kind="funding", announced_year=2024, issuer=hku)
    make.policy(name="Draft Policy", announced_year=2024, status="draft")
    make.challenge(name="Talent shortage")  # challenges have no year of their own
    return {"fintech": fintech, "hku": hku}


def test_years_newest_first_with_policies_institutions_and_hubs(client, landscape):
    response = client.get("/en/timeline/")
    assert response.status_code == 200
    assert years_in(response) == [2025, 2024, 2021, 2004, 1911]
    names = names_in(response)
    assert names == ["Fintech 2030", "AI Funding", "Fintech 2025", "Cyberport", "HKU"]
    html = response.content.decode()
    assert "Year founded" in html and "Year opened" in html and "Year announced" in html


def test_succession_chain_is_shown_in_order(client, landscape):
    html = client.get("/en/timeline/").content.decode()
    chain = html[html.index('class="succession__chain"') :]
    chain = chain[: chain.index("</ol>")]
    assert chain.index("Fintech 2025") < chain.index("Fintech 2030")
    assert "Succeeded by" in html and "Follows" in html


def test_kind_and_issuer_narrow_the_timeline_to_policies(client, landscape):
    assert names_in(client.get("/en/timeline/?kind=funding")) == ["AI Funding"]
    hku = landscape["hku"]
    assert names_in(client.get(f"/en/timeline/?issuer={hku.slug}")) == ["AI Funding"]


def test_sector_type_and_year_filters_apply_to_every_dated_type(client, landscape):
    assert names_in(client.get("/en/timeline/?sector=fintech")) == [
        "Fintech 2030",
        "Fintech 2025",
        "Cyberport",
    ]
    assert names_in(client.get("/en/timeline/?type=institution&type=hub")) == ["Cyberport", "HKU"]
    assert names_in(client.get("/en/timeline/?year_min=2004&year_max=2021")) == [
        "Fintech 2025",
        "Cyberport",
    ]


def test_facet_counts_cover_every_dated_type(client, landscape):
    html = client.get("/en/timeline/?sector=fintech").content.decode()
    assert re.search(r'id="count-id_type_policy"[^>]*>2<', html)
    assert re.search(r'id="count-id_type_hub"[^>]*>1<', html)
    # The sector facet counts entries of every type, ignoring its own selection.
    assert re.search(r'id="count-id_sector_health"[^>]*>1<', html)


def test_htmx_gets_the_results_partial_and_the_response_varies_on_it(client, landscape):
    response = client.get("/en/timeline/?kind=funding", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "<title>Timeline: 1 entry" in html
    assert 'id="live-status" hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]
    # A history restore gets the whole page.
    restore = client.get(
        "/en/timeline/?kind=funding",
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in restore.content.decode()


def test_the_filter_form_works_without_javascript(client, landscape):
    html = client.get("/en/timeline/").content.decode()
    form = html[html.index('<form id="filters"') : html.index("</form>")]
    assert 'method="get" action="/en/timeline/"' in form
    assert 'name="kind"' in form and 'name="sector"' in form and 'name="issuer"' in form
    assert 'type="submit"' in form


def test_chinese_page(client, landscape):
    response = client.get("/zh-hant/timeline/")
    assert response.status_code == 200
    assert '<html lang="zh-hant">' in response.content.decode()


def test_a_long_timeline_stops_at_a_whole_year_and_links_to_earlier_ones(client, make, monkeypatch):
    monkeypatch.setattr(timeline, "MAX_EVENTS", 3)
    for year in (2025, 2024, 2024, 2023, 2022):
        make.policy(announced_year=year)
    response = client.get("/en/timeline/?kind=strategy")
    assert years_in(response) == [2025, 2024]
    assert "/en/timeline/?kind=strategy&amp;year_max=2023" in response.content.decode()
    assert years_in(client.get("/en/timeline/?kind=strategy&year_max=2023")) == [2023, 2022]


def test_unknown_values_are_ignored_and_reported(client, landscape):
    response = client.get("/en/timeline/?kind=nonsense&type=ghost&issuer=nobody&year_min=abc")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ignored unknown value “nonsense”" in html
    assert len(names_in(response)) == 5
