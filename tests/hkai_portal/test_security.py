"""Security: the production settings pass `check --deploy`, every response carries the
security headers, cookies are Secure and HttpOnly in production, and the admin locks out
brute-force attempts."""

import ipaddress
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from hkai_portal.client_ip import client_ip

BASE_DIR = Path(settings.BASE_DIR)


def production_env(**extra):
    """The environment a production app server runs with: debug off, the documented
    variables set, none of the test suite's relaxations."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PAGE_CACHE_", "FRAGMENT_CACHE_", "AXES_"))
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="hkai.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://hkai.example.org",
        **extra,
    )
    return env


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# A recovery code of the admin's second factor (hkai_portal/two_factor.py).
CODE = "recovery1"


def chief(django_user_model):
    """A superuser with a password and one recovery code."""
    user = django_user_model.objects.create_superuser(
        "chief", "chief@example.org", "right-password-1"
    )
    StaticDevice.objects.create(user=user, name="recovery").token_set.create(token=CODE)
    return user


def test_check_deploy_reports_nothing_in_production():
    """With what docs/deployment.md asks for: a shared Redis and an admin path of its own
    (tests/hkai_portal/test_checks.py: the warnings without them)."""
    env = production_env(REDIS_URL="redis://cache.internal:6379/0", DJANGO_ADMIN_URL="x-7f3a/")
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_catches_debug_left_on():
    """The test above means something: the same check fails when production is misconfigured."""
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(DJANGO_DEBUG="1")
    )
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_production_settings_secure_the_cookies_and_transport():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({name: getattr(s, name) for name in %r}))"
        % [
            "DEBUG",
            "SESSION_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "CSRF_COOKIE_SECURE",
            "CSRF_COOKIE_HTTPONLY",
            "LANGUAGE_COOKIE_SECURE",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "X_FRAME_OPTIONS",
        ]
    )
    env = production_env(DJANGO_SETTINGS_MODULE="hkai_portal.settings")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "X_FRAME_OPTIONS": "DENY",
    }


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_cookies_are_secure_and_http_only_when_configured(client, django_user_model):
    """The admin login page sets the CSRF cookie, logging in the session cookie."""
    chief(django_user_model)
    url = reverse("admin:login")
    response = client.get(url, secure=True)
    credentials = {"username": "chief", "password": "right-password-1", "otp_token": CODE}
    logged_in = client.post(url, credentials, secure=True)
    assert logged_in.status_code == 302
    for cookie in (
        response.cookies[settings.CSRF_COOKIE_NAME],
        logged_in.cookies[settings.SESSION_COOKIE_NAME],
    ):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


# --- Headers --------------------------------------------------------------------------------


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response, *, secure):
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    directives = parse_csp(csp)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert permissions[feature] == "()"
    if secure:
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
    else:  # HSTS means nothing over plain HTTP and browsers ignore it there.
        assert "Strict-Transport-Security" not in response
    assert response["X-Request-ID"]


@pytest.fixture
def pages(make):
    """Representative URLs: the home page, a listing, a detail page, healthz and a 404."""
    institution = make.institution(name="Hong Kong Science Park")
    return {
        "home": (reverse("directory:home"), 200),
        "listing": (reverse("directory:institution_list"), 200),
        "htmx listing": (reverse("directory:institution_list") + "?q=science", 200),
        "detail": (institution.get_absolute_url(), 200),
        "healthz": ("/healthz", 200),
        "not found": ("/en/no-such-page/", 404),
        "admin login": (reverse("admin:login"), 200),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("secure", [True, False], ids=["https", "http"])
@pytest.mark.parametrize(
    "page", ["home", "listing", "htmx listing", "detail", "healthz", "not found", "admin login"]
)
def test_every_response_carries_the_security_headers(client, pages, page, secure):
    url, status = pages[page]
    headers = {"HTTP_HX_REQUEST": "true"} if page == "htmx listing" else {}
    for _ in range(2):  # the second time from the page cache where it applies
        response = client.get(url, secure=secure, **headers)
        assert response.status_code == status
        assert_security_headers(response, secure=secure)


@pytest.mark.django_db
def test_public_pages_do_not_reveal_the_admin(client, make):
    make.institution(name="Hong Kong Science Park")
    admin_path = "/" + settings.ADMIN_URL
    for name in ("directory:home", "directory:institution_list"):
        html = client.get(reverse(name)).content.decode()
        assert admin_path not in html


# --- The admin's brute-force lockout ---------------------------------------------------------


@pytest.mark.django_db
def test_admin_login_locks_out_after_five_failures(client, django_user_model):
    chief(django_user_model)
    url = reverse("admin:login")
    wrong = {"username": "chief", "password": "wrong-password"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, wrong)
        assert response.status_code == 200  # the form again, with an error
        assert b"errornote" in response.content
    assert client.post(url, wrong).status_code == 429  # the fifth failure locks
    # From now on even the right password is refused, for this username from this address.
    right = {"username": "chief", "password": "right-password-1", "otp_token": CODE}
    right["next"] = "/" + settings.ADMIN_URL
    response = client.post(url, right)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The lock is per username and address: the same user from elsewhere still gets in.
    response = client.post(url, right, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_the_admin_path_comes_from_the_environment():
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'))"
    )
    env = production_env(
        DJANGO_SETTINGS_MODULE="hkai_portal.settings", DJANGO_ADMIN_URL="back-office-7f3a/"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "/back-office-7f3a/"


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1)
def test_behind_a_load_balancer_the_lockout_sees_each_client(client, django_user_model):
    """Every request arrives from the balancer's address; the client is the last entry it
    appended to X-Forwarded-For, and entries a client forged before it change nothing."""
    chief(django_user_model)
    url = reverse("admin:login")
    via_balancer = {"REMOTE_ADDR": "10.0.0.2"}
    wrong = {"username": "chief", "password": "wrong-password"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        forged = f"198.51.100.{n}, 192.0.2.7"  # the attacker varies the forged part
        response = client.post(url, wrong, HTTP_X_FORWARDED_FOR=forged, **via_balancer)
    assert response.status_code == 429
    right = {"username": "chief", "password": "right-password-1", "otp_token": CODE}
    assert (
        client.post(url, right, HTTP_X_FORWARDED_FOR="192.0.2.7", **via_balancer).status_code == 429
    )
    response = client.post(url, right, HTTP_X_FORWARDED_FOR="203.0.113.5", **via_balancer)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.5", "192.0.2.1"),  # no proxy: the header is ignored
        (1, "10.0.0.2", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.2", "1.2.3.4, 203.0.113.5", "203.0.113.5"),
        (2, "10.0.0.2", "1.2.3.4, 203.0.113.5, 10.9.9.9", "203.0.113.5"),
        (2, "10.0.0.2", "203.0.113.5", "10.0.0.2"),  # fewer entries than proxies
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
        # What proxies really write: ports, brackets, quotes, IPv4 in IPv6, odd spacing.
        (1, "10.0.0.2", "203.0.113.5:4711", "203.0.113.5"),
        (1, "10.0.0.2", "1.2.3.4, [2001:db8::1]:443", "2001:db8::1"),
        (1, "10.0.0.2", "[2001:db8::7]", "2001:db8::7"),
        (1, "10.0.0.2", '"203.0.113.5"', "203.0.113.5"),
        (1, "10.0.0.2", "::ffff:203.0.113.5", "203.0.113.5"),
        (2, "10.0.0.2", "garbage;;, 203.0.113.5:80 ,10.9.9.9", "203.0.113.5"),
        (1, "10.0.0.2", "1.2.3.4,,203.0.113.5,", "203.0.113.5"),
    ],
)
def test_client_ip(rf, count, remote, forwarded, expected):
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(PROXY_COUNT=count):
        assert client_ip(request) == expected


@pytest.mark.parametrize("garbage", ["not-an-address", "unknown", "999.1.1.1", "[::1", "x" * 300])
def test_garbage_where_the_proxy_writes_never_becomes_the_balancers_address(rf, garbage):
    """Falling back to the balancer would put every such client under one lockout key, so
    anyone could lock an editor out. Each garbled value gets an address of its own, in a
    range that is never routed (100::/64), and the same value always the same one."""
    with override_settings(PROXY_COUNT=1):
        seen = {
            client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{garbage}{n}"))
            for n in range(3)
        }
        again = client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{garbage}0"))
    assert len(seen) == 3
    assert again in seen
    for address in seen:
        assert ipaddress.ip_address(address) in ipaddress.ip_network("100::/64")


@pytest.mark.django_db
def test_one_address_cannot_try_a_password_against_every_username(client, django_user_model):
    """The lockout counts failures per address too, not only per username and address."""
    chief(django_user_model)
    url = reverse("admin:login")
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": f"guess{n}", "password": "Summer2026!"})
    assert response.status_code == 429
    right = {"username": "chief", "password": "right-password-1", "otp_token": CODE}
    assert client.post(url, right).status_code == 429
    assert client.post(url, right, REMOTE_ADDR="203.0.113.9").status_code == 302


@pytest.mark.parametrize(
    ("password", "accepted"),
    [("harbour-lion", True), ("harbourlion", False), ("Tai-Mo-Shan-957", True)],
)
def test_passwords_need_twelve_characters(password, accepted):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password)
    except ValidationError as error:
        assert not accepted, error.messages
        assert any("at least 12 characters" in message for message in error.messages)
    else:
        assert accepted
