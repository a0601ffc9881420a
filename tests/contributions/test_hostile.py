"""A corpus of hostile suggestions: each gets a 4xx, or is stored inert (escaped wherever
it is shown, its links never clickable), and none gets a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from contributions.models import Suggestion
from tests.contributions.conftest import ticket

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
HUGE = "A" * 200_000

CORRECTIONS = {
    "huge text": {"text": HUGE},
    "huge url": {"source_url": "https://example.hk/" + "a" * 5000},
    "huge email": {"email": "a" * 300 + "@example.hk"},
    "script in text": {"text": SCRIPT},
    "javascript url": {"source_url": "javascript:alert(1)"},
    "data url": {"source_url": "data:text/html,<script>alert(1)</script>"},
    "ftp url": {"source_url": "ftp://example.hk/file"},
    "nul byte": {"text": "before\x00after"},
    "unknown field": {"field": "status"},
    "private field": {"field": "id"},
    "no ticket": {"ticket": ""},
    "forged ticket": {"ticket": "eyJpZCI6IjEyMyJ9:forged:signature"},
    "honeypot": {"website": "https://spam.example"},
    "list values": {"text": ["one", "two"]},
    "right-to-left override": {"text": "\u202egnp.exe"},
    "emoji and CJK": {"text": "人工智能 🤖 測試"},
}


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def valid(**changes):
    data = {
        "ticket": ticket(),
        "field": "summary_en",
        "text": "A fine correction.",
        "source_url": "https://www.gov.hk/",
        "email": "",
        "website": "",
    }
    return {**data, **changes}


def assert_inert(client, admin_client):
    """What was stored shows escaped to editors, and no submitted link is clickable."""
    for suggestion in Suggestion.objects.all():
        url = reverse("admin:contributions_suggestion_change", args=[suggestion.pk])
        page = admin_client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "onerror=alert" not in page or "&lt;img" in page
        assert f'href="{suggestion.source_url}"' not in page


@pytest.mark.parametrize("case", list(CORRECTIONS))
def test_hostile_corrections(visitor, admin_client, entry, case):
    response = visitor.post(f"/en/policies/{entry.slug}/suggest/", valid(**CORRECTIONS[case]))
    assert response.status_code in {302, 400}, case
    if response.status_code == 302:
        assert_inert(visitor, admin_client)
    entry.refresh_from_db()
    assert entry.summary_en == "Old summary."  # never changed by itself


@pytest.mark.parametrize(
    "changes",
    [
        {"entry_type": "user"},
        {"entry_type": ""},
        {"name": SCRIPT},
        {"name": "N" * 5000},
        {"more_sources": "\n".join(f"https://e{i}.hk" for i in range(50))},
        {"more_sources": "javascript:alert(1)"},
    ],
)
def test_hostile_new_entries(visitor, admin_client, changes):
    data = {**valid(), "entry_type": "hub", "name": "A hub", **changes}
    response = visitor.post("/zh-hant/suggest/", data)
    assert response.status_code in {302, 400}
    assert_inert(visitor, admin_client)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded; charset=shift_jis", b"text=%82%A0"),
        ("application/x-www-form-urlencoded; charset=utf-8", b"text=%ff%fe%fd&field=summary_en"),
        ("application/x-www-form-urlencoded; charset=bogus-charset", b"text=x"),
        ("application/json", b'{"text": "json instead of a form"}'),
        ("multipart/form-data; boundary=xyz", b"--xyz\r\nbroken"),
        ("text/plain", b"\x00\x01\x02" * 1000),
    ],
)
def test_strange_encodings_and_bodies(visitor, entry, content_type, body):
    response = visitor.generic(
        "POST", f"/en/policies/{entry.slug}/suggest/", body, content_type=content_type
    )
    assert 400 <= response.status_code < 500
    assert not Suggestion.objects.exists()


def test_replay_of_a_captured_post_stores_nothing_new(visitor, entry):
    data = valid()
    for _ in range(5):
        assert visitor.post(f"/en/policies/{entry.slug}/suggest/", data).status_code == 302
    assert Suggestion.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/en/policies/%00/suggest/",
        "/en/policies/" + "a" * 3000 + "/suggest/",
        "/en/%F0%9F%A4%96/x/suggest/",
        "/en/suggest/?" + "x=1&" * 2000,
    ],
)
def test_strange_addresses(visitor, path):
    assert visitor.get(path).status_code in {200, 400, 404}
