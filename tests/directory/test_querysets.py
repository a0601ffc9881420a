"""The QuerySet methods the public site is built on: ordering, sector filtering, facet
counts, and the relation loaders that must never let a draft through."""

import datetime

import pytest
from django.utils import translation

from directory.models import Challenge, Hub, Institution, Policy, Source

pytestmark = pytest.mark.django_db


def names(queryset):
    return [entry.name for entry in queryset]


def test_by_name_sorts_in_the_visitors_language_with_english_fallback(make):
    make.institution(name="Zeta", name_zh_hant="A 中文")
    make.institution(name="Apple", name_zh_hant="")
    make.institution(name="Beta", name_zh_hant="C 中文")
    assert names(Institution.objects.by_name()) == ["Apple", "Beta", "Zeta"]
    with translation.override("zh-hant"):
        # Untranslated "Apple" sorts by its English name instead of jumping to the front.
        ordered = names(Institution.objects.by_name())
    assert ordered == ["A 中文", "Apple", "C 中文"]


def test_newest_uses_each_types_own_date(make):
    make.institution(name="Old", founded=1911)
    make.institution(name="Young", founded=2020)
    make.institution(name="Unknown", founded=None)
    assert names(Institution.objects.ordered_by("newest")) == ["Young", "Old", "Unknown"]
    make.policy(name="P2015", announced_year=2015)
    make.policy(name="P2024a", announced_year=2024, announced_on=datetime.date(2024, 1, 5))
    make.policy(name="P2024b", announced_year=2024, announced_on=datetime.date(2024, 9, 1))
    assert names(Policy.objects.ordered_by("newest")) == ["P2024b", "P2024a", "P2015"]
    make.hub(name="Opened 1990", opened=1990)
    make.hub(name="Opened 2019", opened=2019)
    assert names(Hub.objects.ordered_by("newest")) == ["Opened 2019", "Opened 1990"]


def test_updated_puts_the_latest_change_first(make):
    first = make.challenge(name="First")
    make.challenge(name="Second")
    first.save()
    assert names(Challenge.objects.ordered_by("updated")) == ["First", "Second"]


def test_unknown_sort_falls_back_to_name(make):
    make.hub(name="B")
    make.hub(name="A")
    assert names(Hub.objects.ordered_by("drop table")) == ["A", "B"]


def test_in_sectors_matches_any_sector_once(make):
    one, two = make.sector(slug="one"), make.sector(slug="two")
    make.policy(name="Both", sectors=[one, two])
    make.policy(name="One", sectors=[one])
    make.policy(name="None")
    found = Policy.objects.in_sectors(["one", "two"]).by_name()
    assert names(found) == ["Both", "One"]
    assert found.count() == 2


def test_value_and_sector_counts(make):
    one = make.sector(slug="one")
    make.institution(kind="university", sectors=[one])
    make.institution(kind="university")
    make.institution(kind="company", sectors=[one])
    qs = Institution.objects.published()
    assert qs.value_counts("kind") == {"university": 2, "company": 1}
    assert qs.sector_counts() == {"one": 2}
    assert qs.sector_id_counts() == {one.pk: 2}


def test_flag_counts(make):
    make.hub(offers_space=True, offers_funding=True)
    make.hub(offers_space=True)
    counts = Hub.objects.flag_counts(["offers_space", "offers_funding", "offers_mentoring"])
    assert counts == {"offers_space": 2, "offers_funding": 1, "offers_mentoring": 0}


def test_offering_requires_every_support(make):
    make.hub(name="Both", offers_space=True, offers_funding=True)
    make.hub(name="Space", offers_space=True)
    assert names(Hub.objects.offering(["space", "funding"])) == ["Both"]


def test_listing_relations_load_only_published_relations(make):
    draft_parent = make.institution(name="Draft parent", status="draft")
    parent = make.institution(name="Parent")
    make.institution(name="Child of draft", parent=draft_parent)
    make.institution(name="Child", parent=parent)
    rows = {e.name: e for e in Institution.objects.published().with_listing_relations()}
    assert rows["Child of draft"].parent is None
    assert rows["Child"].parent.name == "Parent"


def test_listing_relations_run_a_fixed_number_of_queries(make, django_assert_num_queries):
    sector = make.sector()
    issuer = make.institution()
    for n in range(5):
        make.policy(name=f"P{n}", issuer=issuer, sectors=[sector])
    # Policies, their sectors, their issuers; nothing per row.
    with django_assert_num_queries(3):
        for policy in Policy.objects.published().with_listing_relations():
            assert policy.issuer.name and policy.listed_sectors[0].name and policy.summary


