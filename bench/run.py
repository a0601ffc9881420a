"""`make bench`: measured speed (issue 5, "Speed, measured"). A benchmark, not a test.

For each data size (demo data plus N generated entries per type) it builds a database of
its own under .bench/, serves the app with production settings under gunicorn on loopback,
and drives every page with wrk, the page cache on and then off (separate gunicorn runs). A
minimal Django view served by the same server in the same run is the baseline: the ratio of
a page's throughput to it is the figure that matters. SQL queries per page are counted in a
separate in-process pass (bench/inproc.py); response sizes are what the server really sends
to a client that accepts gzip. The tables go to stdout and docs/performance.md.

Run `python -m bench.run --help` for the knobs (`--quick` for a short smoke run).
"""

import argparse
import contextlib
import datetime
import gzip
import http.client
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"
PYTHON = sys.executable
LUA_REPORT = Path(__file__).resolve().parent / "report.lua"
ACCEPT_ENCODING = "gzip, deflate, br"
HX_HEADERS = {"HX-Request": "true"}
CACHE_HEADERS = ("cache-control", "etag", "last-modified", "vary", "x-cache")
SIZE_LIMIT_BYTES = 100_000  # "no page over 100 KB compressed including CSS and JS"
MINIMAL_PATH = "/bench/minimal/"  # bench/urls.py serves it
WRK_TIMEOUT = "2s"  # wrk's default: a slower response counts as a timeout error

# `nice -n N` before gunicorn and wrk when --priority is given (see parse_args).
PRIORITY = []

# Cache configurations, in table order: page cache on, page cache off (fragments still
# cached), and none at all (for reference).
CACHE_MODES = ("on", "off", "none")

# Targets from issue 5.
CACHE_ON_MIN_RATIO = 0.50
CACHE_OFF_MIN_RATIO = 0.08
SCALE_MIN_FRACTION = 0.50


@dataclass
class Page:
    name: str
    path: str
    headers: dict = field(default_factory=dict)

    @property
    def is_minimal(self):
        return self.path == MINIMAL_PATH


def pages_for(detail_path, filtered_query):
    filtered = f"/en/policies/?{filtered_query}"
    pages = [
        Page("minimal view", MINIMAL_PATH),
        Page("home", "/en/"),
        Page("institutions", "/en/institutions/"),
        Page("hubs", "/en/hubs/"),
        Page("policies", "/en/policies/"),
        Page("challenges", "/en/challenges/"),
        Page("policies, filtered", filtered),
        Page("policies, filtered, htmx partial", filtered, dict(HX_HEADERS)),
    ]
    if detail_path:
        pages.append(Page("detail (policy)", detail_path))
    pages.append(Page("search ?q=data", "/en/search/?q=data"))
    return pages


# --- Processes ----------------------------------------------------------------------------


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(cmd, env, **kwargs):
    """Run a command, failing loudly with its output."""
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"bench: command failed ({result.returncode}): {' '.join(cmd)}")
    return result.stdout


def inproc(env, *args):
    out = run([PYTHON, "-m", "bench.inproc", *args], env)
    lines = [line for line in out.splitlines() if line.startswith("BENCH_JSON ")]
    return json.loads(lines[-1].removeprefix("BENCH_JSON "))


def manage(env, *args):
    return run([PYTHON, "manage.py", *args], env)


def base_env(args, static_root):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PAGE_CACHE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-throwaway-" + secrets.token_urlsafe(40),
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        BENCH_STATIC_ROOT=str(static_root),
        # gunicorn.conf.py recycles a worker every ~2,000 requests, a leak guard that at
        # benchmark rates restarts one every few seconds (a cold process with an empty
        # local-memory cache): measure the steady state instead.
        GUNICORN_MAX_REQUESTS=str(args.max_requests),
        PYTHONDONTWRITEBYTECODE="1",
    )
    if args.redis:
        env["REDIS_URL"] = args.redis
    return env


def database_url(args, size):
    if args.database == "postgres":
        return f"{args.postgres_url.rstrip('/')}/hkai_bench_{size}"
    return f"sqlite:///{BENCH_DIR / f'db-{size}.sqlite3'}"


def reset_database(args, size):
    if args.database == "postgres":
        name = f"hkai_bench_{size}"
        admin = f"{args.postgres_url.rstrip('/')}/postgres"
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", admin, "-q", "-c", sql], check=True, capture_output=True)
    else:
        for suffix in ("", "-wal", "-shm", "-journal"):
            (BENCH_DIR / f"db-{size}.sqlite3{suffix}").unlink(missing_ok=True)


