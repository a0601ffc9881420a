"""Two app servers over one database: an editor's unpublish is seen by both at once, with the
settings production starts with (a shared Redis when REDIS_URL is set; without one, page and
card caches off). Before, each process kept its own cache and served the old page for up to
ten minutes."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.hkai_portal.test_security import BASE_DIR, production_env, run_manage

NAME = "Lab Soon Unpublished"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "127.0.0.1"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def wait_until_up(server, port):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read()
        try:
            fetch(port, "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"server on {port} did not start")


@pytest.fixture
def env(tmp_path):
    env = production_env()
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_ADMIN_URL="office-4f7c/",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_MANIFEST="0",
        DJANGO_SECURE_COOKIES="0",
        CACHE_KEY_PREFIX=f"test-two-{secrets.token_hex(4)}",
        WEB_CONCURRENCY="1",
    )
    for variable in ("PAGE_CACHE_ENABLED", "FRAGMENT_CACHE_ENABLED"):
        env.pop(variable, None)
    assert run_manage("migrate", "--noinput", env=env).returncode == 0
    return env


def shell(env, code):
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def servers(env):
    ports, processes = [free_port(), free_port()], []
    try:
        for port in ports:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "hkai_portal.wsgi"],
                    cwd=BASE_DIR,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
            )
            wait_until_up(processes[-1], port)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def test_an_unpublish_is_seen_by_both_servers(env, servers):
    shell(
        env,
        "from directory.models import Institution; "
        f"Institution.objects.create(name_en={NAME!r}, slug='soon', summary_en='-', "
        "status='published')",
    )
    for _ in range(2):  # the second time from whatever each server keeps
        for port in servers:
            assert NAME in fetch(port, "/en/institutions/")
            assert NAME in fetch(port, "/en/institutions/soon/")
    # An editor's save, made by a third process (as on another app server).
    shell(
        env,
        "from directory.models import Institution; "
        "entry = Institution.objects.get(slug='soon'); entry.status = 'draft'; entry.save()",
    )
    for port in servers:
        assert NAME not in fetch(port, "/en/institutions/")
        with pytest.raises(urllib.error.HTTPError) as gone:
            fetch(port, "/en/institutions/soon/")
        assert gone.value.code == 404


def test_the_environment_is_the_production_one(env):
    """What the test above runs with: debug off, and no cache switch set by hand."""
    assert "DJANGO_DEBUG" not in env
    assert not {"PAGE_CACHE_ENABLED", "FRAGMENT_CACHE_ENABLED"} & env.keys()
    assert env.get("REDIS_URL") == os.environ.get("REDIS_URL")
