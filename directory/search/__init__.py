"""Search: every word of a query, case-insensitively, anywhere in an entry's searched
columns, in either language, so a Chinese query finds entries from the English interface
and back. Substring matching is what Chinese needs (no spaces between words).

One module per database, each serving the same `icontains` semantics from a trigram index:
- postgres_trigram: Django's own `icontains`, which pg_trgm GIN indexes serve (migration 0003);
- sqlite_fts: an FTS5 trigram table per entry type, kept by triggers (migration 0006).
"""

from django.db import connections

from directory.search import postgres_trigram, sqlite_fts

# Longer queries are cut: nothing in the directory needs more, and it bounds the SQL.
MAX_QUERY_LENGTH = 100
MAX_QUERY_TERMS = 6


def terms(query):
    """The words a search requires, within the caps on a query's length and word count."""
    return (query or "")[:MAX_QUERY_LENGTH].split()[:MAX_QUERY_TERMS]


def matching(queryset, words):
    """`queryset` narrowed to the entries holding every one of `words`."""
    connection = connections[queryset.db]
    backend = sqlite_fts if sqlite_fts.uses_index(connection) else postgres_trigram
    return backend.matching(queryset, words)
