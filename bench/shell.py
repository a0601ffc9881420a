"""The benchmark's shell: where it runs, and running the Django steps as subprocesses, each
with its configuration's environment, so that every measurement starts from a clean process."""

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"
PYTHON = sys.executable


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
