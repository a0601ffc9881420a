"""A request id on every response and every log line, so one visitor's report ("it broke,
request id 3f2c...") leads straight to the matching log records on whichever app server
handled it.

Behind a trusted proxy (DJANGO_PROXY_COUNT above 0), the load balancer's X-Request-ID is
reused when it looks like an id, so its access log and ours share the id; the balancer must
then set the header on every request, replacing any a client sent. Without one, the header
can only have come from the client, who could pose as another request in the logs: it is
ignored. Anything not shaped like an id is replaced by a fresh uuid4 too, so a client cannot
inject text into the logs.
"""

import contextvars
import logging
import re
import uuid

from django.conf import settings

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
# Letters, digits and the punctuation load balancers use (uuids, hex, base64), bounded.
SANE_ID = re.compile(r"[A-Za-z0-9._:+=/-]{1,128}")

_current = contextvars.ContextVar("request_id", default=None)


def current_request_id():
    """The id of the request being handled in this context, or None outside one."""
    return _current.get()


def request_id_from(meta):
    incoming = meta.get(META_KEY, "")
    if settings.PROXY_COUNT > 0 and SANE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIDMiddleware:
    """Outermost middleware: sets the id before anything can log and returns it to the
    client, on errors and redirects too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_from(request.META)
        token = _current.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.id
        return response


class RequestIDFilter(logging.Filter):
    """Adds `request_id` to every record (None outside a request), for the JSON formatter."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _current.get()
        return True
