"""Generate clearly fake, published entries of every type for load and performance work.

`manage.py generate_fake_entries --count 10000` adds that many entries of every type, with
their sectors, relations (partners too) and one source each. Every fake has a slug
starting with "fake-" and a name such as "Fake Institution 00042" / "虛構機構 00042", so it can
never be mistaken for the real demo data; `--clear` deletes exactly those rows (and their
sources) and nothing else. Running the command again adds more fakes, numbered on from the
highest existing one, so slugs never collide.

Rows go in with bulk_create (the many-to-many links and sources too), so change
history is not recorded for fakes and 10,000 of each type takes well under a minute on
SQLite. The database's planner statistics are refreshed afterwards (ANALYZE; on PostgreSQL
VACUUM (ANALYZE)), as a bulk load leaves them stale.
"""

import random
import re
import time
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.test.utils import override_settings
from django.utils import translation

from directory.cache import invalidate_pages
from directory.management.statistics import update_statistics
from directory.models import (
    Challenge,
    Collaboration,
    District,
    Hub,
    Institution,
    Partner,
    Policy,
    PublicationStatus,
    Region,
    Sector,
    Source,
)

FAKE_SLUG_PREFIX = "fake-"
DEFAULT_COUNT = 100
MAX_COUNT = 1_000_000
BATCH_SIZE = 1000
REFERENCE_YEAR = 2026

# (model, English label, Chinese label); the slug stem is the model name.
FAKE_TYPES = (
    (Institution, "Institution", "機構"),
    (Hub, "Hub", "樞紐"),
    (Challenge, "Challenge", "挑戰"),
    (Policy, "Policy", "政策"),
    (Collaboration, "Collaboration", "合作"),
)
LABELS = {model: (en, zh) for model, en, zh in FAKE_TYPES}


def fake_slug_prefix(model):
    return f"{FAKE_SLUG_PREFIX}{model._meta.model_name}-"


def fakes(model):
    """The fake rows of one entry model (never the real demo data)."""
    return model.objects.filter(slug__startswith=fake_slug_prefix(model))


def next_number(model):
    """One past the highest number used by this model's fakes, so reruns never collide."""
    pattern = re.compile(re.escape(fake_slug_prefix(model)) + r"(\d+)$")
    numbers = [
        int(match.group(1))
        for slug in fakes(model).values_list("slug", flat=True).iterator()
        if (match := pattern.match(slug))
    ]
    return max(numbers, default=0) + 1


class Command(BaseCommand):
    help = (
        "Create N clearly fake published entries per type (slugs start with 'fake-'), or "
        "delete them with --clear. The real demo data is never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count",
            type=int,
            default=None,
            help=f"Fake entries to create per type (default {DEFAULT_COUNT}; with --clear, 0).",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Delete every fake entry and its sources first (then create --count more).",
        )
        parser.add_argument(
            "--seed", type=int, default=None, help="Random seed, for repeatable data."
        )

    def handle(self, *args, count=None, clear=False, seed=None, **options):
        if count is None:
            count = 0 if clear else DEFAULT_COUNT
        if not 0 <= count <= MAX_COUNT:
            raise CommandError(f"--count must be between 0 and {MAX_COUNT}.")
        if clear:
            try:
                deleted, sources = clear_fakes()
            except ProtectedError as error:
                real = sorted({str(obj) for obj in error.protected_objects})[:5]
                raise CommandError(
                    "Nothing deleted: real entries point at fake ones and would lose their "
                    f"issuer or operator: {', '.join(real)}. Change them first."
                ) from error
            self.stdout.write(f"Deleted {deleted} fake entries and {sources} of their sources.")
        if count:
            started = time.monotonic()
            with translation.override("en"):
                created = FakeData(count, random.Random(seed)).create()
            self.stdout.write(
                f"Created {count} fake entries per type ({created} rows with relations and "
                f"sources) in {time.monotonic() - started:.1f}s."
            )
        if clear or count:
            # Bulk inserts and deletes send no save signals: retire cached pages here.
            invalidate_pages()
            # Nor do they refresh what the query planner knows about the tables.
            update_statistics()


def clear_fakes():
    """Delete the fakes and their sources; policies first, as they point at the others."""
    deleted = sources = 0
    # History would only record the removal of test data, one insert per row: skip it.
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        # Partners go with their collaboration (CASCADE).
        for model in (Collaboration, Policy, Hub, Challenge, Institution):
            ids = fakes(model).values("pk")
            sources += Source.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=ids
            ).delete()[0]
            deleted += fakes(model).delete()[1].get(model._meta.label, 0)
    return deleted, sources


