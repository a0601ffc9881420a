"""The district map: how many entries of a type each of Hong Kong's 18 districts holds.

Any entry type with a `district` field has a layer (institutions and hubs today); each
district is a link to that type's listing filtered by it, and entries without a district are
counted as "district not stated". The outlines are vendored in insights/geometry/.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from directory.models import ENTRY_MODELS, District
from directory.pages import COUNT_LABELS, LISTINGS, listing_href
from insights.geometry import DISTRICTS, VIEWBOX

# Shades of the map, lightest for none: a district's level among the counts.
LEVELS = 5
NOT_STATED = ""


def layer_models():
    """The entry types that record a district and have a listing."""
    return [
        model
        for model in ENTRY_MODELS
        if model in LISTINGS and any(f.name == "district" for f in model._meta.get_fields())
    ]


@dataclass
class Area:
    value: str
    name: str
    outline: str
    label_x: float
    label_y: float
    count: int
    href: str
    level: int
    link_label: str


def level(count, largest):
    """0 for none, then 1..LEVELS-1 in equal steps up to the largest count."""
    if not count:
        return 0
    return 1 + min(LEVELS - 2, (count - 1) * (LEVELS - 1) // max(largest, 1))


def counts_by_type():
    """{model: {district value or "": count}}: one query per type."""
    return {model: model.objects.published().value_counts("district") for model in layer_models()}


def count_label(model, count):
    """ "institution" or "institutions", as the count needs."""
    label = COUNT_LABELS.get(model)
    return label(count) if label else model._meta.verbose_name_plural


def areas(model, counts):
    """The 18 districts, in the government's order, with `model`'s counts and links."""
    largest = max((n for value, n in counts.items() if value != NOT_STATED), default=0)
    result = []
    for value, name in District.choices:
        outline, x, y = DISTRICTS[value]
        count = counts.get(value, 0)
        result.append(
            Area(
                value=value,
                name=name,
                outline=outline,
                label_x=x,
                label_y=y,
                count=count,
                href=listing_href(model, {"district": value}),
                level=level(count, largest),
                link_label=_("%(district)s: %(count)s %(type)s")
                % {"district": name, "count": count, "type": count_label(model, count)},
            )
        )
    return result


def table(counts):
    """A row per district and one for "district not stated": the count of each type, with
    the filtered listing (the not-stated row has no listing filter to link to)."""
    models = list(counts)
    rows = []
    for value, name in [*District.choices, (NOT_STATED, _("District not stated"))]:
        cells = [
            {
                "count": counts[model].get(value, 0),
                "href": listing_href(model, {"district": value}) if value else "",
            }
            for model in models
        ]
        rows.append({"name": name, "cells": cells, "not_stated": value == NOT_STATED})
    return rows


def district_map(model):
    """Everything the map of `model` and the table under it show: two queries."""
    counts = counts_by_type()
    return {
        "viewbox": VIEWBOX,
        "areas": areas(model, counts[model]),
        "not_stated": counts[model].get(NOT_STATED, 0),
        "table_types": [m._meta.verbose_name_plural for m in counts],
        "table": table(counts),
    }
