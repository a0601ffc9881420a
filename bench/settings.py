"""Settings for `make bench`: the production settings unchanged, plus a URLconf with the
minimal baseline view and a throwaway STATIC_ROOT, so the benchmark never touches the
checkout's own static files or database."""

import os

from hkai_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
