"""`make bench`: the site's measured speed against the performance contract of issue 11.

Throughput depends on the machine, so every page is judged by its ratio to a minimal Django
view (bench/urls.py) served by the same gunicorn in the same run. For each data size (the
demo fixtures plus N generated entries per type, a database of its own under .bench/) the
app runs with production settings under gunicorn on loopback, and wrk drives each page with
the page cache on, then off (a fresh gunicorn each). SQL queries per page are counted
in-process (bench/inproc.py); sizes are what a client accepting gzip receives. A soak of the
whole page mix then counts errors. Tables go to stdout and docs/performance.md
(report.py); `--quick` is the few-minute check to run before committing.

This module never imports Django: each Django step runs in a subprocess with the
configuration's environment, so every measurement starts from a clean process.
"""

import argparse
import contextlib
import gzip
import http.client
import json
import os
import re
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from bench import report

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"
PYTHON = sys.executable
ACCEPT_ENCODING = "gzip, deflate, br"
MINIMAL_PATH = "/bench/minimal/"  # served by bench/urls.py
WRK_TIMEOUT = "2s"  # a slower answer counts as a timeout error
FILTER = "sector=fintech&status=active"


class Page(NamedTuple):
    name: str
    path: str
    headers: dict = {}


def pages_for(detail_path):
    """The pages measured: the minimal view first, then every kind of page a visitor sees."""
    filtered = f"/en/policies/?{FILTER}"
    pages = [
        Page(report.MINIMAL, MINIMAL_PATH),
        Page("home", "/en/"),
        Page("institutions", "/en/institutions/"),
        Page("hubs", "/en/hubs/"),
        Page("policies", "/en/policies/"),
        Page("challenges", "/en/challenges/"),
        Page("policies, filtered", filtered),
        Page("policies, filtered, htmx partial", filtered, {"HX-Request": "true"}),
    ]
    if detail_path:
        pages.append(Page("detail (policy)", detail_path))
    return [*pages, Page("search ?q=data", "/en/search/?q=data")]


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(cmd, env):
    """Run a command to completion; fail loudly with the end of its output."""
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"bench: command failed ({result.returncode}): {' '.join(cmd)}")
    return result.stdout


def json_line(out):
    """The last `BENCH_JSON {...}` line: Django and wrk may print other lines around it."""
    lines = [line for line in out.splitlines() if line.startswith("BENCH_JSON ")]
    return json.loads(lines[-1].removeprefix("BENCH_JSON ")) if lines else None


def inproc(env, *args):
    return json_line(run([PYTHON, "-m", "bench.inproc", *args], env))


def manage(env, *args):
    return run([PYTHON, "manage.py", *args], env)


# --- Databases and servers ----------------------------------------------------------------


