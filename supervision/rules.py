"""Task rules of supervision, added through the tasks module's public API.

* ``supervision.register``: register the client within 10 working days of the ruling taking
  effect (SIK 155; MK 107 p.5). Fired by the daily job for open supervision sections that have
  no term registered yet and no registration task; completed when the term is registered.
* ``supervision.close_section``: when a term is set (``supervision_term_set`` on the timeline),
  close the section within N working days after the end of the term.
* ``supervision.contact_overdue``: make contact with a client whose contact is overdue. Created in
  bulk by the nightly scan (``supervision.jobs.scan_overdue_contacts``), never fired one by one;
  the scan completes it ("contact made" / "closed") once the client is no longer overdue.
* ``supervision.plan_review``: review the supervision plan; a task kind, not a rule (below).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from supervision.policies import CLOSING_DEADLINE, CONTACT_OVERDUE_DEADLINE, REGISTRATION_DEADLINE
from tasks.rules import TaskRule, TaskSpec, register

REGISTRATION_DUE = "supervision.registration_due"
REGISTER = "supervision.register"
CLOSE_SECTION = "supervision.close_section"
CONTACT_OVERDUE = "supervision.contact_overdue"
CONTACT_OVERDUE_SCAN = "supervision.contact_overdue_scan"  # a trigger nobody fires: the scan creates in bulk
# Not a rule: ``services.plan_save`` creates it with ``tasks.services.task_create``, due on the plan's
# review date (months, not working days); saving the next version or closing completes it.
PLAN_REVIEW = "supervision.plan_review"


def _registration(*, section: Any, **_: Any) -> TaskSpec | None:
    if not section.is_open:
        return None
    case = section.case
    return TaskSpec(start=section.basis_in_force or section.basis_date, unit=case.responsible_unit, case=case,
                    section=section, assignee=section.responsible_officer)


def _closing(*, section: Any = None, **_: Any) -> TaskSpec | None:
    if section is None or not section.is_open:
        return None
    details = getattr(section, "supervision", None)
    if details is None:
        return None
    case = section.case
    return TaskSpec(start=details.end_date, unit=case.responsible_unit, case=case, section=section,
                    assignee=section.responsible_officer)


register(TaskRule(
    code=REGISTER, trigger=REGISTRATION_DUE, title=_("Register the supervision client"),
    deadline_policy=REGISTRATION_DEADLINE.key, make=_registration, source="SIK 155; MK 107 p.5",
    completes_with=("registered",),
))
register(TaskRule(
    code=CLOSE_SECTION, trigger="timeline:supervision_term_set", title=_("Close the section at the end of the term"),
    deadline_policy=CLOSING_DEADLINE.key, make=_closing, source="Cabinet rules on probation client case files (closing reasons)",
    completes_with=("closed",),
))
register(TaskRule(
    code=CONTACT_OVERDUE, trigger=CONTACT_OVERDUE_SCAN, title=_("Contact the supervision client (contact overdue)"),
    deadline_policy=CONTACT_OVERDUE_DEADLINE.key, make=lambda **_: None,
    source="Service practice (contact frequency by intensity)", completes_with=("contact made", "closed"),
))
