"""Settings for `make bench`: the production settings unchanged, plus a URLconf with the
minimal baseline view and a throwaway STATIC_ROOT, so the benchmark never touches the
checkout's own static files or database."""

import os

from hkai_portal.env import env_bool
from hkai_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

# Production turns the card cache off without a shared cache (hkai_portal/checks.py); the
# benchmark keeps it on, each worker with its own, as it always measured.
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE_ENABLED", True)
