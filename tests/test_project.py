"""The README's two commands are real: they do what it says, and CI runs the same one."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def readme_commands():
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    return [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]


def dry_run(target):
    """What `make <target>` would run on a fresh machine (every step, nothing executed)."""
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_readme_setup_is_exactly_the_two_commands():
    assert [cmd for cmd in readme_commands() if cmd] == ["make demo", "make test"]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_creates_venv_installs_migrates_loads_and_serves():
    steps = dry_run("demo")
    ordered = ["-m venv .venv", "pip install", "migrate", "setup_demo", "runserver 127.0.0.1:8000"]
    positions = [steps.find(step) for step in ordered]
    assert -1 not in positions, steps
    assert positions == sorted(positions), steps


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_creates_venv_installs_and_runs_the_suite():
    steps = dry_run("test")
    for step in ["-m venv .venv", "requirements-dev.txt", "ruff check", "pytest"]:
        assert step in steps, steps


def test_ci_runs_make_test_on_both_databases():
    ci = (ROOT / ".ci" / "run").read_text()
    runs = [line for line in ci.splitlines() if line.strip().startswith("make test")]
    assert len(runs) == 2
    assert 'DATABASE_URL="postgres://' in ci
    assert 'REDIS_URL="redis://' in ci
    assert "set -euo pipefail" in ci
