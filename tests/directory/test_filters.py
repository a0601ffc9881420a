"""The FilterSets behind the listings: input cleaning, facet counts, chips and the select
options, tested directly (the view tests cover them through HTTP)."""

import pytest
from django.http import QueryDict

from directory.filters import (
    MAX_VALUES_PER_PARAM,
    STATEMENTS,
    ChallengeFilterSet,
    HubFilterSet,
    InstitutionFilterSet,
    PolicyFilterSet,
)

pytestmark = pytest.mark.django_db


def build(filterset_class, query=""):
    return filterset_class(QueryDict(query))


def test_unknown_parameters_and_empty_values_are_dropped():
    filterset = build(InstitutionFilterSet, "kind=&evil=1&q=&district=wan-chai&page=3")
    assert dict(filterset.data.lists()) == {"district": ["wan-chai"]}
    assert filterset.ignored == []


def test_unknown_choices_are_ignored_but_known_ones_kept():
    filterset = build(HubFilterSet, "kind=incubator&kind=castle&support=space&support=magic")
    assert filterset.cleaned["kind"] == ["incubator"]
    assert filterset.cleaned["support"] == ["space"]
    assert filterset.ignored == [("kind", "castle"), ("support", "magic")]


def test_repeated_values_are_deduplicated_and_capped():
    many = "&".join(f"kind=k{i}" for i in range(100))
    filterset = build(PolicyFilterSet, f"kind=law&kind=law&{many}")
    assert filterset.cleaned["kind"] == ["law"]
    assert len(filterset.ignored) == MAX_VALUES_PER_PARAM - 1


def test_single_valued_parameters_take_the_last_value():
    filterset = build(PolicyFilterSet, "sort=name&sort=newest&year_min=2000&year_min=2010")
    assert filterset.sort_order == "newest"
    assert filterset.cleaned["year_min"] == 2010


def test_nul_bytes_are_removed_and_the_query_capped():
    filterset = build(ChallengeFilterSet, "q=ta%00lent" + "x" * 500)
    assert filterset.cleaned["q"].startswith("talent")
    assert len(filterset.cleaned["q"]) == 100


def test_malformed_years_are_ignored_and_left_out_of_rebuilt_urls(make):
    filterset = build(InstitutionFilterSet, "founded_min=abc&founded_max=1e9&kind=university")
    assert "founded_min" not in filterset.cleaned and "founded_max" not in filterset.cleaned
    assert ("founded_min", "abc") in filterset.ignored
    assert ("founded_max", "1e9") in filterset.ignored
    assert filterset.query_for_page(2) == "kind=university&page=2"


def test_sort_defaults_to_name_and_ignores_unknown_orders():
    assert build(HubFilterSet).sort_order == "name"
    filterset = build(HubFilterSet, "sort=../../etc/passwd")
    assert filterset.sort_order == "name"
    assert filterset.ignored == [("sort", "../../etc/passwd")]


def test_slug_filters_only_accept_published_entries(make):
    make.institution(name="Draft Bureau", slug="draft-bureau", status="draft")
    make.institution(name="Bureau", slug="bureau")
    assert build(PolicyFilterSet, "issuer=draft-bureau").cleaned == {}
    assert build(PolicyFilterSet, "issuer=bureau").cleaned["issuer"].name == "Bureau"


def test_queryset_without_ignores_only_the_named_filter(make):
    make.institution(name="Uni", kind="university", district="sha-tin")
    make.institution(name="Firm", kind="company", district="sha-tin")
    make.institution(name="Far Uni", kind="university", district="islands")
    filterset = build(InstitutionFilterSet, "kind=university&district=sha-tin")
    assert [e.name for e in filterset.qs] == ["Uni"]
    assert sorted(e.name for e in filterset.queryset_without("kind")) == ["Firm", "Uni"]
    assert sorted(e.name for e in filterset.queryset_without("district")) == ["Far Uni", "Uni"]


def test_support_facet_counts_what_adding_each_support_would_leave(make):
    make.hub(name="A", offers_space=True, offers_funding=True)
    make.hub(name="B", offers_space=True, offers_computing=True)
    make.hub(name="C", offers_funding=True)
    filterset = build(HubFilterSet, "support=space")
    counts = filterset.facet_counts("support")
    assert counts == {
        "space": 2,
        "funding": 1,
        "mentoring": 0,
        "computing": 1,
        "market_access": 0,
    }


def test_sector_facet_counts_entries_per_sector(make):
    one = make.sector(name="One", slug="one")
    two = make.sector(name="Two", slug="two")
    make.challenge(name="Both", sectors=[one, two])
    make.challenge(name="One only", sectors=[one])
    make.challenge(name="Draft", sectors=[one], status="draft")
    assert build(ChallengeFilterSet).facet_counts("sector") == {"one": 2, "two": 1}


