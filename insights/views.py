"""The insights pages. Each view wires a request to its module (timeline.py, charts.py,
districts.py, compare.py, matrix.py, funding.py) and a template; the timeline, like a
listing, answers an htmx request with just its results."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from directory.views import filter_context, render_filtered
from insights import timeline as timelines
from insights.timeline import TimelineFilterSet

TIMELINE = {
    "title": _("Timeline"),
    "intro": _(
        "How Hong Kong's AI landscape unfolded: every dated policy, and the years "
        "institutions were founded and hubs opened, newest first."
    ),
}


def timeline(request):
    filterset = TimelineFilterSet(request.GET, request=request)
    built = timelines.build(filterset)
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
    }
    templates = ("insights/timeline.html", "insights/partials/timeline_response.html")
    return render_filtered(request, templates, context)
