"""The page cache's keys (directory/page_keys.py): bounded by the pages that really differ,
whatever a client sends, and never mixing hosts, schemes or a visitor's stray parameters
into what others are served."""

import pytest
from django.test import override_settings

from directory import cache as page_cache
from directory.models import Institution

pytestmark = pytest.mark.django_db

LIST = "/en/institutions/"


@pytest.fixture
def stored_pages(monkeypatch):
    """The page-cache keys written during the test (whatever the cache backend)."""
    keys = set()
    set_many = page_cache.cache.set_many

    def spy(data, *args, **kwargs):
        keys.update(key for key in data if key.startswith("pagecache:"))
        return set_many(data, *args, **kwargs)

    monkeypatch.setattr(page_cache.cache, "set_many", spy)
    return keys


@pytest.fixture
def listing(make):
    make.institution(name="Aurora University", kind=Institution.Kind.UNIVERSITY)
    make.institution(name="Quant Company", kind=Institution.Kind.COMPANY)


def flood(n):
    """n requests for two real pages of the listing (unfiltered, and universities), each as
    a full page or a partial, spelled every way a client can."""
    junk = ["utm_source={n}", "fbclid=x{n}", "q=", "kind=", "page=", "sort=", "x{n}"]
    for number in range(n):
        filtered = number % 2
        parts = [junk[number % len(junk)].format(n=number)]
        if filtered:
            parts += ["kind=university", "kind=university" if number % 3 else "kind= university "]
        query = "&".join(parts[::-1] if number % 5 else parts)
        headers = [
            {},
            {"HTTP_HX_REQUEST": "TRUE"},  # not htmx to django-htmx: the full page
            {"HTTP_HX_REQUEST": "1"},
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": f"t{number}"},
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_TRIGGER": f"id{number}"},
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"},  # a whole page
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"},
        ][number % 7]
        yield f"{LIST}?{query}", headers


def test_a_flood_of_variants_stores_only_the_real_pages(client, listing, stored_pages):
    for url, headers in flood(1000):
        assert client.get(url, **headers).status_code == 200
    # Two pages (all, universities) x (full page, partial) x (gzip, plain) at most.
    assert 0 < len(stored_pages) <= 8, len(stored_pages)


def test_bogus_values_and_pages_past_the_end_are_answered_but_never_stored(
    client, listing, stored_pages
):
    for number in range(50):
        for query in (f"kind=bogus{number}", f"page={number + 2}", f"page=x{number}"):
            response = client.get(f"{LIST}?{query}")
            assert response.status_code == 200
            assert "no-store" in response["Cache-Control"]
    assert not stored_pages


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("kind=university&kind=company", "kind=company&kind=university&kind=company"),
        ("q=aurora", "q=&q=%20aurora%20&utm_campaign=spring"),
        ("sort=newest", "sort=name&sort=newest&fbclid=abc"),
    ],
)
def test_one_page_however_its_query_is_spelled(
    client, listing, first, second, django_assert_num_queries
):
    stored = client.get(f"{LIST}?{first}").content
    with django_assert_num_queries(0):
        assert client.get(f"{LIST}?{second}").content == stored


def test_a_stray_parameter_never_reaches_another_visitors_page(client, listing):
    """The first visitor's `?utm_source=...` would otherwise be in the stored page's
    language links, for everyone."""
    first = client.get(f"{LIST}?utm_source=evil-campaign&kind=university").content.decode()
    later = client.get(f"{LIST}?kind=university").content.decode()
    assert "evil-campaign" not in first
    assert "evil-campaign" not in later
    assert "kind=university" in later


@override_settings(ALLOWED_HOSTS=["www.example.hk", "example.hk"])
def test_host_and_scheme_are_part_of_the_key(client, listing):
    www = client.get(LIST, HTTP_HOST="www.example.hk", secure=True).content.decode()
    assert 'href="https://www.example.hk/zh-hant/institutions/"' in www
    bare = client.get(LIST, HTTP_HOST="example.hk", secure=True).content.decode()
    assert 'href="https://example.hk/zh-hant/institutions/"' in bare
    assert "www.example.hk" not in bare
    plain = client.get(LIST, HTTP_HOST="example.hk").content.decode()
    assert 'href="http://example.hk/zh-hant/institutions/"' in plain


def test_a_long_query_string_is_answered_but_not_stored(client, listing, stored_pages):
    url = f"{LIST}?q=aurora&" + "&".join(f"utm{n}=x" for n in range(400))
    response = client.get(url)
    assert response.status_code == 200
    assert "Aurora University" in response.content.decode()
    assert not stored_pages


def test_a_partial_is_never_served_for_a_whole_page(client, listing):
    partial = client.get(LIST, HTTP_HX_REQUEST="true").content
    for headers in ({"HTTP_HX_REQUEST": "TRUE"}, {"HTTP_HX_BOOSTED": "true"}, {}):
        assert client.get(LIST, **headers).content != partial
        assert b"<html" in client.get(LIST, **headers).content
