"""Prefix search (LIKE 'abc%') on PostgreSQL needs pattern-ops indexes under a non-C collation."""

from django.db import migrations

INDEXES = {
    "people_person_search_name_pattern": ("people_person", "search_name"),
    "people_person_search_name_rev_pattern": ("people_person", "search_name_reversed"),
    "people_person_code_pattern": ("people_person", "personal_code"),
    "people_alias_search_name_pattern": ("people_alias", "search_name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column} varchar_pattern_ops);")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name};")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
