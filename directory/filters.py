"""One FilterSet per listing. Their parameter names are the public URL contract:

every listing: q, sector (repeatable), kind (repeatable; challenges use category), sort, page
institutions: district, founded_min, founded_max, parent, hub
hubs: district, support, operator
policies: status, issuer, year_min, year_max, challenge
challenges: category, policy

Bad input never fails a page: unknown choices, malformed years and unknown slugs are dropped
and listed in `ignored`, so the page can say what it left out.
"""

import copy

import django_filters
from django import forms
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.fragments import cached_many
from directory.markup import option_tags, with_selected
from directory.models import (
    MAX_QUERY_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
    Challenge,
    District,
    Hub,
    Institution,
    Policy,
    PublicationStatus,
    Sector,
    compiled_rows,
    sector_bit,
)

SORT_CHOICES = [
    ("name", _("Name")),
    ("newest", _("Newest")),
    ("updated", _("Recently updated")),
]
DEFAULT_SORT = "name"
# No visitor picks more values than this for one parameter; it bounds the SQL.
MAX_VALUES_PER_PARAM = 30
# A select lists at most this many related entries; the rest remain reachable by URL.
MAX_SELECT_OPTIONS = 200
# Ignored values are echoed back to the visitor, shortened.
MAX_ECHO_LENGTH = 40


