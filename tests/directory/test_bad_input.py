"""Hostile and malformed input on every public page: never a 500, never a traceback, and
the visitor gets the closest sensible page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/",
    "/en/search/",
    "/en/institutions/",
    "/en/hubs/",
    "/en/policies/",
    "/en/challenges/",
    "/en/collaborations/",
    "/zh-hant/policies/",
    "/zh-hant/collaborations/",
]

HOSTILE_QUERIES = [
    "kind=nonsense",
    "sector=no-such-sector&sector=fintech",
    "district=atlantis",
    "status=repealed",
    "support=free-lunch",
    "category=%00",
    "region=atlantis&region=japan",
    "institution=%00&hub=" + "x" * 3000,
    "year_min=99999&year_max=-1",
    "page=abc",
    "page=-1",
    "page=0",
    "page=99999",
    "page=1e9",
    "page=99999999999999999999999999",
    "page=1&page=2&page=zz",
    "q=" + "a" * 10_000,
    "q=%00%00drop%20table",
    "q=%ff%fe%fd",
    "q=%E9%87%91%E8%9E%8D",
    "q=%25%5F%5C",
    "q=" + "word%20" * 500,
    "sort=../../etc/passwd",
    "sort=-name",
    "sort=name&sort=newest&sort=evil",
    "founded_min=abc&founded_max=1e400",
    "founded_min=-5&founded_max=99999",
    "year_min=NaN&year_max=Infinity",
    "year_min=2020.5",
    "parent=does-not-exist",
    "parent=%ff",
    "hub=&operator=&issuer=x&challenge=%00&policy=../",
    "unknown=1&another=2",
    "kind=" + "&kind=".join(["university"] * 200),
    "kind[]=university",
    "%ff=%ff",
    "=&&&==",
    "q",
]


@pytest.fixture
def data(make):
    fintech = make.sector(name="FinTech", slug="fintech")
    uni = make.institution(name="University", slug="uni", sectors=[fintech], founded=1990)
    make.hub(name="Park", slug="park", operator=uni)
    make.policy(name="Plan", slug="plan", issuer=uni)
    make.challenge(name="Gap", slug="gap")
    make.collaboration(name="Joint lab", slug="joint-lab", institutions=[uni], sectors=[fintech])


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
@pytest.mark.parametrize("page", PAGES)
def test_hostile_query_strings_never_fail(client, data, page, query):
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(f"{page}?{query}", **headers)
        assert response.status_code == 200, (page, query, headers)
        body = response.content.decode()
        assert "Traceback" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/en/institutions/%ff/",
        "/en/institutions/..%2F..%2Fetc/",
        "/en/hubs/" + "x" * 5000 + "/",
        "/en/policies/%00/",
        "/en/challenges/<script>/",
        "/en/collaborations/%ff%fe/",
        "/en/sectors/%E9%87%91/",
        "/en/nope/",
        "/xx/institutions/",
    ],
)
def test_odd_paths_are_clean_404s(client, data, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_unknown_values_are_ignored_and_shown(client, data):
    response = client.get(
        reverse("directory:institution_list"),
        {"kind": ["university", "wizard"], "founded_min": "abc", "sector": "fintech"},
    )
    html = response.content.decode()
    assert "Ignored unknown value “wizard” for Kind" in html
    assert "Ignored unknown value “abc” for Founded from" in html
    # The valid parts still apply.
    assert response.context["filterset"].cleaned["kind"] == ["university"]
    assert response.context["page"].paginator.count == 1


def test_echoed_values_are_escaped_and_shortened(client, data):
    evil = "<script>alert(1)</script>" + "x" * 100
    html = client.get("/en/hubs/", {"kind": evil}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    notice = html[html.index('class="notice notice--warning"') :]
    notice = notice[: notice.index("</div>")]
    # Echoed back shortened to 40 characters: the 25-character tag and 15 of the x.
    assert "x" * 15 in notice and "x" * 16 not in notice


def test_huge_query_is_truncated_not_rejected(client, data):
    response = client.get("/en/institutions/", {"q": "University" + " " * 5 + "z" * 10_000})
    assert response.status_code == 200
    assert len(response.context["q"]) <= 100


def test_nul_bytes_are_dropped_from_the_query(client, data):
    response = client.get("/en/institutions/", {"q": "Uni\x00versity"})
    assert response.context["q"] == "University"
    assert response.context["page"].paginator.count == 1


def test_out_of_range_years_are_ignored(client, data):
    response = client.get("/en/institutions/", {"founded_min": "99999"})
    assert response.context["page"].paginator.count == 1
    assert "Ignored unknown value “99999”" in response.content.decode()


def test_server_error_page_needs_no_database_or_request(settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html and "<html" in html
