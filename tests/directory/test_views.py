"""The public pages: what each shows, how listings filter, sort and page, how htmx gets a
partial and everything else the full page, and that drafts never appear."""

import json
import re

import pytest
from django.urls import reverse

from directory import pages
from directory.models import Hub, Policy, Source

pytestmark = pytest.mark.django_db

LISTINGS = ["institution_list", "hub_list", "policy_list", "challenge_list"]


def names_in(response):
    """The entry names of the result cards, in page order."""
    html = response.content.decode()
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def url(name, **kwargs):
    return reverse(f"directory:{name}", kwargs=kwargs or None)


@pytest.fixture
def sectors(make):
    return {
        "fintech": make.sector(name="FinTech", slug="fintech"),
        "health": make.sector(name="Health", slug="health"),
    }


# --- Home, search, sectors -------------------------------------------------------------------


def test_home_shows_live_counts_sectors_and_recent_entries(client, make, sectors):
    make.institution(name="Alpha University")
    make.institution(name="Beta Lab")
    make.institution(name="Secret Draft", status="draft")
    make.policy(name="Gamma Policy")
    response = client.get(url("home"))
    assert response.status_code == 200
    counts = {item["model_name"]: item["count"] for item in response.context["counts"]}
    assert counts == {"institution": 2, "hub": 0, "policy": 1, "challenge": 0, "collaboration": 0}
    html = response.content.decode()
    assert 'href="/en/sectors/fintech/"' in html
    assert "Gamma Policy" in html and "Alpha University" in html
    assert "Secret Draft" not in html
    assert 'role="search"' in html and 'action="/en/search/"' in html


def test_search_groups_results_by_type_in_both_languages(client, make, sectors):
    make.institution(name="FinTech Association", name_zh_hant="金融科技協會")
    make.policy(name="Fintech Promotion Roadmap", summary_zh_hant="推動金融科技發展")
    make.hub(name="Unrelated Park")
    make.challenge(name="Fintech Draft", status="draft")
    response = client.get(url("search"), {"q": "金融科技"})
    groups = {g["model_name"]: g for g in response.context["groups"]}
    assert groups["institution"]["count"] == 1
    assert groups["policy"]["count"] == 1
    assert groups["hub"]["count"] == 0
    assert response.context["total"] == 2
    html = response.content.decode()
    assert "FinTech Association" in html and "Fintech Promotion Roadmap" in html
    assert "Fintech Draft" not in html
    assert 'href="/en/institutions/?q=%E9%87%91' in html


# Words the trigram index serves (three characters or more) and words it does not.
@pytest.mark.parametrize("q", ["data", "da", "data da"])
def test_search_counts_common_words_up_to_a_limit_then_says_more_than(client, make, monkeypatch, q):
    monkeypatch.setattr(pages, "SEARCH_COUNT_LIMIT", 12)
    for n in range(15):
        make.hub(name=f"Data hub {n:02d}")
    for n in range(11):
        make.policy(name=f"Data policy {n:02d}")
    make.policy(name="Data draft", status="draft")
    response = client.get(url("search"), {"q": q})
    groups = {g["model_name"]: g for g in response.context["groups"]}
    assert (groups["hub"]["count"], groups["hub"]["more"]) == (12, True)
    assert (groups["policy"]["count"], groups["policy"]["more"]) == (11, False)
    html = response.content.decode()
    assert "Showing 10 of more than 12." in html
    assert "Showing 10 of 11." in html
    assert f"More than 23 results for “{q}”" in html
    chinese = client.get("/zh-hant/search/", {"q": q}).content.decode()
    assert "超過 23 項" in chinese and "顯示超過 12 項中的 10 項。" in chinese


def test_search_caps_each_group_and_links_to_the_filtered_listing(client, make):
    for n in reversed(range(12)):  # by name, not in the order they were added
        make.hub(name=f"Robot hub {n:02d}")
    response = client.get(url("search"), {"q": "robot"})
    group = next(g for g in response.context["groups"] if g["model_name"] == "hub")
    assert group["count"] == 12
    assert len(group["cards"]) == 10
    assert names_in(response) == [f"Robot hub {n:02d}" for n in range(10)]
    assert "/en/hubs/?q=robot" in response.content.decode()