class YearFilter(django_filters.NumberFilter):
    """A year bound: a whole number in the range the database accepts."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


def choice_filter(choices, label, **kwargs):
    """A repeatable parameter whose values must be among `choices` (OR between values)."""
    return django_filters.MultipleChoiceFilter(
        choices=choices, method="filter_in", label=label, **kwargs
    )


def slug_filter(model, field_name, label):
    """A published entry of `model`, named by its slug, that results must relate to."""
    # A callable, not a queryset: every request deep-copies the FilterSet's filters, and
    # copying a queryset (its whole query tree) was most of that cost.
    return django_filters.ModelChoiceFilter(
        queryset=lambda request: model.objects.published(),
        to_field_name="slug",
        field_name=field_name,
        label=label,
    )


def related_to(model, links):
    """Published entries of `model` that `links` has a row for (a queryset filtered on
    OuterRef("pk")). A select lists them in name order, at most MAX_SELECT_OPTIONS: read in
    the (status, name) index's order, EXISTS stops at the last option shown, where an IN
    subquery first collected every related entry (measured on SQLite at 10,000 per type:
    14-25 ms down to 0.5-2 ms)."""
    return model.objects.published().filter(Exists(links))


# ListingFilterSet.get_form_class() keeps one per FilterSet class and sector choices.
FORM_CLASSES = {}
MAX_FORM_CLASSES = 64
# ListingFilterSet.shaped_rows()'s store for compiled_rows().
STATEMENTS = {}
# Values that stand for a filter's values while a shape's SQL is compiled: unlike any
# constant in the SQL, so each comes out as a parameter of its own (numbers within a small
# integer column's range: the ORM drops a comparison with a number its column cannot hold).
STAND_IN_NUMBER = 32_000
STAND_IN_TEXT = "\x1fstand-in-{}\x1f"


def cached_sectors():
    """(pk, slug, name) of every sector, the name in the visitor's language: the same on
    every listing until the next change, so kept in the fragment cache (a query on every
    listing before)."""
    key = f"sectors:{get_language() or 'en'}"

    def build(missing):
        return {key: [(sector.pk, sector.slug, sector.name) for sector in Sector.objects.all()]}

    return cached_many([key], build)[key]


class ResultKeys:
    """The primary keys of the entries a FilterSet finds, in display order, as a Paginator
    pages through them: counted from the facet table, and only the page's keys read, by
    SQL compiled once per shape (ListingFilterSet.shaped_rows)."""

    def __init__(self, filterset):
        self.filterset = filterset

    def count(self):
        return self.filterset.total()

    def __getitem__(self, page):
        start, stop = page.start or 0, page.stop
        if stop <= start:
            return []
        rows = self.filterset.shaped_rows(
            ("page", start, stop), lambda fs: fs.qs[start:stop].values_list("pk"), ["pk"]
        )
        return [pk for (pk,) in rows]


class ListingFilterSet(django_filters.FilterSet):
    """What every listing shares: free text, sectors, kinds, sorting, and the bookkeeping
    for facet counts, removable chips and ignored input."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    sector = django_filters.MultipleChoiceFilter(method="filter_sector", label=_("Sector"))
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_noop", label=_("Sort by"), empty_label=None
    )

    # Multi-value filters shown as checkbox lists with facet counts, in panel order.
    checkbox_filters = ("kind", "sector")
    # (min, max) year filters shown as a pair of number inputs.
    range_filters = ()
    # Slug filters shown as a select of related published entries.
    select_filters = ()
    # Filters whose facet counts come from boolean columns (hub support): AND semantics.
    flag_filters = ()
    # Filters whose values change the SQL itself, not only its parameters (shaped_rows).
    shaping_filters = ("sort",)
    # Filters whose values the SQL does not take as they are (search words become
    # patterns): a query with one is built through the ORM every time.
    unshaped_filters = ("q",)

    def __init__(self, data=None, *, request=None):
        # Not django-filter's __init__: it deep-copies every filter on each request (their
        # lazy labels and choices were a fifth of a listing's ORM and form work). A filter
        # only needs its own `parent` and `extra`; the rest is read-only and shared.
        self.queryset = self._meta.model.objects.published()
        self.request = request
        self.form_prefix = None
        self.filters = {}
        for name, base in self.base_filters.items():
            flt = self.filters[name] = copy.copy(base)
            flt.extra = dict(base.extra)
            flt.model = self.queryset.model
            flt.parent = self
            if base.method is not None:
                flt.method = base.method  # rebinds its FilterMethod to this copy's parent
        sectors = cached_sectors()
        self.sector_ids = {slug: pk for pk, slug, _name in sectors}
        self.filters["sector"].extra["choices"] = [(slug, name) for _pk, slug, name in sectors]
        self.data, self.ignored = self._sanitize(data if data is not None else QueryDict())
        self.is_bound = True

    # --- Input cleaning -----------------------------------------------------------------

    def get_form_class(self):
        """The validating form's class. It depends only on the FilterSet class and the
        sector choices, so it is built once per pair (django-filter builds it, and every
        field, on each request: 0.6 ms of a listing's CPU). Forms copy their fields, so the
        shared class is never changed by a request."""
        key = (type(self), tuple(self.choices("sector")))
        form_class = FORM_CLASSES.get(key)
        if form_class is None:
            if len(FORM_CLASSES) >= MAX_FORM_CLASSES:
                FORM_CLASSES.clear()  # sectors renamed often: start again
            form_class = FORM_CLASSES[key] = super().get_form_class()
        return form_class

    def _sanitize(self, data):
        """Keep only known parameters and known choices; return (clean data, ignored)."""
        clean = QueryDict(mutable=True)
        ignored = []
        # Filters in panel order, sorting last, so rebuilt URLs read naturally.
        names = sorted(self.filters, key=lambda name: name == "sort")
        for name in names:
            flt = self.filters[name]
            values = [v.replace("\x00", "").strip() for v in data.getlist(name)]
            values = list(dict.fromkeys(v for v in values if v))[:MAX_VALUES_PER_PARAM]
            if not values:
                continue
            choices = flt.extra.get("choices")
            if choices is not None:
                known = {str(value) for value, _label in choices}
                ignored += [(name, v) for v in values if v not in known]
                values = [v for v in values if v in known]
            if not values:
                continue
            if isinstance(flt, django_filters.MultipleChoiceFilter):
                clean.setlist(name, values)
            else:
                clean[name] = values[-1][:MAX_QUERY_LENGTH] if name == "q" else values[-1]
        return clean, ignored

    @property
    def cleaned(self):
        """The valid, non-empty values, after validation (invalid ones join `ignored`)."""
        return self._validated[0]

    @property
    def errors(self):
        """{name: ValidationError} for the values the form's fields rejected."""
        return self._validated[1]

    @cached_property
    def _validated(self):
        """(valid non-empty values, errors). Each value goes straight through the shared
        form class's field: a form instance would deep-copy every field first (0.3 ms a
        request), and these forms have nothing more (no prefix, initial data or clean())."""
        cleaned, errors = {}, {}
        for name, field in self.get_form_class().base_fields.items():
            raw = field.widget.value_from_datadict(self.data, {}, name)
            try:
                value = field.clean(raw)
            except forms.ValidationError as error:
                errors[name] = error
                self.ignored.append((name, self.data.pop(name)[-1]))
                continue
            if value not in (None, "", [], ()):
                cleaned[name] = value
        return cleaned, errors

    def filter_queryset(self, queryset):
        for name, value in self.cleaned.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset.ordered_by(self.sort_order)

    @property
    def sort_order(self):
        return self.cleaned.get("sort", DEFAULT_SORT)

    def queryset_without(self, *excluded):
        """The published entries matching every active filter except the `excluded` ones
        (none left out when called without names): what a facet's counts are measured
        against."""
        queryset = self.queryset.all()
        for name, value in self.cleaned.items():
            if name in excluded or name == "sort":
                continue
            if name == "sector" and self.sector_masks_usable:
                # A facet counts every matching entry: their sector_mask, in the index.
                queryset = queryset.in_sector_mask(self.sector_mask)
            elif name == "sector":
                # Or the sectors' entries listed once, each entry probed in the list.
                queryset = queryset.in_sector_ids(self.ids_of_sectors(value), counting=True)
            else:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    # --- SQL compiled once per shape ----------------------------------------------------

    def shaped_rows(self, purpose, build, names):
        """The rows of `build(filterset)`, a values_list() queryset of plain columns and
        counts, with these `names` (its fields and annotations) in order. Its SQL depends
        only on the shape of the active filters (which ones, how many values each, the sort
        order) and the language: compiled once per shape from stand-in values, then run
        with the real ones. Built through the ORM, each of a listing's three queries cost
        ~1 ms of CPU, five times what running it did."""
        shaped = self._shape
        if shaped is None:
            return list(build(self))
        shape, values, stand_in = shaped
        key = (
            type(self),
            purpose,
            self.queryset.db,
            get_language(),
            shape,
            self.sector_masks_usable,
        )
        return compiled_rows(
            STATEMENTS,
            key,
            lambda: build(stand_in()),
            lambda: build(self),
            stand_in.placeholders,
            values,
            self.queryset.db,
            names=names,
            all_used=False,
        )

    @cached_property
    def _shape(self):
        """(shape, parameter values, stand-in) for shaped_rows(), or None when a filter
        in use cannot be shaped. The stand-in builds a FilterSet of this class whose
        filters hold placeholders in place of the values, its `placeholders` in the order
        of the values."""
        if any(name in self.unshaped_filters for name in self.cleaned):
            return None
        shape, values, stand_ins, sector_ids, placeholders = [], [], {}, {}, []
        mask = None

        def placeholder(value):
            number = len(placeholders)
            stand_in = (
                STAND_IN_TEXT.format(number) if isinstance(value, str) else STAND_IN_NUMBER - number
            )
            placeholders.append(stand_in)
            return stand_in

        # In the order the filters apply, so the stand-ins build the same SQL.
        for name, value in self.cleaned.items():
            if name in self.shaping_filters:
                shape.append((name, tuple(value) if isinstance(value, list) else value))
                stand_ins[name] = value
            elif name == "sector":
                shape.append((name, len(value)))
                # The SQL holds the sectors' keys: stand-in slugs name stand-in keys.
                stand_ins[name] = []
                for slug in value:
                    stand_ins[name].append(f"stand-in-{len(stand_ins[name])}")
                    sector_ids[stand_ins[name][-1]] = placeholder(self.sector_ids[slug])
                    values.append(self.sector_ids[slug])
                mask = placeholder(self.sector_mask)
                values.append(self.sector_mask)
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                shape.append((name, len(value)))
                stand_ins[name] = [placeholder(v) for v in value]
                values += value
            elif isinstance(value, models.Model):
                shape.append((name, 1))
                stand_ins[name] = type(value)(pk=placeholder(value.pk))
                values.append(value.pk)
            elif type(value) is int:
                shape.append((name, 1))
                stand_ins[name] = placeholder(value)
                values.append(value)
            else:
                return None

        def stand_in():
            filterset = type(self)(request=self.request)
            filterset._validated = (stand_ins, {})
            filterset.sector_ids = sector_ids
            filterset.sector_masks_usable = self.sector_masks_usable
            filterset.sector_mask = mask
            return filterset

        stand_in.placeholders = placeholders
        return tuple(shape), values, stand_in

    # --- Filter methods -----------------------------------------------------------------

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_sector(self, queryset, name, value):
        return queryset.in_sector_ids(self.ids_of_sectors(value))

    def ids_of_sectors(self, slugs):
        return [self.sector_ids[slug] for slug in slugs]

    @cached_property
    def sector_masks_usable(self):
        """Whether every sector has a bit in the entries' sector_mask (keys up to 63)."""
        return all(sector_bit(pk) for pk in self.sector_ids.values())

    @cached_property
    def sector_mask(self):
        """The bits of the selected sectors (EntryQuerySet.in_sector_mask)."""
        return sum(sector_bit(pk) for pk in self.ids_of_sectors(self.cleaned.get("sector", ())))

    def filter_in(self, queryset, name, value):
        return queryset.filter(**{f"{name}__in": value})

    # --- What the templates show --------------------------------------------------------

    def facet_counts(self, name):
        """{value: count} for one checkbox filter, reflecting every other active filter,
        counted on its own (facet_table() counts them all together)."""
        if name in self.flag_filters:
            fields = {value: Hub.support_field(value) for value, _label in self.choices(name)}
            counts = self.queryset_without().flag_counts(fields.values())
            return {value: counts[field] for value, field in fields.items()}
        if name == "sector":
            return self.sector_facet_counts()
        return self.queryset_without(name).value_counts(self.filters[name].field_name)

    def sector_facet_counts(self):
        """{sector slug: count}, reflecting every other active filter."""
        if not any(other not in ("sector", "sort") for other in self.cleaned):
            # Nothing else narrows them: count every published entry's sectors the cheap way.
            return self.queryset.published_sector_counts()
        if self.sector_masks_usable:
            # Entries counted by their set of sectors, in a facet index; each set's bits
            # then add its count to each of its sectors.
            rows = self.shaped_rows(
                "sector masks",
                lambda fs: fs.queryset_without("sector").sector_mask_count_rows(),
                ["sector_mask", "n"],
            )
            return {
                slug: n
                for slug, pk in self.sector_ids.items()
                if (n := sum(count for mask, count in rows if mask & sector_bit(pk)))
            }
        counts = dict(
            self.shaped_rows(
                "sectors",
                lambda fs: fs.queryset_without("sector").sector_id_count_rows(),
                ["sectors", "n"],
            )
        )
        return {slug: counts[pk] for slug, pk in self.sector_ids.items() if pk in counts}

    def choices(self, name):
        return self.filters[name].extra["choices"]

    def column_facets(self):
        """The checkbox filters whose facet counts are their column's values."""
        return [n for n in self.checkbox_filters if n not in (*self.flag_filters, "sector")]

    @cached_property
    def facet_table(self):
        """The entries matching every active filter except the column facets, counted per
        combination of those columns' values (EntryQuerySet.value_rows): each column facet
        and the total are sums of its rows, every other active column filter checked on the
        row's own values. One query, read in a (status, columns...) index, where each facet
        in use ran its own and the paginator a COUNT (the policies listing filtered by
        sector and status: three queries fewer, about 1 ms of CPU each)."""
        fields = [self.filters[name].field_name for name in self.column_facets()]
        return self.shaped_rows(
            "facets",
            lambda fs: fs.queryset_without(*fs.column_facets()).value_rows(fields),
            [*fields, "n"],
        )

    def result_keys(self):
        """The matching entries' primary keys, in order, for a Paginator to slice."""
        return ResultKeys(self)

    def _facet_rows(self, except_name=None):
        """(values by facet name, n) of facet_table rows meeting every active column filter
        but `except_name`'s."""
        names = self.column_facets()
        wanted = {
            index: set(self.cleaned[name])
            for index, name in enumerate(names)
            if name in self.cleaned and name != except_name
        }
        for *values, n in self.facet_table:
            if all(values[index] in allowed for index, allowed in wanted.items()):
                yield dict(zip(names, values, strict=True)), n

    def total(self):
        """How many entries match every active filter (the paginator's count)."""
        return sum(n for _values, n in self._facet_rows())

    def all_facet_counts(self):
        """{name: facet_counts(name)} for every checkbox filter: the column facets from
        facet_table(), the others by their own query."""
        counts = {}
        for name in self.column_facets():
            found = counts[name] = {}
            for values, n in self._facet_rows(except_name=name):
                found[values[name]] = found.get(values[name], 0) + n
        for name in self.checkbox_filters:
            if name not in counts:
                counts[name] = self.facet_counts(name)
        return {name: counts[name] for name in self.checkbox_filters}

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

    def select_options(self, names):
        """{name: ([(slug, label), ...], their <option> tags)} for the selects: the same for
        every visitor until the next change, so kept in the fragment cache, rendered."""
        language = get_language() or "en"
        columns = (
            ["name_en"] if language == "en" else [f"name_{language.replace('-', '_')}", "name_en"]
        )
        model_name = self._meta.model._meta.model_name
        keys = {f"options:{language}:{model_name}:{name}": name for name in names}

        def build(missing):
            built = {}
            for key in missing:
                candidates = self.select_candidates(keys[key])
                rows = candidates.by_name()[:MAX_SELECT_OPTIONS].values_list("slug", *columns)
                # The visitor's language where written, else English.
                options = [(row[0], next((n for n in row[1:] if n), "")) for row in rows]
                built[key] = (options, str(option_tags(options)))
            return built

        found = cached_many(list(keys), build)
        return {name: found[key] for key, name in keys.items()}

    def select_groups(self):
        groups = []
        all_options = self.select_options(self.select_filters)
        for name in self.select_filters:
            options, tags = all_options[name]
            current = self.cleaned.get(name)
            selected = current.slug if current is not None else ""
            if current is not None and any(slug == selected for slug, _label in options):
                tags = with_selected(tags, selected)
            elif current is not None:
                # Offered even without matches, so the form shows what is selected.
                first = [(selected, current.name)]
                options = first + options
                tags = "\n".join(filter(None, [option_tags(first, selected), tags]))
            groups.append(
                {
                    "name": name,
                    "label": self.filters[name].label,
                    "options": options,
                    "option_tags": mark_safe(tags),
                    "selected": selected,
                }
            )
        return groups

    def select_candidates(self, name):
        """Published entries worth offering in the `name` select (those with matches)."""
        raise NotImplementedError

    def ignored_values(self):
        return [
            {"label": self.filters[name].label, "value": value[:MAX_ECHO_LENGTH]}
            for name, value in self.ignored
        ]

    def chips(self):
        """One removable chip per active filter value (sorting is not a filter)."""
        labels = {}
        for name in self.filters:
            choices = self.filters[name].extra.get("choices")
            if choices is not None:
                labels[name] = {str(value): label for value, label in choices}
        chips = []
        for name, value in self.cleaned.items():
            if name == "sort":
                continue
            values = value if isinstance(value, list) else [value]
            for item in values:
                raw = getattr(item, "slug", item)
                shown = labels.get(name, {}).get(str(raw), item)
                chips.append(
                    {
                        "label": self.filters[name].label,
                        "value": str(getattr(item, "name", shown)),
                        "query": self.query_without(name, str(raw)),
                    }
                )
        return chips

    def query_without(self, name, value):
        data = self.data.copy()
        data.setlist(name, [v for v in data.getlist(name) if v != value])
        return data.urlencode()

    def clear_query(self):
        """Clearing the filters keeps the chosen sort order."""
        data = QueryDict(mutable=True)
        if "sort" in self.cleaned:
            data["sort"] = self.cleaned["sort"]
        return data.urlencode()

    @cached_property
    def query(self):
        """The cleaned filters as a query string (never a page number: it is not a filter)."""
        self.cleaned  # noqa: B018 (validation drops invalid values from the data first)
        return self.data.urlencode()

    def query_for_page(self, number):
        # The page number last, as appending it to a copy of the data would put it.
        if number <= 1:
            return self.query
        return f"{self.query}&page={number}" if self.query else f"page={number}"

    def is_filtered(self):
        return any(name != "sort" for name in self.cleaned)


