"""The public site: home, four listings, detail pages, sector pages and search.

Views stay thin: querysets (directory/models.py) and FilterSets (directory/filters.py) do the
work. A listing answers an htmx request with just its results partial, and everything else
(a first visit, a reload, a boosted link, an htmx history restore) with the full page.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from directory.filters import (
    ChallengeFilterSet,
    HubFilterSet,
    InstitutionFilterSet,
    PolicyFilterSet,
)
from directory.fragments import cards_by_pk, cards_in_order, entry_cards
from directory.models import (
    ENTRY_MODELS,
    MAX_QUERY_LENGTH,
    Challenge,
    Hub,
    Institution,
    Policy,
    Sector,
    counts_in_one_query,
)

PAGE_SIZE = 20
# Search and sector pages show this many entries per type, then link to the full listing.
GROUP_SIZE = 10
RECENT_COUNT = 8
# Search counts matches up to this many per type, then says "more than": counting every
# match of a common word reads every entry, however large the directory grows.
SEARCH_COUNT_LIMIT = 1000
# The request headers a listing's response depends on (for caches between us and visitors).
VARY_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request")


def wants_partial(request):
    """True when only the results region should be sent back."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def clean_query(request):
    """The free-text query: last value wins, NUL bytes dropped, length capped."""
    return request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def paginate(entries, raw_number):
    """(page, note): a page past the end shows the last page, a malformed or non-positive
    number the first, each with a note saying so, never an error."""
    paginator = Paginator(entries, PAGE_SIZE)
    note = ""
    raw_number = (raw_number or "").strip()
    try:
        number = int(raw_number) if raw_number else 1
    except ValueError:
        number = 1
        note = _("That page number was not understood, so this is the first page.")
    if number < 1:
        number = 1
        note = _("That page number was not understood, so this is the first page.")
    elif number > paginator.num_pages:
        number = paginator.num_pages
        note = _("There are fewer pages than that, so this is the last page.")
    return paginator.page(number), note


def page_links(filterset, page, path):
    """Previous/next and numbered links (with gaps) that keep every other parameter, with
    their addresses and labels ready (worked out in the template, they were a fifth of a
    listing's template time)."""
    paginator = page.paginator
    numbers = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)

    def href(number):
        return f"{path}?{filterset.query_for_page(number)}"

    links = [
        {"gap": True}
        if number == paginator.ELLIPSIS
        else {
            "number": number,
            "href": href(number),
            "label": _("Page %(number)s") % {"number": number},
            "current": number == page.number,
        }
        for number in numbers
    ]
    return {
        "numbers": links,
        "previous": href(page.number - 1) if page.has_previous() else None,
        "next": href(page.number + 1) if page.has_next() else None,
    }


