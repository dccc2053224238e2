"""Background jobs of supervision (schedule: settings.CELERY_BEAT_SCHEDULE, owned by the lead)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef

from core.jobs import logged_task


def create_registration_tasks_now() -> dict[str, Any]:
    """A registration task for every open supervision section with no term registered and no
    registration task yet (the deadline counts from the ruling taking effect)."""
    from cases.models import Section
    from supervision.models import SupervisionDetails
    from supervision.policies import SUPERVISION_KINDS
    from supervision.taskrules import REGISTER, REGISTRATION_DUE
    from tasks import rules
    from tasks.models import Task

    sections = (Section.objects.open().filter(kind__in=SUPERVISION_KINDS)
                .exclude(Exists(SupervisionDetails.objects.filter(section=OuterRef("pk"))))
                .exclude(Exists(Task.objects.filter(section=OuterRef("pk"), kind=REGISTER)))
                .select_related("case", "case__responsible_unit", "responsible_officer"))
    created = 0
    for section in sections.iterator(chunk_size=500):
        created += len(rules.fire(REGISTRATION_DUE, actor=None, section=section))
    return {"tasks": created}


@logged_task("supervision.create_registration_tasks")
def create_registration_tasks() -> dict[str, Any]:
    return create_registration_tasks_now()