def test_detail_relations_hide_drafts_both_ways(make):
    uni = make.institution(name="Uni")
    make.institution(name="Centre", parent=uni)
    make.institution(name="Draft centre", parent=uni, status="draft")
    make.hub(name="Hub", operator=uni)
    make.hub(name="Draft hub", operator=uni, status="draft")
    make.policy(name="Policy", issuer=uni)
    make.policy(name="Draft policy", issuer=uni, status="draft")
    Source.objects.create(entry=uni, title_en="Source", url="https://example.org")
    loaded = Institution.objects.detail(uni.slug)
    assert names(loaded.listed_children) == ["Centre"]
    assert names(loaded.listed_operated_hubs) == ["Hub"]
    assert names(loaded.listed_issued_policies) == ["Policy"]
    assert [s.title for s in loaded.listed_sources] == ["Source"]


def test_detail_links_to_drafts_read_as_none(make):
    """The to-one links are joined into the entry's own query; a draft on the other end
    must read as no link at all, never as the draft."""
    draft_parent = make.institution(name="Draft parent", status="draft")
    draft_issuer = make.institution(name="Draft issuer", status="draft")
    draft_successor = make.policy(name="Draft successor", status="draft")
    make.institution(name="Orphan", slug="orphan", parent=draft_parent)
    make.hub(name="Hub", slug="hub", operator=draft_issuer)
    make.policy(name="Policy", slug="policy", issuer=draft_issuer, superseded_by=draft_successor)
    assert Institution.objects.detail("orphan").parent is None
    assert Hub.objects.detail("hub").operator is None
    loaded = Policy.objects.detail("policy")
    assert loaded.issuer is None and loaded.superseded_by is None
    # The key stays (it is not the page's to show); only the link is hidden.
    assert loaded.issuer_id == draft_issuer.pk


def test_detail_links_to_published_entries_are_loaded_in_the_same_query(
    make, django_assert_num_queries
):
    parent = make.institution(name="Parent", slug="parent", name_zh_hant="母")
    make.institution(name="Child", slug="child", parent=parent)
    successor = make.policy(name="Successor", slug="successor")
    make.policy(name="Policy", slug="policy", issuer=parent, superseded_by=successor)
    make.hub(name="Hub", slug="hub")
    # Each: the entry with its links, its sectors and sources, then its own lists.
    with django_assert_num_queries(7 + 5):
        child = Institution.objects.detail("child")
        loaded = Policy.objects.detail("policy")
        assert child.parent.name == "Parent" and child.parent.name_zh_hant == "母"
        assert child.parent.get_absolute_url() == "/en/institutions/parent/"
        assert (loaded.issuer.name, loaded.superseded_by.name) == ("Parent", "Successor")
    assert Hub.objects.detail("hub").operator is None


def test_detail_lists_sort_in_each_language_and_hide_drafts(make):
    """The lists' SQL is compiled once per language: each language keeps its own order."""
    policy = make.policy(name="Plan", slug="plan")
    policy.challenges.add(
        make.challenge(name="Alpha", name_zh_hant="乙"),
        make.challenge(name="Beta", name_zh_hant="一"),
        make.challenge(name="Draft", status="draft"),
    )
    for language, expected in [("en", ["Alpha", "Beta"]), ("zh-hant", ["一", "乙"])] * 2:
        with translation.override(language):
            assert names(Policy.objects.detail("plan").listed_challenges) == expected
    with pytest.raises(Policy.DoesNotExist):
        Policy.objects.detail("no-such-plan")


def test_policy_detail_relations(make, django_assert_num_queries):
    new = make.policy(name="New")
    make.policy(name="Old", superseded_by=new)
    make.policy(name="Draft old", superseded_by=new, status="draft")
    new.challenges.add(make.challenge(name="Gap"), make.challenge(name="Draft", status="draft"))
    # The policy with its links, then sectors, sources, challenges and the policies it replaced.
    with django_assert_num_queries(5):
        loaded = Policy.objects.detail(new.slug)
        assert names(loaded.listed_supersedes) == ["Old"]
        assert names(loaded.listed_challenges) == ["Gap"]
        assert loaded.superseded_by is None and loaded.issuer is None


def test_card_columns_cover_what_a_card_reads(make, django_assert_num_queries):
    make.challenge(name="Gap", category="data")
    with django_assert_num_queries(1):
        challenge = Challenge.objects.only(*Challenge.objects.card_columns()).get()
        assert (challenge.name, challenge.kind, challenge.get_absolute_url()) == (
            "Gap",
            "data",
            f"/en/challenges/{challenge.slug}/",
        )