class Listing:
    """One listing page: its FilterSet, title and templates."""

    # Templates read `listing.title`; they must not try to call the view.
    do_not_call_in_templates = True

    def __init__(self, filterset_class, title, intro, url_name):
        self.filterset_class = filterset_class
        self.model = filterset_class._meta.model
        self.title = title
        self.intro = intro
        self.url_name = url_name

    def __call__(self, request):
        filterset = self.filterset_class(request.GET, request=request)
        page, page_note = paginate(filterset.result_keys(), request.GET.get("page"))
        context = {
            "listing": self,
            "model_name": self.model._meta.model_name,
            "filterset": filterset,
            "page": page,
            "page_note": page_note,
            "cards": cards_in_order(self.model, page.object_list),
            "pagination": page_links(filterset, page, request.path),
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
            # Only the full page has the rest of the filter form.
            template = "directory/listing.html"
            context["range_groups"] = filterset.range_groups()
            context["select_groups"] = filterset.select_groups()
        response = render(request, template, context)
        patch_vary_headers(response, VARY_HEADERS)
        return response


institution_list = Listing(
    InstitutionFilterSet,
    gettext_lazy("Institutions"),
    gettext_lazy("Universities, research centres, government bodies and companies working on AI."),
    "directory:institution_list",
)
hub_list = Listing(
    HubFilterSet,
    gettext_lazy("Hubs"),
    gettext_lazy("Science parks, incubators, co-working spaces and computing facilities."),
    "directory:hub_list",
)
policy_list = Listing(
    PolicyFilterSet,
    gettext_lazy("Policies"),
    gettext_lazy("Strategies, laws, guidelines and funding schemes that shape AI in Hong Kong."),
    "directory:policy_list",
)
challenge_list = Listing(
    ChallengeFilterSet,
    gettext_lazy("Challenges"),
    gettext_lazy("What holds AI back in Hong Kong, and the opportunities in solving it."),
    "directory:challenge_list",
)

LISTING_URLS = {
    Institution: "directory:institution_list",
    Hub: "directory:hub_list",
    Policy: "directory:policy_list",
    Challenge: "directory:challenge_list",
}


# Relations a detail page lists, with the listing filtered to all of them:
# relation -> (listing URL name, the listing's parameter taking this entry's slug).
FILTERED_LISTINGS = {
    Institution: {
        "children": ("directory:institution_list", "parent"),
        "operated_hubs": ("directory:hub_list", "operator"),
        "issued_policies": ("directory:policy_list", "issuer"),
    },
    Hub: {"institutions": ("directory:institution_list", "hub")},
    Policy: {},
    Challenge: {"policies": ("directory:policy_list", "challenge")},
}


def _detail(model):
    def view(request, slug):
        try:
            entry = model.objects.detail(slug)
        except model.DoesNotExist:
            raise Http404(f"No published {model._meta.verbose_name} has this slug.") from None
        filtered = {
            relation: f"{reverse(url_name)}?{urlencode({param: entry.slug})}"
            for relation, (url_name, param) in FILTERED_LISTINGS[model].items()
        }
        return render(
            request,
            f"directory/{model._meta.model_name}_detail.html",
            {"entry": entry, "model_name": model._meta.model_name, "filtered": filtered},
        )

    view.__name__ = f"{model._meta.model_name}_detail"
    view.__doc__ = f"One published {model._meta.verbose_name}, with its relations both ways."
    return view


institution_detail = _detail(Institution)
hub_detail = _detail(Hub)
policy_detail = _detail(Policy)
challenge_detail = _detail(Challenge)


def _groups(querysets, query_param, count_limit=None):
    """Per type: the first GROUP_SIZE entries, how many there are (at most `count_limit`,
    with `more` set when there are more), and the listing link."""
    groups = []
    for model, queryset in querysets:
        cards = entry_cards(queryset.by_name()[:GROUP_SIZE], "compact")
        if len(cards) < GROUP_SIZE:
            count = len(cards)
        elif count_limit is None:
            count = queryset.count()
        else:
            count = queryset[: count_limit + 1].count()
        groups.append(_group(model, cards, count, count_limit, query_param))
    return groups


def _search_groups(q):
    """The search page's groups, as _groups makes them from each type's published entries
    searched for `q`. Where the index can count the matches (search_count_sql), the four
    capped counts come first, in one query, and only the types with matches are listed:
    for "data" at 1,000 per type, 8 queries became 5 and ~11.3 ms in-process ~8.3 (four
    ORM counts that read the entries one by one); a word no entry holds takes one query."""
    published = [model.objects.published() for model in ENTRY_MODELS]
    statements = [queryset.search_count_sql(q, SEARCH_COUNT_LIMIT + 1) for queryset in published]
    if None in statements:
        searched = [(queryset.model, queryset.search(q)) for queryset in published]
        return _groups(searched, {"q": q}, count_limit=SEARCH_COUNT_LIMIT)
    counts = counts_in_one_query(statements, published[0].db)
    groups = []
    for queryset, count in zip(published, counts, strict=True):
        cards = []
        if count:
            keys = queryset.published_search_keys(q, count, GROUP_SIZE)
            cards = cards_in_order(queryset.model, keys, "compact")
        if len(cards) < GROUP_SIZE:
            count = len(cards)
        groups.append(_group(queryset.model, cards, count, SEARCH_COUNT_LIMIT, {"q": q}))
    return groups


def _group(model, cards, count, count_limit, query_param):
    """One type's group: its cards, its count (capped at `count_limit`, with `more` set
    when above it) and the link to its listing filtered the same way."""
    more = count_limit is not None and count > count_limit
    return {
        "model_name": model._meta.model_name,
        "title": model._meta.verbose_name_plural,
        "cards": cards,
        "count": min(count, count_limit) if more else count,
        "more": more,
        "listing_href": f"{reverse(LISTING_URLS[model])}?{urlencode(query_param)}",
    }


def count_label(model, count):
    """ "institution" or "institutions" (and so on), in the visitor's language."""
    labels = {
        Institution: lambda n: ngettext("institution", "institutions", n),
        Hub: lambda n: ngettext("hub", "hubs", n),
        Policy: lambda n: ngettext("policy", "policies", n),
        Challenge: lambda n: ngettext("challenge", "challenges", n),
    }
    return labels[model](count)


def home(request):
    """What the portal is, live counts, the sectors and what changed lately."""
    counts = []
    for model in ENTRY_MODELS:
        count = model.objects.published().count()
        counts.append(
            {
                "model_name": model._meta.model_name,
                "count": count,
                "label": count_label(model, count),
                "listing_url": LISTING_URLS[model],
            }
        )
    # The latest few of each type, then the latest of those; cards from the fragment cache.
    latest = sorted(
        (
            (updated, model, pk)
            for model in ENTRY_MODELS
            for pk, updated in model.objects.published()
            .recently_updated()
            .values_list("pk", "updated")[:RECENT_COUNT]
        ),
        key=lambda row: (row[0], row[2]),
        reverse=True,
    )[:RECENT_COUNT]
    cards = {
        model: cards_by_pk(model, [pk for _u, m, pk in latest if m is model], "compact")
        for model in {model for _u, model, _pk in latest}
    }
    recent = [cards[model][pk] for _u, model, pk in latest if pk in cards[model]]
    return render(
        request,
        "directory/home.html",
        {"counts": counts, "sectors": Sector.objects.all(), "recent": recent},
    )


def sector_detail(request, slug):
    """Every published entry in a sector, grouped by type."""
    sector = get_object_or_404(Sector, slug=slug)
    groups = _groups(
        [(model, model.objects.published().for_sector(sector)) for model in ENTRY_MODELS],
        {"sector": sector.slug},
    )
    return render(request, "directory/sector_detail.html", {"sector": sector, "groups": groups})


def search(request):
    """One box across all four types, grouped by type, in both languages."""
    q = clean_query(request)
    groups = []
    if q:
        groups = _search_groups(q)
    total = sum(group["count"] for group in groups)
    more = any(group["more"] for group in groups)
    return render(
        request,
        "directory/search.html",
        {"q": q, "groups": groups, "total": total, "more": more, "section": "search"},
    )