def base_env(args, static_root):
    """Production settings with a throwaway secret, and nothing inherited that could point
    the benchmark at a real database or cache."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PAGE_CACHE", "CACHE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-throwaway-" + secrets.token_urlsafe(40),
        DJANGO_SECURE_SSL_REDIRECT="0",  # loopback is plain HTTP
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        BENCH_STATIC_ROOT=str(static_root),
        # gunicorn.conf.py recycles workers every ~2,000 requests, which at benchmark rates
        # means a cold worker every few seconds: measure the steady state instead.
        GUNICORN_MAX_REQUESTS="0",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if args.redis:
        env["REDIS_URL"] = args.redis
    return env


def database_url(args, size):
    if args.database == "postgres":
        return f"{args.postgres_url.rstrip('/')}/hkai_bench_{size}"
    return f"sqlite:///{BENCH_DIR / f'db-{size}.sqlite3'}"


def build_database(args, env, size):
    """A fresh database: migrate, demo fixtures, `size` generated entries per type.
    Returns seconds per step. --reuse-db keeps a database built completely before, only
    migrated to the current schema."""
    marker = BENCH_DIR / f"db-{size}.{args.database}.built"
    if args.reuse_db and marker.exists():
        log(f"reusing the {size:,}-per-type database")
        manage(env, "migrate", "--noinput")
        return json.loads(marker.read_text())
    marker.unlink(missing_ok=True)
    if args.database == "postgres":
        admin = f"{args.postgres_url.rstrip('/')}/postgres"
        for sql in ("DROP DATABASE IF EXISTS", "CREATE DATABASE"):
            run(["psql", admin, "-q", "-c", f"{sql} hkai_bench_{size}"], env)
    else:
        for suffix in ("", "-wal", "-shm", "-journal"):
            (BENCH_DIR / f"db-{size}.sqlite3{suffix}").unlink(missing_ok=True)
    steps = {
        "migrate": ["migrate", "--noinput"],
        "demo fixtures": ["loaddata", *inproc(env, "fixtures")],
        f"generate_fake_entries --count {size}": ["generate_fake_entries", "--count", str(size)],
    }
    timings = {}
    for step, command in steps.items():
        started = time.monotonic()
        manage(env, *command)
        timings[step] = time.monotonic() - started
    if args.database == "postgres":
        # Right after a bulk load the planner assumes near-empty tables and picks nested
        # loops; autovacuum would gather these statistics a little later in production.
        run(["psql", database_url(args, size), "-q", "-c", "ANALYZE"], env)
    marker.write_text(json.dumps(timings))
    return timings


class Server:
    """gunicorn with the repository's gunicorn.conf.py, on loopback, in its own session;
    a context manager that stops it however the measurement ends."""

    def __init__(self, args, env, log_path):
        self.port, self.log_path = args.port, log_path
        self.args = ["hkai_portal.wsgi:application", "--bind", f"127.0.0.1:{args.port}"]
        if args.workers:
            self.args += ["--workers", str(args.workers)]
        self.log = open(log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), *self.args], env=env, cwd=ROOT,
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not answers(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"bench: gunicorn did not start, see {log_path}")
            time.sleep(0.3)
        ps = ["ps", "--ppid", str(self.process.pid), "-o", "pid="]
        self.workers = len(subprocess.run(ps, capture_output=True, text=True).stdout.split())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def errors_logged(self):
        """Tracebacks and ERROR records: a 500 that wrk alone would count but not explain."""
        text = Path(self.log_path).read_text(errors="replace")
        return sum("Traceback" in line or '"level": "ERROR"' in line for line in text.splitlines())


# --- HTTP ----------------------------------------------------------------------------------


def fetch(port, path, headers=None, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": ACCEPT_ENCODING, **(headers or {})})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def answers(port, within=5.0):
    """Whether the minimal view answers within `within` seconds."""
    started = time.monotonic()
    with contextlib.suppress(OSError):
        ok = fetch(port, MINIMAL_PATH, timeout=within)[0] == 200
        return ok and time.monotonic() - started < within
    return False


def settle(port, limit=90):
    """Let the previous run's queue drain, so it is not billed to the next page."""
    deadline = time.monotonic() + limit
    time.sleep(0.5)
    while not answers(port, within=0.5) and time.monotonic() < deadline:
        time.sleep(1)


def weigh(port, page):
    """Bytes sent and gzip size of a page's HTML and of the CSS and JS it loads. An answer
    the server did not compress is gzipped here: the 100 KB floor is compressed size."""

    def sizes(path, headers=None):
        try:
            status, response_headers, body = fetch(port, path, headers)
        except OSError as error:  # a page too slow to answer must not end the benchmark
            return {"status": f"no answer ({type(error).__name__})", "sent": 0, "gzip": 0}, ""
        encoding = response_headers.get("content-encoding")
        text = gzip.decompress(body) if encoding == "gzip" else b"" if encoding else body
        gzipped = len(body) if encoding else len(gzip.compress(body, 6))
        figures = {"status": status, "sent": len(body), "gzip": gzipped, "compressed": encoding}
        return figures, text.decode(errors="replace")

    main, html = sizes(page.path, page.headers)
    urls = dict.fromkeys(re.findall(r'(?:href|src)="(/[^/"][^"]*\.(?:css|js))"', html))
    assets = {url.rsplit("/", 1)[-1]: sizes(url)[0] for url in urls}
    main["assets"] = assets
    main["total_gzip"] = main["gzip"] + sum(a["gzip"] for a in assets.values())
    main["total_sent"] = main["sent"] + sum(a["sent"] for a in assets.values())
    return main


def wrk(args, seconds, *pages):
    """wrk on the pages, rotating through them (report.lua), with their figures."""
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "--latency", "--timeout"]
    cmd += [WRK_TIMEOUT, "-s", "bench/report.lua", "-H", f"Accept-Encoding: {ACCEPT_ENCODING}"]
    cmd += [f"http://127.0.0.1:{args.port}/", "--"]
    cmd += ["\n".join([p.path, *(f"{k}: {v}" for k, v in p.headers.items())]) for p in pages]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=seconds + 99)
    result = json_line(out.stdout)
    if result is None:
        raise SystemExit(f"bench: wrk printed no result:\n{out.stdout}{out.stderr}")
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


