"""The QuerySet methods the public site is built on: what is published, search, sector
filtering, ordering, facet counts, the select options' candidates, and the relation loaders
for cards and detail pages, which must never let a draft through and must run a fixed number
of queries however many entries they load."""

import datetime

import pytest
from django.utils import translation

from directory.models import Challenge, Collaboration, Hub, Institution, Policy, Source

pytestmark = pytest.mark.django_db


def names(entries):
    return [entry.name for entry in entries]


# --- published() and search() ---------------------------------------------------------------


def test_published_hides_drafts_whatever_is_chained_after_it(make):
    sector = make.sector(slug="ai")
    make.policy(name="Public plan", sectors=[sector])
    make.policy(name="Draft plan", status="draft", sectors=[sector])
    published = Policy.objects.published()
    assert names(published) == ["Public plan"]
    assert names(published.search("plan").in_sectors(["ai"]).ordered_by("newest")) == [
        "Public plan"
    ]
    assert names(Policy.objects.drafts()) == ["Draft plan"]


def test_search_needs_every_word_in_any_column_and_either_language(make):
    make.hub(
        name="Cyberport",
        name_zh_hant="數碼港",
        summary_en="Digital technology hub.",
        address_en="100 Cyberport Road",
    )
    make.hub(name="Science Park", summary_en="Technology parks in Sha Tin.")
    assert names(Hub.objects.search("TECHNOLOGY")) == ["Cyberport", "Science Park"]
    # Words may sit in different columns (name, address), but each must be somewhere.
    assert names(Hub.objects.search("cyberport road")) == ["Cyberport"]
    assert names(Hub.objects.search("technology sha")) == ["Science Park"]
    assert names(Hub.objects.search("technology castle")) == []
    # Chinese from the English interface, English from the Chinese one.
    assert names(Hub.objects.search("數碼")) == ["Cyberport"]
    with translation.override("zh-hant"):
        assert names(Hub.objects.search("science")) == ["Science Park"]
    # A blank query asks for nothing, so narrows nothing.
    assert Hub.objects.search("   ").count() == 2


def test_search_takes_characters_literally(make):
    """What LIKE and the search index treat specially is matched as itself."""
    make.challenge(name="Funding", summary_en="Only 5% of budgets; open_data \"quoted\" 'x'")
    make.challenge(name="Other", summary_en="Fifty percent, open data, quoted")
    for query in ("5%", "%", "open_data", "_", '"quoted"', "'x'", "\\"):
        expected = ["Funding"] if query != "\\" else []
        assert names(Challenge.objects.search(query)) == expected, query


def test_search_reads_at_most_six_words(make):
    make.institution(name="Alpha beta gamma delta epsilon zeta")
    assert names(Institution.objects.search("alpha beta gamma delta epsilon zeta nowhere")) == [
        "Alpha beta gamma delta epsilon zeta"
    ]
    assert names(Institution.objects.search("nowhere alpha")) == []


# --- Sectors --------------------------------------------------------------------------------


def test_in_sectors_matches_any_sector_once(make):
    one, two = make.sector(slug="one"), make.sector(slug="two")
    make.policy(name="Both", sectors=[one, two])
    make.policy(name="One", sectors=[one])
    make.policy(name="None")
    found = Policy.objects.in_sectors(["one", "two"]).by_name()
    assert names(found) == ["Both", "One"]
    assert found.count() == 2
    assert names(Policy.objects.in_sectors(["no-such-sector"])) == []


def test_in_sectors_keeps_the_other_filters_and_counts_each_entry_once(make):
    one, two = make.sector(slug="one"), make.sector(slug="two")
    make.policy(name="Active", stage="active", sectors=[one, two])
    make.policy(name="Other sector", stage="active", sectors=[two])
    make.policy(name="Proposed", stage="proposed", sectors=[one])
    make.policy(name="Draft", status="draft", sectors=[one])
    published = Policy.objects.published()
    found = published.filter(stage="active").in_sectors(["one"])
    assert names(found) == ["Active"]
    assert found.count() == 1
    both = published.in_sectors(["one", "two"])
    # "Active" is in both sectors, and still counts once.
    assert both.value_counts("stage") == {"active": 2, "proposed": 1}


def test_for_sector_finds_the_entries_linked_to_a_sector(make):
    fintech = make.sector(slug="fintech")
    make.institution(name="Bank", sectors=[fintech])
    make.institution(name="Lab")
    assert names(Institution.objects.for_sector(fintech)) == ["Bank"]


# --- Ordering -------------------------------------------------------------------------------


