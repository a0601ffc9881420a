"""CI cannot pass hollow: with CI=true, browser and accessibility tests whose tools are
missing fail the run and say why, instead of skipping (tests/browser/conftest.py), and
`make browser-deps` fails when it cannot install them. Outside CI they still skip, so a
laptop without Chromium can run the rest of the suite."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
AXE_TEST = "tests/browser/test_accessibility.py::test_axe_on_not_found_page"
SEARCH_TEST = (
    "tests/browser/test_search.py::test_search_from_home_finds_every_type_in_either_language"
)


def run_pytest(test, tmp_path, **env):
    environment = {**os.environ, **env}
    environment.pop("PYTEST_ADDOPTS", None)
    # A database and cache of its own: on PostgreSQL the inner run would otherwise create,
    # and so first drop, the test database this run is using.
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'inner.sqlite3'}"
    environment.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", test, "-q", "-rs", "-p", "no:randomly"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def without_playwright(tmp_path):
    """A PYTHONPATH on which `import playwright` fails, as on a machine without it."""
    fake = tmp_path / "playwright"
    fake.mkdir()
    (fake / "__init__.py").write_text("")  # no sync_api: ModuleNotFoundError, as when missing
    return str(tmp_path)


@pytest.mark.parametrize(
    ("test", "missing", "reason"),
    [
        (SEARCH_TEST, {"CHROMIUM_PATH": "/nonexistent/chromium"}, "Chromium not found"),
        (AXE_TEST, {"AXE_CORE_PATH": "/nonexistent/axe.min.js"}, "axe-core not found"),
        # The whole module is skipped without it, so it is named rather than one test.
        (SEARCH_TEST.partition("::")[0], "playwright", "Playwright is not installed"),
    ],
    ids=["chromium", "axe-core", "playwright"],
)
def test_missing_browser_tools_fail_ci_with_the_reason(
    tmp_path, without_playwright, test, missing, reason
):
    env = {"PYTHONPATH": without_playwright} if missing == "playwright" else missing
    in_ci = run_pytest(test, tmp_path, CI="true", **env)
    assert in_ci.returncode != 0, in_ci.stdout
    assert reason in in_ci.stdout
    elsewhere = run_pytest(test, tmp_path, CI="", **env)
    # 5: nothing left to run once the module is skipped (fine in a whole-suite run).
    assert elsewhere.returncode in {pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED}
    assert "skipped" in elsewhere.stdout and reason in elsewhere.stdout


def test_make_browser_deps_fails_in_ci_when_it_cannot_install(tmp_path):
    """No chromium on PATH, no apt-get, no npm: in CI that is an error, with the reason."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sh", "test", "echo"):
        real = subprocess.run(["sh", "-c", f"command -v {tool}"], capture_output=True, text=True)
        if real.stdout.strip().startswith("/"):
            (bin_dir / tool).symlink_to(real.stdout.strip())
    make = subprocess.run(["sh", "-c", "command -v make"], capture_output=True, text=True)
    env = {"PATH": str(bin_dir)}
    args = [make.stdout.strip(), "--no-print-directory", "browser-deps"]
    in_ci = subprocess.run(
        args, cwd=BASE_DIR, env={**env, "CI": "true"}, capture_output=True, text=True
    )
    assert in_ci.returncode != 0
    assert "Chromium" in in_ci.stdout + in_ci.stderr
    elsewhere = subprocess.run(args, cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert elsewhere.returncode == 0, elsewhere.stdout + elsewhere.stderr
    assert "browser tests will be skipped" in elsewhere.stdout + elsewhere.stderr
