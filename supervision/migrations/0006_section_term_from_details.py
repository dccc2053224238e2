"""One source of truth for a section's term: a registered supervision's term is the section's term
(before, the case file's overview showed the dates typed at registration from the inbox and the
supervision page the registered ones). Copies each registered term to its section."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_terms(apps, schema_editor):
    Section = apps.get_model("cases", "Section")
    Details = apps.get_model("supervision", "SupervisionDetails")
    details = Details.objects.filter(section_id=OuterRef("pk"))
    Section.objects.filter(pk__in=Details.objects.values("section_id")).update(
        start_date=Subquery(details.values("start_date")[:1]),
        planned_end_date=Subquery(details.values("end_date")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0005_section_record_base"),
    ]

    operations = [migrations.RunPython(copy_terms, migrations.RunPython.noop)]
