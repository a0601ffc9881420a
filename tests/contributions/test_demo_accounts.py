"""`make demo` prints a demo editor and a demo publisher, each in its group."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_creates_the_publisher_and_restores_both_groups(capsys):
    Group.objects.filter(name="Publishers").delete()
    call_command("demo_accounts")
    publisher = User.objects.get(username="publisher")
    assert publisher.check_password("hkai-demo-publisher")
    assert publisher.is_staff and not publisher.is_superuser
    assert publisher.has_perm("contributions.publish_entries")
    assert publisher.has_perm("directory.change_policy")
    assert (
        Group.objects.get(name="Editors").permissions.filter(codename="change_suggestion").exists()
    )
    printed = capsys.readouterr().out
    assert "publisher / hkai-demo-publisher" in printed
    assert "editor" in printed


def test_refuses_without_debug():
    with pytest.raises(CommandError):
        call_command("demo_accounts")
