"""Supervision's details, duties and appointments on the shared base cases.models.SectionRecord:
the term's ``registered_by`` / ``registered_at`` are renamed (data kept) to the base's ``created_by`` /
``created_at``; the other changes are labels and ``blank`` only (no change to the columns)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _created_by() -> models.ForeignKey:
    return models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                             to=settings.AUTH_USER_MODEL, verbose_name="created by")


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0004_one_warning_per_violation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="supervisiondetails", old_name="registered_by", new_name="created_by"),
        migrations.RenameField(model_name="supervisiondetails", old_name="registered_at", new_name="created_at"),
        migrations.AlterField(model_name="supervisiondetails", name="created_by", field=_created_by()),
        migrations.AlterField(model_name="supervisiondetails", name="created_at",
                              field=models.DateTimeField(auto_now_add=True, verbose_name="created")),
        migrations.AlterField(model_name="appointment", name="created_by", field=_created_by()),
        migrations.AlterField(model_name="appointment", name="created_at",
                              field=models.DateTimeField(auto_now_add=True, verbose_name="created")),
        migrations.AlterField(model_name="duty", name="created_by", field=_created_by()),
        migrations.AlterField(model_name="duty", name="created_at",
                              field=models.DateTimeField(auto_now_add=True, verbose_name="created")),
    ]
