"""The editors' dashboard on the admin index: each count right, each linking to the change
list of exactly those rows, in a constant number of queries."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from contributions.models import Suggestion
from directory.models import ENTRY_MODELS, Hub, Policy

pytestmark = pytest.mark.django_db


def dashboard(client):
    from contributions.dashboard import dashboard as build

    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    user = response.wsgi_request.user
    return response, {
        (str(heading), str(item.label)): item
        for heading, entries in build(user)
        for item in entries
    }


def fill(make, n):
    old = timezone.localdate() - datetime.timedelta(days=400)
    for i in range(n):
        make.policy(status="draft" if i % 2 else "published", last_reviewed=old)
        chinese = "中心" if i % 3 else ""
        make.hub(name_zh_hant=chinese, summary_zh_hant=chinese, last_reviewed=timezone.localdate())
    source = make.policy().sources.create(title="Gone", url="https://gone.example")
    source.link_checked, source.link_status = timezone.now(), 404
    source.save()
    Suggestion.objects.create(
        kind="new-entry", submission=uuid.uuid4(), name="X", text="Y", source_url="https://x.hk"
    )
    Suggestion.objects.create(
        kind="correction", status="approved", submission=uuid.uuid4(), text="Z",
        source_url="https://z.hk",
    )  # fmt: skip


def test_counts_and_links(editor_client, make):
    fill(make, 6)
    response, found = dashboard(editor_client)
    page = response.content.decode()
    assert "What needs doing" in page
    drafts = found[("Policies", "Drafts waiting to be published")]
    assert drafts.count == 3
    assert drafts.url in page.replace("&amp;", "&")
    listed = editor_client.get(drafts.url).context["cl"]
    assert listed.result_count == 3
    stale = found[("Policies", "Not reviewed for 180 days")]
    assert stale.count == 7  # six reviewed long ago, one never
    assert editor_client.get(stale.url).context["cl"].result_count == 7
    assert found[("Hubs", "Not reviewed for 180 days")].count == 0
    missing = found[("Hubs", "Missing Traditional Chinese text")]
    assert missing.count == 2
    assert editor_client.get(missing.url).context["cl"].result_count == 2
    broken = found[("Sources", "Links found broken")]
    assert broken.count == 1
    assert editor_client.get(broken.url).context["cl"].result_count == 1
    for label in ("New suggestions", "Corrections waiting for a publisher"):
        waiting = found[("From the public", label)]
        assert waiting.count == 1
        assert editor_client.get(waiting.url).context["cl"].result_count == 1


@pytest.mark.parametrize("size", [2, 40])
def test_constant_queries(editor_client, make, size, django_assert_max_num_queries):
    fill(make, size)
    # session, user, groups/permissions, one per entry type, suggestions, sources, the
    # admin's own app list and log: the same however many entries exist.
    with django_assert_max_num_queries(len(ENTRY_MODELS) + 10):
        editor_client.get(reverse("admin:index"))


def test_hidden_from_users_without_permissions(client, django_user_model, verified_login):
    user = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    verified_login(client, user)
    response = client.get(reverse("admin:index"))
    assert "What needs doing" not in response.content.decode()
    assert Hub and Policy  # the registry is what the dashboard walks
