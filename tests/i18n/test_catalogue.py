"""The Traditional Chinese catalogue is complete, and the committed .mo is what its .po compiles
to, so a fresh machine without GNU gettext serves every translation."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation

from directory.management.commands.compile_translations import catalogues, is_current

CJK = re.compile("[\u3400-\u9fff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
PO_PATH = Path(settings.BASE_DIR, "locale", "zh_Hant", "LC_MESSAGES", "django.po")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(PO_PATH))


def _label(entry):
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def test_the_project_has_a_zh_hant_catalogue():
    assert catalogues() == [PO_PATH]


def test_every_message_is_translated_and_none_is_fuzzy(po):
    assert po.metadata["Language"] == "zh_Hant"
    assert po.metadata["Plural-Forms"].startswith("nplurals=1;")
    assert [_label(e) for e in po.untranslated_entries()] == []
    assert [_label(e) for e in po.fuzzy_entries()] == []
    assert [_label(e) for e in po.obsolete_entries()] == []


def test_translations_keep_the_placeholders_of_their_source(po):
    """A dropped or misspelt %(name)s would raise or print a raw placeholder at runtime."""

    def placeholders(text):
        return sorted(PLACEHOLDER.findall(text))

    wrong = []
    for entry in po.translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        expected = placeholders(entry.msgid)
        wrong += [_label(entry) for t in translations if placeholders(t) != expected]
    assert wrong == []


def test_translations_are_traditional_chinese_not_english(po):
    """Every translation has Chinese in it, except the few that are the same in both languages."""
    same_in_both = {"URL"}
    english = [
        _label(e)
        for e in po.translated_entries()
        if e.msgid not in same_in_both
        and re.search("[A-Za-z]", PLACEHOLDER.sub("", e.msgid))  # not just "%(label)s:"
        and not any(CJK.search(t) for t in [e.msgstr, *e.msgstr_plural.values()])
    ]
    assert english == []


def test_the_committed_mo_is_current():
    """Fails when someone edits the .po and forgets `manage.py compile_translations`."""
    assert is_current(PO_PATH)
    call_command("compile_translations", "--check")


def test_django_serves_the_committed_translations():
    with translation.override("zh-hant"):
        assert translation.gettext("Sham Shui Po") == "深水埗區"
        assert "只有英文版本" in translation.gettext("(English only)")


def test_check_fails_on_a_stale_mo_and_compiling_fixes_it(tmp_path):
    messages = tmp_path / "zh_Hant" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    shutil.copy(PO_PATH, messages / "django.po")
    shutil.copy(PO_PATH.with_suffix(".mo"), messages / "django.mo")
    po = polib.pofile(str(messages / "django.po"))
    po.find("Sham Shui Po").msgstr = "深水埗"
    po.save()
    with override_settings(LOCALE_PATHS=[tmp_path]):
        with pytest.raises(CommandError, match="Out of date"):
            call_command("compile_translations", "--check")
        call_command("compile_translations", verbosity=0)
        call_command("compile_translations", "--check")
    compiled = polib.mofile(str(messages / "django.mo"))
    assert compiled.find("Sham Shui Po").msgstr == "深水埗"


def test_check_fails_when_the_mo_is_missing(tmp_path):
    messages = tmp_path / "zh_Hant" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    shutil.copy(PO_PATH, messages / "django.po")
    with override_settings(LOCALE_PATHS=[tmp_path]), pytest.raises(CommandError):
        call_command("compile_translations", "--check")


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_a_fresh_extraction_finds_no_string_missing_from_the_catalogue(tmp_path):
    """Re-extract from a copy of the code (so the real catalogue is untouched) and compare: a
    string marked for translation but absent from the committed .po fails here."""
    base = Path(settings.BASE_DIR)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    apps = {path.name for path in base.iterdir() if (path / "apps.py").exists()}
    for name in sorted({"hkai_portal", "templates", "locale", *apps}):
        shutil.copytree(base / name, tmp_path / name, ignore=ignore)
    shutil.copy(base / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "compile_translations", "--extract", "--verbosity=0"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(tmp_path / PO_PATH.relative_to(base)))
    committed = polib.pofile(str(PO_PATH))
    assert {_label(e) for e in fresh} - {_label(e) for e in committed} == set()
    assert {_label(e) for e in committed} - {_label(e) for e in fresh} == set()
