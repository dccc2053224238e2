"""Task rules of risk assessment (tasks.rules): reassessment on events and on schedule.

* ``risk.reassess_conviction``: a new criminal history entry on a client with a case file.
* ``risk.reassess_violation``: a violation recorded by supervision (the timeline event
  ``supervision_violation``, by its code only: functions never import one another).
* ``risk.reassess_due``: the daily job's scan (``risk.jobs.scan_reassessments``) creates these in bulk
  when the last completed assessment is older than the interval policy.

Completing an assessment completes every open reassessment task of the case. No rule creates a second
open reassessment task for a case that has one.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from risk.policies import REASSESSMENT_DEADLINE
from tasks.rules import TaskRule, TaskSpec, register

REASSESS_CONVICTION = "risk.reassess_conviction"
REASSESS_VIOLATION = "risk.reassess_violation"
REASSESS_DUE = "risk.reassess_due"
REASSESS_DUE_SCAN = "risk.reassess_due_scan"  # a trigger nobody fires: the scan creates in bulk
KINDS = (REASSESS_CONVICTION, REASSESS_VIOLATION, REASSESS_DUE)


def has_open_task(case: Any) -> bool:
    from tasks.models import Task

    return Task.objects.filter(case=case, kind__in=KINDS, status=Task.Status.OPEN).exists()


def _on_event(*, case: Any, **_: Any) -> TaskSpec | None:
    if case is None or case.status != "open" or has_open_task(case):
        return None
    return TaskSpec(start=timezone.localdate(), unit=case.responsible_unit, case=case,
                    assignee=case.responsible_officer)


register(TaskRule(
    code=REASSESS_CONVICTION, trigger="timeline:risk_conviction_added",
    title=_("Reassess the client's risk and needs (new criminal history entry)"),
    deadline_policy=REASSESSMENT_DEADLINE.key, make=_on_event, source="risk-models.md (reassessment on events)",
    completes_with=("assessed",),
))
register(TaskRule(
    code=REASSESS_VIOLATION, trigger="timeline:supervision_violation",
    title=_("Reassess the client's risk and needs (violation)"),
    deadline_policy=REASSESSMENT_DEADLINE.key, make=_on_event, source="risk-models.md (reassessment on events)",
    completes_with=("assessed",),
))
register(TaskRule(
    code=REASSESS_DUE, trigger=REASSESS_DUE_SCAN, title=_("Reassess the client's risk and needs (due)"),
    deadline_policy=REASSESSMENT_DEADLINE.key, make=lambda **_: None,
    source="risk-models.md (reassessment on a schedule)", completes_with=("assessed",),
))
