"""`make restore FILE=...`: replace the database's contents with a `backup_data` file.

Everything happens in one transaction: the tables are emptied (flush, which re-creates the
content types and permissions the backup refers to by natural key), then the backup is
loaded. If anything fails, the database is left exactly as it was. Afterwards the planner
statistics are refreshed (directory/management/statistics.py).
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from directory.cache import invalidate_pages
from directory.management.statistics import update_statistics


class Command(BaseCommand):
    help = "Replace all data with the contents of a backup written by backup_data."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file (JSON, from backup_data).")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, path, interactive=True, **options):
        if not path.is_file():
            raise CommandError(f"No backup file at {path}.")
        if interactive:
            answer = input(
                f"This replaces ALL data in the database with {path}. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        with transaction.atomic():
            self.set_constraints("IMMEDIATE")
            call_command("flush", interactive=False, verbosity=0)
            self.set_constraints("DEFERRED")
            call_command("loaddata", str(path.resolve()), verbosity=0)
        invalidate_pages()
        # Every table was rewritten: what the query planner knew about them is stale.
        update_statistics()
        self.stdout.write(f"Restored {path}.")

    @staticmethod
    def set_constraints(mode):
        """PostgreSQL refuses to TRUNCATE tables with deferred foreign-key checks pending
        from earlier in the same transaction: check them first, then defer them again for
        loaddata, which inserts rows before the rows they point to."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET CONSTRAINTS ALL {mode}")
