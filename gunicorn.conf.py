"""gunicorn settings for one app server (`gunicorn hkai_portal.wsgi`; docs/deployment.md).

Every knob is an environment variable, so the same file serves any machine size. Logs go to
stdout as JSON, like the application's own (hkai_portal/settings.py), one record per line;
access lines carry the request id the app returns in X-Request-ID.
"""

import multiprocessing
import os


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Where to listen: all interfaces by default, for the load balancer to reach.
bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{env_int('PORT', 8000)}"

# Processes: the usual 2 x cores + 1 for a mostly database- and cache-bound app.
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
# Threads per worker; more than one switches to the threaded worker (keeps connections alive).
threads = env_int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A request taking longer than this is stuck: the worker is replaced.
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Longer than the load balancer's idle timeout, so it never reuses a connection we closed.
keepalive = env_int("GUNICORN_KEEPALIVE", 75)
# Recycle workers now and then (staggered), so slow leaks never build up.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

# Which proxies may tell us the client's scheme (X-Forwarded-Proto): the load balancer's
# addresses, comma-separated; "*" only when nothing but the load balancer can reach us.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Heartbeat files in memory, not on a possibly slow container disk.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# remote address, request line, status, bytes, milliseconds, request id
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC, as in the app's own logs
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
    },
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}
