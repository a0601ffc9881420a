"""Moderation in the admin, as an editor and a publisher would use it."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from contributions.models import Suggestion
from directory.models import Hub, Policy

pytestmark = pytest.mark.django_db


def suggestion_for(entry, field="summary_en", text="New summary.", **kwargs):
    return Suggestion.objects.create(
        kind=Suggestion.Kind.CORRECTION,
        submission=uuid.uuid4(),
        entry=entry,
        entry_type=entry._meta.model_name,
        field=field,
        text=text,
        source_url="https://evil.example/<script>alert(1)</script>",
        **kwargs,
    )


def change_url(suggestion):
    return reverse("admin:contributions_suggestion_change", args=[suggestion.pk])


def decide(client, suggestion, decision, **data):
    url = reverse("admin:contributions_decide", args=[suggestion.pk])
    return client.post(url, {"decision": decision, **data})


def test_queue_lists_new_suggestions(editor_client, entry):
    suggestion_for(entry)
    response = editor_client.get(
        reverse("admin:contributions_suggestion_changelist"), {"status__exact": "new"}
    )
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1


def test_correction_shows_current_and_proposed_and_no_clickable_link(editor_client, entry):
    suggestion = suggestion_for(entry)
    page = editor_client.get(change_url(suggestion)).content.decode()
    assert "Old summary." in page
    assert "New summary." in page
    assert "<script>alert(1)" not in page
    assert 'href="https://evil.example' not in page
    assert "https://evil.example/&lt;script&gt;" in page


def test_apply_writes_through_the_model_with_the_editor_in_history(editor_client, editor, make):
    draft = make.policy(status="draft", summary_en="Old summary.")
    suggestion = suggestion_for(draft, email="visitor@example.hk")
    response = decide(editor_client, suggestion, "apply", note="Thanks!", notify="1")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary_en == "New summary."
    record = draft.history.latest()
    assert record.history_user == editor
    assert f"#{suggestion.pk}" in record.history_change_reason
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    assert suggestion.entry == draft  # kept for attribution
    assert suggestion.decided_by == editor
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["visitor@example.hk"]
    assert "Thanks!" in mail.outbox[0].body
    assert suggestion.notified is not None


def test_an_editors_apply_on_a_published_entry_waits_for_a_publisher(
    client, editor_client, editor, publisher, entry, verified_login
):
    suggestion = suggestion_for(entry, email="visitor@example.hk")
    edits_before = entry.history.count()
    page = editor_client.get(change_url(suggestion)).content.decode()
    assert "a publisher publishes it" in page
    decide(editor_client, suggestion, "apply", note="Thanks!", notify="1")
    entry.refresh_from_db()
    suggestion.refresh_from_db()
    assert entry.summary_en == "Old summary."  # the public page is unchanged
    assert entry.history.count() == edits_before
    assert (suggestion.status, suggestion.decided_by) == ("approved", editor)
    assert mail.outbox == []  # the suggester hears when it is live
    # The editor cannot publish it themself.
    assert decide(editor_client, suggestion, "apply").status_code == 403
    assert "Publish</button>" not in editor_client.get(change_url(suggestion)).content.decode()

    verified_login(client, publisher)
    page = client.get(change_url(suggestion)).content.decode()
    assert "Publish</button>" in page and "Thanks!" in page  # the editor's note, to keep
    decide(client, suggestion, "apply", note="Thanks!", notify="1")
    entry.refresh_from_db()
    suggestion.refresh_from_db()
    assert entry.summary_en == "New summary."
    record = entry.history.latest()
    assert record.history_user == publisher
    assert "approved by ed" in record.history_change_reason
    assert (suggestion.status, suggestion.decided_by) == ("accepted", editor)
    assert suggestion.published_by == publisher
    assert len(mail.outbox) == 1 and "Thanks!" in mail.outbox[0].body


def test_a_publisher_can_send_an_approved_correction_back(
    client, editor_client, publisher, entry, verified_login
):
    suggestion = suggestion_for(entry)
    decide(editor_client, suggestion, "apply")
    verified_login(client, publisher)
    decide(client, suggestion, "reject")
    entry.refresh_from_db()
    suggestion.refresh_from_db()
    assert (suggestion.status, entry.summary_en) == ("rejected", "Old summary.")


def test_a_publishers_apply_on_a_published_entry_is_live_at_once(
    publisher_client, publisher, entry
):
    suggestion = suggestion_for(entry)
    decide(publisher_client, suggestion, "apply")
    entry.refresh_from_db()
    suggestion.refresh_from_db()
    assert entry.summary_en == "New summary."
    assert (suggestion.status, suggestion.decided_by) == ("accepted", publisher)
    assert entry.history.latest().history_user == publisher


def test_apply_refuses_what_does_not_fit_the_field(editor_client, make):
    hub = make.hub()
    suggestion = suggestion_for(hub, field="opened", text="last year")
    decide(editor_client, suggestion, "apply")
    suggestion.refresh_from_db()
    assert suggestion.status == "new"
    hub.refresh_from_db()
    assert hub.opened is None


def test_reject_leaves_the_entry_alone(editor_client, entry):
    suggestion = suggestion_for(entry)
    decide(editor_client, suggestion, "reject")
    suggestion.refresh_from_db()
    entry.refresh_from_db()
    assert (suggestion.status, entry.summary_en) == ("rejected", "Old summary.")
    assert mail.outbox == []


def test_decided_suggestions_cannot_be_applied_again(editor_client, entry):
    suggestion = suggestion_for(entry)
    decide(editor_client, suggestion, "reject")
    decide(editor_client, suggestion, "apply")
    entry.refresh_from_db()
    assert entry.summary_en == "Old summary."


def test_create_draft_prefills_the_add_form_and_links_the_new_entry(editor_client, editor):
    suggestion = Suggestion.objects.create(
        kind=Suggestion.Kind.NEW_ENTRY,
        submission=uuid.uuid4(),
        entry_type="hub",
        name="新中心",
        text="一個新的中心。",
        source_url="https://www.example.hk/hub",
        language="zh-hant",
        email="visitor@example.hk",
    )
    response = decide(editor_client, suggestion, "draft", notify="1")
    assert response.status_code == 302
    form = editor_client.get(response["Location"]).context["adminform"].form
    assert form.initial["name_zh_hant"] == "新中心"
    assert form.initial["summary_zh_hant"] == "一個新的中心。"
    prefix = "directory-source-content_type-object_id"
    data = {
        "name_en": "New Hub",
        "name_zh_hant": "新中心",
        "slug": "new-hub",
        "kind": "incubator",
        "summary_en": "A new hub.",
        "summary_zh_hant": "一個新的中心。",
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
    }
    assert editor_client.post(response["Location"], data).status_code == 302
    hub = Hub.objects.get(slug="new-hub")
    assert hub.status == "draft"
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.entry) == ("accepted", hub)
    assert [source.url for source in hub.sources.all()] == ["https://www.example.hk/hub"]
    assert len(mail.outbox) == 1  # in the suggester's language
    assert "編輯已接納你的建議" in mail.outbox[0].body


def test_apply_on_a_deleted_entry_is_refused_gently(editor_client, entry):
    suggestion = suggestion_for(entry)
    entry.delete()
    response = decide(editor_client, suggestion, "apply")
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "new"


def test_editors_cannot_publish_publishers_can(client, editor, publisher, make, verified_login):
    draft = make.policy(status="draft")
    url = reverse("admin:directory_policy_changelist")
    for user, allowed in ((editor, False), (publisher, True)):
        verified_login(client, user)
        actions = dict(client.get(url).context["action_form"].fields["action"].choices)
        assert ("publish" in actions) is allowed
        client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
        draft.refresh_from_db()
        assert draft.is_published is allowed
        change = client.get(reverse("admin:directory_policy_change", args=[draft.pk]))
        assert ("status" in change.context["adminform"].form.fields) is allowed


def test_an_editors_new_entry_is_a_draft(editor_client):
    prefix = "directory-source-content_type-object_id"
    data = {
        "name_en": "Draft Policy",
        "slug": "draft-policy",
        "kind": "strategy",
        "stage": "active",
        "announced_year": "2024",
        "summary_en": "A draft.",
        "status": "published",  # ignored: the field is read-only for editors
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
    }
    response = editor_client.post(reverse("admin:directory_policy_add"), data)
    assert response.status_code == 302
    assert Policy.objects.get(slug="draft-policy").status == "draft"
