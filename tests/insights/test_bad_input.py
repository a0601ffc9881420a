"""Hostile and malformed input on every insights page: never a 500 or a traceback. Filter
values the page cannot use are dropped and said (as on the listings); what the page cannot
answer at all (too many or malformed entries to compare, a map of nothing) is a 400."""

import pytest

from tests.directory.test_bad_input import HOSTILE_QUERIES

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/insights/",
    "/zh-hant/timeline/",
    "/en/map/",
    "/en/challenges/matrix/",
    "/en/funding/",
    "/zh-hant/policies/compare/",
]
INSIGHTS_QUERIES = [
    "type=evil&type=policy",
    "kind=funding&issuer=%00&year_min=-1&year_max=1e99",
    "applicant=%ff&stage=../&sector=%E9%87%91",
    "entries=" + ",".join(["x"] * 500),
    "entries=%00,%ff",
    "entries=<script>,a",
    "entries=a&entries=b&entries=c&entries=d&entries=e",
    "type=" + "x" * 10_000,
]


@pytest.fixture
def data(make):
    fintech = make.sector(name="FinTech", slug="fintech")
    uni = make.institution(name="University", slug="uni", sectors=[fintech], founded=1990)
    make.hub(name="Park", slug="park", operator=uni, district="sha-tin")
    make.policy(name="Plan", slug="plan", issuer=uni, kind="funding", open_to_startup=True)
    make.challenge(name="Gap", slug="gap").policies.add(*uni.issued_policies.all())


@pytest.mark.parametrize("query", HOSTILE_QUERIES + INSIGHTS_QUERIES)
@pytest.mark.parametrize("page", PAGES)
def test_hostile_query_strings_never_fail(client, data, page, query):
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(f"{page}?{query}", **headers)
        assert response.status_code in (200, 302, 400), (page, query, headers)
        assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/en/timeline/%ff/",
        "/en/sectors/compare/",
        "/en/<script>/compare/",
        "/en/institutions/compare/extra/",
        "/en/challenges/matrix/%00/",
        "/xx/timeline/",
    ],
)
def test_odd_paths_are_clean_404s(client, data, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_echoed_values_are_escaped(client, data):
    html = client.get("/en/timeline/", {"kind": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)" in html
