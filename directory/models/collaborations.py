"""Collaborations: Hong Kong working with partners outside it, and those partners, each a
name and a country or region, and possibly also an institution the directory lists (a partner
that is a Hong Kong-based institute of a Mainland body, for example)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.choices import Region
from directory.models.constraints import facet_indexes, renamed_indexes, year_in_range
from directory.models.entries import Entry, Hub, Institution
from directory.models.querysets import CollaborationQuerySet


class Collaboration(Entry):
    """Hong Kong working with partners outside it: a joint lab, an InnoHK centre with an
    overseas university, an MoU, a cross-border park. The Hong Kong side are listed
    institutions and hubs; the partners, each with a country or region, are `Partner` rows
    (below), edited inline."""

    class Kind(models.TextChoices):
        JOINT_LAB = "joint-lab", _("Joint lab")
        RESEARCH_CENTRE = "research-centre", _("Research centre")
        MOU = "mou", _("Memorandum of understanding")
        PROGRAMME = "programme", _("Programme")
        PARK = "park", _("Park")
        EVENT = "event", _("Event")

    class Stage(models.TextChoices):
        PROPOSED = "proposed", _("Announced")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Ended")
        # Signed or launched, with no later report found: said so rather than guessed.
        UNCONFIRMED = "unconfirmed", _("Status not confirmed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    institutions = models.ManyToManyField(
        Institution,
        blank=True,
        related_name="collaborations",
        verbose_name=_("Hong Kong institutions"),
        help_text=_("The Hong Kong parties that are listed institutions."),
    )
    hubs = models.ManyToManyField(
        Hub,
        blank=True,
        related_name="collaborations",
        verbose_name=_("Hong Kong hubs"),
        help_text=_("The hubs or clusters it belongs to or takes place at."),
    )
    started = models.PositiveSmallIntegerField(_("year started"), null=True, blank=True)
    stage = models.CharField(
        _("collaboration status"), max_length=12, choices=Stage.choices, default=Stage.ACTIVE
    )
    website = models.URLField(_("website"), max_length=300, blank=True)

    objects = CollaborationQuerySet.as_manager()

    class Meta(Entry.Meta):
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        # "collaboration_status_name_zh_idx" would be over Django's 30 characters.
        indexes = [
            *renamed_indexes(Entry.Meta.indexes, "collab"),
            *facet_indexes("collaboration", "kind", "stage"),
        ]
        constraints = [year_in_range("started")]


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