def test_empty_search_shows_just_the_box(client):
    response = client.get(url("search"))
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert 'id="search-q"' in response.content.decode()


def test_sector_page_lists_published_entries_of_every_type(client, make, sectors):
    fintech = sectors["fintech"]
    make.institution(name="Fin Uni", sectors=[fintech])
    make.hub(name="Fin Hub", sectors=[fintech])
    make.policy(name="Fin Policy", sectors=[fintech])
    make.challenge(name="Fin Challenge", sectors=[fintech])
    make.challenge(name="Fin Draft", sectors=[fintech], status="draft")
    make.institution(name="Health Uni", sectors=[sectors["health"]])
    response = client.get(url("sector_detail", slug="fintech"))
    html = response.content.decode()
    for name in ("Fin Uni", "Fin Hub", "Fin Policy", "Fin Challenge"):
        assert name in html
    assert "Fin Draft" not in html and "Health Uni" not in html
    assert "/en/institutions/?sector=fintech" in html


def test_unknown_sector_is_404(client):
    assert client.get(url("sector_detail", slug="nope")).status_code == 404


# --- Listings: filters ------------------------------------------------------------------------


@pytest.mark.parametrize("name", LISTINGS)
def test_every_listing_renders_its_contract(client, name):
    response = client.get(url(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form id="filters"' in html and 'method="get"' in html and 'role="search"' in html
    assert 'hx-target="#results"' in html and 'hx-push-url="true"' in html
    assert '<div id="results"' in html and 'id="result-count"' in html
    assert 'aria-live="polite"' in html
    assert 'name="q"' in html and 'name="sort"' in html
    assert 'type="submit"' in html


def test_listing_hides_drafts_and_counts_results(client, make):
    make.institution(name="Visible")
    make.institution(name="Invisible", status="draft")
    response = client.get(url("institution_list"))
    assert names_in(response) == ["Visible"]
    assert response.context["page"].paginator.count == 1
    assert "1 result" in response.content.decode()


def test_free_text_filter(client, make):
    make.institution(name="Hong Kong University of Science and Technology", short_name_en="HKUST")
    make.institution(name="Other")
    assert names_in(client.get(url("institution_list"), {"q": "hkust"})) == [
        "Hong Kong University of Science and Technology"
    ]


def test_kind_filter_is_repeatable_and_ors_values(client, make):
    make.institution(name="Uni", kind="university")
    make.institution(name="Lab", kind="research-centre")
    make.institution(name="Firm", kind="company")
    response = client.get(url("institution_list"), {"kind": ["university", "company"]})
    assert names_in(response) == ["Firm", "Uni"]


def test_sector_filter_ors_sectors_without_duplicates(client, make, sectors):
    both = list(sectors.values())
    make.institution(name="In both", sectors=both)
    make.institution(name="Fin only", sectors=[sectors["fintech"]])
    make.institution(name="In neither")
    response = client.get(url("institution_list"), {"sector": ["fintech", "health"]})
    assert names_in(response) == ["Fin only", "In both"]


def test_institution_filters_district_years_parent_and_hub(client, make):
    hub = make.hub(name="Park", slug="park")
    parent = make.institution(name="Parent U", slug="parent-u", founded=1960)
    child = make.institution(
        name="Child Lab", kind="research-centre", parent=parent, founded=2015, district="sha-tin"
    )
    child.hubs.add(hub)
    make.institution(name="Elsewhere", founded=2001, district="wan-chai")
    listing = url("institution_list")
    assert names_in(client.get(listing, {"district": "sha-tin"})) == ["Child Lab"]
    assert names_in(client.get(listing, {"founded_min": 2000})) == ["Child Lab", "Elsewhere"]
    assert names_in(client.get(listing, {"founded_max": 2000})) == ["Parent U"]
    assert names_in(client.get(listing, {"founded_min": 2000, "founded_max": 2010})) == [
        "Elsewhere"
    ]
    assert names_in(client.get(listing, {"parent": "parent-u"})) == ["Child Lab"]
    assert names_in(client.get(listing, {"hub": "park"})) == ["Child Lab"]


def test_hub_filters_support_operator_and_district(client, make):
    operator = make.institution(name="Operator", slug="op")
    make.hub(name="Everything", offers_space=True, offers_funding=True, operator=operator)
    make.hub(name="Space only", offers_space=True, district="kwun-tong")
    make.hub(name="Nothing")
    listing = url("hub_list")
    assert names_in(client.get(listing, {"support": "space"})) == ["Everything", "Space only"]
    # Several kinds of support: hubs offering all of them.
    assert names_in(client.get(listing, {"support": ["space", "funding"]})) == ["Everything"]
    assert names_in(client.get(listing, {"operator": "op"})) == ["Everything"]
    assert names_in(client.get(listing, {"district": "kwun-tong"})) == ["Space only"]


def test_policy_filters_status_issuer_years_and_challenge(client, make):
    issuer = make.institution(name="Bureau", slug="bureau", kind="government")
    challenge = make.challenge(name="Talent gap", slug="talent-gap")
    addressing = make.policy(
        name="Talent Scheme", stage="active", issuer=issuer, announced_year=2024
    )
    addressing.challenges.add(challenge)
    make.policy(name="Old Plan", stage="superseded", announced_year=2015)
    make.policy(name="Idea", stage="proposed", announced_year=2025)
    listing = url("policy_list")
    assert names_in(client.get(listing, {"status": ["active", "proposed"]})) == [
        "Idea",
        "Talent Scheme",
    ]
    assert names_in(client.get(listing, {"issuer": "bureau"})) == ["Talent Scheme"]
    assert names_in(client.get(listing, {"year_min": 2020, "year_max": 2024})) == ["Talent Scheme"]
    assert names_in(client.get(listing, {"challenge": "talent-gap"})) == ["Talent Scheme"]


def test_challenge_filters_category_and_policy(client, make):
    data = make.challenge(name="Data access", category="data")
    make.challenge(name="Talent", category="talent")
    policy = make.policy(name="Open Data Plan", slug="open-data")
    policy.challenges.add(data)
    listing = url("challenge_list")
    assert names_in(client.get(listing, {"category": "data"})) == ["Data access"]
    assert names_in(client.get(listing, {"policy": "open-data"})) == ["Data access"]


def test_filters_combine_with_and(client, make, sectors):
    make.institution(name="Fin Uni", kind="university", sectors=[sectors["fintech"]])
    make.institution(name="Fin Firm", kind="company", sectors=[sectors["fintech"]])
    make.institution(name="Health Uni", kind="university", sectors=[sectors["health"]])
    response = client.get(
        url("institution_list"), {"kind": "university", "sector": "fintech", "q": "uni"}
    )
    assert names_in(response) == ["Fin Uni"]


def test_draft_relations_cannot_be_used_as_filters(client, make):
    hidden = make.institution(name="Hidden Parent", slug="hidden", status="draft")
    make.institution(name="Child", parent=hidden)
    response = client.get(url("institution_list"), {"parent": "hidden"})
    # The unknown (draft) parent is ignored, not used: every published entry is listed.
    assert names_in(response) == ["Child"]
    html = response.content.decode()
    assert "Ignored unknown value" in html
    assert "Hidden Parent" not in html


def test_facet_counts_reflect_the_other_filters(client, make, sectors):
    make.institution(name="A", kind="university", sectors=[sectors["fintech"]])
    make.institution(name="B", kind="university", sectors=[sectors["health"]])
    make.institution(name="C", kind="company", sectors=[sectors["fintech"]])
    response = client.get(url("institution_list"), {"sector": "fintech", "kind": "university"})
    groups = {group["name"]: group for group in response.context["checkbox_groups"]}
    kinds = {o["value"]: o["count"] for o in groups["kind"]["options"]}
    # Kind counts ignore the kind filter but apply the sector filter.
    assert kinds["university"] == 1 and kinds["company"] == 1 and kinds["government"] == 0
    sector_counts = {o["value"]: o["count"] for o in groups["sector"]["options"]}
    assert sector_counts == {"fintech": 1, "health": 1}
    html = response.content.decode()
    assert 'id="count-id_kind_company" class="facet-count">1<' in html


def test_active_filters_become_removable_chips_and_clear_all(client, make, sectors):
    make.institution(name="A", kind="university")
    response = client.get(
        url("institution_list"), {"kind": ["university", "company"], "sort": "newest"}
    )
    chips = response.context["chips"]
    # In one order whatever order the URL gave (the page cache's normal form).
    assert [(c["label"], c["value"]) for c in chips] == [
        ("Kind", "Company or startup"),
        ("Kind", "University"),
    ]
    # Removing one value keeps the others and the sort order.
    assert chips[1]["query"] == "kind=company&sort=newest"
    html = response.content.decode()
    assert 'class="chips__clear" href="/en/institutions/?sort=newest"' in html


# --- Sorting and pagination ---------------------------------------------------------------------


def test_sort_by_name_newest_and_updated(client, make):
    old = make.policy(name="B Old", announced_year=2010)
    make.policy(name="A New", announced_year=2024)
    make.policy(name="C Middle", announced_year=2018)
    Policy.objects.filter(pk=old.pk).update(name_en="B Old")
    old.save()  # now the most recently updated
    listing = url("policy_list")
    assert names_in(client.get(listing)) == ["A New", "B Old", "C Middle"]
    assert names_in(client.get(listing, {"sort": "newest"})) == ["A New", "C Middle", "B Old"]
    assert names_in(client.get(listing, {"sort": "updated"}))[0] == "B Old"


def test_sort_control_marks_the_current_choice(client):
    html = client.get(url("hub_list"), {"sort": "updated"}).content.decode()
    assert '<option value="updated" selected>' in html


def test_pagination_pages_of_twenty_keep_other_params(client, make):
    for n in range(45):
        make.hub(name=f"Hub {n:02d}", offers_space=True)
    listing = url("hub_list")
    first = client.get(listing, {"support": "space"})
    assert len(names_in(first)) == 20
    html = first.content.decode()
    assert '<nav class="pagination" aria-label="Pagination"' in html
    assert "?support=space&amp;page=2" in html
    third = client.get(listing, {"support": "space", "page": 3})
    assert names_in(third) == [f"Hub {n:02d}" for n in range(40, 45)]


def test_page_past_the_end_shows_the_last_page_with_a_note(client, make):
    for n in range(25):
        make.challenge(name=f"Challenge {n:02d}")
    response = client.get(url("challenge_list"), {"page": 99})
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert "this is the last page" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1e9", ""])
def test_malformed_page_shows_the_first_page(client, make, page):
    make.challenge(name="Only")
    response = client.get(url("challenge_list"), {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert names_in(response) == ["Only"]


# --- htmx -----------------------------------------------------------------------------------


def test_htmx_request_gets_only_the_results_partial(client, make):
    make.hub(name="Cyberport", kind="digital-hub")
    response = client.get(url("hub_list"), {"kind": "digital-hub"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and '<form id="filters"' not in html
    assert html.startswith("<title>Hubs: 1 result")
    assert 'id="result-count"' in html and "Cyberport" in html
    # The live region and facet counts outside the results are updated out of band.
    assert '<p id="live-status" hx-swap-oob="innerHTML">1 result</p>' in html
    assert 'id="count-id_kind_digital-hub" class="facet-count" hx-swap-oob="true">1<' in html
    # So is the language switcher, so switching language keeps the new filters.
    assert 'id="language-switcher"' in html and 'hx-swap-oob="true"' in html
    assert "/zh-hant/hubs/?kind=digital-hub" in html


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"},
        {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"},
    ],
    ids=["plain", "history-restore", "boosted"],
)
def test_everything_but_a_plain_htmx_request_gets_the_full_page(client, headers):
    html = client.get(url("policy_list"), **headers).content.decode()
    assert html.lstrip().startswith("<!doctype html>")
    assert '<form id="filters"' in html


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}])
@pytest.mark.parametrize("name", LISTINGS)
def test_listings_vary_on_htmx_headers(client, name, headers):
    vary = client.get(url(name), **headers)["Vary"]
    for header in ("HX-Request", "HX-Boosted", "HX-History-Restore-Request"):
        assert header in vary


def test_htmx_script_is_served_from_our_static_files(client):
    html = client.get(url("home")).content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer' in html
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', html).group(1)
    assert json.loads(config)["includeIndicatorStyles"] is False
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script found"
    assert "onclick" not in html and "hx-on" not in html


# --- Detail pages ---------------------------------------------------------------------------


def test_institution_detail_shows_fields_sources_and_relations_both_ways(client, make, sectors):
    uni = make.institution(
        name="Big University",
        slug="big-u",
        short_name_en="BU",
        founded=1911,
        district="southern",
        website="https://bu.example",
        sectors=[sectors["fintech"]],
    )
    make.institution(name="BU AI Lab", kind="research-centre", parent=uni)
    make.institution(name="BU Draft Lab", kind="research-centre", parent=uni, status="draft")
    park = make.hub(name="Science Park")
    uni.hubs.add(park)
    make.hub(name="BU Incubator", operator=uni)
    make.policy(name="BU Policy", issuer=uni)
    make.policy(name="BU Draft Policy", issuer=uni, status="draft")
    Source.objects.create(entry=uni, title_en="Annual report", url="https://bu.example/report")
    response = client.get(url("institution_detail", slug="big-u"))
    html = response.content.decode()
    for text in (
        "Big University",
        "BU",
        "1911",
        "Southern",
        "https://bu.example",
        "FinTech",
        "BU AI Lab",
        "Science Park",
        "BU Incubator",
        "BU Policy",
        "Annual report",
        "Last reviewed",
    ):
        assert text in html, text
    assert "BU Draft Lab" not in html and "BU Draft Policy" not in html
    assert "/en/institutions/?parent=big-u" in html
    # The centre links back to its parent.
    lab_html = client.get(
        url("institution_detail", slug=uni.children.get(name_en="BU AI Lab").slug)
    )
    assert 'href="/en/institutions/big-u/"' in lab_html.content.decode()


def test_hub_detail_shows_operator_and_who_is_based_there(client, make):
    operator = make.institution(name="Park Corp", slug="park-corp")
    hub = make.hub(name="The Park", slug="the-park", operator=operator, offers_mentoring=True)
    make.institution(name="Tenant", slug="tenant").hubs.add(hub)
    make.institution(name="Draft Tenant", status="draft").hubs.add(hub)
    html = client.get(url("hub_detail", slug="the-park")).content.decode()
    assert 'href="/en/institutions/park-corp/"' in html
    assert 'href="/en/institutions/tenant/"' in html
    assert "Mentoring" in html
    assert "Draft Tenant" not in html
    assert 'href="/en/institutions/?hub=the-park"' in html


def test_hub_detail_hides_a_draft_operator(client, make):
    operator = make.institution(name="Secret Corp", status="draft")
    make.hub(name="Park", slug="park", operator=operator)
    html = client.get(url("hub_detail", slug="park")).content.decode()
    assert "Secret Corp" not in html


def test_detail_pages_do_not_link_draft_parents_or_issuers(client, make):
    secret = make.institution(name="Secret Bureau", slug="secret-bureau", status="draft")
    make.institution(name="Lab", slug="lab", parent=secret)
    make.policy(name="Plan", slug="plan", issuer=secret)
    for page in (url("institution_detail", slug="lab"), url("policy_detail", slug="plan")):
        html = client.get(page).content.decode()
        assert "Secret Bureau" not in html and "/secret-bureau/" not in html, page


def test_policy_detail_shows_issuer_challenges_and_succession(client, make):
    issuer = make.institution(name="Bureau", slug="bureau")
    new = make.policy(name="New Plan", slug="new-plan", issuer=issuer, budget_hkd=5_000_000)
    old = make.policy(name="Old Plan", slug="old-plan", stage="superseded", superseded_by=new)
    challenge = make.challenge(name="Talent gap", slug="talent-gap")
    new.challenges.add(challenge)
    new.challenges.add(make.challenge(name="Draft challenge", status="draft"))
    html = client.get(url("policy_detail", slug="new-plan")).content.decode()
    assert 'href="/en/institutions/bureau/"' in html
    assert 'href="/en/challenges/talent-gap/"' in html
    assert 'href="/en/policies/old-plan/"' in html  # supersedes
    assert "HK$5 million" in html  # budgets read naturally (content_language.hkd)
    assert "Draft challenge" not in html
    old_html = client.get(url("policy_detail", slug=old.slug)).content.decode()
    assert 'href="/en/policies/new-plan/"' in old_html  # superseded by
    assert "Superseded" in old_html
    # And the challenge links back to the policy.
    challenge_html = client.get(url("challenge_detail", slug="talent-gap")).content.decode()
    assert 'href="/en/policies/new-plan/"' in challenge_html
    assert 'href="/en/policies/?challenge=talent-gap"' in challenge_html


def test_policy_superseded_by_a_draft_does_not_link_it(client, make):
    draft = make.policy(name="Unannounced", status="draft")
    make.policy(name="Current", slug="current", superseded_by=draft)
    html = client.get(url("policy_detail", slug="current")).content.decode()
    assert "Unannounced" not in html


@pytest.mark.parametrize("factory", ["institution", "hub", "policy", "challenge"])
def test_draft_details_are_404(client, make, factory):
    entry = getattr(make, factory)(name="Draft", slug="draft-entry", status="draft")
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 404
    assert "find that page" in response.content.decode()


@pytest.mark.parametrize("factory", ["institution", "hub", "policy", "challenge"])
def test_published_details_render(client, make, factory):
    entry = getattr(make, factory)(name="Shown", description_en="Long description here.")
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    assert "Long description here." in html
    assert "Shown" in response.context["entry"].name


# --- Layout contract ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/en/", "/en/institutions/", "/en/search/?q=x", "/zh-hant/hubs/?kind=incubator"],
)
def test_base_layout_contract(client, path):
    html = client.get(path).content.decode()
    lang = path.split("/")[1]
    assert f'<html lang="{lang}">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<footer" in html and "<header" in html
    assert '<nav class="main-nav" aria-label=' in html
    assert 'hreflang="en" href="http://testserver/en/' in html
    assert 'hreflang="zh-hant" href="http://testserver/zh-hant/' in html
    assert 'hreflang="x-default"' in html
    assert "/admin/" not in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/en/policies/", '<a href="/en/policies/" aria-current="true">'),
        ("/zh-hant/hubs/", '<a href="/zh-hant/hubs/" aria-current="true">'),
        ("/en/search/?q=x", '<a class="main-nav__search" href="/en/search/" aria-current="page">'),
    ],
)
def test_the_navigation_marks_where_the_visitor_is(client, path, current):
    """The navigation is rendered once per process and kept: each section still gets its
    own, in its own language, with only its own link marked."""
    for _ in range(2):
        html = client.get(path).content.decode()
        assert current in html
        assert html.count("aria-current=") == 2  # the section and the language


