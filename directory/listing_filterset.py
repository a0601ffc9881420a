"""ListingFilterSet: what every listing's FilterSet (directory/filters.py) shares, and the
builders its filters are declared with.

Beyond filtering, a FilterSet describes its panel: which filters are checkbox lists with
facet counts, year ranges or selects. A facet counts every entry matching the *other*
active filters (queryset_without); a type whose facet is not a column says how to count it
with a `count_<name>()` method (hubs' support flags).
"""

import functools
import hashlib

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.forms import ListingForm
from directory.fragments import cached_many
from directory.models import (
    MAX_YEAR,
    MIN_YEAR,
    Sector,
)
from directory.page_keys import QueryParams
from directory.search import MAX_QUERY_LENGTH

SORT_CHOICES = [
    ("name", _("Name")),
    ("newest", _("Newest")),
    ("updated", _("Recently updated")),
]
DEFAULT_SORT = "name"
# A select lists at most this many related entries; the rest remain reachable by URL.
MAX_SELECT_OPTIONS = 200
# Ignored values are echoed back to the visitor, shortened.
MAX_ECHO_LENGTH = 40


def sector_choices():
    """(slug, name) of every sector, in the visitor's language: the same on every listing
    until the next change, so kept in the fragment cache."""
    key = f"sectors:{get_language() or 'en'}"

    def build(missing):
        return {key: [(sector.slug, sector.name) for sector in Sector.objects.all()]}

    return cached_many([key], build)[key]


def choice_filter(choices, label, **kwargs):
    """A repeatable parameter whose values must be among `choices` (OR between values)."""
    return django_filters.MultipleChoiceFilter(
        choices=choices, label=label, distinct=False, **kwargs
    )


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def year_filter(field_name, lookup_expr, label):
    """A year bound: a whole number in the range the database accepts."""
    return YearFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        label=label,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
    )


def slug_filter(model, field_name, label):
    """A published entry of `model`, named by its slug, that results must relate to."""
    return django_filters.ModelChoiceFilter(
        queryset=lambda request: model.objects.published(),
        to_field_name="slug",
        field_name=field_name,
        label=label,
    )


