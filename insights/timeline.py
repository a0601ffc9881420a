"""The timeline: every entry with a year of its own (policies announced, institutions
founded, hubs opened), newest year first, filtered like a listing.

TimelineFilterSet is a listing FilterSet (directory/filters.py) over several types at once:
the search box, sectors and the year range apply to every dated type; a policy's kind or
issuing body narrows the timeline to policies. Its parameter names are the listings' own,
so a timeline URL reads like a listing's.
"""

import functools
from dataclasses import dataclass, field

import django_filters
from django.db.models import CharField, ExpressionWrapper
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.fragments import cached_many
from directory.listing_filterset import ListingFilterSet, choice_filter, slug_filter, year_filter
from directory.models import ENTRY_MODELS, Institution, Policy, PublicationStatus
from directory.models.querysets import name_or_english

# A timeline page shows at most this many entries; older years are a link away.
MAX_EVENTS = 100
# The relations a timeline entry shows beyond its card's link: a policy's succession.
SUCCESSION = ("superseded_by", "supersedes")


@functools.cache
def dated_models():
    """The entry types with a year of their own, in the directory's order (fixed by the
    code, so worked out once)."""
    return tuple(model for model in ENTRY_MODELS if model.objects.all().year_field)


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
    events: list = field(default_factory=list)  # each entry's line, as HTML


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


def _has_field(model, name):
    return any(f.name == name for f in model._meta.get_fields())


def newest(filterset):
    """(year, model, pk) of the newest matching entries of every dated type, newest year
    first and by name within a year: at most MAX_EVENTS + 1 of each type, read as keys only
    (one light query per type)."""
    suffix = (get_language() or "en").replace("-", "_")
    rows = []
    for model in dated_models():
        queryset = filterset.queryset_for(model)
        if suffix == "en":
            name = "name_en"
        else:
            name = "sort_name"
            sort_name = ExpressionWrapper(name_or_english(suffix), output_field=CharField())
            queryset = queryset.annotate(sort_name=sort_name)
        # Keys and columns, not translated fields: read as plain rows, without
        # modeltranslation's per-row language fallback (rewrite).
        keys = queryset.order_by("-year", name, "pk").rewrite(False).values_list("year", name, "pk")
        rows += [(year, name.casefold(), model, pk) for year, name, pk in keys[: MAX_EVENTS + 1]]
    rows.sort(key=lambda row: (-row[0], row[1]))
    return [(year, model, pk) for year, _name, model, pk in rows]


def event_lines(rows):
    """{(model, pk): the entry's timeline line as HTML}, from the fragment cache, rendering
    only the lines not stored yet (one query per type and relation for those)."""
    language = get_language() or "en"
    keys = {
        f"timeline:{language}:{model._meta.model_name}:{pk}": (model, pk) for _y, model, pk in rows
    }
    template = get_template("insights/partials/timeline_event.html")

    def render_missing(missing):
        wanted = {}
        for key in missing:
            model, pk = keys[key]
            wanted.setdefault(model, []).append(pk)
        built = {}
        for model, pks in wanted.items():
            queryset = model.objects.filter(pk__in=pks).dated()
            relations = queryset.card_relations + tuple(
                name for name in SUCCESSION if _has_field(model, name)
            )
            label = event_label(model)
            for entry in queryset.with_published(*relations):
                entry.event_label = label
                key = f"timeline:{language}:{model._meta.model_name}:{entry.pk}"
                built[key] = template.render({"entry": entry})
        return built

    lines = cached_many(list(keys), render_missing)
    # Our own template's output, stored as text.
    return {keys[key]: mark_safe(html) for key, html in lines.items() if key in keys}


def build_timeline(filterset):
    """The timeline for a filtered view: years newest first; when there are more than
    MAX_EVENTS entries, whole years up to that many and the year to continue from."""
    rows = newest(filterset)
    earlier_from = None
    if len(rows) > MAX_EVENTS:
        cut_year = rows[MAX_EVENTS][0]
        kept = [row for row in rows[:MAX_EVENTS] if row[0] > cut_year]
        rows = kept or rows[:MAX_EVENTS]
        earlier_from = cut_year if kept else cut_year - 1
    lines = event_lines(rows)
    years = []
    for year, model, pk in rows:
        if (model, pk) not in lines:
            continue
        if not years or years[-1].year != year:
            years.append(Year(year))
        years[-1].events.append(lines[(model, pk)])
    count = sum(len(year.events) for year in years)
    return Timeline(years=years, count=count, earlier_from=earlier_from, chains=chains(rows))


def chains(rows):
    """The chains of succession among the shown entries, as HTML: one light query for the
    shown entries' links; each chain's line comes from the fragment cache."""
    language = get_language() or "en"
    found = []
    for model in dated_models():
        if not all(_has_field(model, name) for name in SUCCESSION):
            continue
        years = {pk: year for year, m, pk in rows if m is model}
        links = dict(
            model.objects.filter(
                pk__in=list(years), superseded_by__status=PublicationStatus.PUBLISHED
            )
            .order_by()
            .values_list("pk", "superseded_by")
        )
        for chain in sorted(succession_chains(links), key=lambda chain: years[chain[0]]):
            key = f"chain:{language}:{model._meta.model_name}:{'-'.join(map(str, chain))}"
            found.append((key, model, chain))
    template = get_template("insights/partials/succession_chain.html")

    def render_missing(missing):
        wanted = [(key, model, chain) for key, model, chain in found if key in missing]
        members = {}
        for _key, model, chain in wanted:
            members.setdefault(model, set()).update(chain)
        # One query per type for every chain not stored yet.
        entries = {model: model.objects.in_bulk(pks) for model, pks in members.items()}
        return {
            key: template.render({"chain": [entries[model][pk] for pk in chain]})
            for key, model, chain in wanted
        }

    lines = cached_many([key for key, _m, _c in found], render_missing)
    # Our own template's output, stored as text.
    return [mark_safe(lines[key]) for key, _m, _c in found if key in lines]


def succession_chains(links):
    """Chains of primary keys, each entry superseded by the next (Fintech 2025 → Fintech
    2030), from `links`: {shown entry's pk: its published successor's pk}. Each chain starts
    at a shown entry no shown entry precedes, and runs through shown successors, ending at
    the first successor not shown."""
    preceded = set(links.values())
    chains = []
    for start in links:
        if start in preceded:
            continue
        chain, current = [start], start
        while current in links:
            successor = links[current]
            if successor in chain:
                break
            chain.append(successor)
            current = successor
        chains.append(chain)
    return chains
