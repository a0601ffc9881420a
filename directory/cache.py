"""Whole-page caching of the public site, invalidated by any change to the directory.

Anonymous GET/HEAD requests for the directory's pages are answered from the shared cache
(Redis in production), keyed by scheme, host, language, path, the query parameters the page
reads (normalised) and whether htmx asked for a partial (directory/page_keys.py), so a
client cannot make up new keys, and a partial is never served for a full page or the reverse.

Only what belongs to no one is stored: not for a logged-in user or a visitor holding a
session or flash messages, not a response that sets a cookie, embeds a CSRF token or a CSP
nonce, says `Cache-Control: private` or `no-store`, or varies on another request header.
Each is checked on its own, so no single one is all that keeps a visitor's data private.

Every stored page is labelled with the *generation* number current when it was rendered,
kept in the same cache. Saving, deleting or relinking anything in the directory bumps it
(directory/signals.py), so every app server stops serving the older pages at once. The
generation is read before the view runs, so a page rendered from data that changed meanwhile
carries the old number and is never served. The generation and the page are fetched in one
round trip (MGET on Redis): a cached page costs a single cache request.

Pages are stored compressed as well as plain, so a hit costs no compression. A page is
compressed once, when it is stored, and kept in two variants under two keys: `gzip` for
clients whose Accept-Encoding allows it (the same test GZipMiddleware uses) and `identity`
for the rest. The gzip variant carries what GZipMiddleware would have added (Content-Encoding,
Content-Length, the weak form of the ETag); both say Vary: Accept-Encoding. GZipMiddleware,
further out, leaves a response that already has a Content-Encoding alone, and keeps
compressing everything that is not cached. The ETag is taken from the plain body, as for
uncached pages, so If-None-Match works the same for either variant.
"""

import logging
import time

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import (
    cc_delim_re,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.text import compress_string
from django.utils.translation import gettext_lazy as _
from django_htmx.middleware import HtmxDetails

from directory.page_keys import normalise_request, page_key_prefix

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# URL namespaces whose pages are public and cached.
CACHED_NAMESPACES = frozenset({"directory", "insights"})
# Request headers the public views may vary on: the htmx ones are reduced to a partial or
# not (page_keys.wants_partial). A response varying on anything else is not cached. (Cookie
# is safe: only pages of visitors without a session are stored, and the language comes from
# the path, not a cookie.)
SAFE_VARY = frozenset(
    {
        "cookie",
        "accept-language",
        "accept-encoding",
        "hx-request",
        "hx-boosted",
        "hx-history-restore-request",
    }
)


def _new_generation():
    # Time-based, so a generation lost from the cache (eviction, restart) never restarts at
    # a number whose pages may still be stored.
    return time.time_ns() // 1000


def current_generation(known=None):
    """The generation now, given the value just read from the cache (None if missing)."""
    generation = cache.get(GENERATION_KEY) if known is None else known
    if generation is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


class CacheUnavailable(Exception):
    """The shared cache could not be told about a change, so the change is not made (raised
    inside the editor's transaction, it rolls the save back). CacheUnavailableMiddleware
    tells the editor."""


def _bump_generation():
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # Not in the cache: any new number retires the old pages.
            cache.set(GENERATION_KEY, _new_generation(), timeout=None)
    except Exception as error:
        raise CacheUnavailable from error


def fresh_many(keys):
    """({key: value} for the values stored under `keys` in the current generation, the
    generation), in one round trip. What the page cache and the fragment cache
    (directory/fragments.py) both read."""
    found = cache.get_many([GENERATION_KEY, *keys])
    generation = current_generation(found.pop(GENERATION_KEY, None))
    return (
        {key: stored[1] for key, stored in found.items() if stored[0] == generation},
        generation,
    )


def store_many(values, generation, timeout):
    """Store {key: value}, each labelled with the generation it was built under."""
    cache.set_many({key: (generation, value) for key, value in values.items()}, timeout)


def invalidate_pages():
    """Retire every cached page. Called on every directory change (directory/signals.py);
    call it after bulk changes that send no signals (QuerySet.update, bulk_create).

    Bumped now and again when the surrounding transaction commits: a request that read
    the new generation but still saw the uncommitted old data would otherwise cache it."""
    # An unreachable cache raises CacheUnavailable here, which rolls back an editor's save
    # in the admin: better than visitors being shown the old page once it is back.
    _bump_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump_generation, robust=True)


def accepts_gzip(request):
    # GZipMiddleware's own test, so a stored page is compressed exactly when it would be.
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _encoding(request):
    return "gzip" if accepts_gzip(request) else "identity"


def _compress(content):
    """The gzipped body, or None when GZipMiddleware would not compress it (too short to be
    worth it, or no smaller). Without GZipMiddleware's random padding against BREACH: a
    stored page holds nothing secret (_cacheable_response refuses CSRF tokens, nonces and
    cookies), and its padding would be fixed for as long as it is stored anyway."""
    if len(content) < 200:
        return None
    compressed = compress_string(content)
    return compressed if len(compressed) < len(content) else None


def _make_gzipped(response, compressed):
    """Turn a plain response into its gzip variant, as GZipMiddleware would."""
    response.content = compressed
    response.headers["Content-Length"] = str(len(compressed))
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response.headers["ETag"] = "W/" + etag
    response.headers["Content-Encoding"] = "gzip"