class InstitutionFilterSet(ListingFilterSet):
    kind = choice_filter(Institution.Kind.choices, _("Kind"))
    district = choice_filter(District.choices, _("District"))
    founded_min = YearFilter(field_name="founded", lookup_expr="gte", label=_("Founded from"))
    founded_max = YearFilter(field_name="founded", lookup_expr="lte", label=_("Founded until"))
    parent = slug_filter(Institution, "parent", _("Part of"))
    hub = slug_filter(Hub, "hubs", _("Hub"))

    checkbox_filters = ("kind", "sector", "district")
    range_filters = ((_("Year founded"), ("founded_min", "founded_max")),)
    select_filters = ("parent", "hub")

    class Meta:
        model = Institution
        fields = []

    def select_candidates(self, name):
        if name == "parent":
            return related_to(
                Institution, Institution.objects.published().filter(parent=OuterRef("pk"))
            )
        based = Institution.hubs.through.objects.filter(
            hub=OuterRef("pk"), institution__status=PublicationStatus.PUBLISHED
        )
        return related_to(Hub, based)


class HubFilterSet(ListingFilterSet):
    kind = choice_filter(Hub.Kind.choices, _("Kind"))
    district = choice_filter(District.choices, _("District"))
    # Hubs offering every chosen kind of support (AND), unlike the other choices.
    support = django_filters.MultipleChoiceFilter(
        choices=Hub.Support.choices, method="filter_support", label=_("Support offered")
    )
    operator = slug_filter(Institution, "operator", _("Operator"))

    checkbox_filters = ("kind", "support", "sector", "district")
    flag_filters = ("support",)
    shaping_filters = ("sort", "support")  # each kind of support tests its own column
    select_filters = ("operator",)

    class Meta:
        model = Hub
        fields = []

    def filter_support(self, queryset, name, value):
        return queryset.offering(value)

    def select_candidates(self, name):
        return related_to(Institution, Hub.objects.published().filter(operator=OuterRef("pk")))


