"""Background jobs of community service (scheduled through ``community.function``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cases.models import Section
from community.models import KINDS
from community.progress import add_years
from community.rules import LIMITATION
from core import policies
from core.jobs import logged_task
from tasks import rules
from tasks.selectors import section_has_task
from tasks.services import NewTask, tasks_create_many


def create_limitation_tasks_now(today: dt.date | None = None) -> dict[str, Any]:
    """A task for every open community-service section whose 2-year enforcement limit comes within
    the warning period (policy ``community.limitation_warning_days``) and that has no such task yet:
    the rule ``community.enforcement_limit`` makes each task's links, ``tasks_create_many`` writes them
    in bulk (the due date counts from today by the rule's deadline policy)."""
    today = today or timezone.localdate()
    years = int(policies.value("community.limitation_years"))
    horizon = today + dt.timedelta(days=int(policies.value("community.limitation_warning_days")))
    # until = ruling_in_force + years <= horizon  <=>  ruling_in_force <= horizon - years
    latest_ruling = add_years(horizon, -years)
    sections = (Section.objects.open().filter(kind__in=KINDS, community__ruling_in_force__lte=latest_ruling)
                .exclude(section_has_task(LIMITATION))
                .select_related("community", "case", "case__responsible_unit", "responsible_officer"))
    rule = rules.RULES[LIMITATION]
    items = []
    for section in sections.iterator(chunk_size=500):
        spec = rule.make(section=section, today=today, until=add_years(section.community.ruling_in_force, years))
        if spec is not None:
            items.append(NewTask(unit_id=spec.unit.pk, case_id=spec.case.pk, section_id=spec.section.pk,
                                 assignee_id=spec.assignee.pk if spec.assignee else None,
                                 description=spec.description))
    return {"tasks": tasks_create_many(actor=None, rule_code=LIMITATION, items=items, start=today)}


@logged_task("community.create_limitation_tasks")
def create_limitation_tasks() -> dict[str, Any]:
    return create_limitation_tasks_now()
