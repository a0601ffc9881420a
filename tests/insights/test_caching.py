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
    "/en/policies/compare/?entries=a,b",
]


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
