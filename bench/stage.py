"""The stage for a measurement: the environment, a database of a given size, and gunicorn."""

import json
import os
import secrets
import signal
import subprocess
import time
from pathlib import Path

from bench.load import answers
from bench.shell import BENCH_DIR, PYTHON, ROOT, inproc, log, manage, run


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
        # One client (wrk) makes every request: the API's per-address limit would answer 429.
        API_THROTTLE_RATE="100000000/minute",
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
