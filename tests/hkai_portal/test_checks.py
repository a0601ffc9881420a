"""Production without a shared cache, and the admin at its default path: `check --deploy`
says so, and a server starting like that says so in its log (hkai_portal/checks.py).

Without REDIS_URL each process would keep its own cache generation, so an editor's change
would reach only the process that made it: the page and card caches are then off unless an
operator of a single process turns them on (docs/decisions.md)."""

import json
import subprocess
import sys

import pytest

from tests.hkai_portal.test_security import BASE_DIR, production_env, run_manage

SHARED = {"REDIS_URL": "redis://cache.internal:6379/0", "DJANGO_ADMIN_URL": "office-4f7c/"}


def without_redis(**extra):
    env = production_env(DJANGO_ADMIN_URL="office-4f7c/", **extra)
    env.pop("REDIS_URL", None)
    return env


def settings_in(env, *names):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {list(names)!r}}}))"
    )
    env = {**env, "DJANGO_SETTINGS_MODULE": "hkai_portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


CACHES = ("PAGE_CACHE_ENABLED", "FRAGMENT_CACHE_ENABLED")


def test_without_a_shared_cache_production_runs_with_page_and_card_caches_off():
    assert settings_in(without_redis(), *CACHES) == dict.fromkeys(CACHES, False)
    assert settings_in(production_env(**SHARED), *CACHES) == dict.fromkeys(CACHES, True)
    # Development and the demo are one process: caching there shows what production does.
    assert settings_in(without_redis(DJANGO_DEBUG="1"), *CACHES) == dict.fromkeys(CACHES, True)


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({}, "hkai.W001"),
        ({"PAGE_CACHE_ENABLED": "1"}, "hkai.W002"),
        ({"FRAGMENT_CACHE_ENABLED": "1"}, "hkai.W002"),
    ],
)
def test_check_deploy_warns_without_a_shared_cache(extra, code):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=without_redis(**extra))
    assert result.returncode != 0
    assert code in result.stdout + result.stderr


def test_check_deploy_warns_about_the_default_admin_path():
    env = production_env(REDIS_URL=SHARED["REDIS_URL"])
    env.pop("DJANGO_ADMIN_URL", None)
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "hkai.W010" in result.stdout + result.stderr
    assert "DJANGO_ADMIN_URL" in result.stdout + result.stderr


def test_an_app_server_starting_without_a_shared_cache_says_so():
    env = {**without_redis(), "DJANGO_SETTINGS_MODULE": "hkai_portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import hkai_portal.wsgi"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    warning = next(r for r in records if "REDIS_URL" in r["message"])
    assert warning["level"] == "WARNING"
    assert "off" in warning["message"]
