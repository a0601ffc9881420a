"""Every public page and htmx partial runs a constant number of SQL queries: the same on a
small directory and on one ten times larger, and never more than a fixed budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Source

pytestmark = pytest.mark.django_db

SMALL = 3
LARGE = SMALL * 10


def populate(make, n):
    """n entries of every type, all related to each other the way real data is, plus a
    draft of each so the published() filters have something to hide."""
    sectors = [make.sector(name=f"Sector {i}", slug=f"sector-{i}") for i in range(3)]
    root = make.institution(name="Root University", slug="root", sectors=sectors)
    hub = make.hub(name="Root Hub", slug="root-hub", operator=root, offers_space=True)
    challenge = make.challenge(name="Root Challenge", slug="root-challenge", sectors=sectors)
    policy = make.policy(name="Root Policy", slug="root-policy", issuer=root, sectors=sectors)
    policy.challenges.add(challenge)
    root.hubs.add(hub)
    make.collaboration(
        name="Root Collaboration",
        slug="root-collaboration",
        institutions=[root],
        hubs=[hub],
        sectors=sectors,
        partners=[{"name_en": "Root", "region": "japan", "institution": root}],
    )
    for i in range(n):
        centre = make.institution(
            name=f"Centre {i}", kind="research-centre", parent=root, sectors=sectors[: i % 3 + 1]
        )
        centre.hubs.add(hub)
        other_hub = make.hub(name=f"Hub {i}", operator=centre, sectors=sectors[:1])
        centre.hubs.add(other_hub)
        other_challenge = make.challenge(name=f"Challenge {i}", sectors=sectors[1:])
        other = make.policy(
            name=f"Policy {i}", issuer=centre, superseded_by=policy, sectors=sectors[:2]
        )
        other.challenges.add(challenge, other_challenge)
        joint = make.collaboration(
            name=f"Collaboration {i}",
            kind="mou",
            institutions=[root, centre],
            hubs=[hub],
            sectors=sectors[i % 3 :],
            partners=[(f"Partner {i}", "japan"), ("Other", "france")],
        )
        for entry in (centre, other_hub, other_challenge, other, joint):
            Source.objects.create(entry=entry, title_en=f"Source {i}", url="https://example.org")
    for factory in (make.institution, make.hub, make.policy, make.challenge, make.collaboration):
        factory(name="Draft", status="draft", sectors=sectors)


# Budgets with an empty cache (cards, filter options and the sector list not yet stored):
# a repeat visit runs fewer.
PAGES = {
    # Five counts, the latest entries of each type and their cards, the sectors.
    "home": ("/en/", 16),
    # Per type: the first entries' keys and a capped count; the cards not yet cached.
    "search": ("/en/search/?q=root", 11),
    "sector": ("/en/sectors/sector-0/", 16),
    # A facet query per checkbox filter, the count, the page's keys, the cards (entries,
    # sectors, the card's link), the sector list and the select options.
    "institutions": ("/en/institutions/", 11),
    "institutions filtered": (
        "/en/institutions/?kind=research-centre&sector=sector-1&parent=root&hub=root-hub"
        "&district=sha-tin&founded_min=1900&q=centre&sort=newest&page=1",
        11,
    ),
    "hubs": ("/en/hubs/?support=space&operator=root&sort=updated", 13),
    "policies": ("/en/policies/?status=active&issuer=root&challenge=root-challenge", 15),
    "challenges": ("/en/challenges/?category=talent&policy=root-policy&page=2", 10),
    "collaborations": (
        "/en/collaborations/?region=japan&kind=mou&status=active&sector=sector-1"
        "&institution=root&hub=root-hub&year_min=2000&q=collaboration&sort=newest",
        15,
    ),
    # The entry, then one query per list it shows (sectors, sources, each relation).
    "institution detail": ("/en/institutions/root/", 10),
    "hub detail": ("/en/hubs/root-hub/", 6),
    "policy detail": ("/en/policies/root-policy/", 7),
    "challenge detail": ("/en/challenges/root-challenge/", 4),
    "collaboration detail": ("/en/collaborations/root-collaboration/", 6),
}
PARTIALS = [
    "institutions",
    "institutions filtered",
    "hubs",
    "policies",
    "challenges",
    "collaborations",
]


def count_queries(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize("scale", [SMALL, LARGE], ids=["small", "10x"])
def test_pages_and_partials_stay_within_their_query_budgets(
    client, make, django_assert_max_num_queries, scale
):
    populate(make, scale)
    for page, (path, budget) in PAGES.items():
        with django_assert_max_num_queries(budget, info=page):
            assert client.get(path).status_code == 200
        if page in PARTIALS:
            with django_assert_max_num_queries(budget, info=f"{page} (htmx partial)"):
                assert client.get(path, HTTP_HX_REQUEST="true").status_code == 200


# Sector and search pages count a group only when it has more entries than it shows, so
# they may add one query per type as data grows (their budgets above allow for that).
EXACT = [page for page in PAGES if page not in ("search", "sector")]


def test_query_counts_do_not_grow_with_the_data(client, make):
    """The same page on ten times the data runs exactly as many queries."""
    populate(make, SMALL)
    small = {page: count_queries(client, PAGES[page][0]) for page in EXACT}
    populate_more(make, LARGE - SMALL)
    large = {page: count_queries(client, PAGES[page][0]) for page in EXACT}
    assert small == large


def populate_more(make, n):
    """More entries hanging off the same roots (populate() made those already)."""
    from directory.models import Challenge, Hub, Institution, Policy, Sector

    sectors = list(Sector.objects.all())
    root = Institution.objects.get(slug="root")
    hub = Hub.objects.get(slug="root-hub")
    challenge = Challenge.objects.get(slug="root-challenge")
    policy = Policy.objects.get(slug="root-policy")
    for i in range(n):
        centre = make.institution(
            name=f"More centre {i}", kind="research-centre", parent=root, sectors=sectors
        )
        centre.hubs.add(hub)
        make.hub(name=f"More hub {i}", operator=root, offers_space=True, sectors=sectors)
        other = make.policy(name=f"More policy {i}", issuer=root, sectors=sectors)
        other.challenges.add(challenge)
        make.challenge(name=f"More challenge {i}", sectors=sectors).policies.add(policy)
        make.collaboration(
            name=f"More collaboration {i}",
            kind="mou",
            institutions=[root],
            hubs=[hub],
            sectors=sectors,
            partners=[(f"More partner {i}", "japan")],
        )
