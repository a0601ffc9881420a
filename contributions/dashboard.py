"""The editors' dashboard at the top of the admin index: what needs doing, each count
linking to the change list that shows exactly those rows.

One aggregate query per entry type plus one for suggestions and one for sources, however
many entries there are.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contributions.models import Suggestion
from directory.models import ENTRY_MODELS, PublicationStatus, Source

REVIEW_DUE = "due"


@dataclass
class Item:
    label: str
    count: int
    url: str


def review_cutoff():
    return timezone.localdate() - datetime.timedelta(days=settings.REVIEW_AFTER_DAYS)


def review_due_q():
    """Entries never reviewed, or last reviewed before the cut-off."""
    return Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=review_cutoff())


def changelist(model, **query):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(query)}" if query else url


def _can_view(user, model):
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def entry_items(model):
    """(label, count, URL) of each to-do for one entry type."""
    languages = settings.LANGUAGES
    counts = model.objects.aggregate(
        drafts=Count("pk", filter=Q(status=PublicationStatus.DRAFT)),
        review=Count("pk", filter=review_due_q()),
        **{
            code: Count("pk", filter=Q(pk__in=model.objects.missing_translation(code).values("pk")))
            for code, _name in languages
        },
    )
    items = [
        Item(
            _("Drafts waiting to be published"),
            counts["drafts"],
            changelist(model, status__exact=PublicationStatus.DRAFT),
        ),
        Item(
            _("Not reviewed for %(days)s days") % {"days": settings.REVIEW_AFTER_DAYS},
            counts["review"],
            changelist(model, review=REVIEW_DUE),
        ),
    ]
    items += [
        Item(
            _("Missing %(language)s text") % {"language": name},
            counts[code],
            changelist(model, missing=code),
        )
        for code, name in languages
    ]
    return items


def dashboard(user):
    """[(heading, [Item])] of what `user` may see."""
    sections = []
    if _can_view(user, Suggestion):
        counts = Suggestion.objects.aggregate(
            new=Count("pk", filter=Q(status=Suggestion.Status.NEW)),
            approved=Count("pk", filter=Q(status=Suggestion.Status.APPROVED)),
        )
        sections.append(
            (
                _("From the public"),
                [
                    Item(
                        _("New suggestions"),
                        counts["new"],
                        changelist(Suggestion, status__exact=Suggestion.Status.NEW),
                    ),
                    Item(
                        _("Corrections waiting for a publisher"),
                        counts["approved"],
                        changelist(Suggestion, status__exact=Suggestion.Status.APPROVED),
                    ),
                ],
            )
        )
    if _can_view(user, Source):
        broken = Source.objects.broken().count()
        sections.append(
            (
                _("Sources"),
                [Item(_("Links found broken"), broken, changelist(Source, link="broken"))],
            )
        )
    for model in ENTRY_MODELS:
        if _can_view(user, model):
            sections.append((model._meta.verbose_name_plural.capitalize(), entry_items(model)))
    return sections
