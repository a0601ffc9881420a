"""The insights pages are cached like the directory's: an anonymous visitor's second request
runs no SQL, and any change in the directory shows at once."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/insights/",
    "/en/timeline/?kind=funding",
    "/zh-hant/map/",
    "/en/challenges/matrix/",
    "/en/funding/?applicant=startup",
]


def test_compare_pages_are_answered_but_never_stored(client, make, django_assert_max_num_queries):
    """Any two to four entries make a comparison: too many variants to keep (issue 16's
    bounded cache keys), and each is cheap to build."""
    make.policy(name="Funding Plan", slug="a", kind="funding")
    make.policy(name="Other", slug="b", kind="funding")
    path = "/en/policies/compare/?entries=a,b"
    assert client.get(path).status_code == 200
    with django_assert_max_num_queries(20) as captured:
        assert client.get(path).status_code == 200
    assert len(captured) > 0


@pytest.mark.parametrize("path", PAGES)
def test_second_request_is_served_from_the_cache(client, make, django_assert_num_queries, path):
    make.policy(name="Funding Plan", slug="a", kind="funding", open_to_startup=True)
    make.policy(name="Other", slug="b", kind="funding")
    assert client.get(path).status_code == 200
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response.status_code == 200


def test_a_change_shows_at_once(client, make):
    assert "New Scheme" not in client.get("/en/timeline/").content.decode()
    make.policy(name="New Scheme", announced_year=2025)
    assert "New Scheme" in client.get("/en/timeline/").content.decode()


def test_the_htmx_partial_is_cached_apart_from_the_page(client, make):
    make.policy(name="Plan", announced_year=2025)
    full = client.get("/en/timeline/").content.decode()
    partial = client.get("/en/timeline/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in full and "<html" not in partial