class CpuMeter:
    """Share of the machine's CPU spent on anything but this benchmark (gunicorn, wrk, the
    in-process pass) and the database and cache servers: on a busy machine every ratio
    drops, the slow pages' most, so the report says when that happened."""

    SERVICES = ("postgres", "redis-server")

    def __init__(self):
        self.start = self.sample()

    def sample(self):
        ticks = os.sysconf("SC_CLK_TCK")
        cpu = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        own = sum(
            usage.ru_utime + usage.ru_stime
            for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        )
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError):
                text = stat.read_text()
                if text[text.index("(") + 1 : text.rindex(")")].startswith(self.SERVICES):
                    own += sum(map(int, text[text.rindex(")") + 2 :].split()[11:15])) / ticks
        return sum(cpu) / ticks, (cpu[3] + cpu[4]) / ticks, own

    def other_share(self):
        (total, idle, own), (total0, idle0, own0) = self.sample(), self.start
        capacity = total - total0
        return max(0.0, (capacity - (idle - idle0) - (own - own0)) / capacity) if capacity else 0.0


# --- Measurements --------------------------------------------------------------------------


def config_env(env, name, page_cache):
    """The page cache switch, and a key prefix of its own so a shared Redis never serves a
    page stored by another configuration."""
    prefix = f"hkai-bench-{name}-{secrets.token_hex(4)}"
    return {**env, "PAGE_CACHE_ENABLED": "1" if page_cache else "0", "CACHE_KEY_PREFIX": prefix}


