"""A second factor for the admin (hkai_portal/two_factor.py, django-otp): a password alone
no longer opens it; a code from an authenticator app (TOTP) or a one-time recovery code does.
Only the demo accounts, and only in debug, log in without one."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "right-password-1"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def log_in(client, username="chief", **extra):
    data = {"username": username, "password": PASSWORD, "next": reverse("admin:index"), **extra}
    return client.post(reverse("admin:login"), data)


def test_a_password_alone_does_not_open_the_admin(client, staff):
    TOTPDevice.objects.create(user=staff, name="phone")
    response = log_in(client)
    assert response.status_code == 200  # the form again
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_session_without_the_second_factor_is_sent_to_log_in(client, staff):
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_authenticator_code_opens_the_admin(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone")
    code = current_code(device)
    wrong = "000000" if code != "000000" else "111111"
    assert log_in(client, otp_token=wrong).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302
    # A failure makes the device wait before the next try (1 s, doubling): let it pass.
    device.refresh_from_db()
    device.throttle_reset()
    assert log_in(client, otp_token=code).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_recovery_code_works_once(client, staff):
    device = StaticDevice.objects.create(user=staff, name="recovery")
    device.token_set.create(token="harbour1234")
    assert log_in(client, otp_token="harbour1234").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()
    assert log_in(client, otp_token="harbour1234").status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_enrol_command_gives_an_authenticator_key_and_recovery_codes(client, staff, capsys):
    call_command("enrol_second_factor", "chief")
    out = capsys.readouterr().out
    assert "otpauth://totp/" in out
    codes = re.findall(r"^\s+([a-z0-9]{8})$", out, flags=re.MULTILINE)
    assert len(codes) == 10
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed
    assert log_in(client, otp_token=codes[0]).status_code == 302
    client.logout()
    assert log_in(client, otp_token=current_code(device)).status_code == 302


@pytest.mark.parametrize(("debug", "opens"), [(True, True), (False, False)])
def test_demo_accounts_skip_the_second_factor_only_in_debug(
    client, django_user_model, debug, opens
):
    django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    with override_settings(DEBUG=debug):
        response = log_in(client, username="editor")
        assert (response.status_code == 302) is opens
        assert (client.get(reverse("admin:index")).status_code == 200) is opens


@override_settings(DEBUG=True)
def test_in_debug_other_staff_still_need_the_second_factor(client, staff):
    assert log_in(client).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_code_field_is_asked_for_in_both_languages(client):
    english = client.get(reverse("admin:login")).content.decode()
    assert 'name="otp_token"' in english and "OTP Token:" in english
    chinese = client.get(reverse("admin:login"), headers={"Accept-Language": "zh-Hant"})
    assert "驗證碼" in chinese.content.decode()
