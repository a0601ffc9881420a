"""/healthz: what load balancers poll, every second, on every app server."""

import pytest
from django.db import OperationalError
from django.test import override_settings

from hkai_portal import health

pytestmark = pytest.mark.django_db


def test_reports_database_and_cache_ok(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1, nothing else: no session, no models
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


@override_settings(SECURE_SSL_REDIRECT=True)
def test_is_never_redirected(client):
    """The load balancer probes over plain HTTP, without a language prefix."""
    assert client.get("/healthz").status_code == 200
    assert client.head("/healthz").status_code == 200
    assert client.get("/en/").status_code == 301  # while pages do go to HTTPS


def test_answers_probes_addressed_to_the_servers_own_address(client):
    """Load balancers and orchestrators send Host: <the server's IP>, which is not one of
    ALLOWED_HOSTS; the health check must still answer, while pages refuse that host."""
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/en/", HTTP_HOST="10.1.2.3:8000").status_code == 400


def test_database_failure_is_503_naming_it(client, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused: secret host details")

    monkeypatch.setattr(health.connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}
    assert b"secret host" not in response.content


def test_cache_failure_is_503_naming_it(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(health.cache, "set", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


def test_cache_returning_something_else_is_a_failure(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    assert client.get("/healthz").json()["cache"] == "error"


def test_only_reads(client):
    assert client.post("/healthz").status_code == 405
