"""A collaboration's partners outside Hong Kong: each a name and a country or region, and
possibly also an institution the directory lists (a partner that is a Hong Kong-based
institute of a Mainland body, for example)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.choices import Region


class Partner(models.Model):
    collaboration = models.ForeignKey(
        "Collaboration",
        on_delete=models.CASCADE,
        related_name="partners",
        verbose_name=_("collaboration"),
    )
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("country or region"), max_length=30, choices=Region.choices)
    institution = models.ForeignKey(
        "Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("listed institution"),
        help_text=_("Only if the partner is itself an institution in the directory."),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [models.Index(fields=["region", "collaboration"], name="partner_region_idx")]

    def __str__(self):
        return f"{self.name} ({self.get_region_display()})"
