"""Structured logs: JSON on stdout, each record carrying the id of the request it belongs
to, the same id the client got back in X-Request-ID."""

import io
import json
import logging
import re

import pytest
from django.test import override_settings

from hkai_portal.request_id import RequestIDFilter, current_request_id

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.hkai_portal.urls_pages")]


@pytest.fixture
def log_lines():
    """What the configured stdout handler writes, as parsed JSON records."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "stdout")
    buffer = io.StringIO()
    old_stream = handler.setStream(buffer)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        handler.setStream(old_stream)


def test_a_request_id_is_generated(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@override_settings(PROXY_COUNT=1)
def test_the_load_balancers_id_is_reused(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7d1c2e9a-4b5f")
    assert response["X-Request-ID"] == "lb-7d1c2e9a-4b5f"


def test_without_a_trusted_proxy_a_client_cannot_choose_its_id(client):
    """Nothing in front sets the header, so whatever arrives was written by the client: a
    forged id could pose as another request's in the logs."""
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7d1c2e9a-4b5f")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.parametrize(
    "incoming", ["", "two words", "x" * 129, "id\r\nSet-Cookie: a=b", "<script>", "ид"]
)
def test_an_insane_id_is_replaced(client, incoming):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@override_settings(PROXY_COUNT=1)
def test_errors_are_logged_as_json_with_the_request_id(client, log_lines):
    client.raise_request_exception = False
    response = client.get("/en/boom/", HTTP_X_REQUEST_ID="req-boom-1")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-boom-1"
    assert b"Traceback" not in response.content
    records = log_lines()
    info = next(r for r in records if r["message"] == "about to fail")
    error = next(r for r in records if r["logger"] == "django.request")
    assert info["request_id"] == error["request_id"] == "req-boom-1"
    assert error["level"] == "ERROR"
    assert "/en/boom/" in error["message"]
    assert "RuntimeError: boom for the test" in error["exc_info"]
    assert {"time", "level", "logger", "message", "request_id"} <= error.keys()


def test_records_outside_a_request_have_no_id(log_lines):
    logging.getLogger("tests.background").warning("nightly job")
    (record,) = [r for r in log_lines() if r["message"] == "nightly job"]
    assert record["request_id"] is None
    assert current_request_id() is None


def test_the_filter_keeps_an_explicit_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    record.request_id = "given"
    assert RequestIDFilter().filter(record)
    assert record.request_id == "given"
