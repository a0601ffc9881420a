"""What an editor's decision on a suggestion does.

A correction is applied through the entry's model: validated like an admin edit, saved with
the editor as the history's user and the suggestion named as the reason, so the history
shows who changed what and on whose suggestion. On a published entry that takes two people,
as publishing does: an editor approves (validated, nothing written), a publisher publishes
(written, the history naming both). A suggested entry becomes a draft through
the admin's own add form, prefilled (the editor completes what the public cannot know, such
as the kind), and is linked back when saved.
"""

import logging
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contributions import targets
from contributions.models import PUBLISH_PERMISSION, Suggestion
from directory.models import PublicationStatus

logger = logging.getLogger(__name__)


def current_value(suggestion):
    """What the entry says now in the suggested field (None for "something else")."""
    entry = suggestion.entry
    if entry is None or suggestion.field == targets.OTHER:
        return None
    return getattr(entry, suggestion.field, None)


def needs_publisher(suggestion, user):
    """Whether applying this correction waits for a publisher: it would change what the
    public sees, and `user` may not publish."""
    entry = suggestion.entry
    return (
        entry is not None
        and entry.status == PublicationStatus.PUBLISHED
        and not user.has_perm(PUBLISH_PERMISSION)
    )


def corrected(suggestion):
    """The entry with the proposed text in place, validated and not saved (ValidationError
    if it does not fit)."""
    entry = suggestion.entry
    if entry is None or suggestion.field not in dict(targets.field_choices(type(entry))):
        raise ValidationError(_("This suggestion names no field that can be written directly."))
    if suggestion.field == targets.OTHER:
        raise ValidationError(_("“Something else” has to be edited by hand."))
    model_field = entry._meta.get_field(suggestion.field)
    setattr(entry, suggestion.field, model_field.to_python(suggestion.text.strip()))
    others = [f.name for f in entry._meta.fields if f.name != suggestion.field]
    entry.full_clean(exclude=others)
    return entry


def approve_correction(suggestion, user, note=""):
    """An editor's yes to a correction of a published entry: checked now, written when a
    publisher publishes it."""
    corrected(suggestion)
    decide(suggestion, Suggestion.Status.APPROVED, user, note)


def apply_correction(suggestion, user, note=""):
    """Write the proposed text into the entry (ValidationError if it does not fit)."""
    entry = corrected(suggestion)
    entry._history_user = user
    if suggestion.status == Suggestion.Status.APPROVED:
        entry._change_reason = _("Suggestion #%(id)s approved by %(editor)s, published") % {
            "id": suggestion.pk,
            "editor": suggestion.decided_by,
        }
    else:
        entry._change_reason = _("Suggestion #%(id)s applied") % {"id": suggestion.pk}
    with transaction.atomic():
        entry.save()
        decide(suggestion, Suggestion.Status.ACCEPTED, user, note)


def decide(suggestion, status, user, note=""):
    suggestion.decide(status, user)
    suggestion.note = note
    suggestion.save()


def link_draft(suggestion, entry, user):
    """The draft made from a suggested entry: linked for attribution, the suggestion accepted."""
    suggestion.content_type = ContentType.objects.get_for_model(entry)
    suggestion.object_id = entry.pk
    decide(suggestion, Suggestion.Status.ACCEPTED, user, suggestion.note)


def add_sources(suggestion, entry):
    """The suggested source URLs, as sources of the draft for the editor to title."""
    for url in suggestion.source_urls():
        entry.sources.create(title=url[:300], url=url)


def draft_form_url(suggestion, notify=False):
    """The admin's add form for the suggested type, prefilled in the suggester's language;
    saving it links the draft to the suggestion (and emails the suggester if `notify`)."""
    model = targets.model_by_name(suggestion.entry_type)
    suffix = (suggestion.language or "en").replace("-", "_")
    summary_max = model._meta.get_field("summary").max_length
    initial = {
        f"name_{suffix}": suggestion.name,
        f"summary_{suffix}": suggestion.text[:summary_max],
        f"description_{suffix}": suggestion.text if len(suggestion.text) > summary_max else "",
        "suggestion": suggestion.pk,
        "notify": "1" if notify else "",
    }
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    return f"{url}?{urlencode({k: v for k, v in initial.items() if v})}"


def notify(suggestion):
    """Email the suggester the decision, in the language they wrote in. False if there is
    no address or sending failed (the decision stands either way)."""
    if not suggestion.email:
        return False
    with translation.override(suggestion.language or "en"):
        subject = _("Your suggestion to HK AI Portal: %(status)s") % {
            "status": suggestion.get_status_display()
        }
        lines = [_("Thank you for your suggestion (%(ref)s).") % {"ref": suggestion}]
        lines.append(
            _("An editor has accepted it.")
            if suggestion.status == Suggestion.Status.ACCEPTED
            else _("An editor has decided not to use it.")
        )
        if suggestion.note:
            lines += ["", suggestion.note]
    try:
        send_mail(subject, "\n".join(lines), None, [suggestion.email])
    except Exception:
        logger.exception("Could not email the decision on %s", suggestion)
        return False
    Suggestion.objects.filter(pk=suggestion.pk).update(notified=timezone.now())
    return True
