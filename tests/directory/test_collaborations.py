"""The fifth entry type: collaborations' listing, filters, detail page, and their place on
institution and hub pages, search, sector pages and the home page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Collaboration, Partner, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab(make):
    sector = make.sector(name="Healthcare", slug="healthcare")
    cuhk = make.institution(name="CUHK", slug="cuhk-test", name_zh_hant="香港中文大學")
    park = make.hub(name="Science Park", slug="park-test")
    return make.collaboration(
        name="Medical Robotics Centre",
        slug="mrc-test",
        name_zh_hant="醫療機械人創新技術中心",
        kind=Collaboration.Kind.RESEARCH_CENTRE,
        started=2019,
        institutions=[cuhk],
        hubs=[park],
        sectors=[sector],
        partners=[
            ("ETH Zurich", Region.SWITZERLAND),
            ("Imperial College London", Region.UNITED_KINGDOM),
            ("Johns Hopkins University", Region.UNITED_STATES),
        ],
    )


@pytest.fixture
def mou(make):
    return make.collaboration(
        name="Fintech MoU",
        slug="mou-test",
        kind=Collaboration.Kind.MOU,
        stage=Collaboration.Stage.PROPOSED,
        started=2025,
        partners=[("Shanghai Bank", Region.CHINESE_MAINLAND)],
    )


def titles(response):
    return response.content.decode()


def test_listing_shows_published_collaborations_in_both_languages(client, lab, mou, make):
    make.collaboration(name="Secret draft", status="draft")
    english = titles(client.get("/en/collaborations/"))
    assert "Medical Robotics Centre" in english and "Fintech MoU" in english
    assert "Secret draft" not in english
    assert "ETH Zurich" in english and "Switzerland" in english
    chinese = titles(client.get("/zh-hant/collaborations/"))
    assert "醫療機械人創新技術中心" in chinese


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("region=switzerland", "Medical Robotics Centre", "Fintech MoU"),
        ("region=chinese-mainland", "Fintech MoU", "Medical Robotics Centre"),
        ("kind=mou", "Fintech MoU", "Medical Robotics Centre"),
        ("status=active", "Medical Robotics Centre", "Fintech MoU"),
        ("sector=healthcare", "Medical Robotics Centre", "Fintech MoU"),
        ("institution=cuhk-test", "Medical Robotics Centre", "Fintech MoU"),
        ("hub=park-test", "Medical Robotics Centre", "Fintech MoU"),
        ("year_min=2020", "Fintech MoU", "Medical Robotics Centre"),
        ("q=robotics", "Medical Robotics Centre", "Fintech MoU"),
        ("q=醫療", "Medical Robotics Centre", "Fintech MoU"),
    ],
)
def test_each_filter_narrows_the_listing(client, lab, mou, query, shown, hidden):
    results = client.get(f"/en/collaborations/?{query}", HTTP_HX_REQUEST="true")
    html = titles(results)
    assert shown in html and hidden not in html


def test_a_collaboration_with_two_partners_in_one_region_is_listed_and_counted_once(client, make):
    make.collaboration(
        name="Two US partners",
        partners=[("Stanford", Region.UNITED_STATES), ("UIUC", Region.UNITED_STATES)],
    )
    html = titles(client.get("/en/collaborations/?region=united-states"))
    assert html.count("Two US partners</a>") == 1
    assert 'id="id_region_united-states"' in html
    from directory.filters import CollaborationFilterSet

    assert CollaborationFilterSet().facet_counts("region")["united-states"] == 1


def test_detail_page_shows_parties_partners_and_facts(client, lab):
    html = titles(client.get("/en/collaborations/mrc-test/"))
    for text in ("CUHK", "Science Park", "Johns Hopkins University", "United States", "2019"):
        assert text in html
    assert client.get("/en/collaborations/no-such/").status_code == 404


def test_a_partner_that_is_a_listed_institution_links_to_it(client, make):
    cair = make.institution(name="CAIR", slug="cair-test")
    make.collaboration(
        name="Joint lab",
        slug="joint-lab-test",
        partners=[{"name_en": "CAIR", "region": Region.CHINESE_MAINLAND, "institution": cair}],
    )
    assert 'href="/en/institutions/cair-test/"' in titles(
        client.get("/en/collaborations/joint-lab-test/")
    )
    institution_page = titles(client.get("/en/institutions/cair-test/"))
    assert "Partner in collaborations" in institution_page
    assert 'href="/en/collaborations/joint-lab-test/"' in institution_page


def test_institution_and_hub_pages_list_their_collaborations(client, lab, make):
    cuhk = lab.institutions.get()
    make.collaboration(name="Hidden draft lab", status="draft", institutions=[cuhk])
    institution = titles(client.get("/en/institutions/cuhk-test/"))
    assert "Collaborations" in institution and "Medical Robotics Centre" in institution
    assert "Hidden draft lab" not in institution
    assert "/en/collaborations/?institution=cuhk-test" in institution
    hub = titles(client.get("/en/hubs/park-test/"))
    assert "Medical Robotics Centre" in hub and "/en/collaborations/?hub=park-test" in hub


def test_search_sector_and_home_pages_include_collaborations(client, lab):
    assert "Medical Robotics Centre" in titles(client.get("/en/search/?q=robotics"))
    assert "Medical Robotics Centre" in titles(client.get("/en/sectors/healthcare/"))
    home = titles(client.get("/en/"))
    assert "/en/collaborations/" in home and "collaboration" in home


def test_saving_a_partner_retires_the_cached_listing(client, lab, settings):
    """A partner is edited inline, a row of its own: saving it still retires the cached
    pages (the signals cover every model of the app)."""
    settings.PAGE_CACHE_ENABLED = True
    assert "ETH Zurich" in titles(client.get("/en/collaborations/"))
    partner = lab.partners.get(name_en="ETH Zurich")
    partner.name_en = "ETH Zürich"
    partner.save()
    assert "ETH Zürich" in titles(client.get("/en/collaborations/"))


# --- Constant queries at 10,000 collaborations ------------------------------------------


def bulk_collaborations(n, start, institution, hub, sector):
    """n published collaborations, each with two partners and linked to the institution,
    the hub and the sector, inserted in bulk (no signals: the caller clears the cache)."""
    Collaboration.objects.bulk_create(
        [
            Collaboration(
                name=f"Bulk collaboration {i:05d}",
                name_en=f"Bulk collaboration {i:05d}",
                name_zh_hant=f"合作項目 {i:05d}",
                slug=f"bulk-{i:05d}",
                summary_en="Generated for a query-count test.",
                kind=Collaboration.Kind.values[i % len(Collaboration.Kind.values)],
                stage=Collaboration.Stage.values[i % len(Collaboration.Stage.values)],
                started=1990 + i % 35,
                status="published",
            )
            for i in range(start, start + n)
        ],
        batch_size=1000,
    )
    # The new rows, read back: not every database returns keys from a bulk insert.
    created = list(Collaboration.objects.order_by("-pk")[:n])
    regions = Region.values
    Partner.objects.bulk_create(
        [
            Partner(collaboration=c, name_en=f"Partner {c.pk}-{k}", region=regions[(c.pk + k) % 5])
            for c in created
            for k in range(2)
        ],
        batch_size=2000,
    )
    for through, field, target in (
        (Collaboration.institutions.through, "institution", institution),
        (Collaboration.hubs.through, "hub", hub),
        (Collaboration.sectors.through, "sector", sector),
    ):
        through.objects.bulk_create(
            [through(collaboration=c, **{field: target}) for c in created], batch_size=2000
        )


def query_counts(client, paths):
    """{page: queries} with an empty cache before each page, as a first visitor sees it."""
    counts = {}
    for path, headers in paths:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, **headers).status_code == 200, path
        counts[(path, bool(headers))] = len(queries)
    return counts


def test_pages_run_as_many_queries_at_10000_collaborations_as_at_30(client, make):
    sector = make.sector(name="Robotics", slug="robotics-test")
    uni = make.institution(name="Bulk University", slug="bulk-uni", sectors=[sector])
    hub = make.hub(name="Bulk Park", slug="bulk-park", operator=uni)
    bulk_collaborations(30, 0, uni, hub, sector)
    htmx = {"HTTP_HX_REQUEST": "true"}
    filtered = (
        "/en/collaborations/?region=japan&region=france&kind=mou&status=active"
        "&sector=robotics-test&institution=bulk-uni&hub=bulk-park&year_min=1995&sort=newest"
    )
    paths = [
        ("/en/collaborations/", {}),
        ("/zh-hant/collaborations/?sort=name", {}),
        (filtered, {}),
        (filtered, htmx),
        ("/en/collaborations/?q=bulk&page=2", htmx),
        ("/en/collaborations/bulk-00007/", {}),
        ("/en/institutions/bulk-uni/", {}),
        ("/en/hubs/bulk-park/", {}),
        ("/en/", {}),
        ("/en/search/?q=bulk", {}),
        ("/en/sectors/robotics-test/", {}),
    ]
    query_counts(client, paths)  # each type's content type, cached for the process
    small = query_counts(client, paths)
    bulk_collaborations(10_000 - 30, 30, uni, hub, sector)
    assert Collaboration.objects.published().count() == 10_000
    assert query_counts(client, paths) == small
    assert max(small.values()) <= 16


def test_a_detail_page_shows_the_first_collaborations_and_links_to_the_rest(client, make):
    uni = make.institution(name="Busy University", slug="busy-uni")
    for i in range(30):
        make.collaboration(
            name=f"Lab {i:02d}",
            institutions=[uni],
            partners=[{"name_en": f"P{i}", "region": "japan", "institution": uni}],
        )
    html = titles(client.get("/en/institutions/busy-uni/"))
    assert "Lab 00" in html and "Lab 11" in html and "Lab 12" not in html
    assert "/en/collaborations/?institution=busy-uni" in html


def test_capped_collaborations_are_in_chinese_name_order_on_chinese_pages(client, make):
    """The first collaborations on a detail page come in the visitor's language's name order
    (a sliced prefetch, ordered by the Chinese name with the English one as fallback)."""
    uni = make.institution(name="Busy University", slug="busy-uni")
    park = make.hub(name="Busy Park", slug="busy-park")
    for english, chinese in (("Lab B", "乙實驗室"), ("Lab A", "甲實驗室")):
        make.collaboration(name=english, name_zh_hant=chinese, institutions=[uni], hubs=[park])
    for path in ("/zh-hant/institutions/busy-uni/", "/zh-hant/hubs/busy-park/"):
        html = titles(client.get(path))
        assert html.index("乙實驗室") < html.index("甲實驗室"), path
    english = titles(client.get("/en/institutions/busy-uni/"))
    assert english.index("Lab A") < english.index("Lab B")