def test_published_sector_counts_match_counting_the_published_entries(make):
    one, two, empty = make.sector(slug="one"), make.sector(slug="two"), make.sector(slug="none")
    make.policy(sectors=[one, two])
    make.policy(sectors=[one])
    make.policy(status="draft", sectors=[one, two])
    make.policy(status="draft", sectors=[empty])
    make.policy()
    published = Policy.objects.published()
    assert published.published_sector_counts() == {"one": 2, "two": 1}
    assert published.sector_counts() == {"one": 2, "two": 1}
    assert Policy.objects.drafts().sector_counts() == {"one": 1, "two": 1, "none": 1}


@pytest.mark.parametrize("counting", [False, True], ids=["listing", "counting"])
def test_in_sectors_keeps_the_other_filters(make, counting):
    one, two = make.sector(slug="one"), make.sector(slug="two")
    make.policy(name="Active", stage="active", sectors=[one, two])
    make.policy(name="Other sector", stage="active", sectors=[two])
    make.policy(name="Proposed", stage="proposed", sectors=[one])
    make.policy(name="Draft", status="draft", sectors=[one])
    published = Policy.objects.published()
    found = published.filter(stage="active").in_sectors(["one"], counting=counting)
    assert names(found) == ["Active"]
    assert found.count() == 1
    both = published.in_sectors(["one", "two"], counting=counting)
    assert both.value_counts("stage") == {"active": 2, "proposed": 1}


def test_value_rows_count_each_combination_of_values(make):
    make.institution(kind="university", district="sha-tin")
    make.institution(kind="university", district="sha-tin")
    make.institution(kind="university", district="")
    make.institution(kind="company", district="sha-tin")
    make.institution(kind="company", district="sha-tin", status="draft")
    rows = Institution.objects.published().value_rows(["kind", "district"])
    assert sorted(rows) == [
        ("company", "sha-tin", 1),
        ("university", "", 1),
        ("university", "sha-tin", 2),
    ]


def mask_of(*sectors):
    from directory.models import sector_bit

    return sum(sector_bit(sector.pk) for sector in sectors)


def test_sector_masks_follow_the_links_from_either_side(make):
    """sector_mask is what facet counts read for sectors: it must follow every way an
    editor or a command changes an entry's sectors."""
    one, two = make.sector(pk=1, slug="one"), make.sector(pk=2, slug="two")
    policy = make.policy(sectors=[one])

    def mask():
        return Policy.objects.get(pk=policy.pk).sector_mask

    assert mask() == mask_of(one)
    policy.sectors.add(two)
    assert mask() == mask_of(one, two)
    one.policys.remove(policy)  # from the sector's side
    assert mask() == mask_of(two)
    policy.sectors.set([one])
    assert mask() == mask_of(one)
    one.policys.clear()
    assert mask() == 0
    two.policys.add(policy)
    assert mask() == mask_of(two)
    two.delete()  # the links go without m2m_changed
    assert mask() == 0
    stale = Policy.objects.get(pk=policy.pk)
    policy.sectors.add(one)
    stale.name_en = "Renamed"
    stale.save()  # a copy loaded before the change must not put its old mask back
    assert mask() == mask_of(one)


def test_counting_by_sector_mask_matches_the_link_table(make):
    from django.http import QueryDict

    from directory.filters import PolicyFilterSet

    # Keys within the mask's range, also where earlier tests used up low ones (PostgreSQL).
    one, two, three = (make.sector(pk=pk, slug=slug) for pk, slug in enumerate(("a", "b", "c"), 1))
    make.policy(stage="active", kind="law", sectors=[one, two])
    make.policy(stage="active", kind="strategy", sectors=[two])
    make.policy(stage="proposed", kind="law", sectors=[one, three])
    make.policy(stage="proposed", kind="law")
    make.policy(stage="active", kind="law", sectors=[one], status="draft")
    for query in (
        "",
        "sector=a",
        "sector=a&sector=c",
        "status=active",
        "status=active&sector=b",
        "kind=law&sector=a&sector=b&status=proposed",
    ):
        by_mask = PolicyFilterSet(QueryDict(query))
        by_links = PolicyFilterSet(QueryDict(query))
        by_links.sector_masks_usable = False
        assert by_mask.sector_masks_usable
        assert by_mask.all_facet_counts() == by_links.all_facet_counts(), query
        assert by_mask.total() == by_links.total(), query
