"""Open data's pages: the exports of every listing and search, the data page, robots.txt.

An export takes the listing's own query string through the listing's own FilterSet, so it
holds exactly the entries the visitor sees, on every page of them. Bad values are dropped as
the listing drops them (directory/forms.py), never an error.
"""

from django.conf import settings
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from directory.models import ENTRY_MODELS
from directory.pages import LISTINGS, paginate
from directory.search import MAX_QUERY_LENGTH
from opendata import citations, exports
from opendata.changes import change_rows
from opendata.changes import changes as changes_of
from opendata.entry_types import filterset_for, model_for, segment


@require_safe
def listing_export(request, type_segment, fmt):
    model = model_for(type_segment)
    filterset = filterset_for(model)(request.GET, request=request)
    name = f"hkai-{type_segment}-{get_language()}"
    return exports.streamed([filterset.qs], fmt, request, name)


@require_safe
def search_export(request, fmt):
    """What the search page finds, every match of every type (sharing the columns all types
    have, plus the type)."""
    q = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    found = [model.objects.published().search(q).by_name() for model in ENTRY_MODELS]
    if not q:
        found = [queryset.none() for queryset in found]
    name = f"hkai-search-{get_language()}"
    return exports.streamed(found, fmt, request, name, with_type=True)


@require_safe
def bibtex(request, type_segment, slug):
    """The entry's citation as a BibTeX file (published entries only)."""
    model = model_for(type_segment)
    entry = get_object_or_404(model.objects.published(), slug=slug)
    url = request.build_absolute_uri(entry.get_absolute_url())
    response = HttpResponse(citations.bibtex(entry, url), content_type="application/x-bibtex")
    response["Content-Disposition"] = f'attachment; filename="{entry.slug}.bib"'
    return response


@require_safe
def data(request):
    """Whole-dataset downloads, the licence, and when the data last changed."""
    datasets = []
    for model in ENTRY_MODELS:
        stats = model.objects.published().aggregate(count=Count("pk"), changed=Max("updated"))
        datasets.append(
            {
                "title": LISTINGS[model].title,
                "count": stats["count"],
                "changed": stats["changed"],
                "csv": reverse("opendata:listing_export", args=[segment(model), "csv"]),
                "json": reverse("opendata:listing_export", args=[segment(model), "json"]),
                "feed": reverse("opendata:type_feed", args=[segment(model)]),
            }
        )
    changes = [d["changed"] for d in datasets if d["changed"]]
    context = {
        "datasets": datasets,
        "last_changed": max(changes) if changes else None,
        "licence": exports.LICENCE,
        "licence_url": exports.LICENCE_URL,
    }
    return render(request, "opendata/data.html", context)


@require_safe
def changes(request):
    """Recent additions and edits in plain words, newest first (opendata/changes.py)."""
    page, page_note = paginate(change_rows(), request)
    context = {
        "page": page,
        "page_note": page_note,
        "changes": changes_of(page.object_list),
        "extra_feeds": [(_("What changed"), reverse("opendata:changes_feed"))],
    }
    return render(request, "opendata/changes.html", context)


@require_safe
def robots_txt(request):
    """Crawlers are welcome everywhere public; the admin's path is named only while it is
    the well-known default (an operator who moved it does not want it advertised)."""
    lines = ["User-agent: *"]
    if settings.ADMIN_URL == "admin/":
        lines.append("Disallow: /admin/")
    lines += [
        "Disallow: /*/export.csv",
        "Disallow: /*/export.json",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
