"""/healthz for load balancers: is this app server able to reach the database and the cache?

Cheap enough to poll every second: one `SELECT 1` and one cache round trip, no sessions, no
models, no templates. Failures answer 503 naming the part that failed (the error itself goes
to the log, never to the response).

HealthCheckMiddleware answers it before Django checks the Host header: load balancers and
orchestrators probe each server by its own address, which is not in ALLOWED_HOSTS. The URL
pattern (hkai_portal/urls.py) stays, so the path is reversible and works without it.
"""

import logging
import os
import socket
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# One key per process: app servers polled at once must not overwrite each other's probe.
CACHE_PROBE_KEY = f"healthz:{socket.gethostname()}:{os.getpid()}"


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database is unreachable")
        return False


def cache_ok():
    probe = uuid.uuid4().hex
    try:
        cache.set(CACHE_PROBE_KEY, probe, timeout=10)
        return cache.get(CACHE_PROBE_KEY) == probe
    except Exception:
        logger.exception("Health check: the cache is unreachable")
        return False


@never_cache
@require_safe
def healthz(request):
    checks = {"database": database_ok(), "cache": cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error"}
    body.update({name: "ok" if passed else "error" for name, passed in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


class HealthCheckMiddleware:
    """Placed after the security-header middleware and before anything that validates the
    host or touches sessions, locale or CSRF."""

    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == self.path:
            return healthz(request)
        return self.get_response(request)
