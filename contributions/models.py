"""Suggestions from the public: a correction to an entry, or a new entry.

A suggestion never changes the directory by itself. An editor applies a correction (written
through the entry's model, so its history records the editor) or turns a suggested entry
into a draft; either way the suggestion stays linked to the entry, for attribution.

Public input reaches the public through two people: a correction to a published entry that
an editor approves waits, unwritten, until a publisher publishes it (moderation.py).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Who may publish and unpublish entries, and so publish approved corrections (the Publishers
# group has it; contributions/migrations/0002).
PUBLISH_PERMISSION = "contributions.publish_entries"

# Length limits of every field a visitor fills in.
NAME_MAX = 200
TEXT_MAX = 2000
URL_MAX = 500
EMAIL_MAX = 254


class Suggestion(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        NEW_ENTRY = "new-entry", _("New entry")

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("suggestion status", "New")
        # A correction to a published entry, approved by an editor, not yet written.
        APPROVED = "approved", _("Approved, waiting for a publisher")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    # One per form shown: a double submit or a replay of the same form stores nothing new.
    submission = models.UUIDField(_("submission id"), unique=True, editable=False)
    # The entry corrected, or the draft made from a suggested entry (empty until then).
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("type")
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    entry = GenericForeignKey("content_type", "object_id")
    entry_type = models.CharField(_("entry type"), max_length=40, blank=True)
    field = models.CharField(_("field"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=NAME_MAX, blank=True)
    text = models.TextField(_("proposed text"), max_length=TEXT_MAX)
    source_url = models.CharField(_("source URL"), max_length=URL_MAX)
    more_sources = models.TextField(_("more source URLs"), max_length=TEXT_MAX, blank=True)
    email = models.EmailField(_("email for a reply"), max_length=EMAIL_MAX, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    submitted = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided = models.DateTimeField(_("decided"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published = models.DateTimeField(_("published"), null=True, blank=True)
    note = models.TextField(
        _("note to the suggester"),
        blank=True,
        help_text=_("Sent with the decision when an email address was given."),
    )
    notified = models.DateTimeField(_("suggester emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        permissions = [("publish_entries", _("Can publish and unpublish directory entries"))]

    def __str__(self):
        if self.kind == self.Kind.CORRECTION:
            return _("Correction #%(id)s") % {"id": self.pk}
        return _("New entry #%(id)s: %(name)s") % {"id": self.pk, "name": self.name}

    def decide(self, status, user):
        """Record `user`'s decision; a publisher publishing an approved correction is recorded
        beside the editor who approved it."""
        if self.status == self.Status.APPROVED and status == self.Status.ACCEPTED:
            self.published_by, self.published = user, timezone.now()
        else:
            self.decided_by, self.decided = user, timezone.now()
        self.status = status

    @property
    def is_open(self):
        """Still waiting for someone: new, or approved and not yet published."""
        return self.status in (self.Status.NEW, self.Status.APPROVED)

    def source_urls(self):
        return [self.source_url, *self.more_sources.split()]
