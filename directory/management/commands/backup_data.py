"""`make backup`: the whole database as one JSON fixture, restorable with `restore_data`.

dumpdata works the same on SQLite and PostgreSQL, so there is one code path to test. Rows
Django re-creates itself on migrate (content types, permissions) are left out and referred
to by natural keys, as are users and groups, so a backup loads into any migrated database.
Sessions and django-axes records (login attempts, lockouts) are transient and left out too.

A backup holds users' password hashes and e-mail addresses, so it is written readable by its
owner only (0600, whatever the umask), into a folder only its owner can open.
"""

import os
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


def default_path():
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BASE_DIR) / "backups" / f"hkai-{stamp}.json"


class Command(BaseCommand):
    help = "Write every row of the portal's data to backups/hkai-<UTC time>.json."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="Where to write the backup.")

    def handle(self, *args, output=None, **options):
        path = Path(output or default_path())
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        # Created private before dumpdata writes a byte into it (it reopens, keeping the mode).
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        os.close(descriptor)
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                # One snapshot for every table, however long the dump takes.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                natural_foreign=True,
                natural_primary=True,
                indent=1,
                output=str(partial),
                verbosity=0,
            )
        # Renamed only when complete, so a file named like a backup is a whole backup.
        partial.replace(path)
        self.stdout.write(str(path))
