"""The page cache on the real public site: every page is served from the cache on a repeat
visit without a query, and what an editor does in the admin shows at once."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import PublicationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(make):
    sector = make.sector(name="Fintech", name_zh_hant="金融科技")
    institution = make.institution(name="Hong Kong Science Park", sectors=[sector])
    hub = make.hub(name="Cyberport", sectors=[sector], operator=institution)
    challenge = make.challenge(name="Talent shortage")
    policy = make.policy(name="Innovation Blueprint", issuer=institution)
    policy.challenges.add(challenge)
    return {
        "home": reverse("directory:home"),
        "search": reverse("directory:search") + "?q=park",
        "sector": sector.get_absolute_url(),
        "institutions": reverse("directory:institution_list"),
        "institutions filtered": reverse("directory:institution_list") + "?kind=university",
        "hubs": reverse("directory:hub_list"),
        "policies": reverse("directory:policy_list"),
        "challenges": reverse("directory:challenge_list"),
        "institution": institution.get_absolute_url(),
        "hub": hub.get_absolute_url(),
        "policy": policy.get_absolute_url(),
        "challenge": challenge.get_absolute_url(),
        "chinese listing": reverse("directory:institution_list").replace("/en/", "/zh-hant/"),
    }


PAGES = [
    "home",
    "search",
    "sector",
    "institutions",
    "institutions filtered",
    "hubs",
    "policies",
    "challenges",
    "institution",
    "hub",
    "policy",
    "challenge",
    "chinese listing",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("htmx", [False, True], ids=["full", "htmx"])
def test_repeat_visits_cost_no_queries(client, site, page, htmx, django_assert_num_queries):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    first = client.get(site[page], **headers)
    assert first.status_code == 200
    assert not first.cookies, "a public page set a cookie, so it cannot be cached"
    with django_assert_num_queries(0):
        second = client.get(site[page], **headers)
    assert second.content == first.content
    with django_assert_num_queries(0):
        assert (
            client.get(site[page], HTTP_IF_NONE_MATCH=first["ETag"], **headers).status_code == 304
        )


def test_listing_partial_and_full_page_stay_apart(client, site):
    url = site["institutions"]
    full = client.get(url).content
    partial = client.get(url, HTTP_HX_REQUEST="true").content
    assert full != partial
    assert b"<html" in full
    assert b"<html" not in partial
    assert client.get(url).content == full
    restore = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
    assert client.get(url, **restore).content == full


def admin_action(admin_client, model, action, *entries):
    url = reverse(f"admin:directory_{model._meta.model_name}_changelist")
    data = {"action": action, ACTION_CHECKBOX_NAME: [entry.pk for entry in entries], "index": 0}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:500]


def test_an_editors_publish_and_unpublish_show_at_once(admin_client, make):
    visitor = Client()
    draft = make.institution(name="Brand New Lab", status=PublicationStatus.DRAFT)
    listing = reverse("directory:institution_list")
    for _ in range(2):
        assert b"Brand New Lab" not in visitor.get(listing).content
    admin_action(admin_client, type(draft), "publish", draft)
    assert b"Brand New Lab" in visitor.get(listing).content
    assert visitor.get(draft.get_absolute_url()).status_code == 200
    admin_action(admin_client, type(draft), "unpublish", draft)
    assert b"Brand New Lab" not in visitor.get(listing).content
    assert visitor.get(draft.get_absolute_url()).status_code == 404


def test_an_editors_delete_shows_at_once(admin_client, make):
    visitor = Client()
    entry = make.hub(name="Closing Hub")
    listing = reverse("directory:hub_list")
    assert b"Closing Hub" in visitor.get(listing).content
    url = reverse("admin:directory_hub_changelist")
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [entry.pk], "post": "yes"}
    assert admin_client.post(url, data).status_code == 302
    assert b"Closing Hub" not in visitor.get(listing).content


def test_editors_see_the_live_site_while_logged_in(admin_client, site):
    admin_client.get(site["institutions"])
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(site["institutions"])
    assert response.status_code == 200
    assert any("directory_institution" in query["sql"] for query in queries.captured_queries)
