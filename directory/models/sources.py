"""Citations: every published fact should be traceable to a source."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title
