"""Health endpoints for load balancers and operators.

- `/healthz` (liveness, polled every second by the load balancer): 200 while this app server
  can serve pages. Pages are served from the database whether or not the cache is up (the
  page and fragment caches fall back to rendering), so only the database is probed: one
  `SELECT 1`. A cache outage must never take every app server out of the pool at once.
- `/healthz/ready` (for operators and dashboards): each dependency with its state. 503 only
  when a dependency pages cannot do without (the database) fails; a failing cache answers
  200 with `"status": "degraded"`.

Failures name the part that failed; the error itself goes to the log, never to the response.
HealthCheckMiddleware answers both before Django checks the Host header: load balancers
probe each server by its own address, which is not in ALLOWED_HOSTS. The URL patterns
(hkai_portal/urls.py) stay, so the paths are reversible and work without it.
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


# name -> (probe, required): a failing required dependency means pages cannot be served.
DEPENDENCIES = {
    "database": (database_ok, True),
    "cache": (cache_ok, False),
}


def _report(names):
    passed = {name: DEPENDENCIES[name][0]() for name in names}
    serving = all(ok for name, ok in passed.items() if DEPENDENCIES[name][1])
    status = ("ok" if all(passed.values()) else "degraded") if serving else "error"
    body = {"status": status, **{name: "ok" if ok else "error" for name, ok in passed.items()}}
    return JsonResponse(body, status=200 if serving else 503)


@never_cache
@require_safe
def healthz(request):
    """Liveness: can this server serve pages? Only the database decides."""
    return _report(["database"])


@never_cache
@require_safe
def ready(request):
    """Every dependency, by name."""
    return _report(list(DEPENDENCIES))


class HealthCheckMiddleware:
    """Placed after the security-header middleware and before anything that validates the
    host or touches sessions, locale or CSRF."""

    paths = {"/healthz": healthz, "/healthz/ready": ready}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = self.paths.get(request.path_info)
        if view is not None:
            return view(request)
        return self.get_response(request)
