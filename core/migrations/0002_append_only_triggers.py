"""On PostgreSQL, refuse UPDATE and DELETE on the audit tables at the database level."""

from django.db import migrations

from core.migrations import _append_only

TABLES = ["core_changelog", "core_sensitiveread"]

FUNCTION = """
CREATE OR REPLACE FUNCTION probacija_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def install_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [
        migrations.RunPython(install_function, migrations.RunPython.noop),
        _append_only.operation(TABLES),
    ]
