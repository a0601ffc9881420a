"""The insights pages. Each view wires a request to its module (timeline.py, charts.py,
districts.py, compare.py, matrix.py, funding.py) and a template; the timeline, like a
listing, answers an htmx request with just its results."""

from functools import partial

from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.fragments import cached_render, cards_in_order
from directory.listing_filterset import MAX_ECHO_LENGTH
from directory.models import Policy
from directory.page_keys import known_params
from directory.pages import LISTINGS
from directory.views import filter_context, render_filtered
from insights import charts, comparison, districts
from insights.funding import MAX_SCHEMES, FundingFinder
from insights.matrix import build_matrix
from insights.timeline import TimelineFilterSet, build_timeline

TIMELINE = {
    "title": _("Timeline"),
    "intro": _(
        "How Hong Kong's AI landscape unfolded: every dated policy, and the years "
        "institutions were founded and hubs opened, newest first."
    ),
}


def language():
    return get_language() or "en"


def insights(request):
    # The same for every visitor until the next change: kept in the fragment cache.
    html = cached_render(
        f"insights:charts:{language()}",
        "insights/partials/charts.html",
        {
            "charts": charts.all_charts  # called only when rendered
        },
    )
    context = {"charts": html, "section": "insights", "explore": True}
    return render(request, "insights/insights.html", context)


@known_params("type")
def district_map(request):
    layers = {model._meta.model_name: model for model in districts.layer_models()}
    requested = request.GET.get("type", "")
    model = layers.get(requested) or next(iter(layers.values()))
    name = model._meta.model_name
    # The same for every visitor until the next change: kept in the fragment cache.
    body = cached_render(
        f"insights:map:{language()}:{name}",
        "insights/partials/map_body.html",
        {
            "build": partial(districts.district_map, model),
            "type_plural": model._meta.verbose_name_plural,
        },
    )
    unknown = requested[:MAX_ECHO_LENGTH] if requested and requested not in layers else ""
    context = {
        "layers": [(layer, m._meta.verbose_name_plural) for layer, m in layers.items()],
        "layer": name,
        "type_plural": model._meta.verbose_name_plural,
        "body": body,
        "unknown_type": unknown,
        "section": "map",
        "explore": True,
    }
    return render(request, "insights/map.html", context, status=400 if unknown else 200)


def funding(request):
    finder = FundingFinder(request.GET, request=request)
    context = {
        "finder": finder,
        "filterset": finder,
        **shown("schemes", finder.schemes()),
        **shown("unrecorded", finder.unrecorded()),
        "max_schemes": MAX_SCHEMES,
        "selects": finder.selects(),
        "ignored": finder.ignored_values(),
        "section": "funding",
        "explore": True,
    }
    return render(request, "insights/funding.html", context)


# The page cache keys these pages by their FilterSet's parameters (directory/page_keys.py).
funding.filterset_class = FundingFinder


def shown(name, schemes):
    """The cards of the first MAX_SCHEMES `schemes`, and whether more were left out."""
    pks = list(schemes.values_list("pk", flat=True)[: MAX_SCHEMES + 1])
    cards = cards_in_order(Policy, pks[:MAX_SCHEMES], "scheme")
    return {name: cards, f"more_{name}": len(pks) > MAX_SCHEMES}


def matrix(request):
    # The same for every visitor until the next change: kept in the fragment cache.
    table = cached_render(
        f"insights:matrix:{language()}",
        "insights/partials/matrix_table.html",
        {
            "build_matrix": build_matrix  # called only when rendered
        },
    )
    context = {"table": table, "section": "matrix", "explore": True}
    return render(request, "insights/matrix.html", context)


def timeline(request):
    filterset = TimelineFilterSet(request.GET, request=request)
    built = build_timeline(filterset)
    earlier = None
    if built.earlier_from is not None:
        query = QueryDict(filterset.query, mutable=True)
        query["year_max"] = built.earlier_from
        earlier = f"{request.path}?{query.urlencode()}"
    context = {
        **filter_context(filterset),
        "listing": TIMELINE,
        "timeline": built,
        "earlier": earlier,
        "section": "timeline",
        "explore": True,
    }
    templates = ("insights/timeline.html", "insights/partials/timeline_response.html")
    return render_filtered(request, templates, context)


timeline.filterset_class = TimelineFilterSet


# Not page-cached: it declares no parameters, and any two to four entries make a page.
def compare(request, model):
    values = request.GET.getlist("entries")
    slugs = comparison.requested_slugs(values)
    problem = comparison.problem_with(slugs)
    if len(values) > 1 and not problem:
        # Ticked boxes arrive as entries=a&entries=b: the shareable form is entries=a,b.
        return redirect(f"{request.path}?{comparison.query(slugs)}")
    entries = [] if problem else comparison.load(model, slugs)
    found = {entry.slug for entry in entries}
    context = {
        "model_name": model._meta.model_name,
        "type_plural": model._meta.verbose_name_plural,
        "listing_url": reverse(LISTINGS[model].url_name),
        "problem": problem,
        "unknown": [slug[:MAX_ECHO_LENGTH] for slug in slugs if slug not in found],
        "entries": entries,
        "rows": comparison.rows(model, entries) if len(entries) >= comparison.MIN_ENTRIES else [],
        "removal_links": comparison.removal_links(request.path, entries),
        "max_entries": comparison.MAX_ENTRIES,
    }
    status = 400 if problem else 200
    return render(request, "insights/compare.html", context, status=status)
