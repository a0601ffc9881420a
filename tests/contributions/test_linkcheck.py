"""check_sources against a local HTTP server started here: never the internet."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from contributions import linkcheck
from directory.models import Source

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    seen = []

    def log_message(self, *args):
        pass

    def _answer(self, with_body):
        Handler.seen.append((self.command, self.path, self.headers["User-Agent"]))
        if self.path == "/slow":
            time.sleep(2)
        status = {
            "/ok": 200,
            "/gone": 404,
            "/error": 500,
            "/moved": 301,
            "/slow": 200,
            "/no-head": 405 if self.command == "HEAD" else 200,
        }.get(self.path, 404)
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "/ok")
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(with_body=False)

    def do_GET(self):
        self._answer(with_body=True)


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def source_at(entry, url):
    return entry.sources.create(title="A source", url=url)


def test_statuses_are_stored(server, make):
    policy = make.policy()
    paths = ["/ok", "/gone", "/error", "/moved", "/no-head", "/slow"]
    sources = {path: source_at(policy, server + path) for path in paths}
    unreachable = source_at(policy, "http://127.0.0.1:1/nothing-listens")
    linkcheck.check_sources(timeout=0.5, concurrency=3)
    status = {path: Source.objects.get(pk=s.pk).link_status for path, s in sources.items()}
    assert status == {
        "/ok": 200,
        "/gone": 404,
        "/error": 500,
        "/moved": 200,
        "/no-head": 200,
        "/slow": 0,
    }
    assert Source.objects.get(pk=unreachable.pk).link_status == 0
    ok = Source.objects.get(pk=sources["/ok"].pk)
    gone = Source.objects.get(pk=sources["/gone"].pk)
    assert ok.link_checked is not None and ok.link_last_ok == ok.link_checked
    assert gone.link_checked is not None and gone.link_last_ok is None
    assert set(Source.objects.broken()) == {
        Source.objects.get(pk=pk)
        for pk in (sources["/gone"].pk, sources["/error"].pk, sources["/slow"].pk, unreachable.pk)
    }


def test_head_first_then_get_only_where_refused_with_an_honest_agent(server, make):
    policy = make.policy()
    source_at(policy, server + "/ok")
    source_at(policy, server + "/no-head")
    source_at(make.hub(), server + "/ok")  # the same URL twice is asked once
    linkcheck.check_sources(timeout=2)
    asked = sorted((method, path) for method, path, _agent in Handler.seen)
    assert asked == [("GET", "/no-head"), ("HEAD", "/no-head"), ("HEAD", "/ok")]
    assert {agent for *_rest, agent in Handler.seen} == {linkcheck.USER_AGENT}


def test_last_working_date_is_kept_when_a_link_breaks(server, make):
    source = source_at(make.policy(), server + "/ok")
    linkcheck.check_sources(timeout=2)
    worked = Source.objects.get(pk=source.pk).link_last_ok
    Source.objects.filter(pk=source.pk).update(url=server + "/gone")
    linkcheck.check_sources(timeout=2)
    source.refresh_from_db()
    assert (source.link_status, source.link_last_ok) == (404, worked)
    assert source.link_checked > worked


def test_command_prints_broken_links(server, make, capsys):
    source_at(make.policy(), server + "/gone")
    source_at(make.policy(), server + "/ok")
    call_command("check_sources", "--quiet", "--timeout", "2")
    out = capsys.readouterr().out
    assert "BROKEN" in out and "/gone" in out and "/ok" not in out
    assert "2 links checked, 1 broken." in out


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_detail_page_shows_the_check_and_marks_broken_links(client, server, make, language):
    policy = make.policy()
    source_at(policy, server + "/ok")
    source_at(policy, server + "/gone")
    linkcheck.check_sources(timeout=2)
    page = client.get(policy.get_absolute_url().replace("/en/", f"/{language}/")).content.decode()
    assert page.count('class="sources__checked"') == 2
    assert page.count('class="sources__broken"') == 1
    assert f'href="https://web.archive.org/web/{server}/gone"' in page
    assert f'href="https://web.archive.org/web/{server}/ok"' not in page
