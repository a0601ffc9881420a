"""Atom feeds of new and updated entries: all types, one type, one sector, announced on the
pages they follow."""

import feedparser
import pytest

from directory.models import ENTRY_MODELS, Hub

pytestmark = pytest.mark.django_db


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_updates_feed_lists_every_type_newest_first_without_drafts(client, data):
    Hub.objects.filter(slug="cyberport").update(
        updated=data["cyberport"].updated.replace(year=2030)
    )
    feed = parse(client, "/en/feeds/updates/")
    links = [entry.link for entry in feed.entries]
    assert links[0] == "http://testserver/en/hubs/cyberport/"
    assert set(links) == {
        "http://testserver/en/hubs/cyberport/",
        "http://testserver/en/institutions/hku/",
        "http://testserver/en/institutions/hku-data-lab/",
        "http://testserver/en/policies/fintech-2025/",
        "http://testserver/en/challenges/talent-gap/",
    }
    cyberport = feed.entries[0]
    assert cyberport.title == "Cyberport"
    assert cyberport.updated.startswith("2030")
    assert [tag.term for tag in cyberport.tags] == ["FinTech"]


def test_type_feed_holds_only_its_type(client, data):
    feed = parse(client, "/en/feeds/institutions/")
    assert {entry.title for entry in feed.entries} == {
        "The University of Hong Kong",
        "HKU Data Lab",
    }
    assert feed.feed.link == "http://testserver/en/institutions/"


def test_sector_feed_holds_every_type_in_the_sector(client, data):
    feed = parse(client, "/en/feeds/sectors/fintech/")
    assert {entry.title for entry in feed.entries} == {"Cyberport", "HKU Data Lab", "Fintech 2025"}


def test_feeds_are_in_the_pages_language(client, data):
    feed = parse(client, "/zh-hant/feeds/hubs/")
    assert feed.feed.language == "zh-hant"
    assert feed.entries[0].title == "數碼港"
    assert feed.entries[0].link == "http://testserver/zh-hant/hubs/cyberport/"


def test_unknown_type_or_sector_is_not_found(client, data):
    assert client.get("/en/feeds/unicorns/").status_code == 404
    assert client.get("/en/feeds/sectors/no-such-sector/").status_code == 404


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/en/", "/en/feeds/updates/"),
        ("/en/hubs/", "/en/feeds/hubs/"),
        ("/en/hubs/cyberport/", "/en/feeds/hubs/"),
        ("/zh-hant/policies/?kind=law", "/zh-hant/feeds/policies/"),
        ("/en/sectors/fintech/", "/en/feeds/sectors/fintech/"),
    ],
)
def test_pages_announce_their_feeds(client, data, page, feed):
    html = client.get(page).content.decode()
    assert '<link rel="alternate" type="application/atom+xml" title="' in html
    assert f'href="{feed}">' in html


@pytest.mark.parametrize("scale", [2, 20], ids=["small", "10x"])
def test_feeds_run_a_constant_number_of_queries(client, make, django_assert_max_num_queries, scale):
    sector = make.sector(slug="s")
    for i in range(scale):
        make.hub(name=f"Hub {i}", sectors=[sector])
        make.policy(name=f"Policy {i}", sectors=[sector])
    # Per type: its latest entries, their sectors (and the sector itself).
    with django_assert_max_num_queries(2 * len(ENTRY_MODELS)):
        parse(client, "/en/feeds/updates/")
    with django_assert_max_num_queries(1 + 2 * len(ENTRY_MODELS)):
        parse(client, "/en/feeds/sectors/s/")
