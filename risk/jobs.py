"""Daily jobs: reassessments that fall due (bulk tasks) and scores recomputed when a model version or the
article table changed."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db.models import Max
from django.utils import timezone

from core import policies
from core.jobs import logged_task


def due_cases(today: dt.date) -> list:
    """Open cases whose latest completed assessment is older than the interval, with no open
    reassessment task."""
    from cases.models import Case
    from risk import rules
    from risk.models import Assessment
    from risk.policies import REASSESSMENT_MONTHS
    from tasks.models import Task

    cutoff = today - relativedelta(months=int(policies.value(REASSESSMENT_MONTHS.key)))
    latest = (Assessment.objects.filter(status=Assessment.Status.COMPLETED, case__status=Case.Status.OPEN)
              .values("case_id").annotate(last=Max("assessed_on")).filter(last__lte=cutoff)
              .values_list("case_id", flat=True))
    busy = Task.objects.filter(kind__in=rules.KINDS, status=Task.Status.OPEN).values("case_id")
    return list(Case.objects.filter(pk__in=latest).exclude(pk__in=busy)
                .values_list("pk", "responsible_unit_id", "responsible_officer_id"))


def scan(today: dt.date | None = None) -> int:
    from risk import rules
    from tasks.services import NewTask, tasks_create_many

    rows = due_cases(today or timezone.localdate())
    items = [NewTask(unit_id=unit, case_id=case, assignee_id=officer) for case, unit, officer in rows]
    return tasks_create_many(actor=None, rule_code=rules.REASSESS_DUE, items=items, start=today) if items else 0


@logged_task("risk.scan_reassessments")
def scan_reassessments() -> dict:
    return {"created": scan()}


@logged_task("risk.rescore")
def rescore() -> dict:
    """Every person with a history is rescored with the current model version and article table (a new
    score only where the inputs or the version changed)."""
    from people.models import Person
    from risk import services
    from risk.models import Conviction

    changed = 0
    ids = Conviction.objects.values_list("person_id", flat=True).distinct()
    for person in Person.objects.filter(pk__in=ids).iterator():
        before = person.risk_scores.filter(current=True).values_list("pk", flat=True).first()
        score = services.person_rescore(actor=None, person=person, reason="recomputed")
        changed += int(getattr(score, "pk", None) != before)
    return {"changed": changed}
