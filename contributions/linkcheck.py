"""Checking that every source's link still works (`manage.py check_sources`).

Each distinct URL is asked once: HEAD first, GET where the server refuses HEAD (some answer
405, 403 or 501 to it), redirects followed, with a timeout, at most
LINK_CHECK_CONCURRENCY at a time, and an honest User-Agent that says who is asking. The
results are written back to every source with that URL: its status (0 when the site could
not be reached at all), when it was checked, and when it last worked.
"""

import logging
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from directory.cache import invalidate_pages
from directory.models import Source

logger = logging.getLogger(__name__)

USER_AGENT = "HKAIPortal-LinkCheck/1.0 (checks that the portal's cited sources still work)"
# Answers meaning "this server does not do HEAD", not "this page is gone".
HEAD_REFUSED = {400, 403, 405, 406, 501}
UNREACHABLE = 0


@dataclass
class Result:
    url: str
    status: int

    @property
    def ok(self):
        return 200 <= self.status < 400


def _ask(url, method, timeout):
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)  # enough to know the body comes; never the whole page
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError, ValueError):
        return UNREACHABLE


def check_url(url, timeout):
    status = _ask(url, "HEAD", timeout)
    if status in HEAD_REFUSED:
        status = _ask(url, "GET", timeout)
    return Result(url, status)


def check_all(urls, timeout=None, concurrency=None):
    """[Result] for each URL, checked `concurrency` at a time."""
    timeout = timeout or settings.LINK_CHECK_TIMEOUT_SECONDS
    workers = max(1, concurrency or settings.LINK_CHECK_CONCURRENCY)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda url: check_url(url, timeout), urls))


def check_sources(sources=None, **options):
    """Check the sources' links and store the results; returns the results."""
    sources = Source.objects.all() if sources is None else sources
    urls = sorted(set(sources.values_list("url", flat=True)))
    results = check_all(urls, **options)
    now = timezone.now()
    for result in results:
        same_url = sources.filter(url=result.url)
        if result.ok:
            same_url.update(link_status=result.status, link_checked=now, link_last_ok=now)
        else:
            same_url.update(link_status=result.status, link_checked=now)
    if results:
        # update() sends no signals: retire the cached pages that show the old results.
        try:
            invalidate_pages()
        except Exception:
            logger.warning("Cached pages keep the previous link check results", exc_info=True)
    return results
