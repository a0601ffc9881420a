"""What the browser tests need (Playwright, Chromium, axe-core), and what happens when one
is missing: a skip that says why on a developer's machine, a failure that says why in CI
(CI=true), where a run with its browser and accessibility checks skipped would pass hollow.
"""

import os

import pytest

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def missing(reason):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def playwright_sync_api():
    """playwright.sync_api, for the test modules that use its names."""
    try:
        from playwright import sync_api
    except ImportError:
        missing("Playwright is not installed (pip install -r requirements-dev.txt)")
    return sync_api