def build_database(args, env, size):
    """Migrate, load the demo data, then generate `size` fake entries per type."""
    marker = BENCH_DIR / f"db-{size}.{args.database}.built"
    if args.reuse_db and marker.exists():
        log(f"reusing the {size:,}-per-type database ({database_url(args, size)})")
        return json.loads(marker.read_text())
    marker.unlink(missing_ok=True)
    timings = {}
    reset_database(args, size)
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    timings["migrate"] = time.monotonic() - started
    if args.skip_data:
        return timings
    started = time.monotonic()
    manage(env, "loaddata", *inproc(env, "fixtures"))
    timings["demo fixtures"] = time.monotonic() - started
    started = time.monotonic()
    manage(env, "generate_fake_entries", "--count", str(size))
    timings[f"generate_fake_entries --count {size}"] = time.monotonic() - started
    if args.database == "postgres":
        # Planner statistics, as autovacuum would gather a little later: right after a bulk
        # load PostgreSQL guesses one row per table and picks nested loops (measured: a
        # select-options query 524 ms before ANALYZE, 1.5 ms after, at 1,000 per type).
        subprocess.run(["psql", database_url(args, size), "-q", "-c", "ANALYZE"], check=True)
    marker.write_text(json.dumps(timings))
    return timings


class Server:
    """gunicorn on loopback, in its own process group, stopped by its pid."""

    def __init__(self, env, port, workers, log_path):
        self.port = port
        self.log_path = log_path
        cmd = [str(Path(PYTHON).parent / "gunicorn"), "hkai_portal.wsgi:application"]
        cmd += ["--bind", f"127.0.0.1:{port}"]
        self.config = "gunicorn.conf.py" if (ROOT / "gunicorn.conf.py").exists() else None
        if workers or not self.config:
            cmd += ["--workers", str(workers or 2 * os.cpu_count() + 1)]
        self.cmd = cmd
        self.log_file = open(log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            PRIORITY + cmd, env=env, cwd=ROOT, stdout=self.log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.wait_ready()
        self.workers = self.count_workers()

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench: gunicorn exited early, see {self.log_path}")
            with contextlib.suppress(OSError):
                if fetch(self.port, MINIMAL_PATH)[0] == 200:
                    return
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"bench: gunicorn not ready after {timeout}s, see {self.log_path}")

    def count_workers(self):
        out = subprocess.run(
            ["ps", "--ppid", str(self.process.pid), "-o", "pid="], capture_output=True, text=True
        ).stdout
        return len(out.split())

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log_file.close()

    def errors_logged(self):
        lines = Path(self.log_path).read_text(errors="replace").splitlines()
        return sum(1 for line in lines if "Traceback" in line or '"level": "ERROR"' in line)


# --- HTTP: sizes ----------------------------------------------------------------------------


