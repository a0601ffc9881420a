"""Four kinds of entry: institutions, hubs, policies and challenges (collaborations, the
fifth, are in collaborations.py with their partners).

Text fields are translated by django-modeltranslation (directory/translation.py), which adds
`<field>_en` and `<field>_zh_hant` columns beside each one; reading `entry.name` gives the
active language with English as the fallback. What can be asked of them is in querysets.py.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.models.choices import District, PublicationStatus
from directory.models.constraints import (
    facet_indexes,
    institution_link,
    year_in_range,
)
from directory.models.querysets import (
    ChallengeQuerySet,
    EntryQuerySet,
    HubQuerySet,
    InstitutionQuerySet,
    PolicyQuerySet,
    name_or_english,
)
from directory.models.sectors import Sector
from directory.models.sources import Source


class Entry(models.Model):
    """What every kind of entry has: a name, a slug for stable URLs, a short summary and
    longer description, sectors, a publication status and the editors' review date."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"), max_length=400, help_text=_("One or two sentences shown in listings.")
    )
    description = models.TextField(_("description"), blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="%(class)ss", verbose_name=_("sectors")
    )
    status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text=_("Only published entries are shown on the public site."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("The date an editor last checked these facts against the sources."),
    )
    sources = GenericRelation(Source, verbose_name=_("sources"))

    search_fields = ("name", "summary", "description")

    objects = EntryQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "-updated"], name="%(class)s_status_upd_idx"),
            # Listings and select options in English name order (by_name), read in index
            # order and stopped at the page's end instead of sorting every entry.
            models.Index(fields=["status", "name_en", "id"], name="%(class)s_status_name_idx"),
            # The same in Chinese (by_name's fallback expression, the '' inlined by Django).
            models.Index(
                F("status"),
                name_or_english("zh_hant"),
                F("id"),
                name="%(class)s_status_name_zh_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(f"directory:{self._meta.model_name}_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED


class Institution(Entry):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        RESEARCH_CENTRE = "research-centre", _("Research centre or lab")
        GOVERNMENT = "government", _("Government body or regulator")
        COMPANY = "company", _("Company or startup")
        NONPROFIT = "nonprofit", _("Nonprofit or industry body")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("For example HKUST.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent institution"),
        help_text=_("The university a research centre belongs to, for example."),
    )
    founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    district = models.CharField(_("district"), max_length=30, choices=District.choices, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    hubs = models.ManyToManyField(
        "Hub",
        blank=True,
        related_name="institutions",
        verbose_name=_("hubs"),
        help_text=_("Hubs the institution is based at or a member of."),
    )

    search_fields = ("name", "short_name", "summary", "description")

    objects = InstitutionQuerySet.as_manager()

    class Meta(Entry.Meta):
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        indexes = [
            *Entry.Meta.indexes,
            *facet_indexes("institution", "kind", "district", "founded"),
        ]
        constraints = [
            year_in_range("founded"),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="directory_institution_not_own_parent"
            ),
        ]

    @property
    def partner_in(self):
        """The published collaborations it is a partner in, once each (after with_detail())."""
        found = {p.collaboration_id: p.collaboration for p in self.listed_partnerships}
        return list(found.values())


