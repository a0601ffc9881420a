"""A per-address limit on suggestions, kept in the shared cache by django-ratelimit.

Every app server counts in the same cache, so the limit holds across the pool. When the
cache is unreachable the limit is skipped and the outage logged: visitors keep being able to
suggest, the honeypot, fill time and one-per-form rule still apply.
"""

import logging

from django.conf import settings
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

GROUP = "contributions.suggest"


def seconds_until_allowed(request):
    """Counts this request; None if it may go ahead, else the seconds until it may."""
    try:
        usage = get_usage(
            request,
            group=GROUP,
            key="ip",
            rate=settings.SUGGESTION_RATE,
            method="POST",
            increment=True,
        )
    except Exception:
        logger.warning("Rate limit skipped: the cache is unreachable", exc_info=True)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)
