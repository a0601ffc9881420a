"""Test-run environment, set before Django reads its settings.

The suite runs with production settings (debug off) except for the two things a test
client over plain HTTP cannot have: the HTTPS redirect and hashed static file names, and
with the page and card caches on even without REDIS_URL, as a single process may (the
tests of those caches run in this one process).
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("PAGE_CACHE_ENABLED", "1")
os.environ.setdefault("FRAGMENT_CACHE_ENABLED", "1")