class Hub(Entry):
    class Kind(models.TextChoices):
        SCIENCE_PARK = "science-park", _("Science park")
        DIGITAL_HUB = "digital-hub", _("Digital technology hub")
        INCUBATOR = "incubator", _("Incubator or accelerator programme")
        COWORKING = "coworking", _("Co-working space")
        COMPUTING = "computing", _("Computing facility")
        RESEARCH_CLUSTER = "research-cluster", _("Research cluster")

    class Support(models.TextChoices):
        """What a hub offers; each is a boolean column `offers_<value>`."""

        SPACE = "space", _("Space")
        FUNDING = "funding", _("Funding")
        MENTORING = "mentoring", _("Mentoring")
        COMPUTING = "computing", _("Computing")
        MARKET_ACCESS = "market_access", _("Market access")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    operator = institution_link(_("operator"), related_name="operated_hubs")
    opened = models.PositiveSmallIntegerField(_("year opened"), null=True, blank=True)
    district = models.CharField(_("district"), max_length=30, choices=District.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    offers_space = models.BooleanField(_("offers space"), default=False)
    offers_funding = models.BooleanField(_("offers funding"), default=False)
    offers_mentoring = models.BooleanField(_("offers mentoring"), default=False)
    offers_computing = models.BooleanField(_("offers computing"), default=False)
    offers_market_access = models.BooleanField(_("offers market access"), default=False)

    search_fields = ("name", "summary", "description", "address")

    objects = HubQuerySet.as_manager()

    class Meta(Entry.Meta):
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        indexes = [
            *Entry.Meta.indexes,
            *facet_indexes("hub", "kind", "district", "opened"),
            # The support facet counts every support column.
            models.Index(
                fields=[
                    "status",
                    "offers_space",
                    "offers_funding",
                    "offers_mentoring",
                    "offers_computing",
                    "offers_market_access",
                    "id",
                ],
                name="hub_status_support_idx",
            ),
        ]
        constraints = [year_in_range("opened")]

    @staticmethod
    def support_field(support):
        return f"offers_{support}"

    @property
    def support_offered(self):
        """The (value, label) pairs of the support this hub offers, for display."""
        return [
            (value, label)
            for value, label in self.Support.choices
            if getattr(self, self.support_field(value))
        ]


class Challenge(Entry):
    class Category(models.TextChoices):
        TALENT = "talent", _("Talent")
        REGULATION = "regulation", _("Regulation and governance")
        COMMERCIALISATION = "commercialisation", _("Research commercialisation")
        COMPUTING = "computing", _("Computing and infrastructure")
        DATA = "data", _("Data and privacy")
        MARKET_ACCESS = "market-access", _("Market access")

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    opportunity = models.TextField(
        _("opportunity"), blank=True, help_text=_("What solving this challenge would open up.")
    )

    search_fields = ("name", "summary", "description", "opportunity")

    objects = ChallengeQuerySet.as_manager()

    class Meta(Entry.Meta):
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [*Entry.Meta.indexes, *facet_indexes("challenge", "category")]

    @property
    def kind(self):
        """Challenges are sorted into categories; listings treat that as their kind."""
        return self.category

    def get_kind_display(self):
        return self.get_category_display()


class Policy(Entry):
    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("Strategy or blueprint")
        LAW = "law", _("Law or regulation")
        GUIDELINE = "guideline", _("Guideline or framework")
        FUNDING = "funding", _("Funding scheme")
        TALENT = "talent", _("Talent scheme")
        SANDBOX = "sandbox", _("Sandbox or pilot")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure")

    class Stage(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        SUPERSEDED = "superseded", _("Superseded")

    # A funding or talent scheme's eligibility, for the funding finder. Who may apply and at
    # which stage are boolean columns (`open_to_<value>`, `for_stage_<value>`), as hubs'
    # support is.
    class Applicant(models.TextChoices):
        UNIVERSITY = "university", _("University or research institute")
        STARTUP = "startup", _("Startup")
        SME = "sme", _("Small or medium enterprise (SME)")
        INDIVIDUAL = "individual", _("Individual researcher or student")

    class ApplicantStage(models.TextChoices):
        RESEARCH = "research", _("Research or idea")
        EARLY = "early", _("Early stage")
        GROWTH = "growth", _("Growth or scaling up")

    class Applications(models.TextChoices):
        OPEN = "open", _("Open")
        ONGOING = "ongoing", _("Ongoing (apply any time)")
        CLOSED = "closed", _("Closed")

    SCHEME_KINDS = (Kind.FUNDING, Kind.TALENT)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    issuer = institution_link(_("issuing body"), related_name="issued_policies")
    announced_year = models.PositiveSmallIntegerField(_("year announced"))
    announced_on = models.DateField(
        _("date announced"),
        null=True,
        blank=True,
        help_text=_("Leave empty when only the year is known."),
    )
    stage = models.CharField(
        _("policy status"), max_length=12, choices=Stage.choices, default=Stage.ACTIVE
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    budget_hkd = models.PositiveBigIntegerField(
        _("budget (HK$)"), null=True, blank=True, help_text=_("Only where a figure is stated.")
    )
    document_url = models.URLField(_("official document"), max_length=500, blank=True)
    eligibility = models.TextField(
        _("eligibility"),
        blank=True,
        help_text=_("Who may apply and on what terms, in a sentence or two, from the source."),
    )
    open_to_university = models.BooleanField(
        _("open to universities and research institutes"), default=False
    )
    open_to_startup = models.BooleanField(_("open to startups"), default=False)
    open_to_sme = models.BooleanField(_("open to SMEs"), default=False)
    open_to_individual = models.BooleanField(
        _("open to individual researchers or students"), default=False
    )
    for_stage_research = models.BooleanField(_("for research or an idea"), default=False)
    for_stage_early = models.BooleanField(_("for the early stage"), default=False)
    for_stage_growth = models.BooleanField(_("for growth or scaling up"), default=False)
    applications = models.CharField(
        _("applications"),
        max_length=10,
        choices=Applications.choices,
        blank=True,
        help_text=_("For a funding or talent scheme: whether it takes applications now."),
    )
    apply_url = models.URLField(
        _("how to apply"),
        max_length=500,
        blank=True,
        help_text=_("The scheme's own page for applicants."),
    )
    challenges = models.ManyToManyField(
        Challenge,
        blank=True,
        related_name="policies",
        verbose_name=_("challenges addressed"),
    )

    objects = PolicyQuerySet.as_manager()

    class Meta(Entry.Meta):
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        indexes = [*Entry.Meta.indexes, *facet_indexes("policy", "kind", "stage", "announced_year")]
        constraints = [
            year_in_range("announced_year"),
            models.CheckConstraint(
                condition=~Q(superseded_by=F("pk")), name="directory_policy_not_own_successor"
            ),
        ]

    def clean(self):
        super().clean()
        if self.announced_on and self.announced_year != self.announced_on.year:
            raise ValidationError({"announced_on": _("The date must fall in the year announced.")})
        if self.pk and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("A policy cannot supersede itself.")})
