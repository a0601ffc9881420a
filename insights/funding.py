"""The funding finder: which funding and talent schemes fit who is applying, in which
sector and at what stage.

FundingFinder is a listing FilterSet (directory/filters.py) over published schemes, so an
unknown value is dropped and reported rather than failing the page. A scheme listed in no
sector is meant for every sector, so it matches any sector chosen. Each scheme is shown as
a card from the fragment cache (the "scheme" card style), so a page reads only which
schemes match.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from directory.fragments import register_card_style
from directory.listing_filterset import ListingFilterSet
from directory.models import Policy

# Each list shows at most this many schemes (a real directory has a few dozen).
MAX_SCHEMES = 50

register_card_style(
    "scheme",
    lambda _model_name: "insights/partials/scheme.html",
    lambda schemes: schemes.with_card_relations(),
)


class FundingFinder(ListingFilterSet):
    q = None
    sort = None
    applicant = django_filters.ChoiceFilter(
        choices=Policy.Applicant.choices,
        method="filter_applicant",
        label=_("Who is applying"),
        empty_label=None,
    )
    stage = django_filters.ChoiceFilter(
        choices=Policy.ApplicantStage.choices,
        method="filter_stage",
        label=_("Stage"),
        empty_label=None,
    )

    checkbox_filters = ()

    class Meta(ListingFilterSet.Meta):
        model = Policy
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Policy.objects.published().schemes()
        super().__init__(data, queryset, **kwargs)

    @property
    def cache_name(self):
        return "funding"

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).by_applications()

    def filter_applicant(self, queryset, name, value):
        return queryset.open_to(value)

    def filter_stage(self, queryset, name, value):
        return queryset.for_applicant_stage(value)

    def filter_sector(self, queryset, name, value):
        return queryset.in_sectors_or_all(value)

    def schemes(self):
        """The matching schemes, open ones first."""
        return self.qs

    def unrecorded(self):
        """When the visitor named who applies or a stage: the schemes (in the chosen sector)
        whose eligibility is not recorded yet, which may fit too."""
        if not {"applicant", "stage"} & set(self.cleaned):
            return self.queryset.none()
        queryset = self.queryset.eligibility_unrecorded()
        if "sector" in self.cleaned:
            queryset = self.filter_sector(queryset, "sector", self.cleaned["sector"])
        return queryset.by_applications()

    def selects(self):
        """The form's three questions, each a select of its choices."""
        return [
            {
                "name": name,
                "label": self.filters[name].label,
                "choices": self.choices(name),
                "selected": self.cleaned.get(name, [""])[0]
                if name == "sector"
                else self.cleaned.get(name, ""),
            }
            for name in ("applicant", "sector", "stage")
        ]
