"""The benchmark's Django-side steps, run as `python -m bench.inproc COMMAND` in a subprocess
with the configuration's environment, so bench/run.py never imports Django and each
configuration starts from a clean process. Each prints one `BENCH_JSON {...}` line:

- `fixtures`: settings.DEMO_FIXTURES, the demo data to load.
- `info`: published entries per type, and the detail page to measure.
- `queries PAGES_JSON`: per page, SQL queries of a first and a second request (with the page
  cache on, the second is a hit) and the median CPU time of a request in this process, a
  view of each page's cost that hardly depends on what else the machine is doing.
- `exports`: every type's whole CSV export (opendata/) streamed in this process: rows, time,
  and peak memory while streaming, which stays flat however many rows there are.
"""

import json
import os
import statistics
import sys
import time


def fixtures():
    from django.conf import settings

    return list(settings.DEMO_FIXTURES)


def info():
    """The detail page is the published policy with the most links, so it is a full one."""
    from django.db.models import Count
    from django.utils import translation

    from directory.models import ENTRY_MODELS, Policy

    counts = {model._meta.model_name: model.objects.published().count() for model in ENTRY_MODELS}
    links = Count("challenges", distinct=True) + Count("sectors", distinct=True)
    policy = (
        Policy.objects.published()
        .annotate(links=links + Count("sources", distinct=True))
        .order_by("-links", "pk")
        .first()
    )
    with translation.override("en"):
        return {"counts": counts, "detail_path": policy and policy.get_absolute_url()}


def queries(pages, repeat=5):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    result = {}
    for page in pages:
        counts, statuses, cpu = [], [], []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page["path"], headers=page["headers"])
            counts.append(len(captured.captured_queries))
            statuses.append(response.status_code)
        for _ in range(repeat):
            started = time.process_time()
            client.get(page["path"], headers=page["headers"])
            cpu.append(time.process_time() - started)
        result[page["name"]] = {
            "first": counts[0],
            "second": counts[1],
            "status": statuses,
            "cpu_ms": statistics.median(cpu) * 1000,
        }
    return result


def exports():
    """Per type: its whole CSV export streamed, timed, then streamed again under tracemalloc
    for the peak of Python's allocations while streaming (tracemalloc slows the run, so the
    time comes from the first pass)."""
    import resource
    import tracemalloc

    from django.test import Client

    from directory.models import ENTRY_MODELS
    from opendata.entry_types import segment

    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")

    def stream(path):
        response = client.get(path)
        rows = sum(chunk.count(b"\r\n") for chunk in response.streaming_content) - 1
        return response.status_code, rows

    result = {}
    for model in ENTRY_MODELS:
        path = f"/en/{segment(model)}/export.csv"
        started = time.perf_counter()
        status, rows = stream(path)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        stream(path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        result[path] = {"status": status, "rows": rows, "seconds": seconds, "peak_mb": peak / 1e6}
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    return result


def main(command, *args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    commands = {"fixtures": fixtures, "info": info, "queries": queries, "exports": exports}
    out = commands[command](*map(json.loads, args))
    sys.stdout.write("BENCH_JSON " + json.dumps(out) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
