"""The real site plus the minimal Django view every page is compared with: it goes through
the same middleware and server, so the ratio measures what the page itself costs."""

from django.http import HttpResponse
from django.urls import path

from hkai_portal.urls import urlpatterns as site_urlpatterns

MINIMAL_PATH = "/bench/minimal/"


def minimal(request):
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path(MINIMAL_PATH.strip("/") + "/", minimal), *site_urlpatterns]
