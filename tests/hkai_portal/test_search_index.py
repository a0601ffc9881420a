"""Search on PostgreSQL is served by trigram indexes (migration 0003) in both languages."""

import pytest
from django.db import connection

from directory.models import Challenge, Hub, Institution, Policy

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_trgm indexes exist on PostgreSQL only (SQLite has FTS5: migration 0006)",
    ),
]

MODELS = (Institution, Hub, Policy, Challenge)


def index_definitions(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_searched_column_has_a_trigram_index(model):
    definitions = index_definitions(model._meta.db_table)
    for field in model.search_fields:
        for suffix in ("en", "zh_hant"):
            column = f"{field}_{suffix}"
            definition = definitions[f"{model._meta.db_table}_{column}_trgm"]
            assert "USING gin" in definition
            # Exactly the expression Django's icontains produces (text columns need no cast).
            assert (
                f"upper(({column})::text) gin_trgm_ops" in definition
                or f"upper({column}) gin_trgm_ops" in definition
            )


def plan_for(queryset):
    with connection.cursor() as cursor:
        # Few rows make a sequential scan cheapest; this shows the index *can* serve it.
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("query", ["science park", "科學園"])
def test_search_uses_the_indexes_in_both_languages(model, query, make):
    factory = getattr(make, model._meta.model_name)
    wanted = factory(name_en="Hong Kong Science Park", name_zh_hant="香港科學園")
    for n in range(30):
        factory(name_en=f"Unrelated {n}", name_zh_hant=f"無關 {n}")
    queryset = model.objects.search(query)
    assert list(queryset) == [wanted]
    plan = plan_for(queryset)
    assert "Seq Scan" not in plan
    for field in model.search_fields:
        for suffix in ("en", "zh_hant"):
            assert f"{model._meta.db_table}_{field}_{suffix}_trgm" in plan


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_planner_chooses_the_index_on_a_large_table():
    """With enough rows and no hints, a selective substring query uses the indexes by
    itself. VACUUM (autovacuum, in production) first merges GIN's pending list, which the
    planner otherwise counts against the index; it needs a test outside a transaction."""
    Institution.objects.bulk_create(
        Institution(
            name_en=f"Entry {n} of the generated set",
            name_zh_hant=f"生成條目 {n}",
            slug=f"entry-{n}",
            summary_en="An ordinary summary that matches nothing special.",
            summary_zh_hant="普通摘要。",
            description_en="A longer description, a couple of sentences like real ones. " * 3,
            kind=Institution.Kind.COMPANY,
            status="published",
        )
        for n in range(10000)
    )
    Institution.objects.filter(slug="entry-777").update(name_en="Quantum Robotics Lab")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE directory_institution")
    queryset = Institution.objects.search("robotics")
    assert [entry.slug for entry in queryset] == ["entry-777"]
    plan = queryset.explain()
    assert "Seq Scan" not in plan
    assert "Bitmap Index Scan on directory_institution_name_en_trgm" in plan
