"""What the public pages show, assembled from the QuerySets for the views to render:
listing titles, pagination that never fails, the groups of the search and sector pages,
the home page's counts and latest changes."""

from typing import NamedTuple

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from directory.fragments import cards_by_pk, cards_in_order
from directory.models import ENTRY_MODELS, Challenge, Collaboration, Hub, Institution, Policy

PAGE_SIZE = 20
# Search and sector pages show this many entries per type, then link to the full listing.
GROUP_SIZE = 10
RECENT_COUNT = 8
# Search counts matches up to this many per type, then says "more than" and links to the
# listing, which counts them all: counting every match of a common word reads every entry.
SEARCH_COUNT_LIMIT = 100


class Listing(NamedTuple):
    title: str
    intro: str
    url_name: str


LISTINGS = {
    Institution: Listing(
        gettext_lazy("Institutions"),
        gettext_lazy(
            "Universities, research centres, government bodies and companies working on AI."
        ),
        "directory:institution_list",
    ),
    Hub: Listing(
        gettext_lazy("Hubs"),
        gettext_lazy("Science parks, incubators, co-working spaces and computing facilities."),
        "directory:hub_list",
    ),
    Policy: Listing(
        gettext_lazy("Policies"),
        gettext_lazy(
            "Strategies, laws, guidelines and funding schemes that shape AI in Hong Kong."
        ),
        "directory:policy_list",
    ),
    Challenge: Listing(
        gettext_lazy("Challenges"),
        gettext_lazy("What holds AI back in Hong Kong, and the opportunities in solving it."),
        "directory:challenge_list",
    ),
    Collaboration: Listing(
        gettext_lazy("Collaborations"),
        gettext_lazy(
            "Joint labs, research centres, agreements and parks linking Hong Kong with partners "
            "on the Mainland and overseas."
        ),
        "directory:collaboration_list",
    ),
}

# Relations a detail page lists, with the listing filtered to all of them:
# relation -> (the listing's model, its parameter taking this entry's slug).
FILTERED_LISTINGS = {
    Institution: {
        "children": (Institution, "parent"),
        "operated_hubs": (Hub, "operator"),
        "issued_policies": (Policy, "issuer"),
        "collaborations": (Collaboration, "institution"),
    },
    Hub: {"institutions": (Institution, "hub"), "collaborations": (Collaboration, "hub")},
    Policy: {},
    Challenge: {"policies": (Policy, "challenge")},
    Collaboration: {},
}


def listing_href(model, query):
    return f"{reverse(LISTINGS[model].url_name)}?{urlencode(query)}"


def filtered_listings(entry):
    """{relation: the listing filtered to this entry's relation}, for a detail page."""
    return {
        relation: listing_href(model, {param: entry.slug})
        for relation, (model, param) in FILTERED_LISTINGS[type(entry)].items()
    }


class CountedPaginator(Paginator):
    """A Paginator told how many entries there are (kept in the fragment cache), so it
    never asks the database."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


def paginate(entries, request, count=None):
    """(page, note): a page past the end shows the last page, a malformed or non-positive
    number the first, each with a note saying so, never an error. With `count`, the
    entries are not counted."""
    if count is None:
        paginator = Paginator(entries, PAGE_SIZE)
    else:
        paginator = CountedPaginator(entries, PAGE_SIZE, count)
    raw = request.GET.get("page", "").strip()
    try:
        number = int(raw) if raw else 1
    except ValueError:
        number = 0
    note = ""
    if number < 1:
        number = 1
        note = _("That page number was not understood, so this is the first page.")
    elif number > paginator.num_pages:
        number = paginator.num_pages
        note = _("There are fewer pages than that, so this is the last page.")
    return paginator.page(number), note


def page_links(filterset, page, path):
    """Previous/next and numbered links (with gaps) that keep every other parameter."""
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


def groups(querysets, query, count_limit=None):
    """Per type: the first GROUP_SIZE entries by name as compact cards, how many there are
    (at most `count_limit`, with `more` set when there are more), and the listing link
    filtered by `query`. With a `count_limit` one query per type reads the keys in name
    order up to one past it, and counts those."""
    found = []
    for queryset in querysets:
        model = queryset.model
        wanted = GROUP_SIZE if count_limit is None else count_limit + 1
        pks = list(queryset.by_name().values_list("pk", flat=True)[:wanted])
        # Without a limit, a full group may be only the first of many: count them all.
        uncounted = count_limit is None and len(pks) == GROUP_SIZE
        count = queryset.count() if uncounted else len(pks)
        more = count_limit is not None and count > count_limit
        found.append(
            {
                "model_name": model._meta.model_name,
                "title": model._meta.verbose_name_plural,
                "cards": cards_in_order(model, pks[:GROUP_SIZE], "compact"),
                "count": count_limit if more else count,
                "more": more,
                "listing_href": listing_href(model, query),
            }
        )
    return found


COUNT_LABELS = {
    Institution: lambda n: ngettext("institution", "institutions", n),
    Hub: lambda n: ngettext("hub", "hubs", n),
    Policy: lambda n: ngettext("policy", "policies", n),
    Challenge: lambda n: ngettext("challenge", "challenges", n),
    Collaboration: lambda n: ngettext("collaboration", "collaborations", n),
}


def published_counts():
    """How many published entries of each type, labelled in the visitor's language."""
    counts = []
    for model in ENTRY_MODELS:
        count = model.objects.published().count()
        counts.append(
            {
                "model_name": model._meta.model_name,
                "count": count,
                "label": COUNT_LABELS[model](count),
                "listing_url": LISTINGS[model].url_name,
            }
        )
    return counts


def recent_cards():
    """Compact cards of the latest changed entries of any type: the latest few of each
    type, then the latest of those."""
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
    return [cards[model][pk] for _u, model, pk in latest if pk in cards[model]]
