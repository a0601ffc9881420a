"""Search on PostgreSQL: Django's `icontains` over every searched column, which the pg_trgm
GIN indexes on `UPPER(column::text)` (migration 0003, the exact expression Django emits)
answer without reading every entry."""

from directory.search.columns import any_column_contains


def condition(model, word):
    return any_column_contains(model, word)
