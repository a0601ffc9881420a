"""What can be asked of the entries: every question the public site and the admin put to
the database lives here, as a chainable QuerySet method.

    Policy.objects.published().in_sectors(["fintech"]).ordered_by("newest")

Each entry type has its own QuerySet (below) naming the relations its result cards and
detail pages show; everything else is shared by EntryQuerySet.
"""

from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from directory import search
from directory.models.choices import PublicationStatus


def name_or_english(suffix, **kwargs):
    """The name in the language with this column suffix, or the English one where that is
    empty: what by_name() sorts by, and what the (status, name, id) index on it holds."""
    return Coalesce(NullIf(F(f"name_{suffix}"), Value("")), F("name_en"), **kwargs)


class EntryQuerySet(models.QuerySet):
    # Relations shown on a result card and on a detail page, published entries only: each is
    # prefetched into `listed_<relation>` (a list, or for a to-one link the entry or None).
    card_relations = ()
    detail_relations = ()
    # Detail relations that can grow without bound (an institution in thousands of
    # collaborations): a page shows the first DETAIL_CAP by name and links to the listing.
    capped_relations = ()
    DETAIL_CAP = 12
    # The "newest" sort, latest first: the entry's own date where it has one, then when it
    # was added.
    newest_by = ("created",)
    # The year the entry itself dates from (founded, opened, announced), if its type has one.
    year_field = None
    SORTS = ("name", "newest", "updated")

    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def drafts(self):
        return self.filter(status=PublicationStatus.DRAFT)

    def for_sector(self, sector):
        """Entries in one sector, given the Sector."""
        return self.filter(sectors=sector)

    def _sector_links(self):
        through = self.model.sectors.through
        return through.objects.filter(**{self.model._meta.model_name: OuterRef("pk")})

    def in_sectors(self, slugs):
        """Entries in any of the given sectors, each entry once (EXISTS, not a join)."""
        return self.filter(Exists(self._sector_links().filter(sector__slug__in=slugs)))

    def in_sectors_or_all(self, slugs):
        """Entries in any of the given sectors, or in none: what is meant for every sector."""
        links = self._sector_links()
        return self.filter(Exists(links.filter(sector__slug__in=slugs)) | ~Exists(links))

    def search(self, query):
        """Entries holding every word of `query` in any searched column, in either language
        (directory/search/: a trigram index on each database)."""
        return search.matching(self, search.terms(query))

    def missing_translation(self, language):
        """Entries whose name or summary has not been written in `language` yet."""
        suffix = language.replace("-", "_")
        return self.filter(
            Q(**{f"name_{suffix}__isnull": True})
            | Q(**{f"name_{suffix}": ""})
            | Q(**{f"summary_{suffix}__isnull": True})
            | Q(**{f"summary_{suffix}": ""})
        )

    def recently_updated(self):
        return self.order_by("-updated", "-pk")

    def by_name(self, language=None):
        """Alphabetical in the visitor's language, falling back to English for entries not
        yet translated (a plain order_by("name") would put untranslated entries first)."""
        suffix = (language or get_language() or "en").replace("-", "_")
        if suffix == "en":
            return self.order_by("name_en", "pk")
        # The output type stated, as a window function (a sliced prefetch) needs it; the SQL,
        # and so the index that serves it, is the same.
        name = name_or_english(suffix, output_field=models.CharField())
        return self.order_by(name.asc(), "pk")

    def ordered_by(self, sort):
        """One of SORTS; anything else sorts by name."""
        if sort == "newest":
            dates = [F(name).desc(nulls_last=True) for name in self.newest_by]
            return self.order_by(*dates, "-pk")
        if sort == "updated":
            return self.recently_updated()
        return self.by_name()

    def dated(self):
        """Entries with a year of their own, annotated `year` (none for a type without one):
        what a timeline shows."""
        if self.year_field is None:
            return self.none()
        return self.exclude(**{self.year_field: None}).annotate(year=F(self.year_field))

    def linked_from(self, model, field_name):
        """Entries that at least one published entry of `model` links to through its field
        `field_name`: the choices worth offering in that listing's select."""
        linking = model.objects.published().filter(**{field_name: OuterRef("pk")})
        return self.filter(Exists(linking))

    # --- Facet counts: one query each ---------------------------------------------------

    def value_counts(self, field):
        """{value: number of entries} for a column."""
        return dict(self.order_by().values_list(field).annotate(n=Count("pk")))

    def sector_counts(self):
        """{sector slug: number of entries}."""
        rows = self.order_by().values_list("sectors__slug").annotate(n=Count("pk"))
        return {slug: n for slug, n in rows if slug is not None}

    def grouped_counts(self, *fields):
        """{(value, value, ...): number of entries} for a combination of columns."""
        rows = self.order_by().values_list(*fields).annotate(n=Count("pk"))
        return {tuple(row[:-1]): row[-1] for row in rows}

    def flag_counts(self, fields):
        """{field: number of entries where the boolean column is true}."""
        return self.aggregate(**{f: Count("pk", filter=Q(**{f: True})) for f in fields})

    # --- What cards and detail pages show ---------------------------------------------

    def _published_relations(self, names):
        """A Prefetch into `listed_<name>` of each relation's published entries, by name."""
        opts = self.model._meta
        prefetches = []
        for name in names:
            related = opts.get_field(name).related_model.objects.published().by_name()
            if name in self.capped_relations:
                related = related[: self.DETAIL_CAP]
            prefetches.append(Prefetch(name, queryset=related, to_attr=f"listed_{name}"))
        return prefetches

    def with_published(self, *relations):
        """With the named relations' published entries, each in `listed_<name>`, in one
        query per relation."""
        return self.prefetch_related(*self._published_relations(relations))

    def with_card_relations(self):
        """With what a result card shows: sectors and the card's published relations, in
        a constant number of queries."""
        return self.with_sectors().with_published(*self.card_relations)

    def with_sectors(self):
        """With each entry's sectors in `listed_sectors`, in one query."""
        return self.prefetch_related(Prefetch("sectors", to_attr="listed_sectors"))

    def detail_prefetches(self):
        """What a detail page's body shows beyond the entry and its sectors: its sources
        and every relation both ways (published entries only: a page never links to a
        draft). For `prefetch_related()`, or `prefetch_related_objects()` on an entry
        already loaded."""
        return [
            Prefetch("sources", to_attr="listed_sources"),
            *self._published_relations(self.detail_relations),
        ]

    def with_detail(self):
        """With everything a detail page shows, in a constant number of queries."""
        return self.with_sectors().prefetch_related(*self.detail_prefetches())

    def detail(self, slug):
        """The published entry with this slug, ready for its page (DoesNotExist if none)."""
        return self.published().with_detail().get(slug=slug)