def test_language_switcher_keeps_the_page_and_query(client):
    html = client.get("/en/hubs/", {"kind": "incubator", "page": "1"}).content.decode()
    assert 'href="/zh-hant/hubs/?kind=incubator&amp;page=1"' in html


def test_language_switcher_on_a_detail_page(client, make):
    make.hub(name="Harbour Hub", slug="harbour-hub")
    html = client.get("/zh-hant/hubs/harbour-hub/").content.decode()
    assert 'href="/en/hubs/harbour-hub/" hreflang="en"' in html
    # A parameter the page does not read is not echoed into its links (or its cache entry).
    html = client.get("/zh-hant/hubs/harbour-hub/", {"from": "x y"}).content.decode()
    assert 'href="/en/hubs/harbour-hub/" hreflang="en"' in html
    assert "from=x" not in html


def test_hub_support_badges_show_on_cards(client, make):
    make.hub(name="Helpful", offers_funding=True, offers_market_access=True)
    html = client.get(url("hub_list")).content.decode()
    assert "Funding" in html and "Market access" in html
    assert Hub.objects.count() == 1


def test_choice_labels_follow_the_interface_language(client, make):
    from django.utils import translation

    make.institution(name="Uni", kind="university", district="sha-tin")
    with translation.override("zh-hant"):
        expected = [str(translation.gettext("University")), str(translation.gettext("Sha Tin"))]
    html = client.get("/zh-hant/institutions/").content.decode()
    for label in expected:
        assert f"<span>{label}</span>" in html or f"<dd>{label}</dd>" in html
    english = client.get("/en/institutions/").content.decode()
    assert "<span>University</span>" in english and "<dd>Sha Tin</dd>" in english


def test_choices_without_results_are_marked_empty(client, make):
    make.institution(kind="university")
    html = client.get("/en/institutions/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="count-id_kind_company" class="facet-count facet-count--empty"' in html
    assert 'id="count-id_kind_university" class="facet-count" hx-swap-oob' in html
