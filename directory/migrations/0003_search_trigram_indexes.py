"""Trigram indexes serving EntryQuerySet.search on PostgreSQL; nothing on other databases.

Search is a case-insensitive substring match (`icontains`) on each searched column in both
languages, which Django renders on PostgreSQL as `UPPER("col"::text) LIKE UPPER(%s)`. A GIN
index with pg_trgm's operator class on exactly that expression serves it, for any substring
of three characters or more, in either language (the database needs a UTF-8 ctype, such as
C.UTF-8, for Chinese characters to form trigrams). SQLite keeps scanning, as before.

The column list is frozen here (a migration must not follow later code); a column added to a
model's `search_fields` later needs a new migration like this one.
"""

from django.db import migrations

LANGUAGE_SUFFIXES = ("en", "zh_hant")
# table -> searched fields (the model's search_fields today)
SEARCHED = {
    "directory_institution": ("name", "short_name", "summary", "description"),
    "directory_hub": ("name", "summary", "description", "address"),
    "directory_policy": ("name", "summary", "description"),
    "directory_challenge": ("name", "summary", "description", "opportunity"),
}


def indexes():
    for table, fields in SEARCHED.items():
        for field in fields:
            for suffix in LANGUAGE_SUFFIXES:
                column = f"{field}_{suffix}"
                yield table, column, f"{table}_{column}_trgm"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in indexes():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in indexes():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    # The extension stays: other objects may use it, and it costs nothing idle.


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_editors_group")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
