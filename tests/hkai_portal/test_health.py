"""/healthz: what load balancers poll, every second, on every app server; /healthz/ready:
every dependency for operators."""

import pytest
from django.db import OperationalError
from django.test import override_settings

from hkai_portal import health

pytestmark = pytest.mark.django_db


def test_reports_database_ok(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1, nothing else: no session, no models
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


@override_settings(SECURE_SSL_REDIRECT=True)
def test_is_never_redirected(client):
    """The load balancer probes over plain HTTP, without a language prefix."""
    assert client.get("/healthz").status_code == 200
    assert client.head("/healthz").status_code == 200
    assert client.get("/healthz/ready").status_code == 200
    assert client.get("/en/").status_code == 301  # while pages do go to HTTPS


def test_answers_probes_addressed_to_the_servers_own_address(client):
    """Load balancers and orchestrators send Host: <the server's IP>, which is not one of
    ALLOWED_HOSTS; the health check must still answer, while pages refuse that host."""
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/healthz/ready", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/en/", HTTP_HOST="10.1.2.3:8000").status_code == 400


def test_database_failure_is_503_naming_it(client, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused: secret host details")

    monkeypatch.setattr(health.connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}
    assert b"secret host" not in response.content
    ready = client.get("/healthz/ready")
    assert ready.status_code == 503
    assert ready.json() == {"status": "error", "database": "error", "cache": "ok"}


def test_ready_reports_each_dependency(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_cache_failure_keeps_the_server_in_the_pool(client, monkeypatch):
    """Pages are still served without the cache: a cache outage must not make the load
    balancer take every app server out (the fault issue 14 found)."""

    def unreachable(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(health.cache, "set", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    ready = client.get("/healthz/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "degraded", "database": "ok", "cache": "error"}


def test_cache_returning_something_else_is_a_failure(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    assert client.get("/healthz/ready").json()["cache"] == "error"


def test_only_reads(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/healthz/ready").status_code == 405
