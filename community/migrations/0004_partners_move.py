"""Work providers, their agreements, places, contact persons, notes and ratings move to the shared
``partners`` app (see ``partners.0001``). Only Django's idea of the models changes here: community's
foreign keys (work orders to their place, supervisors to their organisation) now point at the
``partners`` models, which use the same tables, and community forgets its own copies. No table,
row or constraint is touched; ``partners.0002`` renames the tables afterwards."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("community", "0003_providers_documents_ratings"),
        ("partners", "0001_initial"),
    ]

    state_operations = [
        migrations.AlterField(
            model_name="workorder",
            name="place",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="community_orders",
                                    to="partners.place", verbose_name="work place"),
        ),
        migrations.AlterField(
            model_name="providersupervisor",
            name="provider",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                    related_name="community_supervisors", to="partners.organisation"),
        ),
        migrations.DeleteModel(name="ProviderRating"),
        migrations.DeleteModel(name="ProviderNote"),
        migrations.DeleteModel(name="ContactPerson"),
        migrations.DeleteModel(name="Agreement"),
        migrations.DeleteModel(name="WorkPlace"),
        migrations.DeleteModel(name="WorkProvider"),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
