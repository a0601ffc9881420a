"""The public's suggestion forms: saved before thanks, one per form, robots kept out."""

import pytest
from django.test import override_settings

from contributions.models import Suggestion
from tests.contributions.conftest import ticket

pytestmark = pytest.mark.django_db


def test_detail_page_links_to_its_correction_form(client, entry):
    page = client.get(entry.get_absolute_url()).content.decode()
    assert f'href="/en/policies/{entry.slug}/suggest/"' in page
    assert client.get(f"/en/policies/{entry.slug}/suggest/").status_code == 200


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_correction_is_saved_before_thanks_and_changes_nothing(client, entry, correction, language):
    url, data = correction
    url = url.replace("/en/", f"/{language}/")
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/suggest/thanks/"
    suggestion = Suggestion.objects.get()
    assert suggestion.entry == entry
    assert (suggestion.kind, suggestion.field, suggestion.text) == (
        "correction",
        "summary_en",
        "New summary.",
    )
    assert suggestion.language == language
    entry.refresh_from_db()
    assert entry.summary_en == "Old summary."
    assert client.get(response["Location"]).status_code == 200


def test_double_submit_stores_one(client, correction):
    url, data = correction
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the replay also gets the thanks page
    assert Suggestion.objects.count() == 1


def test_new_entry_suggestion(client):
    data = {
        "ticket": ticket(),
        "entry_type": "hub",
        "name": "New Hub",
        "text": "A new hub.",
        "source_url": "www.example.hk/hub",
        "more_sources": "https://a.example.hk\nhttps://b.example.hk",
    }
    assert client.post("/zh-hant/suggest/", data).status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == "new-entry"
    assert suggestion.source_urls() == [
        "https://www.example.hk/hub",
        "https://a.example.hk",
        "https://b.example.hk",
    ]


def test_unknown_or_draft_entries_have_no_form(client, make):
    draft = make.policy(status="draft")
    assert client.get(f"/en/policies/{draft.slug}/suggest/").status_code == 404
    assert client.get("/en/nonsense/x/suggest/").status_code == 404


def test_honeypot_is_refused(client, correction):
    url, data = correction
    response = client.post(url, {**data, "website": "http://spam.example"})
    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_too_fast_is_refused_with_a_fresh_form(client, correction):
    url, data = correction
    response = client.post(url, {**data, "ticket": ticket(age=0)})
    assert response.status_code == 400
    assert not Suggestion.objects.exists()
    assert "New summary." in response.content.decode()  # nothing typed is lost
    assert response.context["form"].data["ticket"] != data["ticket"]


@override_settings(SUGGESTION_RATE="2/m")
def test_rate_limit_answers_429_with_retry_after(client, correction):
    url, data = correction
    for _ in range(2):
        assert client.post(url, {**data, "ticket": ticket()}).status_code == 302
    response = client.post(url, {**data, "ticket": ticket()})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert Suggestion.objects.count() == 2
    assert client.get(url).status_code == 200  # reading is never limited


def test_csrf_token_is_required(entry, correction):
    from django.test import Client

    url, data = correction
    response = Client(enforce_csrf_checks=True).post(url, data)
    assert response.status_code == 403
    assert not Suggestion.objects.exists()


def test_form_page_is_never_cached(client, entry):
    response = client.get(f"/en/policies/{entry.slug}/suggest/")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("size", [1, 30])
def test_constant_queries(client, make, size, django_assert_max_num_queries):
    for _ in range(size):
        entry = make.policy()
    with django_assert_max_num_queries(2):  # the entry; nothing per entry or per type
        assert client.get(f"/en/policies/{entry.slug}/suggest/").status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get("/zh-hant/suggest/").status_code == 200
