"""The page cache (directory/cache.py): served from the cache without touching the
database, invalidated by every kind of editor change, never mixing languages, full and
partial responses, or compressed and plain ones, and never storing what belongs to one
visitor."""

import gzip

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from directory import cache as page_cache
from directory.models import Institution, PublicationStatus, Source

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.hkai_portal.urls_pages")]

LIST = "/en/institutions/"
HTMX = {"HTTP_HX_REQUEST": "true"}
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def queries_for(callback):
    with CaptureQueriesContext(connection) as context:
        callback()
    return len(context.captured_queries)


def get(client, url=LIST, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_second_request_is_served_from_the_cache(client, make, django_assert_num_queries):
    make.institution(name="Alpha")
    first = get(client)
    assert "Alpha" in first
    with django_assert_num_queries(0):
        assert get(client) == first


def test_a_hit_answers_before_sessions_and_users_are_looked_at(client, make, monkeypatch):
    """Stored pages are public: serving one needs no visitor state (and costs none)."""
    from django.contrib.auth.middleware import AuthenticationMiddleware

    make.institution(name="Alpha")
    first = get(client)
    looked_at = []
    original = AuthenticationMiddleware.process_request
    monkeypatch.setattr(
        AuthenticationMiddleware,
        "process_request",
        lambda self, request: looked_at.append(request.path) or original(self, request),
    )
    assert get(client) == first
    assert looked_at == []
    assert "Alpha" in get(client, "/zh-hant/institutions/")  # a miss runs them all
    assert looked_at == ["/zh-hant/institutions/"]


def test_head_is_served_from_the_cache_too(client, make, django_assert_num_queries):
    make.institution(name="Alpha")
    get(client)
    with django_assert_num_queries(0):
        assert client.head(LIST).status_code == 200


def edit_name(entry):
    entry.name_en = "Renamed"
    entry.save()


def unpublish(entry):
    entry.status = PublicationStatus.DRAFT
    entry.save()


def add_source(entry):
    Source.objects.create(
        content_type=ContentType.objects.get_for_model(entry),
        object_id=entry.pk,
        title_en="Annual report",
        url="https://example.org/report",
    )


def edit_source(entry):
    source = entry.sources.get()
    source.title_en = "Corrected report"
    source.save()


def delete_source(entry):
    entry.sources.get().delete()


def rename_sector(entry):
    sector = entry.sectors.get()
    sector.name_en = "Fintech renamed"
    sector.save()


def unlink_sector(entry):
    entry.sectors.clear()


@pytest.mark.parametrize(
    ("change", "before", "after"),
    [
        (edit_name, "Alpha[", "Renamed["),
        (unpublish, "Alpha[", "<ul></ul>"),
        (lambda entry: entry.delete(), "Alpha[", "<ul></ul>"),
        (add_source, "Alpha[Original]", "Alpha[Original,Annual report]"),
        (edit_source, "[Original]", "[Corrected report]"),
        (delete_source, "[Original]", "Alpha[]"),
        (rename_sector, "[Fintech]", "[Fintech renamed]"),
        (unlink_sector, "[Fintech]", "[Original][]"),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_every_editor_change_shows_at_once(client, make, change, before, after):
    entry = make.institution(name="Alpha", sectors=[make.sector(name="Fintech")])
    add_source(entry)
    entry.sources.update(title_en="Original")
    page_cache.invalidate_pages()  # update() sends no signal (see invalidate_pages)
    assert before in get(client)
    assert before in get(client, **HTMX)
    change(entry)
    assert after in get(client)
    assert after in get(client, **HTMX)


def test_publishing_a_draft_shows_it(client, make):
    draft = make.institution(name="Coming soon", status=PublicationStatus.DRAFT)
    assert "Coming soon" not in get(client)
    draft.status = PublicationStatus.PUBLISHED
    draft.save()
    assert "Coming soon" in get(client)


def test_a_new_entry_shows_on_its_detail_page_and_the_listing(client, make):
    get(client)
    entry = make.institution(name="Newcomer")
    assert "Newcomer" in get(client)
    assert "Newcomer" in get(client, f"/en/institutions/{entry.slug}/")


def test_the_generation_lives_in_the_shared_cache(make):
    """What lets several app servers agree: the number is read from the cache each time."""
    before = page_cache.current_generation()
    make.institution()
    after = page_cache.current_generation()
    assert after > before
    page_cache.cache.delete(page_cache.GENERATION_KEY)
    assert page_cache.current_generation() > after


def test_invalidation_is_repeated_when_the_transaction_commits(
    make, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make.institution()
    before_commit = page_cache.current_generation()
    for callback in callbacks:
        callback()
    assert page_cache.current_generation() > before_commit


def test_full_and_partial_responses_are_never_mixed(client, make):
    make.institution(name="Alpha")
    full = get(client)
    partial = get(client, **HTMX)
    assert full.startswith("<html>")
    assert partial.startswith("<ul>")
    assert get(client) == full
    assert get(client, **HTMX) == partial
    # htmx restoring history asks for the whole page with HX-Request set.
    assert get(client, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true") == full


def test_languages_are_never_mixed(client, make, django_assert_num_queries):
    make.institution(name_en="Science Park", name_zh_hant="科學園", name="Science Park")
    english, chinese = get(client, "/en/institutions/"), get(client, "/zh-hant/institutions/")
    with django_assert_num_queries(0):
        assert get(client, "/en/institutions/") == english
        assert get(client, "/zh-hant/institutions/") == chinese
    assert "Science Park" in english
    assert "科學園" not in english
    assert "科學園" in chinese


def test_query_strings_are_part_of_the_key(client, make, django_assert_num_queries):
    make.institution(name="Alpha")
    get(client, LIST + "?page=1")
    assert queries_for(lambda: get(client, LIST + "?page=2")) > 0
    with django_assert_num_queries(0):
        get(client, LIST + "?page=1")


def test_repeat_visit_gets_304_from_the_etag(client, make, django_assert_num_queries):
    make.institution(name="Alpha")
    response = client.get(LIST)
    etag = response["ETag"]
    assert "no-cache" in response["Cache-Control"]
    with django_assert_num_queries(0):
        repeat = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert repeat.status_code == 304
    assert repeat.content == b""
    # After a change the page differs, so the old ETag no longer matches.
    make.institution(name="Beta")
    changed = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Beta" in changed.content.decode()


@pytest.mark.parametrize("headers", [GZIP, {}], ids=["gzip", "plain"])
def test_vary_and_security_headers_survive_the_cache(client, make, headers):
    make_long_list(make)
    first, second = client.get(LIST, **headers), client.get(LIST, **headers)
    for response in (first, second):
        vary = {value.strip() for value in response["Vary"].split(",")}
        assert {"HX-Request", "Cookie"} <= vary
        assert "Content-Security-Policy" in response
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Request-ID"]
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert first["ETag"] == second["ETag"]


def make_long_list(make):
    # GZipMiddleware leaves bodies under 200 bytes alone; this list is well over.
    for number in range(10):
        make.institution(name=f"Institution number {number}")


def test_a_hit_is_sent_compressed_as_stored(client, make, django_assert_num_queries):
    make_long_list(make)
    plain = get(client)
    first = client.get(LIST, **GZIP)
    with django_assert_num_queries(0):
        hit = client.get(LIST, **GZIP)
    for response in (first, hit):
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert response["Content-Length"] == str(len(response.content))
        assert gzip.decompress(response.content).decode() == plain
    # The very bytes stored, not compressed again (GZipMiddleware pads each time at random).
    assert hit.content == first.content


@pytest.mark.parametrize("first_headers", [GZIP, {}], ids=["gzip first", "plain first"])
def test_plain_and_gzip_clients_never_get_each_others_page(
    client, make, first_headers, django_assert_num_queries
):
    make_long_list(make)
    client.get(LIST, **first_headers)
    with django_assert_num_queries(0):
        plain = client.get(LIST)
        only_brotli = client.get(LIST, HTTP_ACCEPT_ENCODING="br")
        compressed = client.get(LIST, **GZIP)
    for response in (plain, only_brotli):
        assert not response.has_header("Content-Encoding")
        assert response.content.startswith(b"<html>")
        assert "Accept-Encoding" in response["Vary"]
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content


def test_short_pages_are_cached_and_sent_plain_to_everyone(client, make, django_assert_num_queries):
    make.institution(name="Alpha")
    first = client.get(LIST, **GZIP)
    assert len(first.content) < 200
    with django_assert_num_queries(0):
        for headers in (GZIP, {}):
            response = client.get(LIST, **headers)
            assert not response.has_header("Content-Encoding")
            assert response.content == first.content


@pytest.mark.parametrize("headers", [GZIP, {}], ids=["gzip", "plain"])
def test_a_compressed_or_plain_hit_answers_its_etag_with_304(
    client, make, headers, django_assert_num_queries
):
    make_long_list(make)
    etag = client.get(LIST, **headers)["ETag"]
    with django_assert_num_queries(0):
        repeat = client.get(LIST, **headers, HTTP_IF_NONE_MATCH=etag)
    assert repeat.status_code == 304
    assert repeat["ETag"] == etag
    assert "Accept-Encoding" in repeat["Vary"]
    # Both variants are one page: a client that switched encodings is not sent it again.
    other = {} if headers else GZIP
    assert client.get(LIST, **other, HTTP_IF_NONE_MATCH=etag).status_code == 304
    make.institution(name="Beta")
    assert client.get(LIST, **headers, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("url", ["/en/form/", "/en/cookie/", "/en/nonce/", "/en/agent/"])
def test_pages_belonging_to_one_visitor_are_not_stored(client, url, django_assert_num_queries):
    client.get(url)
    client.cookies.clear()
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


def visitor_with_session(data):
    """A browser holding an anonymous session with `data` in it."""
    store = SessionStore()
    store.update(data)
    store.save()
    visitor = Client()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    return visitor


def test_what_a_page_read_from_one_visitors_session_never_reaches_another():
    alice = visitor_with_session({"greeting": "Hello Alice"})
    assert "Hello Alice" in get(alice, "/en/greeting/")
    assert "Hello Alice" not in get(Client(), "/en/greeting/")


@override_settings(CSRF_USE_SESSIONS=True)
def test_a_csrf_token_is_never_served_to_another_visitor():
    """With the token kept in the session, a returning visitor's page sets no cookie at
    all: only the session and CSRF checks keep it out of the cache."""
    alice = visitor_with_session({})
    get(alice, "/en/form/")
    alices_page = get(alice, "/en/form/")  # the session now holds her CSRF secret
    bob = Client()
    bobs_page = get(bob, "/en/form/")
    assert alices_page != bobs_page
    assert get(Client(), "/en/form/") != alices_page


@override_settings(MESSAGE_STORAGE="django.contrib.messages.storage.session.SessionStorage")
def test_a_flash_message_is_never_served_to_another_visitor():
    alice = visitor_with_session({"_messages": '[["__json_message",0,20,"Saved, Alice"]]'})
    assert "Saved, Alice" in get(alice, "/en/messages/")
    assert "Saved, Alice" not in get(Client(), "/en/messages/")


def test_logged_in_users_bypass_the_cache(client, make, django_user_model):
    make.institution(name="Alpha")
    get(client)  # stored for anonymous visitors
    client.force_login(django_user_model.objects.create_user("editor"))
    # Change the data behind the cache's back: a logged-in editor must see the database.
    Institution.objects.update(name_en="Edited in bulk")
    assert "Edited in bulk" in get(client)


def test_errors_and_posts_are_not_stored(client, django_assert_num_queries):
    for _ in range(2):
        assert client.get("/en/institutions/missing/").status_code == 404
    # Looked up again: the entry, then the slugs entries once had (opendata/redirects.py).
    with django_assert_num_queries(2):
        client.get("/en/institutions/missing/")


@override_settings(PAGE_CACHE_ENABLED=False)
def test_the_cache_can_be_switched_off(client, make):
    make.institution(name="Alpha")
    get(client)
    assert queries_for(lambda: get(client)) > 0


def test_healthz_is_never_page_cached(client, django_assert_num_queries):
    client.get("/healthz")
    with django_assert_num_queries(1):
        assert client.get("/healthz").status_code == 200


def test_pages_are_served_when_the_cache_is_down(client, make, monkeypatch):
    make.institution(name="Alpha")

    def unreachable(*args, **kwargs):
        raise ConnectionError("redis is down")

    for method in ("get", "get_many", "add", "set", "set_many"):
        monkeypatch.setattr(page_cache.cache, method, unreachable)
    assert "Alpha" in get(client)
    assert queries_for(lambda: get(client)) > 0


def test_a_save_the_cache_cannot_hear_about_is_rolled_back(make, monkeypatch):
    """Inside a transaction (as every admin save is), failing to invalidate undoes the save
    rather than leave visitors with a page that no longer matches the database."""
    entry = make.institution(name="Alpha")

    def unreachable(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(page_cache.cache, "incr", unreachable)
    monkeypatch.setattr(page_cache.cache, "set", unreachable)
    entry.name_en = "Beta"
    with pytest.raises(page_cache.CacheUnavailable), transaction.atomic():
        entry.save()
    entry.refresh_from_db()
    assert entry.name_en == "Alpha"


def test_a_page_rendered_before_a_concurrent_save_is_never_served(client, make):
    make.institution(name="Alpha")
    first = get(client, "/en/racing/")
    assert "Saved meanwhile" not in first  # rendered before the save
    assert "Saved meanwhile" in get(client, "/en/racing/")  # so not served from the cache
