"""A test-only URLconf: the real project URLs plus small pages in the `directory` namespace
whose behaviour the page-cache tests control exactly (a partial for htmx, a CSRF form, a
cookie, a nonce, the session, flash messages, an error), independent of how the real public
views evolve."""

import logging

from django.conf.urls.i18n import i18n_patterns
from django.contrib.messages import get_messages
from django.http import Http404, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.middleware.csrf import get_token
from django.urls import LocalePrefixPattern, include, path
from django.utils.cache import patch_vary_headers

from directory.models import Institution
from directory.page_keys import known_params
from hkai_portal.urls import urlpatterns as project_urlpatterns

logger = logging.getLogger("tests.pages")


def _text(entry):
    sources = ",".join(source.title for source in entry.sources.all())
    sectors = ",".join(sector.name for sector in entry.sectors.all())
    return f"{entry.name}[{sources}][{sectors}]"


@known_params("page")
def institutions(request):
    """Published institutions by name; a bare list for htmx, a whole page otherwise."""
    items = "".join(
        f"<li>{_text(entry)}</li>" for entry in Institution.objects.published().order_by("pk")
    )
    partial = request.htmx and not request.htmx.history_restore_request
    body = (
        f"<ul>{items}</ul>"
        if partial
        else f"<html><body><main><ul>{items}</ul></main></body></html>"
    )
    response = HttpResponse(body)
    patch_vary_headers(response, ["HX-Request"])
    return response


def racing(request):
    """Renders the list, then an editor's save lands before the response is stored."""
    response = institutions(request)
    Institution.objects.get_or_create(
        slug="saved-meanwhile",
        defaults={"name_en": "Saved meanwhile", "summary_en": "-", "status": "published"},
    )
    return response


def institution(request, slug):
    entry = Institution.objects.published().filter(slug=slug).first()
    if entry is None:
        raise Http404
    return HttpResponse(f"<p>{_text(entry)}</p>")


def with_form(request):
    Institution.objects.count()
    return HttpResponse(
        f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}">'
    )


def with_cookie(request):
    Institution.objects.count()
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    return response


def with_nonce(request):
    Institution.objects.count()
    return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')


def greeting(request):
    """Reads the visitor's session, as a future view might, without changing it."""
    Institution.objects.count()
    return HttpResponse(f"<p>{request.session.get('greeting', 'Hello')}</p>")


def with_messages(request):
    Institution.objects.count()
    return HttpResponse("".join(f"<p>{message}</p>" for message in get_messages(request)))


def varies_on_user_agent(request):
    Institution.objects.count()
    response = HttpResponse("agent")
    patch_vary_headers(response, ["User-Agent"])
    return response


def boom(request):
    logger.info("about to fail")
    raise RuntimeError("boom for the test")


def not_found(request, exception):
    return HttpResponseNotFound("not found")


def server_error(request):
    return HttpResponseServerError("server error")


pages = (
    [
        path("institutions/", institutions, name="institution_list"),
        path("institutions/<slug:slug>/", institution, name="institution_detail"),
        path("racing/", racing, name="racing"),
        path("form/", with_form, name="form"),
        path("cookie/", with_cookie, name="cookie"),
        path("nonce/", with_nonce, name="nonce"),
        path("agent/", varies_on_user_agent, name="agent"),
        path("greeting/", greeting, name="greeting"),
        path("messages/", with_messages, name="messages"),
        path("boom/", boom, name="boom"),
    ],
    "directory",
)

# The project's non-localised URLs (healthz, admin, language switch), then these pages.
# Plain error pages: the project's templates may link to pages this URLconf lacks.
handler404 = "tests.hkai_portal.urls_pages.not_found"
handler500 = "tests.hkai_portal.urls_pages.server_error"

urlpatterns = [
    pattern
    for pattern in project_urlpatterns
    if not isinstance(pattern.pattern, LocalePrefixPattern)
]
urlpatterns += i18n_patterns(path("", include(pages)))
