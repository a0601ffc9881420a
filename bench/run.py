"""`make bench`: the site's measured speed against the performance contract of issue 11.

Throughput depends on the machine, so every page is judged by its ratio to a minimal Django
view (bench/urls.py) served by the same gunicorn in the same run. For each data size (the
demo fixtures plus N generated entries per type, a database of its own under .bench/) the
app runs with production settings under gunicorn on loopback, and wrk drives each page with
the page cache on, then off (a fresh gunicorn each). SQL queries per page are counted
in-process (bench/inproc.py); sizes are what a client accepting gzip receives. A soak of the
whole page mix then counts errors. Tables go to stdout and docs/performance.md
(report.py); `--quick` is the few-minute check to run before committing.

This module is the plan (which pages, which configurations, in what order). The rest of
bench/ does one job a module: stage.py builds databases and starts gunicorn, load.py drives
wrk and plain requests, shell.py runs each Django step in a subprocess (nothing here imports
Django, so every measurement starts from a clean process), inproc.py counts queries, and
report.py writes the tables.
"""

import argparse
import json
import secrets
import shutil
import signal
import statistics
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from bench import report
from bench.load import MINIMAL_PATH, CpuMeter, settle, weigh, wrk
from bench.shell import BENCH_DIR, ROOT, inproc, log, manage
from bench.stage import Server, base_env, build_database, database_url

FILTER = "sector=fintech&status=active"


class Page(NamedTuple):
    name: str
    path: str
    headers: dict = {}
    page_cached: bool = True  # False: never in the page cache, judged by its own floor


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
    pages.append(Page("search ?q=data", "/en/search/?q=data"))
    # The insights app (issue 13).
    timeline = "/en/timeline/?kind=strategy&sector=fintech"
    return [
        *pages,
        Page("insights charts", "/en/insights/"),
        Page("timeline", "/en/timeline/"),
        Page("timeline, filtered, htmx partial", timeline, {"HX-Request": "true"}),
        Page("district map", "/en/map/"),
        Page("challenge matrix", "/en/challenges/matrix/"),
        Page("funding finder", "/en/funding/?applicant=startup&stage=early"),
        # The open-data API (issue 12): a filtered list of 20, never page-cached.
        Page("API, policies filtered (20)", f"/api/v1/policies/?{FILTER}", page_cached=False),
    ]


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
            results[page.name].update(
                sizes=weigh(args.port, page),
                queries=queries[page.name],
                page_cached=page.page_cached,
            )
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
