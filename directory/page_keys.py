"""What the page cache (directory/cache.py) keys a page by, so the number of keys is bounded
by the pages that really differ, not by what a client can type.

A page is keyed by the scheme and host (its hreflang links are absolute), the language, the
path, whether htmx asked for the results partial, and the query parameters the view
declares it reads, normalised: sorted, repeated values removed, empty values dropped, each
value trimmed and cut to its length. `?utm=1`, `?kind=b&kind=a&kind=a&q=` and an `HX-Target`
header make no new key. A view declares its parameters with `known_params` (a listing's
come from its FilterSet's `query_params()`); a view that declares none is cached only when
it has no query string.

The view is then shown exactly the normalised parameters (request.GET and the query string
are replaced), so what is stored under a key was rendered from that key alone: a visitor's
stray `?utm=...` can never end up in the links of a page served to everyone.
"""

import hashlib
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import get_language

from directory.forms import MAX_VALUES_PER_PARAM

# Longer query strings are answered from the database and never stored (no real page needs
# one: every listing's filters together stay far below it).
MAX_QUERY_STRING = 2000
# Values are cut to this unless their parameter says otherwise (slugs are at most 200).
MAX_VALUE_LENGTH = 200


@dataclass(frozen=True)
class QueryParams:
    """The query parameters a page reads: `single` ones, where the last value counts, and
    `many`, repeatable ones whose order does not matter; `max_length` cuts some shorter."""

    single: frozenset = frozenset()
    many: frozenset = frozenset()
    max_length: dict = field(default_factory=dict)

    def normalise(self, query):
        """The query string a QueryDict means to this page, in one spelling."""
        pairs = []
        for name in sorted(self.single | self.many):
            limit = self.max_length.get(name, MAX_VALUE_LENGTH)
            values = [value.replace("\x00", "").strip()[:limit] for value in query.getlist(name)]
            values = [value for value in values if value]
            if not values:
                continue
            if name in self.many:
                pairs += [(name, value) for value in sorted(set(values))[:MAX_VALUES_PER_PARAM]]
            else:
                pairs.append((name, values[-1]))
        return urlencode(pairs)


def known_params(*single, many=(), max_length=None):
    """Declare the query parameters a cached view reads (on a function or a view class):
    `@known_params("q", max_length={"q": 100})`, or `known_params()` for none."""

    def declare(view):
        view.page_cache_params = QueryParams(
            frozenset(single), frozenset(many), dict(max_length or {})
        )
        return view

    return declare


def declared_params(view_func):
    """The QueryParams a view declared (on itself, its class, or by its `filterset_class`
    with a `query_params()`), or None."""
    filterset_class = getattr(view_func, "filterset_class", None)
    if filterset_class is not None:
        return filterset_class.query_params()
    view_class = getattr(view_func, "view_class", None)
    return getattr(view_func, "page_cache_params", None) or getattr(
        view_class, "page_cache_params", None
    )


def wants_partial(request):
    """True when only the results region should be sent back: an htmx request that is not
    a boosted link or a history restore (both get the whole page). Views and the page cache
    key both ask this, so they can never disagree about which response is which."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def normalise_request(request, view_func):
    """Give the view the normalised query and return it; None when the page cannot be
    cached under a bounded key (an over-long query, or parameters a view never declared)."""
    raw = request.META.get("QUERY_STRING", "")
    if len(raw) > MAX_QUERY_STRING:
        return None
    params = declared_params(view_func)
    if params is None:
        return "" if not raw else None
    query = params.normalise(request.GET)
    if query != raw:
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query
    return query


def page_key_prefix(request, query):
    variant = "partial" if wants_partial(request) else "page"
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(f"{url}\n{variant}".encode()).hexdigest()
    return f"pagecache:{get_language()}:{digest}"