def test_by_name_sorts_in_the_visitors_language_with_english_fallback(make):
    make.institution(name="Zeta", name_zh_hant="A 中文")
    make.institution(name="Apple", name_zh_hant="")
    make.institution(name="Beta", name_zh_hant="C 中文")
    assert names(Institution.objects.by_name()) == ["Apple", "Beta", "Zeta"]
    with translation.override("zh-hant"):
        # Untranslated "Apple" sorts by its English name instead of jumping to the front.
        assert names(Institution.objects.by_name()) == ["A 中文", "Apple", "C 中文"]
        assert names(Institution.objects.ordered_by("name")) == ["A 中文", "Apple", "C 中文"]
    # A language may also be named.
    order = [e.name_en for e in Institution.objects.by_name("zh-hant")]
    assert order == ["Zeta", "Apple", "Beta"]


def test_entries_with_the_same_name_keep_a_stable_order(make):
    first = make.hub(name="Same")
    second = make.hub(name="Same")
    assert list(Hub.objects.by_name()) == [first, second]
    with translation.override("zh-hant"):
        assert list(Hub.objects.by_name()) == [first, second]


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
    # Challenges have no date of their own: the latest added comes first.
    make.challenge(name="Added first")
    make.challenge(name="Added second")
    assert names(Challenge.objects.ordered_by("newest")) == ["Added second", "Added first"]


def test_updated_puts_the_latest_change_first(make):
    first = make.challenge(name="First")
    make.challenge(name="Second")
    first.save()
    assert names(Challenge.objects.ordered_by("updated")) == ["First", "Second"]


def test_unknown_sort_falls_back_to_name(make):
    make.hub(name="B")
    make.hub(name="A")
    assert names(Hub.objects.ordered_by("drop table")) == ["A", "B"]
    assert names(Hub.objects.ordered_by(None)) == ["A", "B"]


# --- Facet counts ---------------------------------------------------------------------------


def test_value_counts_count_the_entries_per_value(make):
    make.institution(kind="university", district="sha-tin")
    make.institution(kind="university", district="")
    make.institution(kind="company", district="sha-tin")
    make.institution(kind="government", status="draft")
    published = Institution.objects.published()
    assert published.value_counts("kind") == {"university": 2, "company": 1}
    assert published.value_counts("district") == {"sha-tin": 2, "": 1}
    # Counted within whatever the queryset is narrowed to, ordering notwithstanding.
    narrowed = published.filter(district="sha-tin").ordered_by("newest")
    assert narrowed.value_counts("kind") == {"university": 1, "company": 1}


def test_sector_counts_count_each_entry_in_each_of_its_sectors(make):
    one, two = make.sector(slug="one"), make.sector(slug="two")
    make.sector(slug="empty")
    make.policy(sectors=[one, two])
    make.policy(sectors=[one])
    make.policy()  # in no sector: not counted anywhere
    make.policy(status="draft", sectors=[one, two])
    assert Policy.objects.published().sector_counts() == {"one": 2, "two": 1}
    assert Policy.objects.drafts().sector_counts() == {"one": 1, "two": 1}
    assert Policy.objects.published().filter(stage="superseded").sector_counts() == {}
    # Narrowed to a sector, the entries' other sectors are still counted.
    assert Policy.objects.published().in_sectors(["two"]).sector_counts() == {"one": 1, "two": 1}


def test_flag_counts_count_the_entries_with_each_flag(make):
    make.hub(offers_space=True, offers_funding=True)
    make.hub(offers_space=True)
    make.hub(offers_space=True, offers_mentoring=True, status="draft")
    counts = Hub.objects.published().flag_counts(
        ["offers_space", "offers_funding", "offers_mentoring"]
    )
    assert counts == {"offers_space": 2, "offers_funding": 1, "offers_mentoring": 0}


def test_offering_requires_every_support(make):
    make.hub(name="Both", offers_space=True, offers_funding=True)
    make.hub(name="Space", offers_space=True)
    assert names(Hub.objects.offering(["space", "funding"])) == ["Both"]
    assert names(Hub.objects.offering(["space"])) == ["Both", "Space"]


def test_facet_counts_take_one_query_each(make, django_assert_num_queries):
    sector = make.sector()
    for _ in range(3):
        make.hub(sectors=[sector], offers_space=True)
    published = Hub.objects.published()
    with django_assert_num_queries(3):
        published.value_counts("kind")
        published.sector_counts()
        published.flag_counts(["offers_space", "offers_funding"])


# --- The entries worth offering in a select -------------------------------------------------


