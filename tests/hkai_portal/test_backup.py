"""Backup and restore (`make backup` / `make restore`): a round trip loses nothing, and a
failed restore changes nothing."""

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from directory.models import Hub, Institution, Policy, PublicationStatus, Sector, Source
from tests.planner import planner_row_estimate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_content_type_cache():
    """A restore flushes and re-creates the content types (new ids), then the test's rollback
    removes those rows again: Django's ContentType cache would keep handing later tests ids
    that no longer exist (their sources then point nowhere, and a detail page, which matches
    sources by the content type's name, shows none)."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def directory_data(make, django_user_model):
    """Demo-like data: both languages, sources, every kind of relation, change history, an
    editor in the Editors group and an admin log entry."""
    editor = django_user_model.objects.create_user("editor", password="editor-pass-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    fintech = make.sector(name="Fintech", name_zh_hant="金融科技")
    hku = make.institution(
        name="University of Hong Kong",
        name_zh_hant="香港大學",
        summary_zh_hant="香港歷史最悠久的大學。",
        short_name_en="HKU",
        founded=1911,
        district="central-and-western",
        sectors=[fintech],
    )
    make.institution(name="HKU AI Lab", parent=hku, status=PublicationStatus.DRAFT)
    park = make.hub(name="Science Park", name_zh_hant="科學園", operator=hku, offers_space=True)
    hku.hubs.add(park)
    challenge = make.challenge(name="Talent", opportunity_zh_hant="培育人才")
    successor = make.policy(name="Blueprint 2", announced_year=2024)
    policy = make.policy(name="Blueprint", name_zh_hant="藍圖", issuer=hku, budget_hkd=10**9)
    policy.challenges.add(challenge)
    policy.superseded_by = successor
    policy.stage = Policy.Stage.SUPERSEDED
    policy.save()
    Source.objects.create(
        entry=hku,
        title_en="Annual report",
        title_zh_hant="年報",
        url="https://www.hku.hk/report",
        accessed="2025-01-31",
    )
    hku.name_en = "The University of Hong Kong"
    hku.save()
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Institution),
        object_id=str(hku.pk),
        object_repr=str(hku),
        action_flag=CHANGE,
        change_message="Changed name.",
    )
    return hku


def backup(path):
    call_command("backup_data", output=path)
    return json.loads(Path(path).read_text())


def models_in(dump):
    return {record["model"] for record in dump}


def test_round_trip_loses_nothing(directory_data, tmp_path):
    before = backup(tmp_path / "before.json")
    assert {
        "auth.user",
        "auth.group",
        "admin.logentry",
        "directory.sector",
        "directory.source",
        "directory.institution",
        "directory.hub",
        "directory.policy",
        "directory.challenge",
        "directory.historicalinstitution",
        "directory.historicalpolicy",
    } <= models_in(before)
    assert not models_in(before) & {"contenttypes.contenttype", "auth.permission"}

    # Damage the data every way an accident might, then restore.
    Institution.objects.filter(pk=directory_data.pk).update(name_zh_hant="錯誤")
    Source.objects.all().delete()
    Policy.objects.get(name_en="Blueprint").challenges.clear()
    Hub.objects.all().update(operator=None)
    Hub.objects.all().delete()
    Sector.objects.all().delete()
    call_command("restore_data", tmp_path / "before.json", interactive=False)

    assert backup(tmp_path / "after.json") == before
    hku = Institution.objects.get(pk=directory_data.pk)
    assert (hku.name_en, hku.name_zh_hant) == ("The University of Hong Kong", "香港大學")
    assert hku.sources.get().title_zh_hant == "年報"
    assert hku.sources.get().entry == hku
    assert [s.name_zh_hant for s in hku.sectors.all()] == ["金融科技"]
    assert hku.hubs.get().operator == hku
    assert hku.children.get().name_en == "HKU AI Lab"
    policy = Policy.objects.get(name_en="Blueprint")
    assert policy.superseded_by.name_en == "Blueprint 2"
    assert policy.challenges.get().opportunity_zh_hant == "培育人才"
    assert hku.history.count() == 2
    editor = Group.objects.get(name="Editors").user_set.get()
    assert editor.check_password("editor-pass-1")
    assert editor.has_perm("directory.change_institution")
    assert LogEntry.objects.get().get_edited_object() == hku


def test_restore_refreshes_the_query_planner_statistics(directory_data, tmp_path, make):
    """The restored tables are new to the query planner; the command brings it up to date."""
    backup(tmp_path / "before.json")
    for _ in range(5):
        make.policy()
    call_command("restore_data", tmp_path / "before.json", interactive=False)
    assert planner_row_estimate(Policy) == Policy.objects.count() == 2


def test_a_failed_restore_changes_nothing(directory_data, tmp_path):
    good = backup(tmp_path / "good.json")
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps([*good, {"model": "directory.nosuchmodel", "fields": {}}]))
    with pytest.raises(Exception, match="nosuchmodel"):
        call_command("restore_data", broken, interactive=False)
    assert backup(tmp_path / "after.json") == good


def test_restore_asks_first_and_needs_a_file(directory_data, tmp_path, monkeypatch):
    path = tmp_path / "backup.json"
    backup(path)
    Institution.objects.all().update(name_en="Changed since")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore_data", path)
    assert set(Institution.objects.values_list("name_en", flat=True)) == {"Changed since"}
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore_data", tmp_path / "missing.json", interactive=False)


def test_the_default_file_name_is_timestamped(directory_data, monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path)
    call_command("backup_data")
    (written,) = (tmp_path / "backups").iterdir()
    assert written.name.startswith("hkai-") and written.suffix == ".json"
    assert not list((tmp_path / "backups").glob("*.partial"))


def test_make_restore_then_make_backup_on_a_fresh_database(directory_data, tmp_path):
    """The Makefile targets themselves, on a new SQLite database of their own."""
    dump = backup(tmp_path / "source.json")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "REDIS_URL": "",
    }
    make = ["make", "--no-print-directory", "-o", ".venv/.installed"]
    run = {"cwd": settings.BASE_DIR, "env": env, "capture_output": True, "text": True}
    restored = subprocess.run([*make, "restore", f"FILE={tmp_path / 'source.json'}"], **run)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    backed_up = subprocess.run([*make, "backup"], **run)
    assert backed_up.returncode == 0, backed_up.stdout + backed_up.stderr
    written = Path(backed_up.stdout.strip().splitlines()[-1])
    try:
        assert written.parent == Path(settings.BASE_DIR) / "backups"
        assert json.loads(written.read_text()) == dump
    finally:
        written.unlink()


def test_a_backup_is_readable_by_its_owner_only(directory_data, monkeypatch, tmp_path):
    """It holds password hashes and e-mail addresses: 0600 whatever the umask, in a
    folder only its owner can list."""
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path)
    previous = os.umask(0o022)
    try:
        call_command("backup_data")
        call_command("backup_data", output=tmp_path / "elsewhere" / "named.json")
    finally:
        os.umask(previous)
    (written,) = (tmp_path / "backups").iterdir()
    for path in (written, tmp_path / "elsewhere" / "named.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700
