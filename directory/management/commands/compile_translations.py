"""Compile the project's .po catalogues to .mo with polib, so no machine needs GNU gettext's
msgfmt. The compiled .mo files are committed (a fresh `make demo` uses them as they are) and a
test checks they match their .po; run this after editing a .po.

`--extract` first re-extracts the marked strings with `makemessages` (which does need GNU
gettext's xgettext: a translator's tool, never a set-up step). `--check` compiles nothing and
fails when a .mo is missing or stale, for CI.
"""

import gettext
import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# How the project extracts its strings; shared with the test that compares a fresh extraction
# with the committed catalogue.
MAKEMESSAGES_OPTIONS = {
    "locale": ["zh_Hant"],
    "no_obsolete": True,
    "add_location": "file",
    "ignore_patterns": ["node_modules/*", "staticfiles/*", "tests/*", "docs/*"],
}


def catalogues():
    """Every .po file under the project's LOCALE_PATHS."""
    return sorted(po for path in settings.LOCALE_PATHS for po in Path(path).glob("*/*/*.po"))


def messages_of_mo(data):
    """The translations a .mo file gives, as Python's gettext reads them."""
    return gettext.GNUTranslations(io.BytesIO(data))._catalog


def compiled(po_path):
    """The .mo bytes for a .po file (fuzzy and untranslated entries left out, as msgfmt does)."""
    try:
        import polib  # A development tool (requirements-dev.txt); production never compiles.
    except ImportError as error:
        raise CommandError("polib is needed: pip install -r requirements-dev.txt") from error
    return polib.pofile(str(po_path)).to_binary()


def is_current(po_path):
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return False
    return messages_of_mo(mo_path.read_bytes()) == messages_of_mo(compiled(po_path))


class Command(BaseCommand):
    help = "Compile the .po catalogues to .mo with polib (no GNU gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--extract",
            action="store_true",
            help="Re-extract marked strings first (needs GNU gettext's xgettext).",
        )
        parser.add_argument(
            "--check", action="store_true", help="Fail if any .mo is missing or out of date."
        )

    def handle(self, *args, extract=False, check=False, **options):
        if extract:
            call_command("makemessages", verbosity=options["verbosity"], **MAKEMESSAGES_OPTIONS)
        paths = catalogues()
        if not paths:
            raise CommandError("No .po files under LOCALE_PATHS.")
        if check:
            stale = [str(path) for path in paths if not is_current(path)]
            if stale:
                raise CommandError("Out of date; run compile_translations: " + ", ".join(stale))
            self.stdout.write("All compiled catalogues are current.")
            return
        for path in paths:
            path.with_suffix(".mo").write_bytes(compiled(path))
            self.stdout.write(f"Compiled {path.with_suffix('.mo')}")
