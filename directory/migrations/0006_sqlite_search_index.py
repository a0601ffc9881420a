"""Trigram search indexes on SQLite (FTS5), kept current by triggers; nothing on other
databases (PostgreSQL has its pg_trgm indexes, 0003). See directory/search/sqlite_fts.py.

The searched columns come from the models' `search_fields`, as they are when this runs; the
index is rebuilt after `migrate` whenever the installed one no longer matches the models
(sqlite_fts.repair_indexes), e.g. after a migration that re-creates an entry table on SQLite
(which drops its triggers) or a change to `search_fields`.
"""

from django.db import migrations


from directory.models import Challenge, Hub, Institution, Policy
from directory.search import sqlite_fts
from directory.search.columns import searched_fields

# The types that existed then (a later type's migration creates its own index, as 0010 does).
ENTRY_MODELS = (Institution, Hub, Policy, Challenge)


def create_indexes(apps, schema_editor):
    if not sqlite_fts.uses_index(schema_editor.connection):
        return
    for model in ENTRY_MODELS:
        historical = apps.get_model("directory", model.__name__)
        for statement in sqlite_fts.index_statements(historical, searched_fields(model)):
            schema_editor.execute(statement, params=None)


def drop_indexes(apps, schema_editor):
    if not sqlite_fts.uses_index(schema_editor.connection):
        return
    for model in ENTRY_MODELS:
        historical = apps.get_model("directory", model.__name__)
        for statement in sqlite_fts.drop_statements(historical):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_chinese_name_indexes")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
