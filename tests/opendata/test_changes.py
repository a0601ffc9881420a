"""What changed: additions and edits in plain words, newest first, never drafts or editors."""

import feedparser
import pytest
from django.contrib.auth.models import User

from directory.models import Policy

pytestmark = pytest.mark.django_db


def page(client, path="/en/changes/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_status_change_is_told_in_plain_words(client, data):
    policy = data["policy"]
    policy.stage = Policy.Stage.PROPOSED
    policy.save()
    policy.stage = Policy.Stage.ACTIVE
    policy.save()
    html = page(client)
    assert "Fintech 2025</a>: Policy status changed from Proposed to Active." in html
    newest, older = "from Proposed to Active", "from Active to Proposed"
    assert html.index(newest) < html.index(older)


def test_additions_and_text_edits(client, data):
    hub = data["cyberport"]
    hub.summary_en = "A new summary."
    hub.save()
    html = page(client)
    assert "Cyberport</a>: Summary updated." in html
    assert "The University of Hong Kong</a>: Added to the directory." in html


def test_in_chinese(client, data):
    policy = data["policy"]
    policy.stage = Policy.Stage.COMPLETED
    policy.save()
    html = page(client, "/zh-hant/changes/")
    assert "金融科技2025</a>" in html
    assert 'href="/zh-hant/policies/fintech-2025/"' in html


def test_drafts_and_editors_never_show(client, data, make):
    editor = User.objects.create_user("editor-jane", password="x" * 12)
    draft = data["drafts"][0]
    draft.summary_en = "Secret plans"
    draft._history_user = editor
    draft.save()
    hub = data["cyberport"]
    hub._history_user = editor
    hub.summary_en = "Edited by an editor."
    hub.save()
    # Published once, then taken back to draft: it leaves the page.
    policy = data["policy"]
    policy.status = "draft"
    policy.save()
    html = page(client)
    assert "Secret" not in html and "secret" not in html
    assert "editor-jane" not in html
    assert "Fintech 2025" not in html


def test_links_follow_a_changed_slug(client, data):
    hub = data["cyberport"]
    hub.slug = "cyberport-hk"
    hub.save()
    assert 'href="/en/hubs/cyberport-hk/"' in page(client)


def test_paginated_and_forgiving(client, make):
    for i in range(25):
        make.challenge(name=f"Challenge {i:02}")
    first = page(client)
    assert first.count('class="changes__item"') == 20
    assert "Challenge 24" in first
    assert 'rel="next" href="?page=2"' in first
    assert page(client, "/en/changes/?page=2").count('class="changes__item"') == 5
    assert "fewer pages" in page(client, "/en/changes/?page=99")
    page(client, "/en/changes/?page=%00abc")


def test_changes_feed(client, data):
    policy = data["policy"]
    policy.stage = Policy.Stage.COMPLETED
    policy.save()
    feed = feedparser.parse(client.get("/en/changes/feed/").content)
    assert not feed.bozo
    assert feed.entries[0].title == "Fintech 2025: Policy status changed from Active to Completed."
    assert feed.entries[0].link == "http://testserver/en/policies/fintech-2025/"
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    assert 'href="/en/changes/feed/"' in page(client)


@pytest.mark.parametrize("scale", [2, 20], ids=["small", "10x"])
def test_constant_queries(client, make, django_assert_max_num_queries, scale):
    for i in range(scale):
        policy = make.policy(name=f"Policy {i}")
        policy.stage = Policy.Stage.COMPLETED
        policy.save()
        make.hub(name=f"Hub {i}")
    # The count, the page, then per type on the page its records and the ones before.
    with django_assert_max_num_queries(2 + 2 * 2):
        page(client)
