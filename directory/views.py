"""The public site: home, five listings, detail pages, sector pages and search.

Views only wire a request to a template: the QuerySets (directory/models/querysets.py) and
FilterSets (directory/filters.py) do the work, and each entry's card comes from the fragment
cache (directory/fragments.py). A listing answers an htmx request with just its results
partial, and everything else (a first visit, a reload, a boosted link, an htmx history
restore) with the full page.
"""

from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.generic import DetailView

from directory import pages
from directory.filters import (
    ChallengeFilterSet,
    CollaborationFilterSet,
    HubFilterSet,
    InstitutionFilterSet,
    PolicyFilterSet,
)
from directory.fragments import cards_in_order
from directory.models import ENTRY_MODELS, Sector
from directory.search import MAX_QUERY_LENGTH

# The request headers a listing's response depends on (for caches between us and visitors).
VARY_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request")


def wants_partial(request):
    """True when only the results region should be sent back."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def listing(request, filterset_class):
    filterset = filterset_class(request.GET, request=request)
    model = filterset_class._meta.model
    page, page_note = pages.paginate(filterset.qs.values_list("pk", flat=True), request)
    context = {
        "listing": pages.LISTINGS[model],
        "model_name": model._meta.model_name,
        "filterset": filterset,
        "page": page,
        "page_note": page_note,
        "cards": cards_in_order(model, list(page.object_list)),
        "pagination": pages.page_links(filterset, page, request.path),
        "checkbox_groups": filterset.checkbox_groups(),
        "chips": filterset.chips(),
        "ignored": filterset.ignored_values(),
        "sort_choices": filterset.choices("sort"),
        "sort": filterset.sort_order,
        "q": filterset.cleaned.get("q", ""),
    }
    if wants_partial(request):
        template = "directory/partials/listing_response.html"
    else:
        template = "directory/listing.html"
        context["range_groups"] = filterset.range_groups()
        context["select_groups"] = filterset.select_groups()
    response = render(request, template, context)
    patch_vary_headers(response, VARY_HEADERS)
    return response


def institution_list(request):
    return listing(request, InstitutionFilterSet)


def hub_list(request):
    return listing(request, HubFilterSet)


def policy_list(request):
    return listing(request, PolicyFilterSet)


def challenge_list(request):
    return listing(request, ChallengeFilterSet)


def collaboration_list(request):
    return listing(request, CollaborationFilterSet)


class EntryDetail(DetailView):
    """One published entry with its relations both ways, at
    templates/directory/<type>_detail.html."""

    context_object_name = "entry"

    def get_queryset(self):
        return self.model.objects.published().with_detail()

    def get_context_data(self, **kwargs):
        model_name = self.model._meta.model_name
        filtered = pages.filtered_listings(self.object)
        return super().get_context_data(model_name=model_name, filtered=filtered, **kwargs)


def home(request):
    """What the portal is, live counts, the sectors and what changed lately."""
    context = {
        "counts": pages.published_counts(),
        "sectors": Sector.objects.all(),
        "recent": pages.recent_cards(),
    }
    return render(request, "directory/home.html", context)


def sector_detail(request, slug):
    """Every published entry in a sector, grouped by type."""
    sector = get_object_or_404(Sector, slug=slug)
    groups = pages.groups(
        [model.objects.published().for_sector(sector) for model in ENTRY_MODELS],
        {"sector": sector.slug},
    )
    return render(request, "directory/sector_detail.html", {"sector": sector, "groups": groups})


def search(request):
    """One box across all five types, grouped by type, in both languages."""
    q = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    groups = []
    if q:
        found = [model.objects.published().search(q) for model in ENTRY_MODELS]
        groups = pages.groups(found, {"q": q}, count_limit=pages.SEARCH_COUNT_LIMIT)
    context = {
        "q": q,
        "groups": groups,
        "total": sum(group["count"] for group in groups),
        "more": any(group["more"] for group in groups),
        "section": "search",
    }
    return render(request, "directory/search.html", context)
