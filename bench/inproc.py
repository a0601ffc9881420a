"""The benchmark's Django-side steps, run as `python -m bench.inproc <command>` in a
subprocess with the benchmark's environment (database, cache switch), so the orchestrator
(bench/run.py) never imports Django and every configuration starts from a clean process.

Commands print one JSON document on stdout:
- `fixtures`: settings.DEMO_FIXTURES, the demo data to load.
- `info`: how many published entries each type has, and the path of a detail page.
- `queries PAGES_JSON SECONDS`: SQL queries per page, counted with CaptureQueriesContext over the
  test client; each page is requested twice, so with the page cache on the second count is
  what a cache hit costs.
"""

import json
import os
import statistics
import sys
import threading
import time


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def fixtures():
    from django.conf import settings

    return list(settings.DEMO_FIXTURES)


def info():
    """Entry counts and a detail page: the published policy with the most links (challenges,
    sectors, sources) among the demo data, so the detail page measured is a full one."""
    from django.db.models import Count
    from django.utils import translation

    from directory.models import ENTRY_MODELS, Policy

    counts = {
        model._meta.model_name: {
            "published": model.objects.published().count(),
            "total": model.objects.count(),
        }
        for model in ENTRY_MODELS
    }
    policy = (
        Policy.objects.published()
        .annotate(
            links=Count("challenges", distinct=True)
            + Count("sectors", distinct=True)
            + Count("sources", distinct=True)
        )
        .order_by("-links", "pk")
        .first()
    )
    with translation.override("en"):
        detail = policy.get_absolute_url() if policy else None
    return {"counts": counts, "detail_path": detail}


def _interrupt_after(connection, seconds):
    """Abort a request's SQL after `seconds`, so one pathological page cannot stall the
    whole benchmark; returns the function that disarms it."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        timer = threading.Timer(seconds, connection.connection.interrupt)
        timer.start()
        return timer.cancel
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(seconds * 1000)])
    return lambda: None


def queries(pages, limit, repeat=7):
    """`pages` is a list of {"name", "path", "headers"}; returns, per page name, the queries
    of each of two requests, their statuses and how long each took in-process (ms). A request
    stopped after `limit` seconds is marked timed_out. Then `repeat` more requests give the
    median CPU time a request costs in this process (cpu_ms): unlike throughput, it hardly
    depends on what else the machine is doing."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    result = {}
    for page in pages:
        counts, statuses, times, timed_out = [], [], [], False
        for _ in range(2):
            if timed_out:  # a second try would only take as long again
                break
            disarm = _interrupt_after(connection, limit)
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page["path"], headers=page.get("headers") or {})
            elapsed = time.perf_counter() - started
            disarm()
            timed_out = timed_out or elapsed >= limit
            counts.append(len(captured.captured_queries))
            statuses.append(response.status_code)
            times.append(round(elapsed * 1000, 1))
        cpu = []
        for _ in range(0 if timed_out else repeat):
            started = time.process_time()
            client.get(page["path"], headers=page.get("headers") or {})
            cpu.append(time.process_time() - started)
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
        result[page["name"]] = {
            "first": counts[0],
            "second": counts[-1],
            "status": statuses,
            "ms": times,
            "timed_out": timed_out,
            "cpu_ms": round(statistics.median(cpu) * 1000, 2) if cpu else None,
            "limit": limit,
            "slowest_sql": [{"seconds": float(q["time"]), "sql": q["sql"]} for q in slowest],
        }
    return result


def main(argv):
    _setup()
    command = argv[1]
    if command == "fixtures":
        out = fixtures()
    elif command == "info":
        out = info()
    elif command == "queries":
        out = queries(json.loads(argv[2]), float(argv[3]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    # A marker: Django may log to stdout too (JSON logging), the orchestrator reads this line.
    sys.stdout.write("BENCH_JSON " + json.dumps(out) + "\n")


if __name__ == "__main__":
    main(sys.argv)
