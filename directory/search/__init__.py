"""Search: every word of a query, case-insensitively, anywhere in an entry's searched
columns, in either language, so a Chinese query finds entries from the English interface
and back. Substring matching is what Chinese needs (no spaces between words).

One module per database, each serving the same `icontains` semantics from a trigram index:
- postgres_trigram: Django's own `icontains`, which pg_trgm GIN indexes serve (migration 0003);
- sqlite_fts: an FTS5 trigram table per entry type, kept by triggers (migration 0006).

Chinese in either script: the directory is written in Traditional characters, and most
mainland visitors type Simplified ones (数码港 for 數碼港). A word matches as typed or as
OpenCC converts it to Traditional (Hong Kong and standard variants), so a Simplified query
finds the entries, and a query that found entries before still does.
"""

import operator
import re
from functools import cache, reduce

import opencc
from django.db import connections

from directory.search import postgres_trigram, sqlite_fts

# Longer queries are cut: nothing in the directory needs more, and it bounds the SQL.
MAX_QUERY_LENGTH = 100
MAX_QUERY_TERMS = 6


def terms(query):
    """The words a search requires, within the caps on a query's length and word count."""
    return (query or "")[:MAX_QUERY_LENGTH].split()[:MAX_QUERY_TERMS]


CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


@cache
def converter(config):
    return opencc.OpenCC(config)


def spellings(word):
    """The word as typed, then in Traditional characters (Hong Kong's, then standard)."""
    if not CJK.search(word):
        return [word]
    return list(dict.fromkeys([word, *(converter(c).convert(word) for c in ("s2hk", "s2t"))]))


def matching(queryset, words):
    """`queryset` narrowed to the entries holding every one of `words`, in any spelling."""
    connection = connections[queryset.db]
    backend = sqlite_fts if sqlite_fts.uses_index(connection) else postgres_trigram
    for word in words:
        conditions = [backend.condition(queryset.model, w) for w in spellings(word)]
        queryset = queryset.filter(reduce(operator.or_, conditions))
    return queryset
