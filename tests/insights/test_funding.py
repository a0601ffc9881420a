"""The funding finder: funding and talent schemes that fit who is applying, the sector and
the stage, each with its status and where to apply."""

import re

import pytest

from directory.models import Policy
from insights.funding import FundingFinder

pytestmark = pytest.mark.django_db


def names(finder):
    return [scheme.name for scheme in finder.schemes()]


@pytest.fixture
def schemes(make):
    fintech = make.sector(name="FinTech", slug="fintech")
    health = make.sector(name="Health", slug="health")
    make.policy(
        name="Startup Fund",
        kind="funding",
        applications="open",
        open_to_startup=True,
        for_stage_early=True,
        sectors=[fintech],
        apply_url="https://example.org/apply",
        eligibility_en="Hong Kong startups under five years old.",
    )
    make.policy(
        name="Any Sector Grant",
        kind="funding",
        applications="ongoing",
        open_to_startup=True,
        open_to_sme=True,
        for_stage_early=True,
        for_stage_growth=True,
    )
    make.policy(
        name="Professorships",
        kind="talent",
        applications="closed",
        open_to_university=True,
        for_stage_research=True,
        sectors=[health],
    )
    make.policy(name="A Strategy", kind="strategy", open_to_startup=True)  # not a scheme
    make.policy(name="Draft Fund", kind="funding", status="draft", open_to_startup=True)


def test_every_published_scheme_open_ones_first(schemes):
    assert names(FundingFinder({})) == ["Startup Fund", "Any Sector Grant", "Professorships"]


def test_applicant_stage_and_sector_narrow_the_schemes(schemes):
    assert names(FundingFinder({"applicant": "startup"})) == ["Startup Fund", "Any Sector Grant"]
    assert names(FundingFinder({"applicant": "sme"})) == ["Any Sector Grant"]
    assert names(FundingFinder({"stage": "research"})) == ["Professorships"]
    # A scheme in no sector is for every sector.
    assert names(FundingFinder({"sector": "health"})) == ["Any Sector Grant", "Professorships"]
    assert names(
        FundingFinder({"applicant": "startup", "sector": "fintech", "stage": "early"})
    ) == ["Startup Fund", "Any Sector Grant"]


def test_policy_queryset_scheme_questions(schemes):
    assert set(Policy.objects.schemes().values_list("kind", flat=True)) == {"funding", "talent"}
    assert Policy.objects.open_to("university").get().name == "Professorships"


def test_page_shows_status_eligibility_and_apply_link(client, schemes):
    response = client.get("/en/funding/?applicant=startup")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 schemes fit" in html
    assert re.search(r'scheme__status--open">Open<', html)
    assert re.search(r'scheme__status--ongoing">Ongoing \(apply any time\)<', html)
    assert "Hong Kong startups under five years old." in html
    assert 'href="https://example.org/apply"' in html
    assert '<option value="startup" selected>' in html


def test_form_works_without_javascript(client, schemes):
    html = client.get("/en/funding/").content.decode()
    form = html[html.index('<form class="finder"') : html.index("</form>")]
    assert 'method="get" action="/en/funding/"' in form
    for name in ("applicant", "sector", "stage"):
        assert f'<select id="id_{name}" name="{name}">' in form


def test_unknown_answers_are_ignored_and_said(client, schemes):
    response = client.get("/en/funding/?applicant=robot&stage=%00&sector=nowhere")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ignored unknown value “robot”" in html
    assert "3 schemes fit" in html


def test_nothing_fits(client, schemes):
    html = client.get("/en/funding/?applicant=individual").content.decode()
    assert "No listed scheme fits all of these answers." in html


def test_chinese_page(client, schemes):
    response = client.get("/zh-hant/funding/?applicant=startup")
    assert response.status_code == 200
    assert '<html lang="zh-hant">' in response.content.decode()


def test_the_scheme_page_shows_its_eligibility_status_and_where_to_apply(client, schemes):
    scheme = Policy.objects.get(name="Startup Fund")
    html = client.get(scheme.get_absolute_url()).content.decode()
    assert "<dt>Applications</dt><dd>Open</dd>" in html
    assert "Hong Kong startups under five years old." in html
    assert 'href="https://example.org/apply"' in html


def test_schemes_without_recorded_eligibility_are_offered_apart(client, make, schemes):
    make.policy(name="Unrecorded Scheme", kind="talent")
    finder = FundingFinder({"applicant": "startup"})
    assert "Unrecorded Scheme" not in names(finder)
    assert [s.name for s in finder.unrecorded()] == ["Unrecorded Scheme"]
    html = client.get("/en/funding/?applicant=startup").content.decode()
    assert "These may fit too" in html and "Unrecorded Scheme" in html
    # With no question answered, every scheme is in the one list.
    assert list(FundingFinder({}).unrecorded()) == []


def test_the_selects_offer_any_once(client, schemes):
    html = client.get("/en/funding/").content.decode()
    assert "---------" not in html
    assert html.count('<option value="">Any</option>') == 3


def test_a_long_list_stops_and_says_so(client, make, monkeypatch):
    from insights import funding, views

    monkeypatch.setattr(funding, "MAX_SCHEMES", 2)
    monkeypatch.setattr(views, "MAX_SCHEMES", 2)
    for i in range(3):
        make.policy(name=f"Grant {i}", kind="funding", open_to_sme=True)
        make.policy(name=f"Unknown {i}", kind="funding")
    html = client.get("/en/funding/?applicant=sme").content.decode()
    assert "More than 2 schemes fit" in html
    assert html.count('<li class="scheme">') == 4  # two of each list
    assert "The first 2 are listed." in html