def test_linked_from_keeps_the_entries_a_published_entry_links_to(make):
    bureau = make.institution(name="Bureau")
    make.institution(name="Only a draft links here", slug="draft-target")
    make.institution(name="Nobody links here")
    make.policy(issuer=bureau)
    make.policy(issuer=bureau)  # linked twice, listed once
    make.policy(issuer=Institution.objects.get(slug="draft-target"), status="draft")
    issuers = Institution.objects.published().linked_from(Policy, "issuer")
    assert names(issuers.by_name()) == ["Bureau"]
    # Through a many-to-many field too.
    hub, lonely = make.hub(name="Busy hub"), make.hub(name="Lonely hub")
    make.institution().hubs.add(hub)
    make.institution(status="draft").hubs.add(lonely)
    assert names(Hub.objects.published().linked_from(Institution, "hubs")) == ["Busy hub"]


# --- What a result card shows ---------------------------------------------------------------


def test_card_relations_are_published_entries_or_none(make):
    draft_parent = make.institution(name="Draft parent", status="draft")
    parent = make.institution(name="Parent")
    make.institution(name="Child of draft", parent=draft_parent)
    make.institution(name="Child", parent=parent)
    cards = {e.name: e for e in Institution.objects.published().with_card_relations()}
    assert cards["Child of draft"].listed_parent is None
    assert cards["Child"].listed_parent == parent
    assert cards["Parent"].listed_parent is None

    draft_bureau = make.institution(name="Draft bureau", status="draft")
    make.policy(name="Drafted by a draft", issuer=draft_bureau)
    make.policy(name="Issued", issuer=parent)
    make.hub(name="Draft-run hub", operator=draft_bureau)
    make.hub(name="Run hub", operator=parent)
    policies = {e.name: e for e in Policy.objects.published().with_card_relations()}
    assert policies["Drafted by a draft"].listed_issuer is None
    assert policies["Issued"].listed_issuer == parent
    hubs = {e.name: e for e in Hub.objects.published().with_card_relations()}
    assert hubs["Draft-run hub"].listed_operator is None
    assert hubs["Run hub"].listed_operator == parent


def test_card_sectors_are_listed_in_sector_order(make):
    second = make.sector(name="Second", order=2)
    first = make.sector(name="First", order=1)
    make.challenge(sectors=[second, first])
    make.challenge()
    loaded = list(Challenge.objects.with_card_relations().by_name())
    assert [names(entry.listed_sectors) for entry in loaded] == [["First", "Second"], []]


# What a card shows beside its sectors, and the queries for a page of them: the entries,
# their sectors and each of those relations.
CARD_RELATIONS = {
    Institution: ["parent"],
    Hub: ["operator"],
    Policy: ["issuer"],
    Challenge: [],
}


def make_cards(make, n):
    sectors = [make.sector(), make.sector()]
    parent, draft = make.institution(name="Root"), make.institution(status="draft")
    for i in range(n):
        linked = parent if i % 2 else draft
        make.institution(parent=linked, sectors=sectors)
        make.hub(operator=linked, sectors=sectors)
        make.policy(issuer=linked, sectors=sectors)
        make.challenge(sectors=sectors)


@pytest.mark.parametrize("n", [2, 12])
def test_cards_load_in_a_fixed_number_of_queries(make, django_assert_num_queries, n):
    make_cards(make, n)
    for model, relations in CARD_RELATIONS.items():
        with django_assert_num_queries(2 + len(relations)):
            cards = list(model.objects.published().with_card_relations().by_name())
            for card in cards:
                assert card.name and card.summary and card.get_absolute_url()
                assert len(card.listed_sectors) in (0, 2)
                for relation in relations:
                    linked = getattr(card, f"listed_{relation}")
                    assert linked is None or linked.name == "Root"
        assert len(cards) >= n


# --- What a detail page shows ---------------------------------------------------------------


def test_detail_lists_hide_drafts_both_ways(make):
    uni = make.institution(name="Uni")
    make.institution(name="Centre", parent=uni)
    make.institution(name="Draft centre", parent=uni, status="draft")
    make.hub(name="Hub", operator=uni)
    make.hub(name="Draft hub", operator=uni, status="draft")
    uni.hubs.add(make.hub(name="Member hub"), make.hub(name="Draft member hub", status="draft"))
    make.policy(name="Policy", issuer=uni)
    make.policy(name="Draft policy", issuer=uni, status="draft")
    Source.objects.create(entry=uni, title_en="Source", url="https://example.org")
    loaded = Institution.objects.detail(uni.slug)
    assert names(loaded.listed_children) == ["Centre"]
    assert names(loaded.listed_operated_hubs) == ["Hub"]
    assert names(loaded.listed_hubs) == ["Member hub"]
    assert names(loaded.listed_issued_policies) == ["Policy"]
    assert [s.title for s in loaded.listed_sources] == ["Source"]

    member = Hub.objects.detail(Hub.objects.get(name_en="Member hub").slug)
    assert names(member.listed_institutions) == ["Uni"]
    assert member.listed_operator is None


