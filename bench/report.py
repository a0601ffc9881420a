"""The benchmark's verdicts and its Markdown report (docs/performance.md), from the figures
bench/run.py collected. Kept apart so the tables can change without touching how things
are measured."""

import datetime
import os
import platform
import subprocess
import sys
from pathlib import Path

MINIMAL = "minimal view"

# The performance contract of issue 11: floors to hold, not targets to tune past.
CACHE_ON_MIN = 0.80  # page cache on: every page, every size, against the minimal view
CACHE_OFF_MIN, CACHE_OFF_SIZE = 0.06, 1000  # page cache off, at 1,000 entries per type
SCALE_MIN, SCALE_SIZE = 0.50, 10_000  # of a page's own cache-off ratio at 1,000/type
API_MIN = 0.08  # what the page cache never holds (the API), at 1,000 entries per type
WEIGHT_MAX = 100_000  # bytes, compressed, HTML with its CSS and JS
SOAK_CONNECTIONS, SOAK_SECONDS = 50, 60


def ms(us):
    return f"{us / 1000:.1f} ms" if us < 1_000_000 else f"{us / 1e6:.2f} s"


def kb(n):
    return f"{n / 1000:.1f} KB" if n >= 1000 else f"{n} B"


def trouble(r):
    """What went wrong with a page beyond its speed (a non-200 answer, nothing completed)."""
    bad = sorted({str(s) for s in (r["sizes"]["status"], *r["queries"]["status"]) if s != 200})
    notes = ([f"HTTP {', '.join(bad)}"] if bad else []) + ([] if r["requests"] else ["no answer"])
    return f" ({'; '.join(notes)}!)" if notes else ""


def pages(results, size, cache):
    """(name, figures) of every page but the minimal view, in table order."""
    return [(n, r) for n, r in results[size][cache]["pages"].items() if n != MINIMAL]


def verdict(label, rows, minimum):
    """One floor over (value, name, figures) rows: PASS, FAIL or NOT MEASURED, with the
    lowest figure and every page below it."""
    if not rows:
        return label, "NOT MEASURED", "that data size was not measured"
    failing = [f"{name} {v:.0%}{trouble(r)}" for v, name, r in rows if v < minimum or trouble(r)]
    value, name, _ = min(rows, key=lambda row: row[0])
    detail = f"lowest: {name} {value:.0%}"
    detail += "; below: " + ", ".join(failing) if failing else ""
    return label, "FAIL" if failing else "PASS", detail


