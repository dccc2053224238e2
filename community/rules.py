"""Task rules: register the client for community service in time (SIK Art. 133).

The deadline counts from the event the order names: the ruling taking effect (10 working days),
release from prison (10) or parole (3). The rules fire when the officer records the order details
(timeline event ``community_details_recorded``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from tasks.rules import TIMELINE_PREFIX, TaskRule, TaskSpec, register

TRIGGER = f"{TIMELINE_PREFIX}community_details_recorded"
OUTCOME_REGISTERED = "registered"


def _maker(basis: str) -> Any:
    def make(*, case: Any, section: Any, **data: Any) -> TaskSpec | None:
        if data.get("basis") != basis:
            return None
        return TaskSpec(start=dt.date.fromisoformat(data["from_iso"]), unit=case.responsible_unit, case=case,
                        section=section, assignee=section.responsible_officer if section else None)

    return make


REGISTER_AFTER_RULING = register(TaskRule(
    code="community.register_after_ruling", trigger=TRIGGER,
    title=_("Register the client for community service"),
    deadline_policy="community.register_after_ruling_working_days", make=_maker("ruling"),
    source="Sentence Execution Code (SIK) Art. 133", completes_with=(OUTCOME_REGISTERED,),
))
REGISTER_AFTER_RELEASE = register(TaskRule(
    code="community.register_after_release", trigger=TRIGGER,
    title=_("Register the client for community service after release from prison"),
    deadline_policy="community.register_after_release_working_days", make=_maker("release"),
    source="Sentence Execution Code (SIK) Art. 133", completes_with=(OUTCOME_REGISTERED,),
))
REGISTER_AFTER_PAROLE = register(TaskRule(
    code="community.register_after_parole", trigger=TRIGGER,
    title=_("Register the client for community service after parole"),
    deadline_policy="community.register_after_parole_working_days", make=_maker("parole"),
    source="Sentence Execution Code (SIK) Art. 133", completes_with=(OUTCOME_REGISTERED,),
))


# --- Enforcement: the court's decision on a submission, and the 2-year enforcement limit ---------

DECISION_EVASION = "community.court_decision_evasion"
DECISION_EARLY_RELEASE = "community.court_decision_early_release"
DECISION_KINDS = (DECISION_EVASION, DECISION_EARLY_RELEASE)
OUTCOME_DECIDED = "decided"


def _decision(*, case: Any, section: Any, **data: Any) -> TaskSpec | None:
    if section is None or not data.get("day_iso"):
        return None
    return TaskSpec(start=dt.date.fromisoformat(data["day_iso"]), unit=case.responsible_unit, case=case,
                    section=section, assignee=section.responsible_officer,
                    description=f"{data.get('day', '')}")


# A submission waits for the court; if no decision is recorded within the waiting period the task
# is overdue (and the tasks module tells the officer and the unit head). Recording the decision
# completes it (``services.submission_decide``).
register(TaskRule(
    code=DECISION_EVASION, trigger=f"{TIMELINE_PREFIX}community_evasion_submitted",
    title=_("Court decision awaited on the evasion submission: follow it up"),
    deadline_policy="community.court_decision_wait_working_days", make=_decision,
    source="Service practice (waiting period to be confirmed)", completes_with=(OUTCOME_DECIDED,),
))
register(TaskRule(
    code=DECISION_EARLY_RELEASE, trigger=f"{TIMELINE_PREFIX}community_early_release_submitted",
    title=_("Court decision awaited on the early-release submission: follow it up"),
    deadline_policy="community.court_decision_wait_working_days", make=_decision,
    source="Service practice (waiting period to be confirmed)", completes_with=(OUTCOME_DECIDED,),
))

# The daily job (``community.jobs``) finds the sections near the limit, makes each task with this rule's
# ``make`` and creates them in bulk (``tasks.services.tasks_create_many``); the trigger is the job's.
LIMITATION_NEAR = "community.limitation_near"
LIMITATION = "community.enforcement_limit"
OUTCOME_CLOSED = "closed"


def _limitation(*, section: Any, today: dt.date, until: dt.date, **_: Any) -> TaskSpec | None:
    if not section.is_open:
        return None
    case = section.case
    return TaskSpec(start=today, unit=case.responsible_unit, case=case, section=section,
                    assignee=section.responsible_officer, description=f"{until:%d.%m.%Y}")


register(TaskRule(
    code=LIMITATION, trigger=LIMITATION_NEAR,
    title=_("The community service enforcement limit is near: complete the order or apply to the court"),
    deadline_policy="community.limitation_task_working_days", make=_limitation,
    source="Criminal Law (KL) Art. 62(1)(1) (2-year limit); lead time: service practice",
    completes_with=(OUTCOME_CLOSED,),
))


# The rules whose task the first work order fulfils (community.services.orders).
REGISTER_KINDS = (REGISTER_AFTER_RULING.code, REGISTER_AFTER_RELEASE.code, REGISTER_AFTER_PAROLE.code)
