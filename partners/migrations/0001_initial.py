"""The partner organisations come from community service, where they were work providers.

This migration changes no table: it tells Django that the models below now belong to ``partners``
while their rows stay in community's tables (``db_table``). ``community.0004`` then points
community's foreign keys at these models and forgets its own copies, and ``partners.0002`` renames
the tables and columns. The rows, their ids and every foreign key to them stay as they are.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0002_alter_grant_role"),
        ("community", "0003_providers_documents_ratings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Organisation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("kind", models.CharField(choices=[("state", "State body"), ("municipal", "Municipal body"),
                                                   ("company", "Company"), ("ngo", "Non-governmental organisation"),
                                                   ("religious", "Religious organisation")],
                                          max_length=12, verbose_name="kind")),
                ("registration_number", models.CharField(blank=True, max_length=30,
                                                         verbose_name="registration number")),
                ("status", models.CharField(choices=[("prospect", "prospect"), ("active", "active"),
                                                     ("inactive", "inactive")],
                                            default="prospect", max_length=10, verbose_name="status")),
                ("stage", models.CharField(choices=[("identified", "identified"), ("contacted", "contacted"),
                                                    ("negotiating", "negotiating"), ("declined", "declined"),
                                                    ("agreed", "agreed")],
                                           default="identified", max_length=12, verbose_name="pipeline stage")),
                ("address", models.CharField(blank=True, max_length=300, verbose_name="address")),
                ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("version", models.PositiveIntegerField(default=1)),
                ("unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                           related_name="partner_organisations", to="accounts.orgunit",
                                           verbose_name="responsible unit")),
            ],
            options={
                "db_table": "community_workprovider",
                "verbose_name": "work provider",
                "verbose_name_plural": "work providers",
                "ordering": ["name", "id"],
                "indexes": [models.Index(fields=["unit", "status"], name="provider_unit_status")],
            },
        ),
        migrations.CreateModel(
            name="Agreement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(max_length=60, verbose_name="agreement number")),
                ("signed_on", models.DateField(blank=True, null=True, verbose_name="signed on")),
                ("valid_from", models.DateField(verbose_name="valid from")),
                ("valid_until", models.DateField(blank=True, null=True, verbose_name="valid until")),
                ("status", models.CharField(choices=[("draft", "draft"), ("active", "in force"), ("ended", "ended")],
                                            default="active", max_length=10, verbose_name="status")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("version", models.PositiveIntegerField(default=1)),
                ("provider", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                               related_name="agreements", to="partners.organisation")),
            ],
            options={
                "db_table": "community_agreement",
                "verbose_name": "agreement",
                "verbose_name_plural": "agreements",
                "ordering": ["-valid_from", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Place",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("address", models.CharField(max_length=300, verbose_name="address")),
                ("municipality", models.CharField(max_length=10, verbose_name="municipality")),
                ("kinds_of_work", models.CharField(max_length=300, verbose_name="kinds of work")),
                ("capacity", models.PositiveIntegerField(verbose_name="capacity (clients at a time)")),
                ("working_times", models.CharField(blank=True, max_length=200, verbose_name="working times")),
                ("active", models.BooleanField(default=True, verbose_name="active")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("version", models.PositiveIntegerField(default=1)),
                ("provider", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="places",
                                               to="partners.organisation")),
            ],
            options={
                "db_table": "community_workplace",
                "verbose_name": "work place",
                "verbose_name_plural": "work places",
                "ordering": ["provider__name", "name", "id"],
            },
        ),
        migrations.CreateModel(
            name="ContactPerson",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("position", models.CharField(blank=True, max_length=120, verbose_name="position")),
                ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                ("active", models.BooleanField(default=True, verbose_name="active")),
                ("version", models.PositiveIntegerField(default=1)),
                ("provider", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="contacts",
                                               to="partners.organisation")),
            ],
            options={
                "db_table": "community_contactperson",
                "verbose_name": "contact person",
                "verbose_name_plural": "contact persons",
                "ordering": ["-active", "name", "id"],
            },
        ),
        migrations.CreateModel(
            name="Note",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="note")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("author", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                             to=settings.AUTH_USER_MODEL)),
                ("provider", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="notes",
                                               to="partners.organisation")),
            ],
            options={
                "db_table": "community_providernote",
                "verbose_name": "note",
                "verbose_name_plural": "notes",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Rating",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveIntegerField(verbose_name="year")),
                ("rated_on", models.DateField(verbose_name="date")),
                ("score", models.PositiveSmallIntegerField(verbose_name="satisfaction (1–5)")),
                ("note", models.TextField(blank=True, verbose_name="feedback")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("author", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                             to=settings.AUTH_USER_MODEL)),
                ("provider", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="ratings",
                                               to="partners.organisation")),
            ],
            options={
                "db_table": "community_providerrating",
                "verbose_name": "provider satisfaction rating",
                "verbose_name_plural": "provider satisfaction ratings",
                "ordering": ["-year", "-rated_on", "-id"],
                "constraints": [
                    models.UniqueConstraint(fields=("provider", "year"), name="one_rating_per_provider_year"),
                    models.CheckConstraint(condition=models.Q(("score__gte", 1), ("score__lte", 5)),
                                           name="rating_score_1_5"),
                ],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
