"""Shared by migrations that make a table append-only on PostgreSQL (function from core 0002)."""

from django.db import migrations


def operation(tables: list[str]) -> migrations.RunPython:
    def install(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION probacija_append_only();"
            )

    def remove(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")

    return migrations.RunPython(install, remove)
