"""`make demo`'s second set-up step: a demo publisher beside setup_demo's demo editor.

The editor drafts, edits and moderates suggestions; the publisher also publishes. Refuses to
run with debug off unless forced: the password is published in the README.
"""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from directory.management.commands.setup_demo import reset_account

PUBLISHER_USERNAME = "publisher"
PUBLISHER_PASSWORD = "hkai-demo-publisher"

groups_migration = importlib.import_module("contributions.migrations.0002_publishing_groups")


class Command(BaseCommand):
    help = "Create (or reset) the demo publisher account, and print both demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, force=False, base_url="", **options):
        if not settings.DEBUG and not force:
            raise CommandError("demo_accounts only runs with DJANGO_DEBUG=1 (or --force).")
        _editors, publishers = groups_migration.grant(apps)
        reset_account(PUBLISHER_USERNAME, PUBLISHER_PASSWORD, publishers)
        login_url = base_url.rstrip("/") + reverse("admin:index")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo accounts at {login_url}:\n"
                "  editor    / hkai-demo-editor     (drafts, edits, moderates suggestions)\n"
                f"  {PUBLISHER_USERNAME} / {PUBLISHER_PASSWORD}  (also publishes)\n"
                "These accounts are for the demo only."
            )
        )
