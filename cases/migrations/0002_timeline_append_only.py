from django.db import migrations

from core.migrations import _append_only


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial"), ("core", "0002_append_only_triggers")]
    operations = [_append_only.operation(["cases_caseevent"])]