def test_status_facet_uses_the_stage_column(make):
    make.policy(name="A", stage="active")
    make.policy(name="B", stage="active")
    make.policy(name="C", stage="proposed")
    counts = build(PolicyFilterSet, "status=proposed").facet_counts("status")
    assert counts == {"active": 2, "proposed": 1}


def test_checkbox_groups_mark_checked_options_with_counts(make):
    make.challenge(name="Data gap", category="data")
    groups = build(ChallengeFilterSet, "category=data").checkbox_groups()
    category = next(group for group in groups if group["name"] == "category")
    data = next(option for option in category["options"] if option["value"] == "data")
    assert data == {
        "value": "data",
        "label": "Data and privacy",
        "count": 1,
        "checked": True,
        "id": "id_category_data",
    }


def test_chips_label_each_value_and_remove_only_it(make):
    make.institution(name="Operator Co", slug="op-co")
    filterset = build(HubFilterSet, "support=space&support=funding&operator=op-co&q=park")
    chips = {(chip["label"], chip["value"]): chip["query"] for chip in filterset.chips()}
    assert chips[("Search", "park")] == "support=space&support=funding&operator=op-co"
    assert chips[("Support offered", "Space")] == "q=park&support=funding&operator=op-co"
    assert chips[("Operator", "Operator Co")] == "q=park&support=space&support=funding"
    assert filterset.is_filtered()


def test_sort_is_not_a_chip_and_survives_clearing():
    filterset = build(HubFilterSet, "sort=updated")
    assert filterset.chips() == []
    assert not filterset.is_filtered()
    assert filterset.clear_query() == "sort=updated"


def test_select_options_list_only_entries_with_published_relations(make):
    parent = make.institution(name="Parent", slug="parent")
    make.institution(name="Child", parent=parent)
    lonely = make.institution(name="Lonely", slug="lonely")
    drafts_only = make.institution(name="Drafts only", slug="drafts-only")
    make.institution(name="Draft child", parent=drafts_only, status="draft")
    groups = {g["name"]: g for g in build(InstitutionFilterSet).select_groups()}
    assert groups["parent"]["options"] == [("parent", "Parent")]
    # A selected entry is offered even when it has no matches, so the form shows it.
    groups = {g["name"]: g for g in build(InstitutionFilterSet, "parent=lonely").select_groups()}
    assert groups["parent"]["options"][0] == ("lonely", "Lonely")
    assert groups["parent"]["selected"] == "lonely"
    assert lonely.slug == "lonely"


def test_select_options_use_the_visitors_language(make):
    from django.utils import translation

    issuer = make.institution(name="Innovation Bureau", slug="itib", name_zh_hant="創新科技署")
    make.policy(name="Plan", issuer=issuer)
    untranslated = make.institution(name="Only English", slug="only-en")
    make.policy(name="Other plan", issuer=untranslated)
    with translation.override("zh-hant"):
        groups = build(PolicyFilterSet).select_groups()
    issuers = dict(next(g for g in groups if g["name"] == "issuer")["options"])
    assert issuers == {"itib": "創新科技署", "only-en": "Only English"}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "sector=one",
        "kind=university",
        "kind=university&sector=one",
        "q=lab",
        "q=lab&sector=one&sector=two",
        "kind=university&kind=company&district=sha-tin&sector=two",
        "district=wan-chai&founded_min=2000",
    ],
)
def test_facets_counted_together_match_each_facet_counted_alone(make, query):
    one = make.sector(name="One", slug="one")
    two = make.sector(name="Two", slug="two")
    make.institution(name="Lab A", kind="university", district="sha-tin", sectors=[one, two])
    make.institution(name="Lab B", kind="company", district="sha-tin", sectors=[two])
    make.institution(name="C", kind="university", district="wan-chai", sectors=[one], founded=2001)
    make.institution(name="Lab D", kind="university", district="", status="draft")
    filterset = build(InstitutionFilterSet, query)
    together = filterset.all_facet_counts()
    assert together == {name: filterset.facet_counts(name) for name in filterset.checkbox_filters}
    # The same grouped query gives the paginator its count.
    assert filterset.total() == filterset.qs.count()