class ListingFilterSet(django_filters.FilterSet):
    """What every listing shares: free text, sectors, sorting, facet counts, removable
    chips and the values it ignored."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=MAX_QUERY_LENGTH)
    # Its choices, the sectors editors keep, are set per request in __init__.
    sector = django_filters.MultipleChoiceFilter(method="filter_sector", label=_("Sector"))
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_sort", label=_("Sort by"), empty_label=None
    )

    # How the panel shows the filters: checkbox lists with facet counts, in panel order;
    # (legend, (min, max)) year ranges; selects of related published entries.
    checkbox_filters = ("kind", "sector")
    range_filters = ()
    select_filters = ()

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = self._meta.model.objects.published()
        # Unbound, a listing is simply unfiltered (the form still validates, empty).
        super().__init__(QueryDict() if data is None else data, queryset, **kwargs)
        self.filters["sector"].extra["choices"] = sector_choices()

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset.by_name())

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_sector(self, queryset, name, value):
        return queryset.in_sectors(value)

    def filter_sort(self, queryset, name, value):
        return queryset.ordered_by(value)

    @cached_property
    def cleaned(self):
        """The valid, non-empty values."""
        self.form.is_valid()
        data = self.form.cleaned_data
        return {name: value for name, value in data.items() if value not in (None, "", [])}

    @property
    def cache_name(self):
        """The name this listing's facet counts are kept under in the fragment cache."""
        return self._meta.model._meta.model_name

    @property
    def sort_order(self):
        return self.cleaned.get("sort", DEFAULT_SORT)

    def queryset_without(self, *excluded):
        """The entries matching every active filter but the `excluded` ones, unordered: what
        a facet's counts are measured against."""
        queryset = self.queryset
        for name, value in self.cleaned.items():
            if name not in (*excluded, "sort"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    # --- Facets --------------------------------------------------------------------------

    def facet_counts(self, name):
        """{value: count} for one checkbox filter, reflecting every other active filter."""
        count = getattr(self, f"count_{name}", None)
        if count is not None:
            return count()
        counts = self.queryset_without(name).value_counts(self.filters[name].field_name)
        return {str(value): n for value, n in counts.items()}  # as the choices name them

    def count_sector(self):
        return self.queryset_without("sector").sector_counts()

    def choices(self, name):
        return list(self.form.fields[name].choices)

    @cached_property
    def selection_digest(self):
        """A digest of the selected filters, the sort order aside: what one selection's
        facet counts and filter panel are kept under in the fragment cache, the same for
        every page and sort order of it. None for a free-text search, whose words are not a
        bounded set of values."""
        if "q" in self.cleaned:
            return None
        selection = QueryDict(self.query, mutable=True)
        selection.pop("sort", None)
        return hashlib.sha256(selection.urlencode().encode()).hexdigest()

    def kept_per_selection(self, name, compute):
        """`compute()`, kept in the fragment cache per listing and selection: it serves
        every page and sort order of the selection, full page and htmx partial alike."""
        if self.selection_digest is None:
            return compute()
        key = f"{name}:{self.cache_name}:{self.selection_digest}"
        return cached_many([key], lambda missing: {key: compute()})[key]

    def all_facet_counts(self):
        """{name: facet_counts(name)} for every checkbox filter."""
        return self.kept_per_selection(
            "facets", lambda: {name: self.facet_counts(name) for name in self.checkbox_filters}
        )

    def count(self):
        """How many entries the selection matches."""
        return self.kept_per_selection("count", self.qs.count)

    def checkbox_groups(self):
        groups = []
        all_counts = self.all_facet_counts()
        for name in self.checkbox_filters:
            counts = all_counts[name]
            selected = set(self.cleaned.get(name, ()))
            options = [
                {
                    "value": value,
                    "label": label,
                    "count": counts.get(value, 0),
                    "checked": value in selected,
                    "id": f"id_{name}_{value}",
                }
                for value, label in self.choices(name)
            ]
            groups.append({"name": name, "legend": self.filters[name].label, "options": options})
        return groups

    def range_groups(self):
        return [
            {
                "legend": legend,
                "fields": [
                    {
                        "name": name,
                        "label": self.filters[name].label,
                        "value": self.cleaned.get(name, ""),
                        "min": MIN_YEAR,
                        "max": MAX_YEAR,
                    }
                    for name in names
                ],
            }
            for legend, names in self.range_filters
        ]

    def select_options(self, name):
        """[(slug, name)] of the entries worth offering in the `name` select (those linked
        from a published entry of this listing), by name: the same for every visitor until
        the next change, so kept in the fragment cache."""
        language = get_language() or "en"
        listed = self._meta.model
        key = f"options:{language}:{listed._meta.model_name}:{name}"
        field_name = self.filters[name].field_name

        def build(missing):
            related = listed._meta.get_field(field_name).related_model
            candidates = related.objects.published().linked_from(listed, field_name)
            entries = candidates.by_name()[:MAX_SELECT_OPTIONS]
            return {key: [(entry.slug, entry.name) for entry in entries]}

        return cached_many([key], build)[key]

    def select_groups(self):
        groups = []
        for name in self.select_filters:
            options = self.select_options(name)
            current = self.cleaned.get(name)
            selected = current.slug if current is not None else ""
            if current is not None and selected not in dict(options):
                # Offered even without matches, so the form shows what is selected.
                options = [(selected, current.name), *options]
            groups.append(
                {
                    "name": name,
                    "key": f"{self._meta.model._meta.model_name}:{name}",
                    "label": self.filters[name].label,
                    "options": options,
                    "selected": selected,
                }
            )
        return groups

    # --- What the page says about the filters ----------------------------------------

    def ignored_values(self):
        self.form.is_valid()
        return [
            {"label": self.filters[name].label, "value": value[:MAX_ECHO_LENGTH]}
            for name, value in self.form.ignored
        ]

    def chips(self):
        """One removable chip per active filter value (sorting is not a filter)."""
        chips = []
        for name, value in self.cleaned.items():
            if name == "sort":
                continue
            field = self.form.fields[name]
            # A ModelChoiceField's choices would read every entry: its value has a name.
            labels = {} if hasattr(field, "queryset") else dict(getattr(field, "choices", ()))
            for item in value if isinstance(value, list) else [value]:
                raw = str(getattr(item, "slug", item))
                chips.append(
                    {
                        "label": self.filters[name].label,
                        "value": str(getattr(item, "name", labels.get(raw, item))),
                        "query": self.query_without(name, raw),
                    }
                )
        return chips

    @cached_property
    def query(self):
        """The usable filters as a query string: what every link on the page keeps."""
        return self.form.query()

    def query_without(self, name, value):
        data = QueryDict(self.query, mutable=True)
        data.setlist(name, [v for v in data.getlist(name) if v != value])
        return data.urlencode()

    def query_for_page(self, number):
        # The page number last, as appending it to a copy of the data would put it.
        if number <= 1:
            return self.query
        return f"{self.query}&page={number}" if self.query else f"page={number}"

    def clear_query(self):
        """Clearing the filters keeps the chosen sort order."""
        return f"sort={self.cleaned['sort']}" if "sort" in self.cleaned else ""

    def is_filtered(self):
        return any(name != "sort" for name in self.cleaned)

    @classmethod
    @functools.cache
    def query_params(cls):
        """The query parameters the listing reads, for the page cache's key: the filters
        (the multiple-choice ones repeatable) and the page number."""
        filters = cls.base_filters.items()
        many = [name for name, f in filters if issubclass(f.field_class, forms.MultipleChoiceField)]
        single = [*(name for name, _f in filters if name not in many), "page"]
        lengths = {name: f.extra["max_length"] for name, f in filters if "max_length" in f.extra}
        return QueryParams(frozenset(single), frozenset(many), lengths)

    class Meta:
        form = ListingForm
