"""A database outage answers 503 with Retry-After and a friendly page, not a bare 500.

Installed as `handler500`: Django calls it for any exception no view or middleware handled,
from inside the `except` block, so the exception is still at hand. Connection failures
(`OperationalError`, `InterfaceError`) mean the database is unreachable for a while: the
visitor gets "temporarily unavailable" in their language, and load balancers and crawlers
get a 503 that says when to come back. Everything else is a real bug and stays a 500.

Pages in the page cache are answered before any view runs (directory/cache.py), so they
keep serving through the outage. Both pages use error_standalone.html: no queries.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable(request):
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        body = loader.render_to_string("503.html", request=None)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if isinstance(error, OUTAGE_ERRORS):
        logger.error("Database unavailable: answered 503")
        return database_unavailable(request)
    return HttpResponseServerError(loader.render_to_string(template_name, request=None))