def test_detail_links_to_drafts_read_as_none(make):
    draft_parent = make.institution(name="Draft parent", status="draft")
    draft_issuer = make.institution(name="Draft issuer", status="draft")
    draft_successor = make.policy(name="Draft successor", status="draft")
    make.institution(name="Orphan", slug="orphan", parent=draft_parent)
    make.hub(name="Hub", slug="hub", operator=draft_issuer)
    make.policy(name="Policy", slug="policy", issuer=draft_issuer, superseded_by=draft_successor)
    assert Institution.objects.detail("orphan").listed_parent is None
    assert Hub.objects.detail("hub").listed_operator is None
    loaded = Policy.objects.detail("policy")
    assert loaded.listed_issuer is None and loaded.listed_superseded_by is None


def test_detail_links_to_published_entries_are_loaded(make):
    parent = make.institution(name="Parent", slug="parent", name_zh_hant="母")
    make.institution(name="Child", slug="child", parent=parent)
    successor = make.policy(name="Successor", slug="successor")
    make.policy(name="Policy", slug="policy", issuer=parent, superseded_by=successor)
    child = Institution.objects.detail("child")
    assert child.listed_parent == parent and child.listed_parent.name_zh_hant == "母"
    assert child.listed_parent.get_absolute_url() == "/en/institutions/parent/"
    loaded = Policy.objects.detail("policy")
    assert (loaded.listed_issuer.name, loaded.listed_superseded_by.name) == ("Parent", "Successor")
    assert names(Policy.objects.detail("successor").listed_supersedes) == ["Policy"]


def test_policy_and_challenge_details_list_each_other_without_drafts(make):
    new = make.policy(name="New", slug="new")
    make.policy(name="Old", superseded_by=new)
    make.policy(name="Draft old", superseded_by=new, status="draft")
    gap = make.challenge(name="Gap", slug="gap")
    new.challenges.add(gap, make.challenge(name="Draft", status="draft"))
    make.policy(name="Draft plan", status="draft").challenges.add(gap)
    loaded = Policy.objects.detail("new")
    assert names(loaded.listed_supersedes) == ["Old"]
    assert names(loaded.listed_challenges) == ["Gap"]
    assert loaded.listed_superseded_by is None and loaded.listed_issuer is None
    assert names(Challenge.objects.detail("gap").listed_policies) == ["New"]


def test_detail_lists_sort_in_each_language(make):
    policy = make.policy(name="Plan", slug="plan")
    policy.challenges.add(
        make.challenge(name="Alpha", name_zh_hant="C 乙"),
        make.challenge(name="Beta", name_zh_hant=""),  # read and sorted in English
        make.challenge(name="Gamma", name_zh_hant="A 一"),
        make.challenge(name="Draft", status="draft"),
    )
    for language, expected in [
        ("en", ["Alpha", "Beta", "Gamma"]),
        ("zh-hant", ["A 一", "Beta", "C 乙"]),
    ]:
        with translation.override(language):
            assert names(Policy.objects.detail("plan").listed_challenges) == expected


def test_detail_of_a_draft_or_an_unknown_slug_does_not_exist(make):
    make.policy(slug="draft", status="draft")
    with pytest.raises(Policy.DoesNotExist):
        Policy.objects.detail("draft")
    with pytest.raises(Policy.DoesNotExist):
        Policy.objects.detail("no-such-plan")


# What a detail page shows beside sectors and sources, and the queries for it: the entry,
# its sectors and sources, then one per relation.
DETAIL_RELATIONS = {
    Institution: [
        "parent",
        "children",
        "operated_hubs",
        "hubs",
        "issued_policies",
        "collaborations",
        "partnerships",
    ],
    Hub: ["operator", "institutions", "collaborations"],
    Policy: ["issuer", "superseded_by", "challenges", "supersedes"],
    Challenge: ["policies"],
    Collaboration: ["institutions", "hubs", "partners"],
}
# Partners are not entries: they have no publication status of their own.
PARTNER_RELATIONS = ("partners", "partnerships")


