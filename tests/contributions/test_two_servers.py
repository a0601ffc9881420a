"""Two app servers (two gunicorn processes) on the same PostgreSQL and Redis, as in
production: an editor's save through one is seen through the other on the very next request,
and 50 visitors posting suggestions at once for 30 s lose none (every post is stored or
answered 429, and the database holds exactly the stored ones).

PostgreSQL + Redis only (CI's second run): SQLite and a per-process cache cannot be shared.
"""

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django_otp.plugins.otp_static.models import StaticDevice

from contributions.management.commands.demo_accounts import groups_migration
from contributions.models import Suggestion
from directory.management.commands.setup_demo import grant_editor_permissions
from tests.contributions.conftest import ticket

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL and Redis (DATABASE_URL=postgres://..., REDIS_URL=redis://...)",
    ),
    pytest.mark.django_db(transaction=True),
]

LOAD_SECONDS = float(os.environ.get("SUGGESTION_LOAD_SECONDS", "30"))
LOAD_CLIENTS = 50
RATE = "300/m"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    auth = db["USER"] + (f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until_healthy(base, process, log, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{base} never became healthy")


@pytest.fixture
def servers(tmp_path):
    """Two gunicorn servers on the test database and the shared Redis; their bases."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # so the test can issue form tickets
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "SUGGESTION_RATE": RATE,
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "4",
    }
    processes, bases, logs = [], [], []
    for _ in range(2):
        port = free_port()
        logs.append(tmp_path / f"gunicorn-{port}.log")
        # A file, not a pipe: nobody reads a pipe while the test runs, and gunicorn would
        # block writing its access log once the pipe's buffer filled.
        with logs[-1].open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "hkai_portal.wsgi", "-b", f"127.0.0.1:{port}"],
                cwd=Path(settings.BASE_DIR),
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base, process, log in zip(bases, processes, logs, strict=True):
            wait_until_healthy(base, process, log)
        yield bases
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


class Browser:
    """Cookies and CSRF, as a browser keeps them, over plain urllib."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def get(self, url):
        return self._open(urllib.request.Request(url))

    def post(self, url, data):
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}, doseq=True)
        return self._open(urllib.request.Request(url, data=body.encode(), method="POST"))

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_an_editors_save_through_one_server_is_seen_through_the_other(servers, make):
    server_a, server_b = servers
    policy = make.policy(name="Two Servers", summary_en="Before the edit.")
    visitor = Browser()
    page = server_b + policy.get_absolute_url()
    assert "Before the edit." in visitor.get(page)[1]
    assert "Before the edit." in visitor.get(page)[1]  # now from the shared page cache

    # A publisher: an editor's own Apply to a published entry waits for one (approved, not
    # written), so the save that goes live at once is a publisher's.
    editor = User.objects.create_user("ed", password="a-long-passphrase-1", is_staff=True)
    # Another transactional test may have flushed the migrations' groups: granted again as
    # the migrations do. The admin's second factor: one recovery code.
    grant_editor_permissions(apps)
    _editors, publishers = groups_migration.grant(apps)
    editor.groups.add(publishers)
    StaticDevice.objects.create(user=editor, name="recovery").token_set.create(token="edcode12")
    suggestion = Suggestion.objects.create(
        kind="correction",
        submission=uuid.uuid4(),
        entry=policy,
        entry_type="policy",
        field="summary_en",
        text="After the edit.",
        source_url="https://www.gov.hk/",
    )
    browser = Browser()
    browser.get(server_a + "/admin/login/")
    status, _body = browser.post(
        server_a + "/admin/login/?next=/admin/",
        {
            "username": "ed",
            "password": "a-long-passphrase-1",
            "otp_token": "edcode12",
            "next": "/admin/",
        },
    )
    assert status == 302
    status, _body = browser.post(
        f"{server_a}/admin/contributions/suggestion/{suggestion.pk}/decide/",
        {"decision": "apply"},
    )
    assert status == 302

    status, body = visitor.get(page)  # the very next request, through the other server
    assert status == 200
    assert "After the edit." in body
    assert "Before the edit." not in body


def test_fifty_concurrent_visitors_lose_no_suggestion(servers, make):
    policy = make.policy(name="Load")
    path = f"/en/policies/{policy.slug}/suggest/"
    outcomes = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + LOAD_SECONDS

    def visitor(n):
        browser = Browser()
        base = servers[n % 2]
        browser.get(base + path)  # the CSRF cookie
        mine = Counter()
        while time.monotonic() < deadline:
            base = servers[mine.total() % 2]  # alternate servers, like a load balancer
            status, _body = browser.post(
                base + path,
                {
                    "ticket": ticket(),
                    "field": "summary_en",
                    "text": f"Load test {n}",
                    "source_url": "https://www.gov.hk/",
                },
            )
            mine[status] += 1
        with lock:
            outcomes.update(mine)

    with ThreadPoolExecutor(max_workers=LOAD_CLIENTS) as pool:
        list(pool.map(visitor, range(LOAD_CLIENTS)))

    assert set(outcomes) <= {302, 429}, outcomes  # stored (redirect to thanks) or limited
    assert outcomes[302] > 0 and outcomes[429] > 0, outcomes
    assert Suggestion.objects.count() == outcomes[302], outcomes
