"""Check every source's link (contributions/linkcheck.py). Run it daily, from cron:

17 3 * * *  cd /srv/hkai && .venv/bin/python manage.py check_sources --quiet
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from contributions.linkcheck import check_sources


class Command(BaseCommand):
    help = "Check every source URL (HEAD, then GET) and store its status."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=settings.LINK_CHECK_TIMEOUT_SECONDS)
        parser.add_argument("--concurrency", type=int, default=settings.LINK_CHECK_CONCURRENCY)
        parser.add_argument("--quiet", action="store_true", help="Print only broken links.")

    def handle(self, *args, timeout, concurrency, quiet, **options):
        results = check_sources(timeout=timeout, concurrency=concurrency)
        broken = [result for result in results if not result.ok]
        for result in results:
            if not result.ok or not quiet:
                state = "ok" if result.ok else "BROKEN"
                self.stdout.write(f"{state:6} {result.status or 'unreachable':>11}  {result.url}")
        self.stdout.write(f"{len(results)} links checked, {len(broken)} broken.")
