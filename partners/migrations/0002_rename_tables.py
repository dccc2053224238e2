"""The partner organisations' tables and columns get their own names: ``community_workprovider`` →
``partners_organisation`` (and likewise for agreements, places, contact persons, notes and ratings),
``provider_id`` → ``organisation_id``. Rows keep their ids, so community's work orders and supervisors
still point at the same places and organisations (the foreign keys follow a renamed table on
PostgreSQL and on SQLite ≥ 3.26). The content types follow the models, so whatever refers to them
keeps its meaning; the change log keeps the model labels it recorded at the time."""

from django.db import migrations, models

MOVED = {  # community's model → partners' model
    "workprovider": "organisation",
    "agreement": "agreement",
    "workplace": "place",
    "contactperson": "contactperson",
    "providernote": "note",
    "providerrating": "rating",
}


def move_content_types(apps, schema_editor, moves=MOVED, source="community", target="partners"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for old, new in moves.items():
        if ContentType.objects.using(db).filter(app_label=target, model=new).exists():
            continue
        ContentType.objects.using(db).filter(app_label=source, model=old).update(app_label=target, model=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, moves={new: old for old, new in MOVED.items()}, source="partners",
                       target="community")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("community", "0004_partners_move"),
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="organisation", table=None),
        migrations.AlterModelTable(name="agreement", table=None),
        migrations.AlterModelTable(name="place", table=None),
        migrations.AlterModelTable(name="contactperson", table=None),
        migrations.AlterModelTable(name="note", table=None),
        migrations.AlterModelTable(name="rating", table=None),
        migrations.RemoveConstraint(model_name="rating", name="one_rating_per_provider_year"),
        migrations.RemoveConstraint(model_name="rating", name="rating_score_1_5"),
        migrations.RenameField(model_name="agreement", old_name="provider", new_name="organisation"),
        migrations.RenameField(model_name="place", old_name="provider", new_name="organisation"),
        migrations.RenameField(model_name="contactperson", old_name="provider", new_name="organisation"),
        migrations.RenameField(model_name="note", old_name="provider", new_name="organisation"),
        migrations.RenameField(model_name="rating", old_name="provider", new_name="organisation"),
        migrations.RenameIndex(model_name="organisation", new_name="partners_org_unit_status",
                               old_name="provider_unit_status"),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.UniqueConstraint(fields=("organisation", "year"), name="partners_one_rating_a_year"),
        ),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.CheckConstraint(condition=models.Q(("score__gte", 1), ("score__lte", 5)),
                                              name="partners_rating_score_1_5"),
        ),
        migrations.AlterModelOptions(
            name="organisation",
            options={"ordering": ["name", "id"], "verbose_name": "partner organisation",
                     "verbose_name_plural": "partner organisations"},
        ),
        migrations.AlterModelOptions(
            name="place",
            options={"ordering": ["organisation__name", "name", "id"], "verbose_name": "place",
                     "verbose_name_plural": "places"},
        ),
        migrations.AlterModelOptions(
            name="rating",
            options={"ordering": ["-year", "-rated_on", "-id"], "verbose_name": "satisfaction rating",
                     "verbose_name_plural": "satisfaction ratings"},
        ),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=False),
    ]
