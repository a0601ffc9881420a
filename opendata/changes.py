"""What changed: recent additions and edits, told in plain words from the change history
(django-simple-history records every save).

"Fintech 2030: policy status changed from Proposed to Active".

Only what the public could see: a record counts when the entry was published at that moment
and is published now; a record whose previous one was not published tells of the entry
being added. Editors' names and their notes are never read.

Queries: the count and the page of (date, record, type) rows across every type (one UNION),
then per type on the page its records with the one before each (two) — constant however long
the history grows.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.fields import CharField
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.models import ENTRY_MODELS, PublicationStatus
from opendata.entry_types import plain_fields, translated_fields

# Bookkeeping, not news.
QUIET_FIELDS = frozenset({"created", "updated", "last_reviewed", "slug"})
# A value longer than this is "updated", not quoted.
MAX_QUOTED = 60
MODELS_BY_NAME = {model._meta.model_name: model for model in ENTRY_MODELS}


@dataclass
class Change:
    when: datetime
    name: str
    url: str
    sentences: list
    key: str

    @property
    def text(self):
        return " ".join(self.sentences)


def public_records(model):
    """The history records of `model` saved while published, of entries published now."""
    history = model.history.model
    published_now = model.objects.published().filter(pk=OuterRef("id"))
    return history.objects.filter(
        status=PublicationStatus.PUBLISHED, history_type__in=["+", "~"]
    ).filter(Exists(published_now))


def change_rows():
    """(history_date, history_id, model_name) of every public record, newest first: what
    the changes page paginates."""
    parts = [
        public_records(model)
        .annotate(entry_type=Value(model._meta.model_name, output_field=CharField()))
        .values_list("history_date", "history_id", "entry_type")
        .order_by()
        for model in ENTRY_MODELS
    ]
    first, *others = parts
    return first.union(*others, all=True).order_by("-history_date", "-history_id")


def with_previous(model, history_ids):
    """The records with these ids, each with the entry's current slug and the record just
    before it (`previous`, or None)."""
    history = model.history.model
    earlier = history.objects.filter(
        id=OuterRef("id"), history_date__lt=OuterRef("history_date")
    ).order_by("-history_date", "-history_id")
    records = list(
        history.objects.filter(history_id__in=history_ids).annotate(
            previous_id=Subquery(earlier.values("history_id")[:1]),
            current_slug=Subquery(model.objects.filter(pk=OuterRef("id")).values("slug")[:1]),
        )
    )
    previous_ids = [record.previous_id for record in records if record.previous_id]
    previous = history.objects.in_bulk(previous_ids) if previous_ids else {}
    for record in records:
        record.previous = previous.get(record.previous_id)
    return {record.history_id: record for record in records}


def changes(rows):
    """Change objects for a page of `change_rows()`."""
    ids_by_type = {}
    for _when, history_id, model_name in rows:
        ids_by_type.setdefault(model_name, []).append(history_id)
    records = {
        (name, history_id): record
        for name, ids in ids_by_type.items()
        for history_id, record in with_previous(MODELS_BY_NAME[name], ids).items()
    }
    return [describe(records[(name, history_id)]) for _when, history_id, name in rows]


def localized(record, field):
    suffix = (get_language() or "en").replace("-", "_")
    return getattr(record, f"{field}_{suffix}", None) or getattr(record, f"{field}_en", "")


def display(model, name, value):
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def differences(model, record, previous):
    """Sentences for each public field that changed, in model order."""
    sentences = []
    translated = translated_fields(model)
    for name in plain_fields(model):
        if name in QUIET_FIELDS:
            continue
        columns = translated.get(name, [name])
        if all(getattr(record, c) == getattr(previous, c) for c in columns):
            continue
        label = model._meta.get_field(name).verbose_name
        old, new = getattr(previous, name), getattr(record, name)
        quotable = name not in translated and all(
            v not in (None, "") and len(str(v)) <= MAX_QUOTED for v in (old, new)
        )
        if quotable:
            sentences.append(
                _("%(field)s changed from %(old)s to %(new)s.")
                % {
                    "field": label,
                    "old": display(model, name, old),
                    "new": display(model, name, new),
                }
            )
        else:
            sentences.append(_("%(field)s updated.") % {"field": str(label).capitalize()})
    return sentences


def describe(record):
    model = record.instance_type
    previous = record.previous
    if previous is None or previous.status != PublicationStatus.PUBLISHED:
        sentences = [_("Added to the directory.")]
    else:
        sentences = differences(model, record, previous) or [_("Details reviewed.")]
    sentences[0] = sentences[0][:1].upper() + sentences[0][1:]
    url = reverse(f"directory:{model._meta.model_name}_detail", args=[record.current_slug])
    return Change(
        when=record.history_date,
        name=localized(record, "name"),
        url=url,
        sentences=sentences,
        key=f"{model._meta.model_name}-{record.history_id}",
    )
