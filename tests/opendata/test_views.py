"""The data page: whole-dataset downloads, the licence, when the data last changed."""

import pytest
from django.utils.timezone import localtime

from directory.models import ENTRY_MODELS, Hub

pytestmark = pytest.mark.django_db


def test_data_page_lists_every_types_downloads_and_the_licence(client, data):
    html = client.get("/en/data/").content.decode()
    for path in ("institutions", "hubs", "policies", "challenges"):
        assert f'href="/en/{path}/export.csv"' in html
        assert f'href="/en/{path}/export.json"' in html
    assert "CC BY 4.0" in html
    assert 'rel="license"' in html


def test_data_page_says_when_the_data_last_changed_ignoring_drafts(client, data):
    published = ("cyberport", "hku", "lab", "policy", "challenge")
    latest = max(data[name].updated for name in published)
    Hub.objects.filter(slug__startswith="secret").update(updated=latest.replace(year=2099))
    html = client.get("/en/data/").content.decode()
    assert f'datetime="{localtime(latest).isoformat()}"' in html
    assert "2099" not in html


def test_data_page_in_chinese(client, data):
    html = client.get("/zh-hant/data/").content.decode()
    assert 'href="/zh-hant/hubs/export.csv"' in html
    assert "開放數據" in html


def test_data_page_is_linked_from_every_page(client, data):
    assert 'href="/en/data/"' in client.get("/en/").content.decode()


@pytest.mark.parametrize("scale", [2, 20], ids=["small", "10x"])
def test_data_page_runs_a_constant_number_of_queries(
    client, make, django_assert_max_num_queries, scale
):
    for i in range(scale):
        make.hub(name=f"Hub {i}")
    # One count per entry type, however many entries.
    with django_assert_max_num_queries(len(ENTRY_MODELS)):
        assert client.get("/en/data/").status_code == 200