def make_details(make, n):
    """One entry of each type (slug "root-<type>") with every relation filled, each list
    holding n published entries and a draft."""
    sectors = [make.sector(), make.sector()]
    parent = make.institution(name="Parent")
    uni = make.institution(slug="root-institution", parent=parent, sectors=sectors)
    hub = make.hub(slug="root-hub", operator=parent, sectors=sectors)
    challenge = make.challenge(slug="root-challenge", sectors=sectors)
    successor = make.policy()
    policy = make.policy(
        slug="root-policy", issuer=parent, superseded_by=successor, sectors=sectors
    )
    collaboration = make.collaboration(slug="root-collaboration", sectors=sectors, partners=[])
    for entry in (uni, hub, challenge, policy, collaboration):
        Source.objects.create(entry=entry, title_en="Source", url="https://example.org")
    for status in ["published"] * n + ["draft"]:
        # Partner in a collaboration (listed only when that collaboration is published).
        make.collaboration(
            institutions=[uni],
            hubs=[hub],
            status=status,
            partners=[{"name_en": "Partner", "region": "japan", "institution": uni}],
        )
        collaboration.institutions.add(make.institution(status=status))
        collaboration.hubs.add(make.hub(status=status))
        if status == "published":
            collaboration.partners.create(name_en="Partner", region="japan")
        make.institution(parent=uni, status=status).hubs.add(hub)
        uni.hubs.add(make.hub(operator=uni, status=status))
        make.policy(issuer=uni, superseded_by=policy, status=status).challenges.add(challenge)
        policy.challenges.add(make.challenge(status=status))


@pytest.mark.parametrize("n", [1, 10])
def test_detail_pages_load_in_a_fixed_number_of_queries(make, django_assert_num_queries, n):
    make_details(make, n)
    Institution.objects.detail("root-institution")  # the sources' content type, cached
    for model, relations in DETAIL_RELATIONS.items():
        name = model._meta.model_name
        with django_assert_num_queries(3 + len(relations)):
            loaded = model.objects.detail(f"root-{name}")
            assert len(loaded.listed_sectors) == 2 and len(loaded.listed_sources) == 1
            for relation in relations:
                linked = getattr(loaded, f"listed_{relation}")
                if relation in PARTNER_RELATIONS:
                    assert len(linked) == n, (name, relation)
                elif isinstance(linked, list):
                    assert len(linked) == n, (name, relation)
                    assert all(entry.is_published for entry in linked)
                else:
                    assert linked is not None and linked.is_published, (name, relation)


# --- For the insights pages (issue 13) ---------------------------------------------------------


def test_dated_annotates_each_types_own_year_and_skips_undated(make):
    make.institution(name="Old", founded=1911)
    make.institution(name="Undated")
    make.hub(name="Park", opened=2001)
    make.policy(name="Plan", announced_year=2024)
    make.challenge(name="Gap")
    assert [(e.name, e.year) for e in Institution.objects.dated()] == [("Old", 1911)]
    assert [e.year for e in Hub.objects.dated()] == [2001]
    assert [e.year for e in Policy.objects.dated()] == [2024]
    assert list(Challenge.objects.dated()) == []  # challenges have no year of their own


def test_grouped_counts_counts_combinations(make):
    make.policy(kind="funding", announced_year=2024)
    make.policy(kind="funding", announced_year=2024)
    make.policy(kind="law", announced_year=2020)
    assert Policy.objects.grouped_counts("announced_year", "kind") == {
        (2024, "funding"): 2,
        (2020, "law"): 1,
    }


def test_in_sectors_or_all_includes_entries_in_no_sector(make):
    fintech, health = make.sector(slug="fintech"), make.sector(slug="health")
    make.policy(name="FinTech only", sectors=[fintech])
    make.policy(name="Health only", sectors=[health])
    make.policy(name="Every sector")
    assert sorted(names(Policy.objects.in_sectors_or_all(["fintech"]))) == [
        "Every sector",
        "FinTech only",
    ]


def test_with_published_never_lets_a_draft_through(make, django_assert_num_queries):
    draft_issuer = make.institution(name="Secret body", status="draft")
    make.policy(name="Plan", issuer=draft_issuer)
    with django_assert_num_queries(2):
        (plan,) = Policy.objects.published().with_published("issuer")
        assert plan.listed_issuer is None


def test_schemes_open_first(make):
    make.policy(name="Closed scheme", kind="funding", applications="closed")
    make.policy(name="Open scheme", kind="talent", applications="open")
    make.policy(name="A strategy", kind="strategy", applications="open")
    assert names(Policy.objects.schemes().by_applications()) == ["Open scheme", "Closed scheme"]