def evaluate(results, soak):
    """The contract's five floors, each (label, verdict, figures)."""
    sizes, small = sorted(results), CACHE_OFF_SIZE
    big = sizes[-1] if sizes[-1] > small else SCALE_SIZE  # a larger size given, or 10,000
    on = [
        (r["ratio"], f"{n} at {s:,}/type", r)
        for s in sizes
        for n, r in pages(results, s, "on")
        if r.get("page_cached", True)
    ]
    off, scale, uncached = [], [], []
    if small in results:
        off = [(r["ratio"], n, r) for n, r in pages(results, small, "off")]
        uncached = [(value, n, r) for value, n, r in off if not r.get("page_cached", True)]
    if small in results and big in results:
        base = results[small]["off"]["pages"]
        scale = [
            (r["ratio"] / (base[n]["ratio"] or 1), n, r) for n, r in pages(results, big, "off")
        ]
    targets = [
        verdict(f"Page cache on: every page >= {CACHE_ON_MIN:.0%} of the minimal view", on,
                CACHE_ON_MIN),
        verdict(f"Page cache off: every page >= {CACHE_OFF_MIN:.0%} of the minimal view at "
                f"{small:,}/type", off, CACHE_OFF_MIN),
        verdict(f"Scale: at {big:,}/type every page keeps >= {SCALE_MIN:.0%} of its "
                f"{small:,}/type ratio (cache off)", scale, SCALE_MIN),
        verdict(f"API (never page-cached): >= {API_MIN:.0%} of the minimal view at "
                f"{small:,}/type", uncached, API_MIN),
    ]  # fmt: skip
    weights = [
        (r["sizes"]["total_gzip"], f"{n} at {s:,}/type")
        for s in sizes
        for cache in ("on", "off")
        for n, r in pages(results, s, cache)
    ]
    heaviest, where = max(weights)
    over = [f"{page} {kb(total)}" for total, page in weights if total > WEIGHT_MAX]
    detail = f"heaviest: {where} {kb(heaviest)}" + ("; over: " + ", ".join(over) if over else "")
    label = f"At most {WEIGHT_MAX // 1000} KB compressed per page (HTML, CSS and JS)"
    targets.append((label, "FAIL" if over else "PASS", detail))
    label = f"Zero errors at {SOAK_CONNECTIONS} connections for {SOAK_SECONDS} s"
    if not soak:
        return [*targets, (label, "NOT MEASURED", "no soak (--soak 0)")]
    errors = soak["errors"] + soak["errors_logged"]
    detail = (
        f"{soak['requests']:,} requests in {soak['seconds']} s at {soak['connections']} "
        f"connections, {soak['size']:,}/type: {soak['status']} HTTP >= 400, {soak['connect']} "
        f"connect, {soak['read']} read, {soak['write']} write, {soak['timeout']} timeouts, "
        f"{soak['errors_logged']} server errors logged"
    )
    if soak["seconds"] < SOAK_SECONDS or soak["connections"] < SOAK_CONNECTIONS:
        detail += " (shorter or lighter than the contract's run)"
    return [*targets, (label, "FAIL" if errors else "PASS", detail)]