def measure(args, env, size, cache, pages):
    """One gunicorn run with every page under load, --rounds times. The minimal view runs
    first and again after every page (shorter), and a page's ratio in a round uses the mean
    of the minimal runs just before and after it: this machine's speed drifts by a quarter
    within a minute, so a baseline taken minutes apart measured the drift as much as the
    page. Each page's figures are those of its median round; its errors are summed."""
    env = config_env(env, f"{size}-{cache}", cache == "on")
    meter = CpuMeter()
    log(f"{size:,} per type, page cache {cache}: counting SQL queries in-process")
    spec = [page._asdict() for page in pages]
    queries = inproc(env, "queries", json.dumps(spec))
    minimal_page, others = pages[0], pages[1:]
    baseline_seconds = max(3, args.duration // 3)
    with Server(args, env, BENCH_DIR / f"gunicorn-{size}-{cache}.log") as server:
        log(f"gunicorn up ({server.workers} workers), wrk on each page")

        def run(page, seconds):
            settle(args.port)
            if args.warmup:
                wrk(args, args.warmup, page)
            figures = wrk(args, seconds, page)
            log(f"  {page.name:<34} {figures['rps']:7.0f} req/s  errors {figures['errors']}")
            return figures

        first = run(minimal_page, args.duration)
        minimal, rounds = [first["rps"]], {page.name: [] for page in others}
        for _ in range(args.rounds):
            for page in others:
                figures = run(page, args.duration)
                minimal.append(run(minimal_page, baseline_seconds)["rps"])
                figures["ratio"] = figures["rps"] / ((minimal[-2] + minimal[-1]) / 2)
                rounds[page.name].append(figures)
        results = {minimal_page.name: {**first, "ratio": first["rps"] / statistics.mean(minimal)}}
        for name, runs in rounds.items():
            median = sorted(runs, key=lambda figures: figures["ratio"])[len(runs) // 2]
            results[name] = {**median, "errors": sum(figures["errors"] for figures in runs)}
        for page in pages:
            results[page.name].update(sizes=weigh(args.port, page), queries=queries[page.name])
        server.stop()  # the workers' CPU is counted once they have been reaped
        return {
            "pages": results,
            "minimal_runs": minimal,
            "workers": server.workers,
            "server": " ".join(server.args),
            "errors_logged": server.errors_logged(),
            "other_cpu": meter.other_share(),
        }


def soak(args, env, size, pages):
    """The whole page mix at --connections for --soak seconds, page cache on, on a fresh
    gunicorn. A short run of the same mix goes first, uncounted: fresh workers start with
    empty caches, and a burst of first visits is a cold start, not sustained load."""
    env = config_env(env, f"{size}-soak", True)
    mix = [page for page in pages if page.path != MINIMAL_PATH]
    meter = CpuMeter()
    with Server(args, env, BENCH_DIR / f"gunicorn-soak-{size}.log") as server:
        warmup = wrk(args, args.soak_warmup, *mix)
        settle(args.port)
        log(f"soak: {args.soak} s, {args.connections} connections, {len(mix)} pages rotating")
        figures = wrk(args, args.soak, *mix)
        server.stop()
        figures.update(
            size=size, seconds=args.soak, connections=args.connections, pages=[p.name for p in mix],
            errors_logged=server.errors_logged(), other_cpu=meter.other_share(),
            warmup_seconds=args.soak_warmup, warmup_errors=warmup["errors"],
        )  # fmt: skip
        log(f"  {figures['requests']:,} requests, errors {figures['errors']}")
        return figures


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--quick", action="store_true", help="1,000/type, one round of 3 s a page, no report")
    add("--sizes", default="1000,10000", help="generated entries per type, comma-separated")
    add("--duration", type=int, default=4, help="seconds of load per page and round")
    add("--rounds", type=int, default=3, help="rounds over every page; the median counts")
    add("--warmup", type=int, default=1, help="seconds of uncounted load before each run")
    add("--soak", type=int, default=60, help="seconds of mixed load at the largest size; 0: none")
    add("--connections", type=int, default=50, help="wrk connections, for pages and soak")
    add("--workers", type=int, default=0, help="gunicorn workers (default: gunicorn.conf.py)")
    add("--port", type=int, default=8201)
    add("--database", choices=("sqlite", "postgres"), default="sqlite")
    add("--postgres-url", default="postgres://postgres@127.0.0.1:5432", help="server, no db")
    add("--redis", default="", help="a REDIS_URL for the cache (default: local memory)")
    add("--reuse-db", action="store_true", help="keep databases built by an earlier run")
    add("--output", help="report file (default: docs/performance.md; none with --quick)")
    parser.set_defaults(soak_warmup=10)  # seconds of the soak's mix first, uncounted
    if parser.parse_args(argv).quick:  # shorter defaults; knobs given still count
        parser.set_defaults(sizes="1000", duration=3, rounds=1, soak=10, soak_warmup=2)
    args = parser.parse_args(argv)
    if not args.quick and not args.output:
        suffix = "-postgres" if args.database == "postgres" else ""
        args.output = str(ROOT / "docs" / f"performance{suffix}.md")
    args.sizes = sorted(int(size) for size in args.sizes.split(",") if size.strip())
    return args


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop gunicorn on kill too
    if not shutil.which("wrk"):
        raise SystemExit("bench: wrk is not installed (Debian: apt-get install -y wrk)")
    started = time.monotonic()
    BENCH_DIR.mkdir(exist_ok=True)
    static_root = Path(tempfile.mkdtemp(prefix="static-", dir=BENCH_DIR))
    try:
        env = base_env(args, static_root)
        manage(env, "collectstatic", "--noinput", "-v0")
        results, infos, builds, soaked, exported = {}, {}, {}, None, {}
        for size in args.sizes:
            size_env = {**env, "DATABASE_URL": database_url(args, size)}
            log(f"database: demo data + {size:,} generated entries per type")
            builds[size] = build_database(args, size_env, size)
            infos[size] = inproc(size_env, "info")
            log("streaming every type's CSV export (opendata/), in-process")
            exported[size] = inproc(size_env, "exports")
            pages = pages_for(infos[size]["detail_path"])
            results[size] = {
                cache: measure(args, size_env, size, cache, pages) for cache in ("on", "off")
            }
            if args.soak and size == args.sizes[-1]:
                soaked = soak(args, size_env, size, pages)
        targets = report.evaluate(results, soaked)
        text = report.render(
            args, results, infos, builds, soaked, targets, time.monotonic() - started, exported
        )
        (BENCH_DIR / "results.json").write_text(json.dumps([results, soaked, infos], indent=1))
        print("\n" + text)
        if args.output:
            Path(args.output).write_text(text)
            log(f"wrote {args.output} (raw figures: {BENCH_DIR / 'results.json'})")
        for label, verdict, detail in targets:
            print(f"{verdict:<12} {label}: {detail}")
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
