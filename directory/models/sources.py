"""Citations: every published fact should be traceable to a source."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceQuerySet(models.QuerySet):
    def broken(self):
        """Sources whose link failed its last check (manage.py check_sources)."""
        return self.filter(link_checked__isnull=False).exclude(link_status__range=(200, 399))


class Source(models.Model):
    """A citation backing an entry of any type (a generic relation, so one admin inline
    serves all four)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    entry = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    accessed = models.DateField(_("date accessed"), null=True, blank=True)
    # Kept by `manage.py check_sources` (the contributions app), never typed in.
    link_status = models.PositiveSmallIntegerField(
        _("link status"),
        null=True,
        blank=True,
        help_text=_("The HTTP status of the last check; 0 when the site could not be reached."),
    )
    link_checked = models.DateTimeField(_("link checked"), null=True, blank=True)
    link_last_ok = models.DateTimeField(_("link last working"), null=True, blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title

    @property
    def link_broken(self):
        return self.link_checked is not None and not 200 <= (self.link_status or 0) < 400
