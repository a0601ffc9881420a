"""Sectors (FinTech, Healthcare...) that entries of every type belong to."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.CharField(_("short description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:sector_detail", kwargs={"slug": self.slug})
