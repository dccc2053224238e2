"""Background jobs of community service (schedule: settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.jobs import logged_task


def create_limitation_tasks_now(today: dt.date | None = None) -> dict[str, Any]:
    """A task for every open community-service section whose 2-year enforcement limit comes within
    the warning period (policy ``community.limitation_warning_days``) and that has no such task yet."""
    from cases.models import Section
    from community.models import KINDS, CommunityServiceDetails
    from community.progress import add_years
    from community.rules import LIMITATION, LIMITATION_NEAR
    from core import policies
    from tasks import rules
    from tasks.models import Task

    today = today or timezone.localdate()
    years = int(policies.value("community.limitation_years"))
    horizon = today + dt.timedelta(days=int(policies.value("community.limitation_warning_days")))
    # until = ruling_in_force + years <= horizon  <=>  ruling_in_force <= horizon - years
    latest_ruling = add_years(horizon, -years)
    details = (CommunityServiceDetails.objects.filter(ruling_in_force__lte=latest_ruling,
                                                      section__state__in=Section.OPEN_STATES,
                                                      section__kind__in=KINDS)
               .exclude(Exists(Task.objects.filter(section=OuterRef("section_id"), kind=LIMITATION)))
               .select_related("section", "section__case", "section__case__responsible_unit",
                               "section__responsible_officer"))
    created = 0
    for d in details.iterator(chunk_size=500):
        section: Section = d.section
        created += len(rules.fire(LIMITATION_NEAR, actor=None, section=section, today=today,
                                  until=add_years(d.ruling_in_force, years)))
    return {"tasks": created}


@logged_task("community.create_limitation_tasks")
def create_limitation_tasks() -> dict[str, Any]:
    return create_limitation_tasks_now()
