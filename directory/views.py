"""The public site: home, five listings, detail pages, sector pages and search.

Views only wire a request to a template: the QuerySets (directory/models/querysets.py) and
FilterSets (directory/filters.py) do the work, and each entry's card comes from the fragment
cache (directory/fragments.py). A listing answers an htmx request with just its results
partial, and everything else (a first visit, a reload, a boosted link, an htmx history
restore) with the full page.
"""

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.generic import DetailView

from directory import pages
from directory.filters import (
    ChallengeFilterSet,
    CollaborationFilterSet,
    HubFilterSet,
    InstitutionFilterSet,
    PolicyFilterSet,
)
from directory.fragments import cached_html, cards_in_order
from directory.models import ENTRY_MODELS, Sector
from directory.page_keys import known_params, wants_partial
from directory.search import MAX_QUERY_LENGTH

# The request headers a listing's response depends on (for caches between us and visitors).
VARY_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request")


def filter_context(filterset):
    """What a page filtered by a listing FilterSet shows about its filters. The facet
    counts are read only if shown: the full page's panel usually comes from the cache."""
    return {
        "filterset": filterset,
        "checkbox_groups": SimpleLazyObject(filterset.checkbox_groups),
        "chips": filterset.chips(),
        "ignored": filterset.ignored_values(),
        "q": filterset.cleaned.get("q", ""),
    }


def filter_panel(request, filterset, context):
    """The filter panel as HTML: the same on every page and sort order of one selection of
    filters, so kept in the fragment cache per listing (its path) and selection."""
    digest = filterset.selection_digest
    key = None if digest is None else f"panel:{request.path}:{digest}"

    def render():
        panel = {
            **context,
            "range_groups": filterset.range_groups(),
            "select_groups": filterset.select_groups(),
        }
        return render_to_string("directory/partials/filter_form.html", panel, request)

    return cached_html(key, render)


def render_filtered(request, templates, context):
    """The full page with its filter panel, or for an htmx request only its results partial
    (templates is the pair), saying which with Vary."""
    page_template, partial_template = templates
    if wants_partial(request):
        template = partial_template
    else:
        template = page_template
        context["filter_panel"] = filter_panel(request, context["filterset"], context)
    response = render(request, template, context)
    patch_vary_headers(response, VARY_HEADERS)
    if context["ignored"] or context.get("page_note"):
        # Echoes values a visitor made up: answered, but not worth a place in any cache.
        patch_cache_control(response, no_store=True)
    return response


def listing(request, filterset_class):
    filterset = filterset_class(request.GET, request=request)
    model = filterset_class._meta.model
    pks = filterset.qs.values_list("pk", flat=True)
    page, page_note = pages.paginate(pks, request, count=filterset.count())
    context = {
        **filter_context(filterset),
        "listing": pages.LISTINGS[model],
        "model_name": model._meta.model_name,
        "page": page,
        "page_note": page_note,
        "cards": cards_in_order(model, list(page.object_list)),
        "pagination": pages.page_links(filterset, page, request.path),
        "sort_choices": filterset.choices("sort"),
        "sort": filterset.sort_order,
    }
    templates = ("directory/listing.html", "directory/partials/listing_response.html")
    return render_filtered(request, templates, context)


def listing_view(filterset_class):
    """The view of one listing. The page cache reads its `filterset_class` for the query
    parameters it may key the page by."""

    def view(request):
        return listing(request, view.filterset_class)

    view.filterset_class = filterset_class
    view.__name__ = view.__qualname__ = f"{filterset_class._meta.model._meta.model_name}_list"
    return view


institution_list = listing_view(InstitutionFilterSet)
hub_list = listing_view(HubFilterSet)
policy_list = listing_view(PolicyFilterSet)
challenge_list = listing_view(ChallengeFilterSet)
collaboration_list = listing_view(CollaborationFilterSet)


def detail_body(request, entry, context):
    """A detail page's body as HTML: the same for every visitor of one entry, so kept in
    the fragment cache per entry and language, and per site address and day, which its
    citation holds. Only on a miss are the entry's sources and relations read."""
    model_name = entry._meta.model_name
    site = request.build_absolute_uri("/")
    key = f"detail:{get_language()}:{model_name}:{entry.pk}:{site}:{timezone.localdate()}"

    def render():
        prefetch_related_objects([entry], *type(entry).objects.detail_prefetches())
        body = {**context, "filtered": pages.filtered_listings(entry)}
        return render_to_string(f"directory/partials/details/{model_name}.html", body, request)

    return cached_html(key, render)


@known_params()
class EntryDetail(DetailView):
    """One published entry with its relations both ways. The page reads the entry and its
    sectors (for its <head>); its body comes from detail_body()."""

    context_object_name = "entry"
    template_name = "directory/detail.html"

    def get_queryset(self):
        return self.model.objects.published().with_sectors()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(model_name=self.model._meta.model_name, **kwargs)
        context["detail_body"] = detail_body(self.request, self.object, context)
        return context


@known_params()
def home(request):
    """What the portal is, live counts, the sectors and what changed lately."""
    context = {
        "counts": pages.published_counts(),
        "sectors": Sector.objects.all(),
        "recent": pages.recent_cards(),
    }
    return render(request, "directory/home.html", context)


@known_params()
def sector_detail(request, slug):
    """Every published entry in a sector, grouped by type."""
    sector = get_object_or_404(Sector, slug=slug)
    groups = pages.groups(
        [model.objects.published().for_sector(sector) for model in ENTRY_MODELS],
        {"sector": sector.slug},
    )
    return render(request, "directory/sector_detail.html", {"sector": sector, "groups": groups})


@known_params("q", max_length={"q": MAX_QUERY_LENGTH})
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
