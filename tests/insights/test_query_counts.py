"""Every insights page runs a constant number of SQL queries: within a fixed budget, and
exactly as many on ten times the data (the directory's populate() builds it)."""

import pytest

from tests.directory.test_query_counts import LARGE, SMALL, count_queries, populate, populate_more

pytestmark = pytest.mark.django_db

# Budgets with an empty cache (sector list, select options and facet counts not yet stored).
PAGES = {
    # Per type: the newest keys, then the lines not yet cached (the entries and each
    # relation they show); the chains of succession (policies, both links); the facet counts
    # (a count per type, sector counts per type, kind counts); the sector list.
    "timeline": ("/en/timeline/", 19),
    "timeline filtered": (
        "/en/timeline/?sector=sector-1&kind=strategy&issuer=root&year_min=2000",
        19,
    ),
    # Sector counts per type, policies by year and kind, institutions by kind, budgets.
    "insights": ("/en/insights/", 8),
    # District counts per type.
    "map": ("/en/map/", 2),
    "map hubs": ("/en/map/?type=hub", 2),
    # Challenges, then per responding type: entries, issuer, sectors, challenges.
    "matrix": ("/en/challenges/matrix/", 6),
    # The matching schemes' keys, then the cards not stored yet (schemes, their sectors
    # and issuer), the same for those whose eligibility is not recorded; the sector list.
    "funding": ("/en/funding/?applicant=startup&stage=early&sector=sector-0", 9),
    # The entries, their sectors and each compared relation (parent, hubs; issuer,
    # successor, challenges).
    "compare": ("/en/institutions/compare/?entries=root,second,third", 4),
    "compare policies": ("/en/policies/compare/?entries=root-policy,second-policy", 5),
}
PARTIALS = ["timeline", "timeline filtered"]


def populate_schemes(make, n):
    """n funding schemes; the first time, the entries the compare pages name."""
    from directory.models import Challenge, Hub, Institution, Policy

    if not Institution.objects.filter(slug="second").exists():
        root = Institution.objects.get(slug="root")
        for slug in ("second", "third"):
            make.institution(name=slug, slug=slug, parent=root).hubs.add(*Hub.objects.all())
        second = make.policy(name="Second", slug="second-policy", issuer=root)
        second.challenges.add(*Challenge.objects.all())
        make.policy(name="Unrecorded", kind=Policy.Kind.TALENT, issuer=root)
    for i in range(n):
        make.policy(
            name=f"Scheme {i}",
            kind=Policy.Kind.FUNDING,
            open_to_startup=True,
            for_stage_early=True,
            budget_hkd=1000 * (i + 1),
            announced_year=2000 + i % 20,
        )


@pytest.mark.parametrize("scale", [SMALL, LARGE], ids=["small", "10x"])
def test_pages_stay_within_their_query_budgets(client, make, django_assert_max_num_queries, scale):
    populate(make, scale)
    populate_schemes(make, scale)
    for page, (path, budget) in PAGES.items():
        with django_assert_max_num_queries(budget, info=page):
            assert client.get(path).status_code == 200, page
        if page in PARTIALS:
            with django_assert_max_num_queries(budget, info=f"{page} (htmx partial)"):
                assert client.get(path, HTTP_HX_REQUEST="true").status_code == 200


def test_query_counts_do_not_grow_with_the_data(client, make):
    populate(make, SMALL)
    populate_schemes(make, SMALL)
    small = {page: count_queries(client, path) for page, (path, _budget) in PAGES.items()}
    populate_more(make, LARGE - SMALL)
    populate_schemes(make, LARGE - SMALL)
    large = {page: count_queries(client, path) for page, (path, _budget) in PAGES.items()}
    assert small == large