class PolicyFilterSet(ListingFilterSet):
    kind = choice_filter(Policy.Kind.choices, _("Kind"))
    status = choice_filter(Policy.Stage.choices, _("Status"), field_name="stage")
    year_min = YearFilter(field_name="announced_year", lookup_expr="gte", label=_("From year"))
    year_max = YearFilter(field_name="announced_year", lookup_expr="lte", label=_("Until year"))
    issuer = slug_filter(Institution, "issuer", _("Issued by"))
    challenge = slug_filter(Challenge, "challenges", _("Challenge addressed"))

    checkbox_filters = ("status", "kind", "sector")
    range_filters = ((_("Year announced"), ("year_min", "year_max")),)
    select_filters = ("issuer", "challenge")

    class Meta:
        model = Policy
        fields = []

    def select_candidates(self, name):
        if name == "issuer":
            return related_to(Institution, Policy.objects.published().filter(issuer=OuterRef("pk")))
        addressed = Policy.challenges.through.objects.filter(
            challenge=OuterRef("pk"), policy__status=PublicationStatus.PUBLISHED
        )
        return related_to(Challenge, addressed)


class ChallengeFilterSet(ListingFilterSet):
    category = choice_filter(Challenge.Category.choices, _("Category"))
    policy = slug_filter(Policy, "policies", _("Addressed by policy"))

    checkbox_filters = ("category", "sector")
    select_filters = ("policy",)

    class Meta:
        model = Challenge
        fields = []

    def select_candidates(self, name):
        addressing = Policy.challenges.through.objects.filter(
            policy=OuterRef("pk"), challenge__status=PublicationStatus.PUBLISHED
        )
        return related_to(Policy, addressing)
