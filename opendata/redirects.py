"""Permalinks: when an editor changes an entry's slug, its old address answers 301 to the
new one, forever.

No table of old slugs is kept: the change history (django-simple-history, every save
recorded) already holds every slug an entry ever had. Only a detail page that would answer
404 asks it, so every other request costs nothing.
"""

from django.http import HttpResponsePermanentRedirect

from directory.models import ENTRY_MODELS

DETAIL_VIEWS = {f"{model._meta.model_name}_detail": model for model in ENTRY_MODELS}


def current_entry(model, old_slug):
    """The published entry that once had `old_slug`, or None."""
    pks = model.history.filter(slug=old_slug).order_by("-history_date").values("id")[:1]
    return model.objects.published().filter(pk__in=pks).only("slug").first()


class OldSlugRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if (
            response.status_code != 404
            or match is None
            or match.namespace != "directory"
            or match.url_name not in DETAIL_VIEWS
        ):
            return response
        entry = current_entry(DETAIL_VIEWS[match.url_name], match.kwargs.get("slug", ""))
        if entry is None or entry.slug == match.kwargs.get("slug"):
            return response
        location = entry.get_absolute_url()
        if request.META.get("QUERY_STRING"):
            location = f"{location}?{request.META['QUERY_STRING']}"
        return HttpResponsePermanentRedirect(location)
