"""Simplified Chinese finds the Traditional entries: in listings, search, the API and exports."""

import pytest

from directory.models import ENTRY_MODELS, Hub
from directory.search import spellings

pytestmark = pytest.mark.django_db


@pytest.fixture
def park(make, data):
    return make.hub(name="Hong Kong Science Park", name_zh_hant="香港科學園", slug="science-park")


def test_spellings_add_the_traditional_form_only_where_it_differs():
    assert spellings("数码港") == ["数码港", "數碼港"]
    assert spellings("數碼港") == ["數碼港"]
    assert spellings("Cyberport") == ["Cyberport"]


def test_simplified_finds_cyberport_everywhere(client, data):
    assert list(Hub.objects.published().search("数码港")) == [data["cyberport"]]
    assert 'href="/en/hubs/cyberport/"' in client.get("/en/search/?q=数码港").content.decode()
    listing = client.get("/zh-hant/hubs/?q=数码港").content.decode()
    assert 'href="/zh-hant/hubs/cyberport/"' in listing
    api = client.get("/api/v1/hubs/?q=数码港").json()
    assert [record["slug"] for record in api["results"]] == ["cyberport"]
    export = b"".join(client.get("/en/hubs/export.csv?q=数码港").streaming_content).decode()
    assert "/en/hubs/cyberport/" in export


def test_simplified_finds_science_park_with_other_words(client, park):
    assert list(Hub.objects.published().search("香港科学园")) == [park]
    assert list(Hub.objects.published().search("科学园 hong")) == [park]


def test_queries_that_found_entries_still_do(client, park, data):
    assert list(Hub.objects.published().search("數碼港")) == [data["cyberport"]]
    assert list(Hub.objects.published().search("Science")) == [park]
    assert list(Hub.objects.published().search("科學")) == [park]
    assert not Hub.objects.published().search("数码港 科学园").exists()


def test_short_simplified_words_match_too(client, data):
    """Two characters, below a trigram: the plain LIKE path of the SQLite backend."""
    assert list(Hub.objects.published().search("码港")) == [data["cyberport"]]


def test_on_the_demo_data_simplified_finds_what_traditional_finds(client, settings):
    """The issue's own examples, on the real demo data."""
    from django.core.management import call_command

    call_command("loaddata", *settings.DEMO_FIXTURES, verbosity=0)
    for simplified, traditional in (("数码港", "數碼港"), ("香港科学园", "香港科學園")):
        for model in ENTRY_MODELS:
            found = set(model.objects.published().search(simplified))
            assert found == set(model.objects.published().search(traditional)), simplified
        html = client.get(f"/en/search/?q={simplified}").content.decode()
        assert "Nothing found" not in html, simplified
