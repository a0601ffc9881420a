"""A part failing does not take the site down: a cache outage is logged and survived
everywhere; a database outage answers 503 with Retry-After in the visitor's language while
cached pages keep serving."""

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django_otp.plugins.otp_static.models import StaticDevice

from contributions.models import Suggestion
from tests.contributions.conftest import ticket

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every cache call fails to connect, as with Redis stopped.
REDIS_DOWN = {
    "default": {
        "BACKEND": "hkai_portal.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2},
    }
}


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: secret.internal")

    monkeypatch.setattr(connection, "cursor", refuse)


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("en", "temporarily unavailable"), ("zh-hant", "暫時")],
)
def test_database_outage_is_a_friendly_503(visitor, monkeypatch, language, phrase):
    database_down(monkeypatch)
    response = visitor.get(f"/{language}/policies/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert phrase in body
    assert f'lang="{language}"' in body
    assert "secret.internal" not in body


def test_cached_pages_keep_serving_through_a_database_outage(visitor, monkeypatch, make):
    policy = make.policy()
    assert visitor.get(policy.get_absolute_url()).status_code == 200  # now in the page cache
    database_down(monkeypatch)
    assert visitor.get(policy.get_absolute_url()).status_code == 200
    assert visitor.get("/en/hubs/").status_code == 503  # never cached: the friendly page


def test_other_errors_stay_500(visitor, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a real bug")

    monkeypatch.setattr("directory.views.pages.published_counts", broken)
    response = visitor.get("/en/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_cache_outage_is_survived_everywhere(visitor, make, caplog):
    policy = make.policy(name="Cacheless")
    with override_settings(CACHES=REDIS_DOWN):
        survive_without_cache(visitor, policy, caplog)


def survive_without_cache(visitor, policy, caplog):
    for url in ("/en/", "/zh-hant/policies/", policy.get_absolute_url(), "/en/search/?q=Cache"):
        assert visitor.get(url).status_code == 200, url
    assert visitor.get("/healthz").status_code == 200
    assert visitor.get("/healthz/ready").json()["cache"] == "error"
    # Suggestions: the rate limit is skipped (and logged), the suggestion still stored.
    data = {
        "ticket": ticket(),
        "field": "name_en",
        "text": "Cacheful",
        "source_url": "https://example.hk",
    }
    assert visitor.post(f"/en/policies/{policy.slug}/suggest/", data).status_code == 302
    assert Suggestion.objects.count() == 1
    assert "Rate limit skipped" in caplog.text
    assert "Page cache unavailable" in caplog.text


@override_settings(CACHES=REDIS_DOWN)
def test_admin_sign_in_works_without_the_cache(visitor, django_user_model):
    """Sessions live in the database, so editors can still sign in and read the admin."""
    boss = django_user_model.objects.create_superuser(
        "boss", "boss@example.hk", "a-long-passphrase"
    )
    # The admin's second factor: a recovery code (hkai_portal/two_factor.py).
    StaticDevice.objects.create(user=boss, name="recovery").token_set.create(token="boss1234")
    response = visitor.post(
        "/admin/login/?next=/admin/",
        {"username": "boss", "password": "a-long-passphrase", "otp_token": "boss1234"},
    )
    assert response.status_code == 302
    assert visitor.get("/admin/").status_code == 200