def size_table(by_cache):
    rows = [
        "| page | cache | req/s | p50 | p99 | ratio to minimal | SQL queries "
        "| bytes (compressed) |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for name in by_cache["on"]["pages"]:
        for cache, other in (("on", "miss"), ("off", "first")):
            r = by_cache[cache]["pages"][name]
            q, s = r["queries"], r["sizes"]
            size = f"{kb(s['sent'])} gzip"
            if not s.get("compressed"):
                size = f"{kb(s['sent'])} sent uncompressed (gzip would be {kb(s['gzip'])})"
            errors = f", {r['errors']} errors" if r["errors"] else ""
            rows.append(
                f"| {name}{trouble(r)} | {cache} | {r['rps']:.0f}{errors} | {ms(r['p50_us'])} "
                f"| {ms(r['p99_us'])} | {r['ratio']:.0%} | {q['second']} ({other}: {q['first']}) "
                f"| {size} |"
            )
    return rows


def cpu_table(results):
    """In-process CPU per request: each page's cost with gunicorn, the network and wrk left
    out, steadier than req/s on a shared machine."""
    columns = [(size, cache) for size in sorted(results) for cache in ("on", "off")]
    rows = [
        "| page | " + " | ".join(f"{s:,}/type cache {c}" for s, c in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for name in results[columns[0][0]]["on"]["pages"]:
        cells = []
        for size, cache in columns:
            by_name = results[size][cache]["pages"]
            cpu, minimal = by_name[name]["queries"]["cpu_ms"], by_name[MINIMAL]["queries"]["cpu_ms"]
            cells.append(f"{cpu:.1f} ms" + ("" if name == MINIMAL else f" ({minimal / cpu:.0%})"))
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return rows


def weight_table(by_name):
    rows = [
        "| page | HTML (compressed) | CSS + JS (compressed) | total | as really sent | assets |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, r in by_name.items():
        s = r["sizes"]
        assets = ", ".join(f"{url} {kb(a['gzip'])}" for url, a in s["assets"].items()) or "-"
        flag = "" if s.get("compressed") else " (not compressed by the server)"
        rows.append(
            f"| {name} | {kb(s['gzip'])}{flag} | {kb(s['total_gzip'] - s['gzip'])} "
            f"| {kb(s['total_gzip'])} | {kb(s['total_sent'])} | {assets} |"
        )
    return rows


def soak_paragraph(s):
    return (
        f"{s['seconds']} s at {s['connections']} connections, {s['size']:,}/type, page cache "
        f"on, wrk rotating through: {', '.join(s['pages'])}. {s['requests']:,} requests, "
        f"{s['rps']:.1f} req/s, p50 {ms(s['p50_us'])}, p99 {ms(s['p99_us'])}, max "
        f"{ms(s['max_us'])}; errors: {s['status']} HTTP >= 400, {s['connect']} connect, "
        f"{s['read']} read, {s['write']} write, {s['timeout']} timeouts (> 2 s); "
        f"{s['errors_logged']} server errors logged (warm-up included). Other work used "
        f"{s['other_cpu']:.0%} of the machine's CPU meanwhile. Before it, on the same fresh "
        f"gunicorn, the same mix ran {s['warmup_seconds']} s uncounted (fresh workers start "
        f"with cold caches), with {s['warmup_errors']} errors."
    )


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()


def setup_notes(args, results, infos, builds, elapsed):
    """How the figures were obtained: machine, data, server and load, as bullets."""
    sizes = sorted(results)
    configs = [(f"{s:,}/type cache {c}", results[s][c]) for s in sizes for c in ("on", "off")]
    first = configs[0][1]
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((ln.split(":", 1)[1].strip() for ln in cpuinfo if ln.startswith("model name")), "")
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024**2
    wrk = run("wrk", "-v").split("[")[0].strip()
    dirty = run("git", "status", "--porcelain", "--untracked-files=no")
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    database = {"sqlite": "SQLite, a fresh file", "postgres": "PostgreSQL, a fresh database"}

    def each(figure):
        return "; ".join(f"{label}: {figure(r)}" for label, r in configs)

    return [
        f"- Machine: {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB memory; Python "
        f"{platform.python_version()}; load generator {wrk} on the same machine.",
        f"- Date: {date}; commit {run('git', 'rev-parse', '--short', 'HEAD')}"
        f"{' (with uncommitted changes)' if dirty else ''}; the run took {elapsed / 60:.1f} min.",
        f"- Database: {database[args.database]} per size under .bench/; cache: "
        f"{'Redis' if args.redis else 'local memory (per worker process)'}.",
        "- Data: the demo fixtures plus `generate_fake_entries --count N` (N per type). "
        "Published entries: "
        + "; ".join(
            f"{s:,}/type: " + ", ".join(f"{m} {n:,}" for m, n in infos[s]["counts"].items())
            for s in sizes
        )
        + ".",
        f"- Server: `gunicorn {first['server']}` with gunicorn.conf.py, {first['workers']} "
        "workers, worker recycling off, production settings (DJANGO_DEBUG=0, whitenoise "
        "static files from a fresh collectstatic, no HTTPS redirect on plain-HTTP loopback).",
        f"- Load: `wrk -t2 -c{args.connections} -d{args.duration}s --timeout 2s` per page, "
        f"{args.rounds} rounds over every page (the median round counts), each run after a "
        f"{args.warmup} s warm-up, with `Accept-Encoding: gzip, deflate, br`; the htmx "
        "partial adds `HX-Request: true`. The page cache is switched with "
        "PAGE_CACHE_ENABLED=1/0, a fresh gunicorn each; with it off, the fragment cache still "
        "holds result cards and filter options, as in production.",
        "- Ratio: a page's req/s over the minimal view's (a tiny HttpResponse through the same "
        "middleware and server), the mean of the minimal view's runs just before and after "
        "the page (the machine's speed drifts over minutes); the minimal view's own runs, in "
        "order: "
        + each(lambda r: " / ".join(f"{x:.0f}" for x in r["minimal_runs"]) + " req/s")
        + ".",
        "- SQL queries: counted in-process (CaptureQueriesContext) on a first and a second "
        "request; cache on: a hit, the miss in brackets; cache off: a repeat visit, the first "
        "in brackets.",
        "- Bytes: what the server sends to a client accepting gzip; where HTML goes out "
        "uncompressed, its gzip size is what the 100 KB floor uses.",
        "- Other work on the machine (share of its CPU not used by the benchmark, the "
        f"database or the cache): {each(lambda r: format(r['other_cpu'], '.0%'))}.",
        "- Database build: "
        + "; ".join(
            f"{s:,}/type: " + ", ".join(f"{step} {t:.0f} s" for step, t in builds[s].items())
            for s in sizes
        )
        + ".",
    ]


def export_table(by_size):
    """The whole CSV export of each type (issue 12): rows, time, rows per second and the
    peak of Python's memory while streaming, which should not grow with the rows."""
    lines = [
        "| entries per type | export | rows | time | rows/s | peak memory while streaming |",
        "|---|---|---|---|---|---|",
    ]
    for size, figures in sorted(by_size.items()):
        rows = {path: r for path, r in figures.items() if isinstance(r, dict)}
        for path, r in rows.items():
            rate = r["rows"] / r["seconds"] if r["seconds"] else 0
            lines.append(
                f"| {size:,} | `{path}` | {r['rows']:,} | {r['seconds']:.1f} s | {rate:,.0f} "
                f"| {r['peak_mb']:.1f} MB |"
            )
        total = sum(r["rows"] for r in rows.values())
        seconds = sum(r["seconds"] for r in rows.values())
        lines.append(
            f"| {size:,} | all types | {total:,} | {seconds:.1f} s | | process peak "
            f"{figures['max_rss_mb']:.0f} MB resident |"
        )
    return lines


def render(args, results, infos, builds, soak, targets, elapsed, exported=None):
    sizes = sorted(results)
    busiest = max(
        [r["other_cpu"] for by_cache in results.values() for r in by_cache.values()]
        + [soak["other_cpu"] if soak else 0]
    )
    lines = [
        "# Performance",
        "",
        f"Produced by `make bench` (bench/run.py{''.join(' ' + a for a in sys.argv[1:])}); "
        "numbers from one run on the machine below. A benchmark, not a test: rerun it after "
        "changes and commit the new file.",
        "",
        "## Performance contract (issue 11)",
        "",
        "| target | result | figures |",
        "|---|---|---|",
        *[f"| {label} | **{result}** | {detail} |" for label, result, detail in targets],
    ]
    if busiest > 0.10:
        lines += [
            "",
            f"**Warning: other work used up to {busiest:.0%} of the machine's CPU during this "
            "run.** Every ratio is depressed by it, the slow pages' most: rerun `make bench` "
            "on an idle machine.",
        ]
    lines += ["", "## Machine and setup", "", *setup_notes(args, results, infos, builds, elapsed)]
    for size in sizes:
        lines += ["", f"## {size:,} generated entries per type", "", *size_table(results[size])]
        logged = {c: r["errors_logged"] for c, r in results[size].items() if r["errors_logged"]}
        lines += ["", f"Server errors logged during these runs: {logged}."] if logged else []
    lines += [
        "",
        "## CPU per request, in-process",
        "",
        "Median CPU time of one request through the whole middleware stack in one process "
        "(Django's test client, same settings and data); in brackets the minimal view's over "
        "the page's: roughly the ratio above without gunicorn, the network and wrk, and much "
        "less affected by other work on the machine.",
        "",
        *cpu_table(results),
        "",
        f"## Page weight at {sizes[-1]:,}/type (compressed, including CSS and JS)",
        "",
        *weight_table(results[sizes[-1]]["off"]["pages"]),
    ]
    if soak:
        lines += ["", "## Sustained load", "", soak_paragraph(soak)]
    if exported:
        lines += ["", "## Streamed CSV exports, in-process", "", *export_table(exported)]
    return "\n".join(lines) + "\n"
