"""Column and index helpers the entry types share: plausible years, facet indexes and the
optional, protected link to an institution."""

from django.db import models
from django.db.models import Q

MIN_YEAR = 1800
MAX_YEAR = 2100


def year_in_range(field_name):
    """A check constraint keeping a year column plausible (or empty)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field_name}__isnull": True})
        | Q(**{f"{field_name}__gte": MIN_YEAR, f"{field_name}__lte": MAX_YEAR}),
        name=f"%(app_label)s_%(class)s_{field_name}_in_range",
    )


def facet_indexes(model_name, *columns):
    """A (status, column) index per facet column: a listing's facet count reads it alone. On
    a year column it also gives the newest entries in order (the timeline, sort=newest), read
    from the index's end and stopped at the page's last instead of sorting every entry."""
    return [
        models.Index(fields=["status", column], name=f"{model_name[:4]}_status_{column[:8]}_idx")
        for column in columns
    ]


def institution_link(verbose_name, related_name):
    """The institution behind a hub or a policy: optional, and an institution still named
    by one cannot be deleted."""
    return models.ForeignKey(
        "Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def renamed_indexes(indexes, prefix):
    """Copies of an abstract model's `%(class)s_...` indexes named with `prefix` instead:
    for a model whose name would make them longer than the 30 characters Django allows."""
    copies = []
    for index in indexes:
        copy = index.clone()
        copy.name = index.name.replace("%(class)s", prefix)
        copies.append(copy)
    return copies