class FakeData:
    """Builds one run's fake rows; relations only ever point at fakes."""

    def __init__(self, count, rng):
        self.count = count
        self.rng = rng
        self.sector_ids = list(Sector.objects.values_list("pk", flat=True))
        self.rows = 0

    def create(self):
        with transaction.atomic():
            institutions = self.institutions()
            hubs = self.hubs(institutions)
            self.link_institutions_to_hubs(institutions, hubs)
            challenges = self.challenges()
            self.policies(institutions, challenges)
            self.collaborations(institutions, hubs)
        return self.rows

    # ---------------------------------------------------------------- helpers

    def numbered(self, model):
        """(number, English name, Chinese name, slug) for each new fake of this model."""
        start = next_number(model)
        en, zh = LABELS[model]
        for number in range(start, start + self.count):
            yield (
                number,
                f"Fake {en} {number:05d}",
                f"虛構{zh} {number:05d}",
                f"{fake_slug_prefix(model)}{number:05d}",
            )

    def entry_fields(self, model, name_en, name_zh, slug):
        label_en, label_zh = LABELS[model]
        return {
            "slug": slug,
            "name_en": name_en,
            "name_zh_hant": name_zh,
            "summary_en": f"Generated test data: not a real {label_en.lower()}.",
            "summary_zh_hant": f"系統生成的測試資料，並非真實{label_zh}。",  # noqa: RUF001
            "description_en": (
                f"{name_en} was generated by the generate_fake_entries command for load and "
                "performance testing. None of its details are real."
            ),
            "description_zh_hant": (
                f"{name_zh}由generate_fake_entries指令生成，供負載及效能測試之用，"  # noqa: RUF001
                "所有資料均非真實。"
            ),
            "status": PublicationStatus.PUBLISHED,
            "last_reviewed": date(REFERENCE_YEAR, 1, 1),
        }

    def year(self, first):
        return self.rng.randint(first, REFERENCE_YEAR)

    def maybe(self, probability):
        return self.rng.random() < probability

    def bulk_create(self, model, objects):
        """bulk_create, making sure every object has its primary key afterwards."""
        created = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        if created and created[0].pk is None:  # backends that cannot return ids
            ids = dict(
                model.objects.filter(slug__in=[obj.slug for obj in created]).values_list(
                    "slug", "pk"
                )
            )
            for obj in created:
                obj.pk = ids[obj.slug]
        self.rows += len(created)
        self.add_sectors(model, created)
        self.add_sources(model, created)
        return created

    def insert_rows(self, model, rows):
        """bulk_create plain rows (dicts of field name to value): the many-to-many links
        and the sources, which have no signals or history to honour."""
        attnames = {field.name: field.attname for field in model._meta.concrete_fields}
        objects = [model(**{attnames[name]: value for name, value in row.items()}) for row in rows]
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        self.rows += len(rows)

    def add_sectors(self, model, entries):
        if not self.sector_ids:
            return
        field = model._meta.model_name
        rows = []
        for entry in entries:
            picks = self.rng.sample(self.sector_ids, k=min(len(self.sector_ids), 1 + entry.pk % 3))
            rows.extend({field: entry.pk, "sector": sector} for sector in picks)
        self.insert_rows(model.sectors.through, rows)

    def add_sources(self, model, entries):
        content_type = ContentType.objects.get_for_model(model).pk
        accessed = date(REFERENCE_YEAR, 1, 1)
        rows = []
        for entry in entries:
            title_en = f"Fake source for {entry.name_en}"
            rows.append(
                {
                    "content_type": content_type,
                    "object_id": entry.pk,
                    # The untranslated column holds the default language, as modeltranslation
                    # would store it.
                    "title": title_en,
                    "title_en": title_en,
                    "title_zh_hant": f"{entry.name_zh_hant}的虛構來源",
                    "url": f"https://example.com/{entry.slug}",
                    "publisher": "Fake Publisher",
                    "publisher_en": "Fake Publisher",
                    "publisher_zh_hant": "虛構出版者",
                    "accessed": accessed,
                }
            )
        self.insert_rows(Source, rows)

    # ---------------------------------------------------------------- entry types

    def institutions(self):
        kinds = Institution.Kind.values
        districts = District.values
        plain, centres = [], []
        for i, (number, name_en, name_zh, slug) in enumerate(self.numbered(Institution)):
            institution = Institution(
                **self.entry_fields(Institution, name_en, name_zh, slug),
                kind=kinds[i % len(kinds)],
                short_name_en=f"FI{number}",
                short_name_zh_hant=f"虛構{number}",
                founded=self.year(1900),
                district=self.rng.choice(districts),
                website=f"https://{slug}.example.com",
            )
            is_centre = institution.kind == Institution.Kind.RESEARCH_CENTRE
            (centres if is_centre else plain).append(institution)
        plain = self.bulk_create(Institution, plain)
        # Research centres are created second so most can belong to a fake university.
        universities = [i for i in plain if i.kind == Institution.Kind.UNIVERSITY]
        for centre in centres:
            if universities and self.maybe(0.8):
                centre.parent = self.rng.choice(universities)
        return plain + self.bulk_create(Institution, centres)

    def hubs(self, institutions):
        kinds = Hub.Kind.values
        districts = District.values
        hubs = []
        for i, (number, name_en, name_zh, slug) in enumerate(self.numbered(Hub)):
            support = {Hub.support_field(value): self.maybe(0.5) for value in Hub.Support.values}
            hubs.append(
                Hub(
                    **self.entry_fields(Hub, name_en, name_zh, slug),
                    **support,
                    kind=kinds[i % len(kinds)],
                    operator=self.rng.choice(institutions) if self.maybe(0.8) else None,
                    opened=self.year(1980),
                    district=self.rng.choice(districts),
                    address_en=f"{number} Fake Road, Hong Kong",
                    address_zh_hant=f"香港虛構道{number}號",
                    website=f"https://{slug}.example.com",
                )
            )
        return self.bulk_create(Hub, hubs)

    def link_institutions_to_hubs(self, institutions, hubs):
        rows = [
            {"institution": institution.pk, "hub": hub.pk}
            for institution in institutions
            if self.maybe(0.6)
            for hub in self.rng.sample(hubs, k=min(len(hubs), self.rng.randint(1, 2)))
        ]
        self.insert_rows(Institution.hubs.through, rows)

    def challenges(self):
        categories = Challenge.Category.values
        challenges = []
        for i, (_number, name_en, name_zh, slug) in enumerate(self.numbered(Challenge)):
            challenges.append(
                Challenge(
                    **self.entry_fields(Challenge, name_en, name_zh, slug),
                    category=categories[i % len(categories)],
                    opportunity_en="Solving this made-up challenge would open made-up doors.",
                    opportunity_zh_hant="解決這個虛構挑戰將帶來虛構的機遇。",
                )
            )
        return self.bulk_create(Challenge, challenges)

    def policies(self, institutions, challenges):
        kinds = Policy.Kind.values
        stages = [s for s in Policy.Stage.values if s != Policy.Stage.SUPERSEDED]
        current, superseded = [], []
        for i, (_number, name_en, name_zh, slug) in enumerate(self.numbered(Policy)):
            year = self.year(2000)
            policy = Policy(
                **self.entry_fields(Policy, name_en, name_zh, slug),
                kind=kinds[i % len(kinds)],
                issuer=self.rng.choice(institutions) if self.maybe(0.85) else None,
                announced_year=year,
                announced_on=(
                    date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
                    if self.maybe(0.5)
                    else None
                ),
                stage=self.rng.choice(stages),
                budget_hkd=self.rng.randint(1, 10_000) * 1_000_000 if self.maybe(0.3) else None,
                document_url=f"https://{slug}.example.com/document",
            )
            (superseded if i % 5 == 4 else current).append(policy)
        current = self.bulk_create(Policy, current)
        # Superseded policies come second so they can point at a fake successor.
        for policy in superseded:
            if current:
                policy.stage = Policy.Stage.SUPERSEDED
                policy.superseded_by = self.rng.choice(current)
        policies = current + self.bulk_create(Policy, superseded)
        rows = [
            {"policy": policy.pk, "challenge": challenge.pk}
            for policy in policies
            for challenge in self.rng.sample(
                challenges, k=min(len(challenges), self.rng.randint(0, 3))
            )
        ]
        self.insert_rows(Policy.challenges.through, rows)
        return policies

    def collaborations(self, institutions, hubs):
        kinds = Collaboration.Kind.values
        stages = Collaboration.Stage.values
        collaborations = self.bulk_create(
            Collaboration,
            [
                Collaboration(
                    **self.entry_fields(Collaboration, name_en, name_zh, slug),
                    kind=kinds[i % len(kinds)],
                    stage=self.rng.choice(stages),
                    started=self.year(1990),
                    website=f"https://{slug}.example.com",
                )
                for i, (_number, name_en, name_zh, slug) in enumerate(self.numbered(Collaboration))
            ],
        )
        regions = Region.values
        partners = [
            {
                "collaboration": collaboration.pk,
                "name": f"Fake Partner {collaboration.pk}-{n}",
                "name_en": f"Fake Partner {collaboration.pk}-{n}",
                "name_zh_hant": f"虛構夥伴 {collaboration.pk}-{n}",
                "region": self.rng.choice(regions),
            }
            for collaboration in collaborations
            for n in range(self.rng.randint(1, 3))
        ]
        self.insert_rows(Partner, partners)
        for field, related in (("institution", institutions), ("hub", hubs)):
            rows = [
                {"collaboration": collaboration.pk, field: entry.pk}
                for collaboration in collaborations
                for entry in self.rng.sample(related, k=min(len(related), self.rng.randint(0, 2)))
            ]
            self.insert_rows(getattr(Collaboration, f"{field}s").through, rows)
        return collaborations
