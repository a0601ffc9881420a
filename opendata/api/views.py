"""The API's views: one read-only viewset per entry type (made from ENTRY_MODELS), the
sectors, and the filtering and paging rules they share.

Filtering goes through the listing's own FilterSet (django-filter's DRF backend), so
`/api/v1/policies/?status=active&sector=fintech&q=AI` returns what `/en/policies/?…` lists.
Unlike the forgiving HTML listing, the API answers a value it cannot use with 400 and says
which: a program should know its query was not the one it meant.

A list reads only the page's primary keys; each record comes from the fragment cache, as a
listing's cards do, and is serialized (with its sectors, sources and links) only when no
save has happened since it was last stored.
"""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from directory.fragments import cached_many
from directory.models import ENTRY_MODELS, Sector
from opendata.api import schema  # noqa: F401  (registers the filters' documentation)
from opendata.api.serializers import SectorSerializer, serializer_for
from opendata.entry_types import filterset_for, with_links


class ListingFilterBackend(DjangoFilterBackend):
    """The listing's FilterSet, strict: unknown choices are an error too."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() or filterset.form.ignored:
            ignored = filterset.form.ignored
            raise ValidationError({name: [f"Not understood: {value}"] for name, value in ignored})
        return filterset.qs


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        number = super().get_page_number(request, paginator)
        if number != "last" and not (str(number).isdigit() and int(number) > 0):
            raise ValidationError({"page": ["A page number is a whole number from 1."]})
        return number


class EntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Published entries of one type; `entry_type` is set per type by `viewset_for`."""

    lookup_field = "slug"
    filter_backends = [ListingFilterBackend]
    pagination_class = Pagination
    entry_type = None

    def get_queryset(self):
        return with_links(self.entry_type.objects.published())

    def list(self, request, *args, **kwargs):
        filtered = self.filter_queryset(self.entry_type.objects.published())
        page = self.paginate_queryset(filtered.values_list("pk", flat=True))
        return self.get_paginated_response(self.records(list(page)))

    def records(self, pks):
        """The records of the entries with these primary keys, in that order."""
        # Records hold absolute URLs: one copy per host the site answers on.
        origin = self.request.build_absolute_uri("/")
        keys = {pk: f"api:{origin}:{self.entry_type._meta.model_name}:{pk}" for pk in pks}

        def serialize(missing):
            wanted = [pk for pk, key in keys.items() if key in missing]
            entries = list(self.get_queryset().filter(pk__in=wanted))
            records = self.get_serializer(entries, many=True).data
            pairs = zip(entries, records, strict=True)
            return {keys[entry.pk]: dict(record) for entry, record in pairs}

        found = cached_many(list(keys.values()), serialize)
        return [found[key] for key in keys.values() if key in found]


def viewset_for(model):
    plural = str(model._meta.verbose_name_plural)
    return type(
        f"{model.__name__}ViewSet",
        (EntryViewSet,),
        {
            "entry_type": model,
            "serializer_class": serializer_for(model),
            "filterset_class": filterset_for(model),
            "queryset": model.objects.none(),  # for the schema; requests use get_queryset
            "__doc__": f"Published {plural}, filtered as their listing filters them.",
        },
    )


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    """The sectors entries belong to, in display order."""

    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    lookup_field = "slug"
    pagination_class = None


VIEWSETS = {model: viewset_for(model) for model in ENTRY_MODELS}
