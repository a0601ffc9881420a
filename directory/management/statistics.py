"""Planner statistics after a bulk load.

Rows written in bulk (generate_fake_entries, restore_data) leave the query planner with no
or stale statistics: SQLite then guesses that `status = 'published'` picks out a few rows
and walks the status index for a relation it should look up by key (a policy's detail page
took 7-12 ms instead of 0.3 at 10,000 per type), and PostgreSQL, whose autovacuum may not
run for a while (or at all), guesses one row per table and picks nested loops. PostgreSQL's
VACUUM also marks the pages all-visible, without which no index-only scan is possible and
every facet count reads the table (a count over 10,000 policies: 12 ms, 2 ms after).
"""

from django.db import DEFAULT_DB_ALIAS, connections


def update_statistics(using=DEFAULT_DB_ALIAS):
    """ANALYZE the database (on PostgreSQL, VACUUM (ANALYZE) when outside a transaction,
    where VACUUM cannot run). Other databases are left alone."""
    connection = connections[using]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        statement = "VACUUM (ANALYZE)"
    elif connection.vendor in ("postgresql", "sqlite"):
        statement = "ANALYZE"
    else:
        return
    with connection.cursor() as cursor:
        cursor.execute(statement)
