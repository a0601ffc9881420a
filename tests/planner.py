"""What the database's query planner believes about a table, for tests of the commands that
refresh its statistics after bulk loads (directory/management/statistics.py)."""

from django.db import connection


def planner_row_estimate(model):
    """How many rows the planner believes the model's table has (None without statistics)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone():
                return None
            # Each of the table's index rows starts with the table's row count.
            cursor.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NOT NULL", [table]
            )
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else None
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        estimate = cursor.fetchone()[0]
        return None if estimate < 0 else int(estimate)
