"""`make demo`'s set-up step: the demo data, the Editors group and a demo editor login.

Safe to run again: fixtures are loaded by primary key (so rows are updated, not doubled),
and the editor account is reset to the documented password. It refuses to run with debug
off unless forced, since it creates an account whose password is published in the README.
"""

import importlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = "hkai-demo-editor"

# The group's permissions are defined once, in the migrations that grant them.
EDITOR_MIGRATIONS = [
    importlib.import_module(f"directory.migrations.{name}")
    for name in ("0002_editors_group", "0010_collaboration")
]


def grant_editor_permissions(apps):
    """The Editors group with every permission the migrations give it (created if needed)."""
    for migration in EDITOR_MIGRATIONS:
        group = migration.grant_editor_permissions(apps)
    return group


def find_fixture(name):
    """The fixture file `name` in settings.FIXTURE_DIRS, or None."""
    for directory in settings.FIXTURE_DIRS:
        matches = sorted(Path(directory).glob(f"{name}.json*"))
        if matches:
            return matches[0]
    return None


class Command(BaseCommand):
    help = "Load the demo data and create (or reset) the demo editor account."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DJANGO_DEBUG off (creates an account with a known password).",
        )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the portal is served, for the printed login URL.",
        )

    def handle(self, *args, force=False, base_url="", **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "setup_demo creates an editor account with a published password; it only "
                "runs with DJANGO_DEBUG=1 (or pass --force if you really mean it)."
            )
        fixtures = list(settings.DEMO_FIXTURES)
        missing = [name for name in fixtures if find_fixture(name) is None]
        if missing:
            searched = ", ".join(str(directory) for directory in settings.FIXTURE_DIRS)
            raise CommandError(
                f"Demo fixture(s) not found: {', '.join(missing)} (looked in {searched}). "
                "Nothing was loaded."
            )

        with transaction.atomic():
            # One call, so fixtures may refer to each other's rows in any order.
            call_command("loaddata", *fixtures, verbosity=options.get("verbosity", 1))
            group = grant_editor_permissions(apps)
            editor = self.reset_editor(group)

        login_url = base_url.rstrip("/") + reverse("admin:index")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready. Editors' admin: {login_url}\n"
                f"  username: {editor.get_username()}\n"
                f"  password: {EDITOR_PASSWORD}\n"
                "This account is for the demo only."
            )
        )

    def reset_editor(self, group):
        return reset_account(EDITOR_USERNAME, EDITOR_PASSWORD, group)


def reset_account(username, password, group):
    """Create a demo account, or put it back as documented: staff, in `group` only, not a
    superuser, the demo password, and no login lockout left from earlier tries."""
    User = get_user_model()
    account, _created = User.objects.get_or_create(username=username)
    account.set_password(password)
    account.is_active = True
    account.is_staff = True
    account.is_superuser = False
    account.save()
    account.user_permissions.clear()
    account.groups.set([group])
    if apps.is_installed("axes"):
        from axes.utils import reset

        reset(username=username)
    return account
