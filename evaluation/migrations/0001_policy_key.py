"""The invitation limit moved from the documents module (``documents.evaluation_invitation_max_days``)
to this one (``evaluation.invitation_max_days``): carry an administrator's override over."""

from django.db import migrations


def rename(apps, schema_editor):
    PolicyOverride = apps.get_model("core", "PolicyOverride")
    PolicyOverride.objects.filter(key="documents.evaluation_invitation_max_days").update(
        key="evaluation.invitation_max_days")


def unrename(apps, schema_editor):
    PolicyOverride = apps.get_model("core", "PolicyOverride")
    PolicyOverride.objects.filter(key="evaluation.invitation_max_days").update(
        key="documents.evaluation_invitation_max_days")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(rename, unrename)]