def _anonymous_read(request):
    """A GET or HEAD from a visitor holding no session and no pending flash messages (a
    visitor with a session may be shown what it holds: always the live page)."""
    return (
        request.method in ("GET", "HEAD")
        and "messages" not in request.COOKIES
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _cacheable_request(request):
    """Checked again once the view has run, with the user and the resolved URL known."""
    match = request.resolver_match
    user = getattr(request, "user", None)
    return (
        settings.PAGE_CACHE_ENABLED
        and _anonymous_read(request)
        and match is not None
        and match.namespace in CACHED_NAMESPACES
        and not (user is not None and user.is_authenticated)
    )


def _cacheable_response(request, response):
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",")} - {""}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # The request holds or was given a CSRF secret (so the page may embed its token):
        # CsrfViewMiddleware has cleared its own "needs update" flag by now, not this.
        and "CSRF_COOKIE" not in request.META
        # Anything kept in a session belongs to one visitor, whether or not it changed.
        and _session_is_empty(request)
        # The page embeds a CSP nonce.
        and not isinstance(getattr(request, "_csp_nonce", None), str)
        and not _says_private(response)
        and vary <= SAFE_VARY
    )


def _session_is_empty(request):
    session = getattr(request, "session", None)
    return session is None or session.is_empty()


def _says_private(response):
    """The view asked not to be stored: a page for one visitor (`private`), or one not
    worth keeping (`no-store`: a listing that ignored some of its query, whose values are
    not a bounded set)."""
    header = response.get("Cache-Control", "")
    directives = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(header)}
    return bool(directives & {"private", "no-store"})


class PageCacheMiddleware:
    """Serves and stores public pages. Sits outside the session, CSRF and locale middleware
    so it sees the cookies and Vary headers they add, and inside ConditionalGetMiddleware so
    stored pages still answer If-None-Match with 304. Security headers (CSP and the rest)
    are added by outer middleware on every response, cached or not.

    A stored page is looked up before the middleware inside it runs: the page's language
    comes from its path and its view from resolving the path, as Django will, so a hit costs
    no session, CSRF, locale or user work. Storing waits for the response, when every inner
    middleware has had its say."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = self._lookup(request)
        if found is not None:
            return found
        response = self.get_response(request)
        miss = getattr(request, "_page_cache_miss", None)
        if miss and _cacheable_request(request) and _cacheable_response(request, response):
            compressed = self._store(*miss, response)
            if compressed is not None and accepts_gzip(request):
                # Send the bytes just stored rather than let GZipMiddleware compress again.
                _make_gzipped(response, compressed)
        return response

    def _lookup(self, request):
        """The stored page for this request, or None (and on a miss, what to store it as)."""
        language = translation.get_language_from_path(request.path_info)
        if not (settings.PAGE_CACHE_ENABLED and language and _anonymous_read(request)):
            return None
        with translation.override(language):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return None
            if match.namespace not in CACHED_NAMESPACES:
                return None
            query = normalise_request(request, match.func)
            if query is None:
                return None
            # What HtmxMiddleware will set again: whether this is a request for a partial.
            request.htmx = HtmxDetails(request)
            prefix = page_key_prefix(request, query)
        key = f"{prefix}:{_encoding(request)}"  # the variant this client is sent
        try:
            found, generation = fresh_many([key])
        except Exception:
            # The cache is down: serve the page from the database rather than fail.
            logger.warning("Page cache unavailable", exc_info=True)
            return None
        if key in found:
            content, headers = found[key]
            return HttpResponse(content, headers=headers)
        request._page_cache_miss = (prefix, generation)
        return None

    @staticmethod
    def _store(prefix, generation, response):
        """Store both variants of the page; return its gzipped body (None if not worth it)."""
        # From the plain body, as ConditionalGetMiddleware would for an uncached page.
        if not response.has_header("ETag"):
            set_response_etag(response)
        # Browsers may keep the page but must ask again (a cheap 304) before reusing it.
        patch_cache_control(response, no_cache=True)
        # Stored for visitors without a session only: one who signs in gets the live page.
        patch_vary_headers(response, ("Cookie",))
        content = response.content
        compressed = _compress(content)
        if compressed is None:
            # Sent plain to everyone, as GZipMiddleware would.
            plain = (content, list(response.items()))
            pages = {f"{prefix}:identity": plain, f"{prefix}:gzip": plain}
        else:
            patch_vary_headers(response, ("Accept-Encoding",))
            headers = list(response.items())
            gzipped = HttpResponse(compressed, headers=headers)
            _make_gzipped(gzipped, compressed)
            pages = {
                f"{prefix}:identity": (content, headers),
                f"{prefix}:gzip": (compressed, list(gzipped.items())),
            }
        try:
            store_many(pages, generation, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Page cache unavailable", exc_info=True)
        return compressed


class CacheUnavailableMiddleware:
    """An editor's change that was rolled back because the cache was unreachable gets a page
    saying so (503), in the admin's look, instead of the generic error page: nothing was
    saved, and going back keeps what they typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CacheUnavailable):
            return None
        logger.error("Change not saved: the cache is unreachable", exc_info=exception)
        return TemplateResponse(
            request,
            "admin/cache_unavailable.html",
            {**admin.site.each_context(request), "title": _("Not saved")},
            status=503,
        )