def fetch(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": ACCEPT_ENCODING, **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


class AssetParser(HTMLParser):
    """Collects the same-origin stylesheets and scripts a page loads."""

    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = None
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            url = attrs.get("href")
        elif tag == "script":
            url = attrs.get("src")
        if url and url.startswith("/") and not url.startswith("//") and url not in self.assets:
            self.assets.append(url)


def transfer_size(status, headers, body):
    """(bytes sent, bytes gzip-compressed, whether the server compressed it, decoded body)."""
    encoding = headers.get("content-encoding", "")
    if encoding == "gzip":
        return len(body), len(body), True, gzip.decompress(body)
    if encoding:  # br or another: what was sent is what counts; no need to decode assets
        return len(body), len(body), True, b""
    return len(body), len(gzip.compress(body, 6)), False, body


def measure_sizes(port, page):
    try:
        status, headers, body = fetch(port, page.path, page.headers)
    except OSError as error:  # a timeout under a broken page must not end the benchmark
        status, headers, body = f"no answer ({error.__class__.__name__})", {}, b""
    sent, compressed, served_compressed, html = transfer_size(status, headers, body)
    parser = AssetParser()
    parser.feed(html.decode("utf-8", errors="replace"))
    assets = []
    for url in parser.assets:
        a_status, a_headers, a_body = fetch(port, url)
        a_sent, a_compressed, a_served, _ = transfer_size(a_status, a_headers, a_body)
        assets.append(
            {"url": url, "status": a_status, "sent": a_sent, "gzip": a_compressed,
             "served_compressed": a_served}
        )  # fmt: skip
    return {
        "status": status,
        "content_type": headers.get("content-type", ""),
        "sent": sent,
        "gzip": compressed,
        "served_compressed": served_compressed,
        "uncompressed": len(html) if html else None,
        "is_full_page": b"<html" in html[:2000].lower() if html else None,
        "assets": assets,
        "total_gzip": compressed + sum(a["gzip"] for a in assets),
        "total_sent": sent + sum(a["sent"] for a in assets),
        "cache_headers": {k: headers[k] for k in CACHE_HEADERS if k in headers},
    }


# --- Load ---------------------------------------------------------------------------------


def wrk(args, port, path, seconds, headers=None, script=LUA_REPORT):
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency"]
    cmd += ["--timeout", WRK_TIMEOUT, "-s", str(script)]
    for name, value in {"Accept-Encoding": ACCEPT_ENCODING, **(headers or {})}.items():
        cmd += ["-H", f"{name}: {value}"]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(PRIORITY + cmd, capture_output=True, text=True, timeout=seconds + 120)
    out = out.stdout
    lines = [line for line in out.splitlines() if line.startswith("BENCH_JSON ")]
    if not lines:
        raise SystemExit(f"bench: wrk printed no result for {path}:\n{out}")
    result = json.loads(lines[-1].removeprefix("BENCH_JSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_mix_script(pages, path):
    """A wrk script rotating through every page (each with its own headers)."""
    lines = [f"dofile({lua_string(str(LUA_REPORT))})", "local requests = {}", "init = function()"]
    for page in pages:
        headers = {"Accept-Encoding": ACCEPT_ENCODING, **page.headers}
        table = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())
        request = f'wrk.format("GET", {lua_string(page.path)}, {{{table}}})'
        lines.append(f"  table.insert(requests, {request})")
    lines += [
        "end",
        "local i = 0",
        "request = function()",
        "  i = i % #requests + 1",
        "  return requests[i]",
        "end",
    ]
    Path(path).write_text("\n".join(lines) + "\n")


# --- One configuration -------------------------------------------------------------------


def measure_configuration(args, env, size, cache, pages):
    """One gunicorn run: every page under load, the minimal view first and last."""
    env = config_env(env, size, cache)
    load_before = load_average()
    meter = CpuMeter()
    log(f"{size:,} per type, page cache {cache} (load average {load_before:.2f}): counting SQL")
    spec = [{"name": p.name, "path": p.path, "headers": p.headers} for p in pages]
    queries = inproc(env, "queries", json.dumps(spec), str(args.request_limit))
    server = Server(env, args.port, args.workers, BENCH_DIR / f"gunicorn-{size}-{cache}.log")
    try:
        log(f"gunicorn up ({server.workers} workers); measuring sizes and load")
        results = {}
        minimal_runs = []
        order = [*pages, pages[0]]
        for index, page in enumerate(order):
            sizes = measure_sizes(args.port, page) if index < len(pages) else None
            settle(args.port)  # the previous page's queue drained, stuck workers replaced
            if args.warmup:
                wrk(args, args.port, page.path, args.warmup, page.headers)
            figures = wrk(args, args.port, page.path, args.duration, page.headers)
            if page.is_minimal:
                minimal_runs.append(figures)
            if sizes is not None:
                results[page.name] = {**figures, "sizes": sizes, "queries": queries[page.name]}
            log(
                f"  {page.name:<34} {figures['rps']:8.1f} req/s  p50 {ms(figures['p50_us'])}"
                f"  p99 {ms(figures['p99_us'])}  errors {figures['errors']}"
            )
        baseline = sum(r["rps"] for r in minimal_runs) / len(minimal_runs)
        for page in pages:
            results[page.name]["ratio"] = results[page.name]["rps"] / baseline
        server.stop()  # its workers' CPU time is counted once gunicorn has exited
        return {
            "pages": results,
            "baseline_rps": baseline,
            "minimal_runs": [r["rps"] for r in minimal_runs],
            "workers": server.workers,
            "server_cmd": " ".join(server.cmd[1:]),
            "config_file": server.config,
            "errors_logged": server.errors_logged(),
            "load_before": load_before,
            "other_cpu": meter.other_share(),
        }
    finally:
        server.stop()


def settle(port, limit=90):
    """Wait until the minimal view answers quickly again (at most `limit` seconds)."""
    time.sleep(0.5)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            if fetch(port, MINIMAL_PATH)[0] == 200 and time.monotonic() - started < 0.5:
                return
        time.sleep(1)
    log(f"  warning: the server was still slow {limit}s after the previous run")


# Servers the benchmarked site itself uses: their CPU is part of serving its pages, not
# other work (PostgreSQL's backends are reaped by the postmaster, so its children's time
# is counted too).
SERVICE_PROCESSES = ("postgres", "redis-server")


def service_cpu_seconds():
    """CPU seconds used so far by the database and cache servers (and their reaped children)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            text = stat.read_text()
            name = text[text.index("(") + 1 : text.rindex(")")]
            if name.startswith(SERVICE_PROCESSES):
                fields = text[text.rindex(")") + 2 :].split()
                total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return total / ticks


class CpuMeter:
    """How much of the machine's CPU went to work other than this benchmark (its own
    process and every child it waited for: gunicorn with its workers, wrk, the in-process
    pass; and the database and cache servers the site uses) since the meter started; the
    figures are only fair where that is near zero."""

    def __init__(self):
        self.start = self.sample()

    @staticmethod
    def sample():
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        ticks = os.sysconf("SC_CLK_TCK")
        own = sum(
            usage.ru_utime + usage.ru_stime
            for usage in (resource.getrusage(resource.RUSAGE_SELF),
                          resource.getrusage(resource.RUSAGE_CHILDREN))
        )  # fmt: skip
        own += service_cpu_seconds()
        return sum(values) / ticks, (values[3] + values[4]) / ticks, own

    def other_share(self):
        total, idle, own = self.sample()
        total0, idle0, own0 = self.start
        capacity = total - total0
        other = (capacity - (idle - idle0)) - (own - own0)
        return max(0.0, other / capacity) if capacity > 0 else 0.0


def load_average():
    """The 1-minute load average: other work on this 2-core machine skews every figure."""
    return os.getloadavg()[0]


def config_env(env, size, cache):
    """The cache switches, and a cache key prefix of its own so a shared cache (Redis)
    never serves a page stored by an earlier run on other data."""
    return {
        **env,
        "PAGE_CACHE_ENABLED": "1" if cache == "on" else "0",
        # "off" switches the page cache only; "none" switches off the fragment cache too.
        "FRAGMENT_CACHE_ENABLED": "0" if cache == "none" else "1",
        "CACHE_KEY_PREFIX": f"hkai-bench-{size}-{cache}-{secrets.token_hex(4)}",
    }


def soak(args, env, size, cache, pages):
    """The page mix under sustained load on a fresh gunicorn. The same mix runs first for
    --soak-warmup seconds, discarded, like the warm-up before each page's own run: fresh
    workers start with a cold cache (with the local-memory cache, each worker its own), and
    the first visits to each page are misses that would otherwise pile up into timeouts in
    the first seconds. The warm-up's own figures are reported beside the measured ones."""
    env = config_env(env, size, cache)
    script = BENCH_DIR / "mix.lua"
    mix = [p for p in pages if not p.is_minimal]
    write_mix_script(mix, script)
    meter = CpuMeter()
    server = Server(env, args.port, args.workers, BENCH_DIR / f"gunicorn-soak-{size}-{cache}.log")
    try:
        warmup = None
        if args.soak_warmup:
            log(f"soak warm-up: {args.soak_warmup}s of the same mix, discarded")
            warmup = wrk(args, args.port, "/", args.soak_warmup, script=script)
            log(
                f"  warm-up: {warmup['requests']:,} requests, p99 {ms(warmup['p99_us'])}, "
                f"errors {warmup['errors']} (not counted)"
            )
            settle(args.port)  # the warm-up's queue drained before the measured run
        log(f"soak: {args.soak}s, {args.connections} connections, {len(mix)} pages rotating")
        figures = wrk(args, args.port, "/", args.soak, script=script)
        figures.update(
            size=size, cache=cache, pages=[p.name for p in mix],
            errors_logged=server.errors_logged(), workers=server.workers,
            warmup_seconds=args.soak_warmup,
            warmup={k: warmup[k] for k in ("requests", "errors", "timeout")} if warmup else None,
        )  # fmt: skip
        server.stop()
        figures["other_cpu"] = meter.other_share()
        log(
            f"  soak: {figures['requests']:,} requests, {figures['rps']:.1f} req/s, "
            f"p99 {ms(figures['p99_us'])}, errors {figures['errors']}"
        )
        return figures
    finally:
        server.stop()


# --- Report -------------------------------------------------------------------------------


def ms(us):
    return f"{us / 1000:.1f} ms" if us < 1_000_000 else f"{us / 1e6:.2f} s"


def kb(n):
    return f"{n / 1000:.1f} KB" if n >= 1000 else f"{n} B"


def status_note(page_result):
    statuses = {page_result["sizes"]["status"], *page_result["queries"]["status"]}
    bad = sorted(str(s) for s in statuses if s != 200)
    note = f"HTTP {', '.join(bad)}" if bad else ""
    if not page_result["requests"]:
        note = "no response completed under load" + (f"; {note}" if note else "")
    return f" ({note}!)" if note else ""


def evaluate(results, soaks):
    """The issue's targets, each PASS, FAIL or NOT MEASURED with the figures behind it."""
    targets = []
    sizes = sorted(results)
    small = 1000 if 1000 in results else (sizes[0] if sizes else None)

    def ratio_target(cache, minimum, label):
        if small is None or cache not in results[small]:
            return targets.append((label, "NOT MEASURED", ""))
        pages = results[small][cache]["pages"]
        failing = [
            f"{name} {r['ratio']:.0%}"
            for name, r in pages.items()
            if name != "minimal view" and (r["ratio"] < minimum or status_note(r))
        ]
        worst = min((r["ratio"], name) for name, r in pages.items() if name != "minimal view")
        detail = f"lowest: {worst[1]} {worst[0]:.0%}"
        if failing:
            detail += "; below: " + ", ".join(failing)
        targets.append((label, "FAIL" if failing else "PASS", detail))

    label = f"Cache {{}}, {small:,}/type: every page >= {{:.0%}} of the minimal view"
    ratio_target("on", CACHE_ON_MIN_RATIO, label.format("on", CACHE_ON_MIN_RATIO))
    ratio_target("off", CACHE_OFF_MIN_RATIO, label.format("off", CACHE_OFF_MIN_RATIO))

    big = max(sizes) if len(sizes) > 1 else None
    label = "Scale: at the larger size no page below half its smaller-size figure"
    if big is None:
        targets.append((label, "NOT MEASURED", "only one size measured"))
    else:
        label = f"Scale: at {big:,}/type no page below half its {small:,}/type ratio"
        failing, lowest = [], None
        for cache in ("on", "off"):
            if cache not in results[big] or cache not in results[small]:
                continue
            for name, r in results[big][cache]["pages"].items():
                if name == "minimal view":
                    continue
                base = results[small][cache]["pages"][name]["ratio"]
                fraction = r["ratio"] / base if base else 0.0
                if lowest is None or fraction < lowest[0]:
                    lowest = (fraction, f"{name} (cache {cache})")
                if fraction < SCALE_MIN_FRACTION:
                    failing.append(f"{name} (cache {cache}) {fraction:.0%}")
        detail = f"lowest: {lowest[1]} at {lowest[0]:.0%} of its figure" if lowest else ""
        if failing:
            detail += "; below half: " + ", ".join(failing)
        targets.append((label, "FAIL" if failing else "PASS", detail))

    heaviest, over, heaviest_sent, uncompressed = None, [], None, set()
    for size in sizes:
        for cache_result in results[size].values():
            for name, r in cache_result["pages"].items():
                total = r["sizes"]["total_gzip"]
                sent = r["sizes"]["total_sent"]
                if not r["sizes"]["served_compressed"] and name != "minimal view":
                    uncompressed.add(name)
                if heaviest_sent is None or sent > heaviest_sent[0]:
                    heaviest_sent = (sent, f"{name} at {size:,}/type")
                if heaviest is None or total > heaviest[0]:
                    heaviest = (total, f"{name} at {size:,}/type")
                if total > SIZE_LIMIT_BYTES:
                    over.append(f"{name} at {size:,}/type {kb(total)}")
    detail = f"heaviest: {heaviest[1]}, {kb(heaviest[0])}" if heaviest else ""
    if over:
        detail += "; over: " + ", ".join(sorted(set(over)))
    if uncompressed:
        detail += (
            f". Note: the server sends the HTML of {len(uncompressed)} pages uncompressed; as "
            f"really sent, the heaviest is {heaviest_sent[1]}, {kb(heaviest_sent[0])}"
        )
    targets.append(
        ("No page over 100 KB compressed incl. CSS and JS", "FAIL" if over else "PASS", detail)
    )

    if not soaks:
        targets.append(("Zero errors, 50 connections for 60 s", "NOT MEASURED", "soak skipped"))
    for s in soaks:
        label = f"Zero errors, {s['connections']} connections for {s['seconds']} s"
        errors = s["errors"] + s["errors_logged"]
        detail = (
            f"{s['requests']:,} requests at {s['size']:,}/type, cache {s['cache']}: "
            f"{s['status']} HTTP >= 400, {s['connect']} connect, {s['read']} read, "
            f"{s['write']} write, {s['timeout']} timeouts (> {WRK_TIMEOUT}), "
            f"{s['errors_logged']} server errors logged"
            + (f"; after a {s['warmup_seconds']} s warm-up, discarded" if s["warmup"] else "")
        )
        targets.append((label, "FAIL" if errors else "PASS", detail))
    return targets


def size_table(cache_results):
    rows = [
        "| page | cache | req/s | p50 | p99 | ratio to minimal | SQL queries "
        "| bytes (compressed) |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    names = list(next(iter(cache_results.values()))["pages"])
    for name in names:
        for cache in CACHE_MODES:
            if cache not in cache_results:
                continue
            r = cache_results[cache]["pages"][name]
            q = r["queries"]
            if q["timed_out"]:
                queries = f"n/a (stopped after {q['limit']:.0f} s)"
            elif cache == "none":
                queries = str(q["first"])
            elif cache == "off":
                queries = f"{q['second']} (first: {q['first']})"
            else:
                queries = f"{q['second']} (miss: {q['first']})"
            s = r["sizes"]
            if s["served_compressed"]:
                size = f"{kb(s['sent'])} gzip"
            else:
                size = f"{kb(s['sent'])} sent uncompressed (gzip would be {kb(s['gzip'])})"
            errors = f", {r['errors']} errors" if r["errors"] else ""
            rows.append(
                f"| {name}{status_note(r)} | {cache} | {r['rps']:.0f}{errors} | {ms(r['p50_us'])} "
                f"| {ms(r['p99_us'])} | {r['ratio']:.0%} | {queries} | {size} |"
            )
    return rows


def cpu_table(results):
    """In-process CPU per request: a second view of each page's cost, steadier than req/s
    on a shared machine (it leaves out gunicorn, the network and the load generator)."""
    sizes = sorted(results)
    columns = [(size, cache) for size in sizes for cache in CACHE_MODES if cache in results[size]]
    rows = [
        "| page | " + " | ".join(f"{size:,}/type cache {cache}" for size, cache in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    names = list(results[sizes[0]][columns[0][1]]["pages"])
    for name in names:
        cells = []
        for size, cache in columns:
            r = results[size][cache]["pages"].get(name)
            q = r["queries"] if r else {}
            minimal = results[size][cache]["pages"]["minimal view"]["queries"].get("cpu_ms")
            cpu = q.get("cpu_ms")
            if cpu is None:
                cells.append("n/a")
            elif name == "minimal view" or not minimal:
                cells.append(f"{cpu:.1f} ms")
            else:
                cells.append(f"{cpu:.1f} ms ({minimal / cpu:.0%})")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return rows


def weight_table(results):
    size = max(results)
    cache_result = results[size].get("off") or next(iter(results[size].values()))
    rows = [
        "| page | HTML (compressed) | CSS + JS (compressed) | total | as really sent | assets |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, r in cache_result["pages"].items():
        s = r["sizes"]
        assets_total = sum(a["gzip"] for a in s["assets"])
        flag = "" if s["served_compressed"] else " (not compressed by the server)"
        assets = ", ".join(
            f"{a['url'].rsplit('/', 1)[-1]} {kb(a['gzip'])}"
            + ("" if a["served_compressed"] else " uncompressed")
            for a in s["assets"]
        )
        rows.append(
            f"| {name} | {kb(s['gzip'])}{flag} | {kb(assets_total)} | {kb(s['total_gzip'])} "
            f"| {kb(s['total_sent'])} | {assets or '-'} |"
        )
    return size, rows


def machine_facts():
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, IndexError, ValueError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "wrk": (wrk_version.split("[")[0].strip() or "wrk"),
    }


def render(args, meta, results, infos, build_times, soaks, targets, elapsed):
    first = next(iter(next(iter(results.values())).values()))
    busiest = max(r["other_cpu"] for by_cache in results.values() for r in by_cache.values())
    warning = []
    if busiest > 0.10:
        warning = [
            "",
            f"**Warning: the machine was busy with other work during this run** (up to "
            f"{busiest:.0%} of its CPU went to other processes during a configuration). Every "
            "figure is depressed by the competition for CPU, the slow pages most; rerun "
            "`make bench` on an otherwise idle machine.",
        ]
    lines = [
        "# Performance",
        "",
        "Produced by `make bench` (bench/run.py"
        + (f" {' '.join(sys.argv[1:])}" if sys.argv[1:] else "")
        + "); numbers from one run on the machine below. "
        "A benchmark, not a test: rerun it after changes and commit the new file.",
        "",
        "## Targets (issue 5)",
        "",
        "| target | result | figures |",
        "|---|---|---|",
        *[f"| {label} | **{verdict}** | {detail} |" for label, verdict, detail in targets],
        *warning,
        "",
        "## Machine and setup",
        "",
        f"- Machine: {meta['nproc']} cores ({meta['cpu']}), {meta['memory']} memory; "
        f"Python {meta['python']}; load generator {meta['wrk']} on the same machine.",
        f"- Date: {meta['date']}; commit {meta['commit']}; whole run took {elapsed / 60:.1f} min.",
        "- Database: "
        + (
            "PostgreSQL (a fresh database per size)"
            if args.database == "postgres"
            else "SQLite (a fresh file per size under .bench/)"
        )
        + "; cache: "
        f"{'Redis' if args.redis else 'local-memory (per worker process)'}.",
        "- Data: the demo fixtures plus `generate_fake_entries --count N` (N per type). "
        "Published entries per type: "
        + "; ".join(
            f"{size:,}/type: "
            + ", ".join(f"{m} {c['published']:,}" for m, c in infos[size]["counts"].items())
            for size in sorted(infos)
        )
        + ".",
        f"- Server: `gunicorn {first['server_cmd']}`"
        + (f" with {first['config_file']}" if first["config_file"] else "")
        + f", {first['workers']} workers"
        + (
            ", worker recycling off (GUNICORN_MAX_REQUESTS=0)"
            if not args.max_requests
            else f", GUNICORN_MAX_REQUESTS={args.max_requests}"
        )
        + ", production settings (DJANGO_DEBUG=0, whitenoise "
        "compressed manifest static files from a fresh collectstatic, "
        "DJANGO_SECURE_SSL_REDIRECT=0 since loopback is plain HTTP).",
        f"- Load: `wrk -t{args.threads} -c{args.connections} -d{args.duration}s --timeout "
        f"{WRK_TIMEOUT}` per page after a {args.warmup} s warm-up, every request with "
        f"`Accept-Encoding: {ACCEPT_ENCODING}`; the htmx partial adds `HX-Request: true`. "
        "The page cache is switched with PAGE_CACHE_ENABLED=1/0, a separate gunicorn run each. "
        "With the page cache off, result cards and filter options are still cached per "
        "generation (the fragment cache, directory/fragments.py, FRAGMENT_CACHE_ENABLED), as in "
        "production: it is what makes a page the page cache has not seen cheap. The "
        "configuration *none* switches both off (every request renders everything from the "
        "database), for reference: the targets do not use it."
        + (
            f" gunicorn and wrk ran at nice {args.priority} (priority over other work)."
            if args.priority
            else ""
        ),
        "- Ratio: a page's req/s over the minimal view's (a tiny HttpResponse through the same "
        "middleware and server, measured first and last in each run and averaged: "
        + "; ".join(
            f"{size:,}/type cache {cache}: "
            + " / ".join(f"{x:.0f}" for x in results[size][cache]["minimal_runs"])
            + " req/s"
            for size in sorted(results)
            for cache in results[size]
        )
        + ").",
        "- SQL queries: counted in a separate in-process pass (CaptureQueriesContext); with the "
        "cache on, the figure is a cache hit and the first (miss) is in brackets; with it off, "
        "the figure is a repeat visit (cards cached) and the first visit is in brackets.",
        "- Bytes: what the server sends to a client accepting gzip; where the HTML goes out "
        "uncompressed, its gzip size is given beside it and is what the 100 KB target uses.",
        "- Other work on the machine (share of its CPU used by processes other than the "
        "benchmark's and the database and cache servers', a check that nothing else ran): "
        + "; ".join(
            f"{size:,}/type cache {cache}: {results[size][cache]['other_cpu']:.0%}"
            for size in sorted(results)
            for cache in results[size]
        )
        + ".",
        "- Database build: "
        + "; ".join(
            f"{size:,}/type: " + ", ".join(f"{step} {secs:.0f} s" for step, secs in t.items())
            for size, t in sorted(build_times.items())
        )
        + ".",
    ]
    for size in sorted(results):
        lines += ["", f"## {size:,} generated entries per type", "", *size_table(results[size])]
        logged = {c: r["errors_logged"] for c, r in results[size].items() if r["errors_logged"]}
        if logged:
            lines += ["", f"Server errors logged during these runs: {logged}."]
    lines += [
        "",
        "## CPU per request, in-process",
        "",
        "Median CPU time of one request through the whole middleware stack in a single "
        "process (Django's test client, same settings and data), and in brackets the minimal "
        "view's CPU time over the page's: roughly the ratio above with gunicorn, the network "
        "and the load generator left out, and much less affected by other work on the machine.",
        "",
        *cpu_table(results),
    ]
    size, rows = weight_table(results)
    lines += [
        "",
        f"## Page weight at {size:,}/type (compressed, including CSS and JS)",
        "",
        *rows,
    ]
    if soaks:
        lines += ["", "## Sustained load"]
    for s in soaks:
        lines += [
            "",
            f"{s['seconds']} s at {s['connections']} connections, {s['size']:,}/type, page "
            f"cache {s['cache']}, wrk rotating through: {', '.join(s['pages'])}. "
            f"{s['requests']:,} requests, {s['rps']:.1f} req/s, p50 {ms(s['p50_us'])}, "
            f"p99 {ms(s['p99_us'])}, max {ms(s['max_us'])}; errors: {s['status']} HTTP >= 400, "
            f"{s['connect']} connect, {s['read']} read, {s['write']} write, "
            f"{s['timeout']} timeouts; {s['errors_logged']} server errors logged"
            + (" (warm-up included)" if s["warmup"] else "")
            + f". Other work used {s['other_cpu']:.0%} of the machine's CPU meanwhile. "
            + soak_warmup_note(s),
        ]
    return "\n".join(lines) + "\n"


def soak_warmup_note(s):
    if not s["warmup"]:
        return "No warm-up: the workers started with empty caches when the measurement began."
    w = s["warmup"]
    return (
        f"Before it, on the same fresh gunicorn, the same mix ran for {s['warmup_seconds']} s "
        "as a warm-up, not counted in the figures above (fresh workers start with a cold "
        "cache, so each page is rendered from the database on its first visits; with the "
        "local-memory cache, once in every worker): the warm-up had "
        f"{w['requests']:,} requests, {w['errors']} errors, of which {w['timeout']} timeouts."
    )


# --- Main ---------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="generated entries per type")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page")
    parser.add_argument("--soak", type=int, default=60, help="seconds of mixed load, 0 to skip")
    parser.add_argument("--soak-cache", default="on", help="soak page cache: on, off or on,off")
    parser.add_argument(
        "--soak-warmup", type=int, default=10, help="seconds of the soak's mix first, discarded"
    )
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=0, help="default: config or 2*cores+1")
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument(
        "--max-requests", type=int, default=0, help="GUNICORN_MAX_REQUESTS (0: no recycling)"
    )
    parser.add_argument(
        "--cache", default="on,off", help="cache configurations: on, off (page cache), none"
    )
    parser.add_argument(
        "--none-sizes",
        default="1000",
        help="sizes also measured with no cache at all (cache none), for reference",
    )
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="", help="a REDIS_URL for the cache (default: none)")
    parser.add_argument("--filter", default="sector=fintech&status=active", help="policies query")
    parser.add_argument(
        "--request-limit", type=float, default=20, help="in-process pass: seconds per request"
    )
    parser.add_argument(
        "--priority",
        type=int,
        default=0,
        help="nice value for gunicorn and wrk (negative, as root: favour them on a busy machine)",
    )
    parser.add_argument("--reuse-db", action="store_true", help="keep databases already built")
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument("--skip-data", action="store_true", help="harness check: migrate only")
    parser.add_argument("--quick", action="store_true", help="short smoke run, no report file")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.warmup, args.soak = 2, 1, min(args.soak, 5)
        args.soak_warmup = min(args.soak_warmup, 2)
        args.output = str(BENCH_DIR / "performance-quick.md")
    return args


def main(argv=None):
    args = parse_args(argv)
    # A plain kill stops gunicorn too: the finally blocks run as for Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    if not shutil.which("wrk"):
        raise SystemExit("bench: wrk is not installed (Debian: apt-get install -y wrk)")
    if args.priority:
        PRIORITY[:] = ["nice", "-n", str(args.priority)]
    started = time.monotonic()
    BENCH_DIR.mkdir(exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    caches = [c for c in args.cache.split(",") if c in CACHE_MODES]
    none_sizes = {int(s) for s in args.none_sizes.split(",") if s.strip()}
    static_root = Path(tempfile.mkdtemp(prefix="static-", dir=BENCH_DIR))
    try:
        env = base_env(args, static_root)
        log(f"collectstatic into {static_root}")
        manage(env, "collectstatic", "--noinput", "-v0")
        results, infos, build_times = {}, {}, {}
        soaks = []
        for size in sizes:
            size_env = {**env, "DATABASE_URL": database_url(args, size)}
            log(f"building the database: demo data + {size:,} entries per type")
            build_times[size] = build_database(args, size_env, size)
            infos[size] = inproc(size_env, "info")
            pages = pages_for(infos[size]["detail_path"], args.filter)
            configs = [*caches, *(["none"] if size in none_sizes and "none" not in caches else [])]
            results[size] = {
                cache: measure_configuration(args, size_env, size, cache, pages)
                for cache in configs
            }
            if args.soak and size == max(sizes):
                for cache in [c for c in args.soak_cache.split(",") if c in ("on", "off")]:
                    soaks.append(soak(args, size_env, size, cache, pages))
                    soaks[-1].update(seconds=args.soak, connections=args.connections)
        targets = evaluate(results, soaks)
        meta = machine_facts()
        report = render(
            args, meta, results, infos, build_times, soaks, targets,
            time.monotonic() - started,
        )  # fmt: skip
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(report)
        (BENCH_DIR / "results.json").write_text(
            json.dumps({"results": results, "soaks": soaks, "infos": infos}, indent=1)
        )
        print("\n" + report)
        log(f"wrote {args.output} (raw figures: {BENCH_DIR / 'results.json'})")
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
