"""`manage.py generate_fake_entries --count 10000` adds that many clearly fake, published
entries of every type, with their sectors, relations (partners too) and one source each;
`--clear` deletes the fakes and nothing else (directory/management/fakes.py says how). The
database's planner statistics are refreshed afterwards (ANALYZE; on PostgreSQL VACUUM
(ANALYZE)), as a bulk load leaves them stale.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError
from django.utils import translation

from directory.cache import invalidate_pages
from directory.management.fakes import DEFAULT_COUNT, MAX_COUNT, FakeData, clear_fakes
from directory.management.statistics import update_statistics


class Command(BaseCommand):
    help = (
        "Create N clearly fake published entries per type (slugs start with 'fake-'), or "
        "delete them with --clear. The real demo data is never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count",
            type=int,
            default=None,
            help=f"Fake entries to create per type (default {DEFAULT_COUNT}; with --clear, 0).",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Delete every fake entry and its sources first (then create --count more).",
        )
        parser.add_argument(
            "--seed", type=int, default=None, help="Random seed, for repeatable data."
        )

    def handle(self, *args, count=None, clear=False, seed=None, **options):
        if count is None:
            count = 0 if clear else DEFAULT_COUNT
        if not 0 <= count <= MAX_COUNT:
            raise CommandError(f"--count must be between 0 and {MAX_COUNT}.")
        if clear:
            try:
                deleted, sources = clear_fakes()
            except ProtectedError as error:
                real = sorted({str(obj) for obj in error.protected_objects})[:5]
                raise CommandError(
                    "Nothing deleted: real entries point at fake ones and would lose their "
                    f"issuer or operator: {', '.join(real)}. Change them first."
                ) from error
            self.stdout.write(f"Deleted {deleted} fake entries and {sources} of their sources.")
        if count:
            started = time.monotonic()
            with translation.override("en"):
                created = FakeData(count, random.Random(seed)).create()
            self.stdout.write(
                f"Created {count} fake entries per type ({created} rows with relations and "
                f"sources) in {time.monotonic() - started:.1f}s."
            )
        if clear or count:
            # Bulk inserts and deletes send no save signals: retire cached pages here.
            invalidate_pages()
            # Nor do they refresh what the query planner knows about the tables.
            update_statistics()
