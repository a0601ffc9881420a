"""Permalinks: an entry's old address, after an editor changes its slug, redirects for good."""

import pytest

pytestmark = pytest.mark.django_db


def rename(entry, slug):
    entry.slug = slug
    entry.save()


def test_a_changed_slug_redirects_permanently_in_both_languages(client, data):
    rename(data["cyberport"], "cyberport-hk")
    for language in ("en", "zh-hant"):
        response = client.get(f"/{language}/hubs/cyberport/")
        assert response.status_code == 301
        assert response["Location"] == f"/{language}/hubs/cyberport-hk/"
    assert client.get("/en/hubs/cyberport-hk/").status_code == 200


def test_every_earlier_slug_keeps_redirecting(client, data):
    rename(data["hku"], "hku-2")
    rename(data["hku"], "university-of-hong-kong")
    for old in ("hku", "hku-2"):
        # A detail page reads no query parameters, so none is carried over (page_keys.py).
        response = client.get(f"/en/institutions/{old}/?utm=x")
        assert response.status_code == 301
        assert response["Location"] == "/en/institutions/university-of-hong-kong/"


def test_a_slug_reused_by_another_entry_shows_that_entry(client, make, data):
    rename(data["cyberport"], "cyberport-hk")
    make.hub(name="Another", slug="cyberport")
    assert client.get("/en/hubs/cyberport/").status_code == 200


def test_no_redirect_to_a_draft_or_across_types(client, data):
    policy = data["policy"]
    rename(policy, "fintech-2025-renamed")
    policy.status = "draft"
    policy.save()
    assert client.get("/en/policies/fintech-2025/").status_code == 404
    assert client.get("/en/hubs/fintech-2025/").status_code == 404


def test_an_unknown_slug_is_still_not_found_in_few_queries(
    client, data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        assert client.get("/en/hubs/never-existed/").status_code == 404
