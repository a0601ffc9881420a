"""Load on a running server: plain requests (sizes, readiness), wrk runs, and how busy the
rest of the machine was meanwhile."""

import contextlib
import gzip
import http.client
import os
import re
import resource
import subprocess
import time
from pathlib import Path

from bench.shell import ROOT, json_line

ACCEPT_ENCODING = "gzip, deflate, br"
MINIMAL_PATH = "/bench/minimal/"  # served by bench/urls.py
WRK_TIMEOUT = "2s"  # a slower answer counts as a timeout error


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