@pytest.mark.parametrize(
    "query", ["", "support=space", "support=space&support=funding&kind=incubator", "sector=one"]
)
def test_hub_facets_counted_together_match_each_facet_counted_alone(make, query):
    one = make.sector(name="One", slug="one")
    make.hub(name="A", kind="incubator", offers_space=True, offers_funding=True, sectors=[one])
    make.hub(name="B", kind="incubator", offers_space=True)
    make.hub(name="C", kind="science-park", offers_funding=True, sectors=[one])
    make.hub(name="D", kind="incubator", offers_space=True, status="draft")
    filterset = build(HubFilterSet, query)
    together = filterset.all_facet_counts()
    assert together == {name: filterset.facet_counts(name) for name in filterset.checkbox_filters}
    assert filterset.total() == filterset.qs.count()


def names_on_page(filterset_class, query):
    """The entries on the first page, through the compiled-once path (ResultKeys)."""
    filterset = build(filterset_class, query)
    keys = filterset.result_keys()[0:20]
    names = dict(filterset.queryset.values_list("pk", "name_en"))
    return [names[pk] for pk in keys], filterset.total()


def test_queries_compiled_once_per_shape_run_with_each_requests_own_values(make):
    """Two requests of the same shape (same filters, as many values) share SQL compiled
    once: each must still see its own values, however the ORM orders its parameters."""
    one = make.sector(name="One", slug="one")
    two = make.sector(name="Two", slug="two")
    itib = make.institution(name="ITIB", slug="itib")
    hkma = make.institution(name="HKMA", slug="hkma")
    talent = make.challenge(name="Talent", slug="talent")
    first = make.policy(
        name="A",
        stage="active",
        kind="law",
        issuer=itib,
        sectors=[one],
        announced_year=2020,
    )
    first.challenges.add(talent)
    make.policy(
        name="B", stage="proposed", kind="law", issuer=hkma, sectors=[two], announced_year=2023
    )
    make.policy(
        name="C",
        stage="active",
        kind="strategy",
        issuer=hkma,
        sectors=[one, two],
        announced_year=2024,
    )
    cases = [
        ("status=active", ["A", "C"]),
        ("status=proposed", ["B"]),
        ("sector=one&status=active", ["A", "C"]),
        ("sector=two&status=proposed", ["B"]),
        ("sector=two&status=active", ["C"]),
        ("issuer=itib&year_min=2019", ["A"]),
        ("issuer=hkma&year_min=2024", ["C"]),
        ("kind=law&kind=strategy&year_max=2023", ["A", "B"]),
        ("kind=strategy&kind=law&year_max=2020", ["A"]),
        ("challenge=talent&sort=newest", ["A"]),
    ]
    for query, expected in cases * 2:  # the second round runs every shape compiled
        assert names_on_page(PolicyFilterSet, query) == (expected, len(expected)), query
        counts = build(PolicyFilterSet, query).all_facet_counts()
        alone = build(PolicyFilterSet, query)
        assert counts == {name: alone.facet_counts(name) for name in alone.checkbox_filters}
    # Every one of these shapes could reuse its SQL (none fell back to the ORM for good).
    assert all(
        statement is not None
        for key, statement in STATEMENTS.items()
        if key[0] is PolicyFilterSet
        and key[4] in {build(PolicyFilterSet, q)._shape[0] for q, _ in cases}
    )


def test_shapes_compile_whatever_order_the_filters_apply_in(make):
    """The stand-ins apply the filters in the request's order: the institutions' sector
    comes before their kind, which sorted the other way."""
    one = make.sector(name="One", slug="one")
    make.institution(name="Uni", kind="university", sectors=[one])
    make.institution(name="Firm", kind="company", sectors=[one])
    for kind in ("university", "company", "university"):
        filterset = build(InstitutionFilterSet, f"kind={kind}&sector=one")
        assert len(filterset.result_keys()[0:20]) == filterset.total() == 1
        assert filterset.all_facet_counts()["sector"] == {"one": 1}
    shape = build(InstitutionFilterSet, "kind=company&sector=one")._shape[0]
    compiled = {
        k[1]: s for k, s in STATEMENTS.items() if k[0] is InstitutionFilterSet and k[4] == shape
    }
    assert {"facets", ("page", 0, 20)} <= set(compiled)
    assert None not in compiled.values()


def test_sql_is_not_reused_where_the_orm_rewrites_a_value(make):
    """A placeholder the ORM turns into a pattern cannot stand for the value."""
    from directory.models import Institution, Statement

    placeholder = "\x1fstand-in-0\x1f"
    searched = Institution.objects.filter(name_en__icontains=placeholder).values_list("pk")
    with pytest.raises(ValueError):
        Statement.compile(searched, [placeholder], "default", ["pk"])
    exact = Institution.objects.filter(name_en=placeholder).values_list("pk")
    statement = Statement.compile(exact, [placeholder], "default", ["pk"])
    make.institution(name="Real")
    assert statement.rows(["Real"], "default") == list(
        Institution.objects.filter(name_en="Real").values_list("pk")
    )
