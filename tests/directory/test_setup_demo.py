"""`manage.py setup_demo`, the step `make demo` runs after migrating."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from directory.management.commands.setup_demo import EDITOR_PASSWORD, EDITOR_USERNAME
from directory.models import Institution, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_settings(settings):
    """Debug on (as under `make demo`) and only the fixture that exists for sure."""
    settings.DEBUG = True
    settings.DEMO_FIXTURES = ["sectors"]
    return settings


def run(*args):
    out = StringIO()
    call_command("setup_demo", *args, stdout=out)
    return out.getvalue()


def test_loads_fixtures_and_creates_the_demo_editor(demo_settings):
    output = run()
    assert Sector.objects.count() == 8
    editor = User.objects.get(username=EDITOR_USERNAME)
    assert editor.check_password(EDITOR_PASSWORD)
    assert editor.is_staff and editor.is_active
    assert not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert editor.has_perm("directory.change_institution")
    assert not editor.has_perm("auth.change_user")
    assert EDITOR_USERNAME in output
    assert EDITOR_PASSWORD in output
    assert "http://127.0.0.1:8000" + reverse("admin:index") in output


def test_the_printed_login_works_through_the_login_form(demo_settings, client):
    run()
    response = client.post(
        reverse("admin:login"), {"username": EDITOR_USERNAME, "password": EDITOR_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:directory_institution_changelist")).status_code == 200


def test_running_twice_is_safe_and_resets_the_editor(demo_settings):
    run()
    editor = User.objects.get(username=EDITOR_USERNAME)
    editor.set_password("changed-by-someone")
    editor.is_superuser = True
    editor.save()
    editor.groups.clear()

    run()
    assert User.objects.filter(username=EDITOR_USERNAME).count() == 1
    assert Sector.objects.count() == 8
    editor.refresh_from_db()
    assert editor.check_password(EDITOR_PASSWORD)
    assert not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]


def test_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    settings.DEMO_FIXTURES = ["sectors"]
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        run()
    assert not User.objects.filter(username=EDITOR_USERNAME).exists()
    assert not Sector.objects.exists()

    run("--force")
    assert User.objects.filter(username=EDITOR_USERNAME).exists()


def test_missing_fixture_is_named_and_nothing_is_loaded(demo_settings):
    demo_settings.DEMO_FIXTURES = ["sectors", "no-such-fixture"]
    with pytest.raises(CommandError, match="no-such-fixture"):
        run()
    assert not Sector.objects.exists()
    assert not User.objects.filter(username=EDITOR_USERNAME).exists()


def test_fixtures_load_in_one_call_so_they_may_refer_to_each_other(demo_settings, tmp_path):
    institution = {
        "model": "directory.institution",
        "pk": 1,
        "fields": {
            "name_en": "University of Hong Kong",
            "name_zh_hant": "香港大學",
            "slug": "hku",
            "summary_en": "Hong Kong's oldest university.",
            "kind": "university",
            "status": "published",
            "sectors": [1],
            "created": "2025-01-01T00:00:00Z",
            "updated": "2025-01-01T00:00:00Z",
        },
    }
    (tmp_path / "demo-test-institution.json").write_text(
        json.dumps([institution]), encoding="utf-8"
    )
    demo_settings.FIXTURE_DIRS = [*demo_settings.FIXTURE_DIRS, tmp_path]
    demo_settings.DEMO_FIXTURES = ["demo-test-institution", "sectors"]
    run()
    hku = Institution.objects.get(slug="hku")
    assert hku.name_zh_hant == "香港大學"
    assert list(hku.sectors.values_list("pk", flat=True)) == [1]


def test_recreates_a_deleted_editors_group(demo_settings):
    editors = Group.objects.get(name="Editors").permissions.filter(
        content_type__app_label="directory"
    )
    expected = set(editors.values_list("codename", flat=True))
    Group.objects.filter(name="Editors").delete()
    run()
    group = Group.objects.get(name="Editors")
    # (demo_accounts, run next by `make demo`, adds back moderation: tests/contributions.)
    assert set(group.permissions.values_list("codename", flat=True)) == expected
    assert User.objects.get(username=EDITOR_USERNAME).groups.get() == group
