"""Test-run environment, set before Django reads its settings.

The suite runs with production settings (debug off) except for the two things a test
client over plain HTTP cannot have: the HTTPS redirect and hashed static file names.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