class InstitutionQuerySet(EntryQuerySet):
    card_relations = ("parent",)
    detail_relations = (
        "parent",
        "children",
        "operated_hubs",
        "hubs",
        "issued_policies",
        "collaborations",
    )
    capped_relations = ("collaborations",)
    newest_by = ("founded", "created")
    year_field = "founded"

    def detail_prefetches(self):
        """Also the published collaborations it is a partner in (not a Hong Kong party)."""
        partners = self.model.partnerships.rel.related_model.objects
        published = partners.filter(collaboration__status=PublicationStatus.PUBLISHED)
        partnerships = Prefetch(
            "partnerships",
            queryset=published.select_related("collaboration").order_by(
                "collaboration__name_en", "pk"
            )[: self.DETAIL_CAP],
            to_attr="listed_partnerships",
        )
        return [*super().detail_prefetches(), partnerships]


class HubQuerySet(EntryQuerySet):
    card_relations = ("operator",)
    detail_relations = ("operator", "institutions", "collaborations")
    capped_relations = ("collaborations",)
    newest_by = ("opened", "created")
    year_field = "opened"

    def offering(self, supports):
        """Hubs offering every one of the given kinds of support."""
        return self.filter(**{f"offers_{value}": True for value in supports})


class PolicyQuerySet(EntryQuerySet):
    card_relations = ("issuer",)
    detail_relations = ("issuer", "superseded_by", "challenges", "supersedes")
    newest_by = ("announced_year", "announced_on", "created")
    year_field = "announced_year"

    def with_budget(self):
        """Policies stating a budget, largest first."""
        return self.exclude(budget_hkd=None).order_by("-budget_hkd", "pk")

    # --- Funding and talent schemes (the funding finder) ------------------------------

    def schemes(self):
        return self.filter(kind__in=self.model.SCHEME_KINDS)

    def open_to(self, applicant):
        """Schemes a university, startup, SME or individual (Policy.Applicant) may apply to."""
        return self.filter(**{f"open_to_{applicant}": True})

    def for_applicant_stage(self, stage):
        return self.filter(**{f"for_stage_{stage}": True})

    def eligibility_unrecorded(self):
        """Schemes for which no applicant or stage has been recorded yet."""
        Policy = self.model
        flags = [f"open_to_{value}" for value in Policy.Applicant.values]
        flags += [f"for_stage_{value}" for value in Policy.ApplicantStage.values]
        return self.filter(**dict.fromkeys(flags, False))

    def by_applications(self, language=None):
        """Open schemes first, then ongoing, closed and unstated, each by name."""
        order = Case(
            *(
                When(applications=value, then=Value(index))
                for index, value in enumerate(self.model.Applications.values)
            ),
            default=Value(len(self.model.Applications.values)),
        )
        suffix = (language or get_language() or "en").replace("-", "_")
        return self.order_by(order, name_or_english(suffix).asc(), "pk")


class ChallengeQuerySet(EntryQuerySet):
    detail_relations = ("policies",)


class CollaborationQuerySet(EntryQuerySet):
    card_relations = ("institutions", "hubs")
    detail_relations = ("institutions", "hubs")
    newest_by = ("started", "created")

    def with_partners_in(self, regions):
        """Collaborations with at least one partner in any of `regions`, each once."""
        partners = self.model.partners.rel.related_model.objects.filter(region__in=regions)
        return self.filter(Exists(partners.filter(collaboration=OuterRef("pk"))))

    def partner_region_counts(self):
        """{region: number of collaborations with a partner there}."""
        partners = self.model.partners.rel.related_model.objects.filter(collaboration__in=self)
        rows = (
            partners.order_by()
            .values_list("region")
            .annotate(n=Count("collaboration", distinct=True))
        )
        return dict(rows)

    def _partners(self):
        """Each collaboration's partners (with the listed institution, if any) as
        `listed_partners`."""
        partners = self.model.partners.rel.related_model.objects.select_related("institution")
        return Prefetch("partners", queryset=partners, to_attr="listed_partners")

    def with_card_relations(self):
        return super().with_card_relations().prefetch_related(self._partners())

    def detail_prefetches(self):
        return [*super().detail_prefetches(), self._partners()]
