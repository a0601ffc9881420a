"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's, for
what Django cannot know is wrong here. An app server also logs them when it starts
(hkai_portal/wsgi.py), so a misconfigured production server never starts without a word.
"""

import logging

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning

logger = logging.getLogger(__name__)

DEFAULT_ADMIN_URL = "admin/"


def shared_cache_warnings():
    if settings.DEBUG or settings.SHARED_CACHE:
        return []
    if settings.PAGE_CACHE_ENABLED or settings.FRAGMENT_CACHE_ENABLED:
        return [
            CheckWarning(
                "The page or card cache is on without a shared cache (REDIS_URL): each "
                "process keeps its own, and an editor's change reaches only the process "
                "that made it; the others serve old pages for up to PAGE_CACHE_SECONDS.",
                hint="Set REDIS_URL, or run a single process (WEB_CONCURRENCY=1, one server).",
                id="hkai.W002",
            )
        ]
    return [
        CheckWarning(
            "No REDIS_URL: the page and card caches are off, so every page is rendered "
            "from the database.",
            hint="Set REDIS_URL to a Redis every app server shares (docs/deployment.md).",
            id="hkai.W001",
        )
    ]


def admin_path_warnings():
    if settings.DEBUG or settings.ADMIN_URL != DEFAULT_ADMIN_URL:
        return []
    return [
        CheckWarning(
            "The admin is at its default path, /admin/, the first one password guessers try.",
            hint="Set DJANGO_ADMIN_URL to a path of your own (docs/deployment.md).",
            id="hkai.W010",
        )
    ]


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    return shared_cache_warnings()


@register(Tags.security, deploy=True)
def check_admin_path(app_configs, **kwargs):
    return admin_path_warnings()


def log_deployment_warnings():
    """Log what `check --deploy` would warn about: called as an app server starts."""
    for warning in [*shared_cache_warnings(), *admin_path_warnings()]:
        logger.warning("%s %s (%s)", warning.msg, warning.hint, warning.id)
