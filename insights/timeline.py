"""The timeline: every entry with a year of its own (policies announced, institutions
founded, hubs opened), newest year first, filtered like a listing.

TimelineFilterSet is a listing FilterSet (directory/filters.py) over several types at once:
the search box, sectors and the year range apply to every dated type; a policy's kind or
issuing body narrows the timeline to policies. Its parameter names are the listings' own,
so a timeline URL reads like a listing's.
"""

from dataclasses import dataclass, field

import django_filters
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from directory.filters import ListingFilterSet, choice_filter, slug_filter, year_filter
from directory.models import ENTRY_MODELS, Institution, Policy

# A timeline page shows at most this many entries; older years are a link away.
MAX_EVENTS = 200
# The relations a timeline entry shows beyond its card's link: a policy's succession.
SUCCESSION = ("superseded_by", "supersedes")


def dated_models():
    """The entry types with a year of their own, in the directory's order."""
    return [model for model in ENTRY_MODELS if model.objects.all().year_field]


def type_choices():
    return [
        (model._meta.model_name, capfirst(model._meta.verbose_name_plural))
        for model in dated_models()
    ]


class TimelineFilterSet(ListingFilterSet):
    sort = None  # always newest year first
    type = django_filters.MultipleChoiceFilter(
        choices=type_choices, method="filter_type", label=_("Show")
    )
    kind = choice_filter(Policy.Kind.choices, _("Kind of policy"))
    issuer = slug_filter(Institution, "issuer", _("Issued by"))
    year_min = year_filter("year", "gte", _("From year"))
    year_max = year_filter("year", "lte", _("Until year"))

    checkbox_filters = ("type", "kind", "sector")
    range_filters = ((_("Years"), ("year_min", "year_max")),)
    select_filters = ("issuer",)
    # Filters only a policy can match: choosing one leaves the other types out.
    policy_filters = ("kind", "issuer")

    class Meta(ListingFilterSet.Meta):
        model = Policy
        fields = []

    @property
    def cache_name(self):
        return "timeline"

    def filter_type(self, queryset, name, value):
        return queryset if queryset.model._meta.model_name in value else queryset.none()

    def queryset_for(self, model, without=()):
        """The dated, published entries of `model` matching every active filter but the
        `without` ones."""
        queryset = model.objects.published().dated()
        for name, value in self.cleaned.items():
            if name in without:
                continue
            if name in self.policy_filters and model is not Policy:
                return queryset.none()
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    # Facet counts over every dated type (ListingFilterSet counts one type).
    def count_type(self):
        return {
            model._meta.model_name: self.queryset_for(model, without=("type",)).count()
            for model in dated_models()
        }

    def count_sector(self):
        counts = {}
        for model in dated_models():
            for slug, n in self.queryset_for(model, without=("sector",)).sector_counts().items():
                counts[slug] = counts.get(slug, 0) + n
        return counts

    def count_kind(self):
        return self.queryset_for(Policy, without=("kind",)).value_counts("kind")


@dataclass
class Year:
    year: int
    events: list = field(default_factory=list)


@dataclass
class Timeline:
    years: list
    count: int
    # Set when older entries were left for another page: the year to continue from.
    earlier_from: int | None
    chains: list


def event_label(model):
    """What the year of an entry of `model` marks: "Year founded", "Year announced"..."""
    return capfirst(model._meta.get_field(model.objects.all().year_field).verbose_name)


def load_events(filterset):
    """The newest MAX_EVENTS matching entries of every dated type, each with `year`,
    `event_label` and the relations its line shows, in one query per type and relation."""
    events = []
    for model in dated_models():
        queryset = filterset.queryset_for(model)
        relations = queryset.card_relations + tuple(
            name for name in SUCCESSION if _has_field(model, name)
        )
        rows = queryset.with_published(*relations).order_by("-year", "pk")[: MAX_EVENTS + 1]
        label = event_label(model)
        for entry in rows:
            entry.event_label = label
            events.append(entry)
    events.sort(key=lambda entry: (-entry.year, str(entry.name).casefold()))
    return events


def _has_field(model, name):
    return any(f.name == name for f in model._meta.get_fields())


def build_timeline(filterset):
    """The timeline for a filtered view: years newest first; when there are more than
    MAX_EVENTS entries, whole years up to that many and the year to continue from."""
    events = load_events(filterset)
    earlier_from = None
    if len(events) > MAX_EVENTS:
        cut_year = events[MAX_EVENTS].year
        kept = [entry for entry in events[:MAX_EVENTS] if entry.year > cut_year]
        events = kept or events[:MAX_EVENTS]
        earlier_from = cut_year if kept else cut_year - 1
    years = []
    for entry in events:
        if not years or years[-1].year != entry.year:
            years.append(Year(entry.year))
        years[-1].events.append(entry)
    return Timeline(
        years=years, count=len(events), earlier_from=earlier_from, chains=succession_chains(events)
    )


def succession_chains(events):
    """Chains of policies each superseded by the next (Fintech 2025 → Fintech 2030), from
    the first in each chain: a policy that supersedes nothing shown here."""
    by_pk = {entry.pk: entry for entry in events if hasattr(entry, "listed_superseded_by")}
    chains = []
    for entry in by_pk.values():
        predecessors = [p for p in entry.listed_supersedes if p.pk in by_pk]
        if entry.listed_superseded_by is None or predecessors:
            continue
        chain, seen = [entry], {entry.pk}
        current = entry
        while current is not None and current.listed_superseded_by is not None:
            successor = current.listed_superseded_by
            if successor.pk in seen:
                break
            seen.add(successor.pk)
            chain.append(by_pk.get(successor.pk, successor))
            current = by_pk.get(successor.pk)
        chains.append(chain)
    chains.sort(key=lambda chain: chain[0].year)
    return chains
