"""The FilterSets behind the four listings, tested directly (the view tests cover them through
HTTP): what each parameter filters, how bad input is dropped and reported, the facet counts,
the chips and the query strings links are built from, the select options, and a query count
that does not grow with the directory."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory import listing_filterset
from directory.filters import (
    ChallengeFilterSet,
    HubFilterSet,
    InstitutionFilterSet,
    PolicyFilterSet,
)
from directory.forms import MAX_VALUES_PER_PARAM
from directory.listing_filterset import MAX_ECHO_LENGTH
from directory.search import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db


def build(filterset_class, query=""):
    return filterset_class(QueryDict(query))


def names(filterset):
    return [entry.name for entry in filterset.qs]


@pytest.fixture
def directory(make):
    """A small directory with every relation a filter follows, and a draft of each type
    that matches every filter (so any filter letting drafts through shows)."""
    ai = make.sector(name="AI", slug="ai")
    fintech = make.sector(name="FinTech", slug="fintech")
    hku = make.institution(
        name="HKU",
        slug="hku",
        kind="university",
        district="central-and-western",
        founded=1911,
        sectors=[ai],
    )
    lab = make.institution(
        name="HKU Lab",
        slug="hku-lab",
        kind="research-centre",
        district="central-and-western",
        parent=hku,
        founded=2015,
        sectors=[ai, fintech],
    )
    fin_co = make.institution(
        name="Fin Co",
        slug="fin-co",
        kind="company",
        district="wan-chai",
        founded=2019,
        sectors=[fintech],
    )
    park = make.hub(
        name="Science Park",
        slug="science-park",
        kind="science-park",
        district="sha-tin",
        operator=hku,
        offers_space=True,
        offers_computing=True,
        sectors=[ai],
    )
    cyberport = make.hub(
        name="Cyberport",
        slug="cyberport",
        kind="digital-hub",
        district="southern",
        operator=fin_co,
        offers_space=True,
        offers_funding=True,
        sectors=[fintech],
    )
    make.hub(
        name="Incubator",
        slug="incubator",
        kind="incubator",
        district="sha-tin",
        offers_funding=True,
        offers_mentoring=True,
    )
    lab.hubs.add(park)
    fin_co.hubs.add(cyberport)
    talent = make.challenge(name="Talent", slug="talent", category="talent", sectors=[ai])
    data = make.challenge(name="Data", slug="data", category="data", sectors=[ai, fintech])
    make.challenge(name="Market", slug="market", category="market-access")
    strategy = make.policy(
        name="AI Strategy",
        slug="ai-strategy",
        kind="strategy",
        stage="active",
        issuer=hku,
        announced_year=2020,
        sectors=[ai],
    )
    strategy.challenges.add(talent)
    make.policy(
        name="Fintech Law",
        slug="fintech-law",
        kind="law",
        stage="proposed",
        issuer=fin_co,
        announced_year=2023,
        sectors=[fintech],
    )
    make.policy(
        name="Old Fund",
        slug="old-fund",
        kind="funding",
        stage="superseded",
        superseded_by=strategy,
        announced_year=2010,
    ).challenges.add(data)
    # Drafts matching everything above.
    draft = make.institution(
        name="HKU Draft Lab",
        slug="draft-lab",
        kind="university",
        district="wan-chai",
        parent=hku,
        founded=2015,
        sectors=[ai, fintech],
        status="draft",
    )
    draft.hubs.add(park, cyberport)
    make.hub(
        name="Draft Cyberport Hub",
        kind="incubator",
        district="sha-tin",
        operator=hku,
        sectors=[ai, fintech],
        status="draft",
        **{f"offers_{value}": True for value in ("space", "funding", "mentoring", "computing")},
    )
    draft_policy = make.policy(
        name="Draft AI Law",
        kind="law",
        stage="active",
        issuer=fin_co,
        announced_year=2020,
        sectors=[ai, fintech],
        status="draft",
    )
    draft_policy.challenges.add(talent, data)
    make.challenge(
        name="Draft Market Data",
        category="data",
        sectors=[ai, fintech],
        status="draft",
    ).policies.add(strategy)


# --- What each parameter filters ------------------------------------------------------------

CASES = [
    (InstitutionFilterSet, "", ["Fin Co", "HKU", "HKU Lab"]),
    (InstitutionFilterSet, "q=lab", ["HKU Lab"]),
    (InstitutionFilterSet, "q=HKU lab", ["HKU Lab"]),
    (InstitutionFilterSet, "sector=ai", ["HKU", "HKU Lab"]),
    (InstitutionFilterSet, "sector=ai&sector=fintech", ["Fin Co", "HKU", "HKU Lab"]),
    (InstitutionFilterSet, "kind=university&kind=company", ["Fin Co", "HKU"]),
    (InstitutionFilterSet, "district=wan-chai", ["Fin Co"]),
    (InstitutionFilterSet, "founded_min=2015", ["Fin Co", "HKU Lab"]),
    (InstitutionFilterSet, "founded_max=2015", ["HKU", "HKU Lab"]),
    (InstitutionFilterSet, "founded_min=2016&founded_max=2019", ["Fin Co"]),
    (InstitutionFilterSet, "parent=hku", ["HKU Lab"]),
    (InstitutionFilterSet, "hub=cyberport", ["Fin Co"]),
    (InstitutionFilterSet, "sort=newest", ["Fin Co", "HKU Lab", "HKU"]),
    (InstitutionFilterSet, "sector=fintech&kind=research-centre&hub=science-park", ["HKU Lab"]),
    (HubFilterSet, "", ["Cyberport", "Incubator", "Science Park"]),
    (HubFilterSet, "q=cyberport", ["Cyberport"]),
    (HubFilterSet, "sector=fintech", ["Cyberport"]),
    (HubFilterSet, "kind=incubator&kind=digital-hub", ["Cyberport", "Incubator"]),
    (HubFilterSet, "district=sha-tin", ["Incubator", "Science Park"]),
    (HubFilterSet, "support=space", ["Cyberport", "Science Park"]),
    # Support is AND: hubs offering every one chosen.
    (HubFilterSet, "support=space&support=funding", ["Cyberport"]),
    (HubFilterSet, "support=mentoring&support=computing", []),
    (HubFilterSet, "operator=hku", ["Science Park"]),
    (HubFilterSet, "district=sha-tin&support=funding", ["Incubator"]),
    (PolicyFilterSet, "", ["AI Strategy", "Fintech Law", "Old Fund"]),
    (PolicyFilterSet, "q=law", ["Fintech Law"]),
    (PolicyFilterSet, "sector=ai", ["AI Strategy"]),
    (PolicyFilterSet, "status=active&status=proposed", ["AI Strategy", "Fintech Law"]),
    (PolicyFilterSet, "kind=law", ["Fintech Law"]),
    (PolicyFilterSet, "year_min=2020", ["AI Strategy", "Fintech Law"]),
    (PolicyFilterSet, "year_max=2020", ["AI Strategy", "Old Fund"]),
    (PolicyFilterSet, "issuer=fin-co", ["Fintech Law"]),
    (PolicyFilterSet, "challenge=talent", ["AI Strategy"]),
    (PolicyFilterSet, "sort=newest", ["Fintech Law", "AI Strategy", "Old Fund"]),
    (PolicyFilterSet, "status=active&kind=law", []),
    (ChallengeFilterSet, "", ["Data", "Market", "Talent"]),
    (ChallengeFilterSet, "q=market", ["Market"]),
    (ChallengeFilterSet, "sector=ai", ["Data", "Talent"]),
    (ChallengeFilterSet, "category=data&category=talent", ["Data", "Talent"]),
    (ChallengeFilterSet, "policy=old-fund", ["Data"]),
    (ChallengeFilterSet, "policy=ai-strategy&sector=ai", ["Talent"]),
]


@pytest.mark.parametrize(
    ("filterset_class", "query", "expected"),
    CASES,
    ids=[f"{cls.__name__[:-9]}:{query or 'all'}" for cls, query, _ in CASES],
)
def test_each_parameter_filters_the_published_entries(directory, filterset_class, query, expected):
    filterset = build(filterset_class, query)
    assert names(filterset) == expected
    assert filterset.ignored_values() == []
    assert filterset.is_filtered() == any(
        not part.startswith("sort=") for part in query.split("&") if part
    )


def test_results_sort_by_name_in_the_visitors_language(make):
    make.challenge(name="Alpha", name_zh_hant="C 丙")
    make.challenge(name="Beta")
    make.challenge(name="Gamma", name_zh_hant="A 甲")
    assert names(build(ChallengeFilterSet)) == ["Alpha", "Beta", "Gamma"]
    with translation.override("zh-hant"):
        assert names(build(ChallengeFilterSet)) == ["A 甲", "Beta", "C 丙"]


# --- Bad input: dropped, reported, the rest still applied -----------------------------------


def ignored(filterset):
    return [(str(item["label"]), item["value"]) for item in filterset.ignored_values()]


def test_unknown_and_malformed_values_are_reported_and_the_valid_ones_applied(directory):
    filterset = build(
        InstitutionFilterSet,
        "kind=university&kind=castle&district=atlantis&sector=ai&sector=no-such-sector"
        "&founded_min=abc&founded_max=1e9&parent=nowhere&sort=sideways",
    )
    assert names(filterset) == ["HKU"]
    assert sorted(ignored(filterset)) == sorted(
        [
            ("Kind", "castle"),
            ("District", "atlantis"),
            ("Sector", "no-such-sector"),
            ("Sort by", "sideways"),
            ("Founded from", "abc"),
            ("Founded until", "1e9"),
            ("Part of", "nowhere"),
        ]
    )
    # The links the page builds no longer carry them.
    assert filterset.query == "sector=ai&kind=university"


@pytest.mark.parametrize(
    ("filterset_class", "query", "reported", "expected"),
    [
        (HubFilterSet, "support=space&support=magic", [("Support offered", "magic")], 2),
        (HubFilterSet, "operator=ghost&operator=hku", [], 1),  # the last value wins
        (HubFilterSet, "operator=hku&operator=%FF", [("Operator", "\ufffd")], 3),
        (HubFilterSet, "operator=ghost&district=sha-tin", [("Operator", "ghost")], 2),
        (PolicyFilterSet, "status=repealed&kind=law", [("Status", "repealed")], 1),
        (
            PolicyFilterSet,
            "year_min=2020.5&year_max=NaN",
            [("From year", "2020.5"), ("Until year", "NaN")],
            3,
        ),
        (
            PolicyFilterSet,
            "year_min=-5&year_max=99999&kind=law",
            [("From year", "-5"), ("Until year", "99999")],
            1,
        ),
        (PolicyFilterSet, "challenge=../&issuer=fin-co", [("Challenge addressed", "../")], 1),
        (ChallengeFilterSet, "category=%00&category=data", [], 1),
        (ChallengeFilterSet, "policy=ai-strategy&category=regulation", [], 0),
    ],
)
def test_each_listing_reports_what_it_ignored(
    directory, filterset_class, query, reported, expected
):
    filterset = build(filterset_class, query)
    assert ignored(filterset) == reported
    assert filterset.qs.count() == expected


def test_out_of_range_years_are_ignored():
    filterset = build(PolicyFilterSet, "year_min=1799&year_max=2101")
    assert ignored(filterset) == [("From year", "1799"), ("Until year", "2101")]
    assert filterset.query == ""
    assert build(PolicyFilterSet, "year_min=1800&year_max=2100").query == (
        "year_min=1800&year_max=2100"
    )


def test_a_draft_entrys_slug_is_unknown(make):
    make.institution(name="Draft Bureau", slug="draft-bureau", status="draft")
    bureau = make.institution(name="Bureau", slug="bureau")
    filterset = build(PolicyFilterSet, "issuer=draft-bureau")
    assert filterset.cleaned == {}
    assert ignored(filterset) == [("Issued by", "draft-bureau")]
    assert build(PolicyFilterSet, "issuer=bureau").cleaned["issuer"] == bureau


def test_unknown_parameters_and_empty_values_are_dropped_silently():
    filterset = build(InstitutionFilterSet, "kind=&evil=1&q=&district=wan-chai&page=3&parent=")
    assert filterset.query == "district=wan-chai"
    assert filterset.ignored_values() == []


def test_repeated_values_are_deduplicated_and_capped():
    many = "&".join(f"kind=k{i}" for i in range(100))
    filterset = build(PolicyFilterSet, f"kind=law&kind=law&{many}")
    assert filterset.cleaned["kind"] == ["law"]
    # Only the first values are read at all: the law and the first unknown ones.
    assert len(filterset.ignored_values()) == MAX_VALUES_PER_PARAM - 1


def test_single_valued_parameters_take_the_last_value():
    filterset = build(PolicyFilterSet, "sort=name&sort=newest&year_min=2000&year_min=2010")
    assert filterset.sort_order == "newest"
    assert filterset.cleaned["year_min"] == 2010
    assert filterset.query == "year_min=2010&sort=newest"


def test_nul_bytes_are_removed_and_the_query_capped():
    filterset = build(ChallengeFilterSet, "q=%20ta%00lent" + "x" * 500)
    assert filterset.cleaned["q"].startswith("talent")
    assert len(filterset.cleaned["q"]) == MAX_QUERY_LENGTH


def test_echoed_values_are_shortened():
    filterset = build(HubFilterSet, "kind=" + "x" * 500)
    assert ignored(filterset) == [("Kind", "x" * MAX_ECHO_LENGTH)]


def test_sort_defaults_to_name_and_ignores_unknown_orders():
    assert build(HubFilterSet).sort_order == "name"
    filterset = build(HubFilterSet, "sort=../../etc/passwd")
    assert filterset.sort_order == "name"
    assert ignored(filterset) == [("Sort by", "../../etc/passwd")]


# --- Facet counts ---------------------------------------------------------------------------


def facets(filterset):
    return {
        group["name"]: {o["value"]: o["count"] for o in group["options"] if o["count"]}
        for group in filterset.checkbox_groups()
    }


def test_each_facet_counts_what_choosing_it_would_add_given_the_other_filters(directory):
    filterset = build(InstitutionFilterSet, "kind=university&district=central-and-western")
    assert names(filterset) == ["HKU"]
    assert facets(filterset) == {
        # Kinds in central-and-western; districts of universities; sectors of both.
        "kind": {"university": 1, "research-centre": 1},
        "district": {"central-and-western": 1},
        "sector": {"ai": 1},
    }
    everything = facets(build(InstitutionFilterSet))
    assert everything == {
        "kind": {"university": 1, "research-centre": 1, "company": 1},
        "district": {"central-and-western": 2, "wan-chai": 1},
        "sector": {"ai": 2, "fintech": 2},
    }


def test_facets_follow_the_search_the_selects_and_the_years(directory):
    assert facets(build(PolicyFilterSet, "q=law")) == {
        "status": {"proposed": 1},
        "kind": {"law": 1},
        "sector": {"fintech": 1},
    }
    assert facets(build(PolicyFilterSet, "issuer=hku&year_min=2000")) == {
        "status": {"active": 1},
        "kind": {"strategy": 1},
        "sector": {"ai": 1},
    }
    assert facets(build(ChallengeFilterSet, "policy=old-fund")) == {
        "category": {"data": 1},
        "sector": {"ai": 1, "fintech": 1},
    }
    assert facets(build(InstitutionFilterSet, "hub=science-park&sector=fintech")) == {
        "kind": {"research-centre": 1},
        "district": {"central-and-western": 1},
        "sector": {"ai": 1, "fintech": 1},
    }


def test_the_status_facet_counts_the_policy_stage(directory):
    assert facets(build(PolicyFilterSet, "status=proposed"))["status"] == {
        "active": 1,
        "proposed": 1,
        "superseded": 1,
    }


def test_hub_support_counts_are_and_the_other_facets_or(directory):
    filterset = build(HubFilterSet, "support=space")
    counts = filterset.facet_counts("support")
    # Among hubs offering space, how many also offer each: choosing one narrows (AND).
    assert counts == {"space": 2, "funding": 1, "mentoring": 0, "computing": 1, "market_access": 0}
    assert facets(filterset)["kind"] == {"science-park": 1, "digital-hub": 1}
    both = build(HubFilterSet, "support=space&support=funding&kind=science-park")
    assert names(both) == []
    assert facets(both) == {
        "kind": {"digital-hub": 1},
        "support": {},
        "sector": {},
        "district": {},
    }
    # Without a support filter, each kind of support counts every hub offering it.
    assert build(HubFilterSet, "district=sha-tin").facet_counts("support") == {
        "space": 1,
        "funding": 1,
        "mentoring": 1,
        "computing": 1,
        "market_access": 0,
    }


def test_checkbox_groups_list_every_choice_in_order_with_counts_and_checks(directory):
    groups = build(ChallengeFilterSet, "category=data&category=talent").checkbox_groups()
    assert [group["name"] for group in groups] == ["category", "sector"]
    category, sector = groups
    assert str(category["legend"]) == "Category"
    assert category["options"][:2] == [
        {
            "value": "talent",
            "label": "Talent",
            "count": 1,
            "checked": True,
            "id": "id_category_talent",
        },
        {
            "value": "regulation",
            "label": "Regulation and governance",
            "count": 0,
            "checked": False,
            "id": "id_category_regulation",
        },
    ]
    assert [o["value"] for o in category["options"]] == [
        "talent",
        "regulation",
        "commercialisation",
        "computing",
        "data",
        "market-access",
    ]
    assert [(o["label"], o["count"], o["checked"]) for o in sector["options"]] == [
        ("AI", 2, False),
        ("FinTech", 1, False),
    ]
    with translation.override("zh-hant"):
        groups = build(ChallengeFilterSet).checkbox_groups()
        assert str(groups[0]["options"][0]["label"]) == "人才"


def test_range_groups_show_the_chosen_years():
    (group,) = build(InstitutionFilterSet, "founded_min=1990").range_groups()
    assert str(group["legend"]) == "Year founded"
    assert [(f["name"], f["value"], f["min"], f["max"]) for f in group["fields"]] == [
        ("founded_min", 1990, 1800, 2100),
        ("founded_max", "", 1800, 2100),
    ]
    assert [g["fields"][0]["name"] for g in build(PolicyFilterSet).range_groups()] == ["year_min"]
    assert build(HubFilterSet).range_groups() == []


# --- Chips and the query strings links are built from -------------------------------------


def chips(filterset):
    return [(str(chip["label"]), chip["value"], chip["query"]) for chip in filterset.chips()]


def test_chips_label_each_value_and_remove_only_it(directory):
    filterset = build(
        HubFilterSet, "support=space&support=funding&operator=hku&q=park&sort=updated"
    )
    assert chips(filterset) == [
        ("Search", "park", "support=space&support=funding&operator=hku&sort=updated"),
        ("Support offered", "Space", "q=park&support=funding&operator=hku&sort=updated"),
        ("Support offered", "Funding", "q=park&support=space&operator=hku&sort=updated"),
        ("Operator", "HKU", "q=park&support=space&support=funding&sort=updated"),
    ]
    assert filterset.is_filtered()
    with translation.override("zh-hant"):
        assert chips(build(ChallengeFilterSet, "category=data"))[0][:2] == ("類別", "數據與私隱")


def test_chips_name_the_chosen_entries_and_sectors(directory):
    filterset = build(PolicyFilterSet, "issuer=fin-co&challenge=talent&sector=ai&year_min=2000")
    assert chips(filterset) == [
        ("Sector", "AI", "year_min=2000&issuer=fin-co&challenge=talent"),
        ("From year", "2000", "sector=ai&issuer=fin-co&challenge=talent"),
        ("Issued by", "Fin Co", "sector=ai&year_min=2000&challenge=talent"),
        ("Challenge addressed", "Talent", "sector=ai&year_min=2000&issuer=fin-co"),
    ]


def test_chips_read_nothing_more_from_the_database(directory, django_assert_num_queries):
    """A chip's label is the chosen entry's name, already loaded when the value was
    checked. Reading the label from the field's choices instead loads every published
    entry of that type, for every chip, however large the directory."""
    filterset = build(PolicyFilterSet, "issuer=fin-co&challenge=talent&kind=law")
    assert filterset.cleaned
    with django_assert_num_queries(0):
        filterset.chips()


def test_sort_is_not_a_chip_and_survives_clearing():
    filterset = build(HubFilterSet, "sort=updated")
    assert filterset.chips() == []
    assert not filterset.is_filtered()
    assert filterset.clear_query() == "sort=updated"
    assert build(HubFilterSet, "kind=incubator").clear_query() == ""


def test_query_is_the_usable_filters_in_a_fixed_order_without_the_page():
    filterset = build(
        PolicyFilterSet,
        "page=2&sort=newest&kind=law&kind=castle&issuer=nowhere&q=%20ai%20&sector=x&year_max=2020",
    )
    assert filterset.query == "q=ai&kind=law&year_max=2020&sort=newest"
    assert build(PolicyFilterSet, "").query == ""


def test_query_for_page_keeps_the_filters_and_puts_the_page_last():
    filterset = build(InstitutionFilterSet, "kind=university&page=9")
    assert filterset.query_for_page(1) == "kind=university"
    assert filterset.query_for_page(3) == "kind=university&page=3"
    assert build(InstitutionFilterSet).query_for_page(2) == "page=2"
    assert build(InstitutionFilterSet).query_for_page(1) == ""


def test_query_without_removes_one_value_of_one_parameter():
    filterset = build(HubFilterSet, "kind=incubator&kind=coworking&district=sha-tin")
    assert filterset.query_without("kind", "incubator") == "kind=coworking&district=sha-tin"
    assert filterset.query_without("district", "sha-tin") == "kind=incubator&kind=coworking"
    assert filterset.query_without("district", "elsewhere") == filterset.query


def test_queries_are_url_encoded(directory):
    filterset = build(ChallengeFilterSet, "q=data%26policy%3Dold-fund&category=data")
    assert filterset.cleaned["q"] == "data&policy=old-fund"
    assert filterset.query == "q=data%26policy%3Dold-fund&category=data"
    assert filterset.query_without("category", "data") == "q=data%26policy%3Dold-fund"


# --- Select options ------------------------------------------------------------------------


def selects(filterset):
    return {group["name"]: group for group in filterset.select_groups()}


def test_select_options_are_entries_a_published_entry_links_to(directory):
    groups = selects(build(InstitutionFilterSet))
    # HKU is the parent of a published lab (the draft lab does not count for anyone).
    assert groups["parent"]["options"] == [("hku", "HKU")]
    # Science Park and Cyberport have published members; the draft's links add nothing.
    assert groups["hub"]["options"] == [
        ("cyberport", "Cyberport"),
        ("science-park", "Science Park"),
    ]
    assert groups["hub"]["selected"] == ""
    assert str(groups["hub"]["label"]) == "Hub"
    assert selects(build(HubFilterSet))["operator"]["options"] == [
        ("fin-co", "Fin Co"),
        ("hku", "HKU"),
    ]
    policy = selects(build(PolicyFilterSet))
    assert policy["issuer"]["options"] == [("fin-co", "Fin Co"), ("hku", "HKU")]
    assert policy["challenge"]["options"] == [("data", "Data"), ("talent", "Talent")]
    assert selects(build(ChallengeFilterSet))["policy"]["options"] == [
        ("ai-strategy", "AI Strategy"),
        ("old-fund", "Old Fund"),
    ]


def test_a_selected_entry_without_matches_is_still_offered(directory):
    groups = selects(build(InstitutionFilterSet, "parent=fin-co&hub=cyberport"))
    assert groups["parent"]["options"] == [("fin-co", "Fin Co"), ("hku", "HKU")]
    assert groups["parent"]["selected"] == "fin-co"
    # One with matches is selected where it already stands.
    assert groups["hub"]["options"] == [
        ("cyberport", "Cyberport"),
        ("science-park", "Science Park"),
    ]
    assert groups["hub"]["selected"] == "cyberport"


def test_select_options_use_the_visitors_language(make):
    issuer = make.institution(name="Innovation Bureau", slug="itib", name_zh_hant="創新科技署")
    make.policy(name="Plan", issuer=issuer)
    untranslated = make.institution(name="Only English", slug="only-en")
    make.policy(name="Other plan", issuer=untranslated)
    with translation.override("zh-hant"):
        zh = selects(build(PolicyFilterSet))["issuer"]["options"]
    en = selects(build(PolicyFilterSet))["issuer"]["options"]
    assert zh == [("only-en", "Only English"), ("itib", "創新科技署")]
    assert en == [("itib", "Innovation Bureau"), ("only-en", "Only English")]


def test_select_options_follow_the_editors_changes(make):
    bureau = make.institution(name="Bureau", slug="bureau")
    assert selects(build(PolicyFilterSet))["issuer"]["options"] == []
    plan = make.policy(issuer=bureau, status="draft")
    assert selects(build(PolicyFilterSet))["issuer"]["options"] == []
    plan.status = "published"
    plan.save()
    assert selects(build(PolicyFilterSet))["issuer"]["options"] == [("bureau", "Bureau")]
    bureau.name_en = "Renamed Bureau"
    bureau.save()
    assert selects(build(PolicyFilterSet))["issuer"]["options"] == [("bureau", "Renamed Bureau")]


def test_select_options_are_capped(make, monkeypatch):
    monkeypatch.setattr(listing_filterset, "MAX_SELECT_OPTIONS", 2)
    for name in ("C", "A", "B"):
        make.hub(operator=make.institution(name=name, slug=name.lower()))
    assert selects(build(HubFilterSet))["operator"]["options"] == [("a", "A"), ("b", "B")]
    # Beyond the cap, an entry remains reachable by URL, and shown when chosen.
    chosen = build(HubFilterSet, "operator=c")
    assert len(chosen.qs) == 1
    assert selects(chosen)["operator"]["options"][0] == ("c", "C")


# --- Queries -------------------------------------------------------------------------------


def everything_a_listing_shows(filterset):
    """What the listing view asks of its FilterSet, page and all."""
    keys = list(filterset.qs.values_list("pk", flat=True)[:20])
    return (
        keys,
        filterset.qs.count(),
        filterset.checkbox_groups(),
        filterset.range_groups(),
        filterset.select_groups(),
        filterset.chips(),
        filterset.ignored_values(),
        filterset.query,
        filterset.clear_query(),
        filterset.sort_order,
    )


def populate(make):
    """The entries every other one links to; add() adds the rest."""
    sectors = [make.sector(slug=f"s{i}") for i in range(3)]
    root = make.institution(name="Root", slug="root", sectors=sectors)
    hub = make.hub(name="Root hub", slug="root-hub", operator=root, offers_space=True)
    challenge = make.challenge(name="Root challenge", slug="root-challenge")
    policy = make.policy(name="Root policy", slug="root-policy", issuer=root)
    policy.challenges.add(challenge)

    def add(start, stop):
        """Entries start..stop of each type, published and draft, linked to the roots."""
        for i in range(start, stop):
            for status in ("published", "draft"):
                centre = make.institution(
                    name=f"Centre {i}",
                    kind="research-centre",
                    parent=root,
                    founded=2000 + i,
                    sectors=sectors[: i % 3 + 1],
                    status=status,
                )
                centre.hubs.add(hub)
                make.hub(
                    name=f"Hub {i}",
                    operator=root,
                    offers_space=True,
                    sectors=sectors,
                    status=status,
                )
                other = make.policy(name=f"Policy {i}", issuer=root, sectors=sectors, status=status)
                other.challenges.add(challenge)
                policy.challenges.add(
                    make.challenge(name=f"Challenge {i}", sectors=sectors, status=status)
                )

    return add


# Per listing, every kind of filter active, with an unknown value of some kinds.
QUERIES = {
    InstitutionFilterSet: (
        "q=centre&sector=s0&sector=nope&kind=research-centre&kind=castle&district=&"
        "founded_min=2000&founded_max=abc&parent=root&hub=root-hub&hub=ghost&sort=newest"
    ),
    HubFilterSet: "q=hub&sector=s0&kind=science-park&support=space&operator=root&sort=updated",
    PolicyFilterSet: (
        "q=policy&sector=s1&kind=strategy&status=active&status=zzz&year_min=2000&"
        "year_max=2100&issuer=root&challenge=root-challenge"
    ),
    ChallengeFilterSet: "q=challenge&sector=s2&category=talent&policy=root-policy&sort=name",
}


def visits(filterset_class):
    """What a first visit (nothing in the fragment cache) and a repeat visit show, and how
    many queries each ran."""
    measured = []
    for _visit in ("first", "repeat"):
        with CaptureQueriesContext(connection) as queries:
            shown = everything_a_listing_shows(build(filterset_class, QUERIES[filterset_class]))
        measured.append((shown, len(queries)))
    return measured


@pytest.mark.parametrize("filterset_class", list(QUERIES), ids=lambda cls: cls.__name__)
def test_a_listings_queries_do_not_grow_with_the_directory(
    make, django_assert_num_queries, filterset_class
):
    add = populate(make)
    add(0, 2)
    (small, first), (again, repeat) = visits(filterset_class)
    assert small[1] >= 1 and again == small
    # The repeat visit reads the sectors and the select options from the fragment cache.
    assert repeat < first
    add(2, 20)  # every save retires the cached pieces: the next visit is a first one again
    with django_assert_num_queries(first):
        large = everything_a_listing_shows(build(filterset_class, QUERIES[filterset_class]))
    assert large[1] > small[1]
    with django_assert_num_queries(repeat):
        everything_a_listing_shows(build(filterset_class, QUERIES[filterset_class]))


def test_a_filterset_without_data_describes_the_whole_listing(directory):
    """django-filter's FilterView builds its FilterSet with `data=None` for a visit with no
    query string, and so may the apps beside `directory` that reuse these FilterSets: that
    is the listing with no filter chosen, not an error."""
    filterset = InstitutionFilterSet()
    assert names(filterset) == ["Fin Co", "HKU", "HKU Lab"]
    assert filterset.sort_order == "name"
    assert not filterset.is_filtered() and filterset.chips() == []
    assert facets(filterset) == facets(build(InstitutionFilterSet))
    assert filterset.query == "" and filterset.ignored_values() == []
