"""Name search with typos and other grammatical cases (cases.selectors._similar): pg_trgm and a
trigram (GIN) index on the folded names, on PostgreSQL only; SQLite computes the same measure with
a Python function (cases.apps) and needs no index."""

from django.db import migrations

INDEXES = {
    "cases_case_search_name_trgm": ("cases_case", "search_name"),
    "people_person_search_name_trgm": ("people_person", "search_name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm;")
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops);")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name};")


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_case_search_names"), ("people", "0004_person_creator_search_name")]
    operations = [migrations.RunPython(create, drop)]
