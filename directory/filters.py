"""One FilterSet per listing. Their parameter names are the public URL contract:

every listing: q, sector (repeatable), kind (repeatable; challenges use category), sort, page
institutions: district, founded_min, founded_max, parent, hub
hubs: district, support, operator
policies: status, issuer, year_min, year_max, challenge
challenges: category, policy
collaborations: region (of a partner), status, year_min, year_max, institution, hub

Bad input never fails a page: the form (directory/forms.py) drops unknown choices, malformed
years and unknown slugs, and lists them in `ignored_values()` for the page to say so.

The machinery they share (the forgiving form, the panel, facet counts, the page cache's
parameters) is ListingFilterSet, in directory/listing_filterset.py.
"""

from django.utils.translation import gettext_lazy as _

from directory.listing_filterset import (
    ListingFilterSet,
    choice_filter,
    slug_filter,
    year_filter,
)
from directory.models import (
    Challenge,
    Collaboration,
    District,
    Hub,
    Institution,
    Policy,
    Region,
)


class InstitutionFilterSet(ListingFilterSet):
    kind = choice_filter(Institution.Kind.choices, _("Kind"))
    district = choice_filter(District.choices, _("District"))
    founded_min = year_filter("founded", "gte", _("Founded from"))
    founded_max = year_filter("founded", "lte", _("Founded until"))
    parent = slug_filter(Institution, "parent", _("Part of"))
    hub = slug_filter(Hub, "hubs", _("Hub"))

    checkbox_filters = ("kind", "sector", "district")
    range_filters = ((_("Year founded"), ("founded_min", "founded_max")),)
    select_filters = ("parent", "hub")

    class Meta(ListingFilterSet.Meta):
        model = Institution
        fields = []


class HubFilterSet(ListingFilterSet):
    kind = choice_filter(Hub.Kind.choices, _("Kind"))
    district = choice_filter(District.choices, _("District"))
    # Hubs offering every chosen kind of support (AND), unlike the other choices.
    support = choice_filter(Hub.Support.choices, _("Support offered"), method="filter_support")
    operator = slug_filter(Institution, "operator", _("Operator"))

    checkbox_filters = ("kind", "support", "sector", "district")
    select_filters = ("operator",)

    class Meta(ListingFilterSet.Meta):
        model = Hub
        fields = []

    def filter_support(self, queryset, name, value):
        return queryset.offering(value)

    def count_support(self):
        """Each kind of support among the hubs matching every filter, this one included:
        choosing another narrows the results (AND)."""
        columns = {value: Hub.support_field(value) for value in Hub.Support.values}
        counts = self.queryset_without().flag_counts(columns.values())
        return {value: counts[column] for value, column in columns.items()}


class PolicyFilterSet(ListingFilterSet):
    kind = choice_filter(Policy.Kind.choices, _("Kind"))
    status = choice_filter(Policy.Stage.choices, _("Status"), field_name="stage")
    year_min = year_filter("announced_year", "gte", _("From year"))
    year_max = year_filter("announced_year", "lte", _("Until year"))
    issuer = slug_filter(Institution, "issuer", _("Issued by"))
    challenge = slug_filter(Challenge, "challenges", _("Challenge addressed"))

    checkbox_filters = ("status", "kind", "sector")
    range_filters = ((_("Year announced"), ("year_min", "year_max")),)
    select_filters = ("issuer", "challenge")

    class Meta(ListingFilterSet.Meta):
        model = Policy
        fields = []


class ChallengeFilterSet(ListingFilterSet):
    category = choice_filter(Challenge.Category.choices, _("Category"))
    policy = slug_filter(Policy, "policies", _("Addressed by policy"))

    checkbox_filters = ("category", "sector")
    select_filters = ("policy",)

    class Meta(ListingFilterSet.Meta):
        model = Challenge
        fields = []


class CollaborationFilterSet(ListingFilterSet):
    kind = choice_filter(Collaboration.Kind.choices, _("Kind"))
    # Collaborations with a partner in any chosen country or region (a partner is a row of
    # its own, so this is an EXISTS, counted by count_region).
    region = choice_filter(Region.choices, _("Partner country or region"), method="filter_region")
    status = choice_filter(Collaboration.Stage.choices, _("Status"), field_name="stage")
    year_min = year_filter("started", "gte", _("From year"))
    year_max = year_filter("started", "lte", _("Until year"))
    institution = slug_filter(Institution, "institutions", _("Hong Kong institution"))
    hub = slug_filter(Hub, "hubs", _("Hub"))

    checkbox_filters = ("region", "kind", "status", "sector")
    range_filters = ((_("Year started"), ("year_min", "year_max")),)
    select_filters = ("institution", "hub")

    class Meta(ListingFilterSet.Meta):
        model = Collaboration
        fields = []

    def filter_region(self, queryset, name, value):
        return queryset.with_partners_in(value)

    def count_region(self):
        return self.queryset_without("region").partner_region_counts()
