"""How the OpenAPI schema describes the listings' filters (drf-spectacular's django-filter
support, extended): a choice filter whose choices are only known per request (the sectors
editors keep) is documented as a repeatable string, not guessed at with a warning."""

import copy

from django_filters import MultipleChoiceFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


class ListingFilterExtension(DjangoFilterExtension):
    target_class = "opendata.api.views.ListingFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if isinstance(filter_field, MultipleChoiceFilter) and not filter_field.extra.get("choices"):
            filter_field = extend_schema_field(OpenApiTypes.STR)(copy.copy(filter_field))
        return super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
