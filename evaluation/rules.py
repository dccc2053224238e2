"""Task rules of evaluation reports: deliver by the deadline (the request's, else the policy default),
invite the client, contact the victim (unless the requester said a meeting is undesirable) and review a
submitted draft. The registration of a request fires the first three (timeline event
``evaluation_request_registered``); submitting for review fires the fourth. The steps that fulfil them
complete them (``tasks.services.tasks_complete_open``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from tasks.rules import TIMELINE_PREFIX, TaskRule, TaskSpec, register

REGISTERED = f"{TIMELINE_PREFIX}evaluation_request_registered"
OUTCOME_SENT = "sent"
OUTCOME_INVITED = "invited"
OUTCOME_CONTACTED = "contacted"
OUTCOME_REVIEWED = "reviewed"


def _spec(case: Any, section: Any, data: dict[str, Any], assignee: Any = None) -> TaskSpec:
    from accounts.models import OrgUnit

    unit = OrgUnit.objects.get(pk=data["unit_id"]) if data.get("unit_id") else case.responsible_unit
    return TaskSpec(start=dt.date.fromisoformat(data["received_iso"]), unit=unit, case=case, section=section,
                    assignee=assignee if assignee is not None else section.responsible_officer,
                    description=data.get("case_number", ""))


# The delivery task: its due date is the request's deadline (``services`` creates it with that date);
# the rule holds its title, its default (the policy) and its source.
DELIVER = register(TaskRule(
    code="evaluation.deliver", trigger="evaluation.deliver",
    title=_("Deliver the evaluation report"),
    deadline_policy="evaluation.default_deadline_working_days",
    make=lambda **_kw: None,
    source="Request of the court, prosecutor or prison (MK 271); default: service practice",
    completes_with=(OUTCOME_SENT,),
))


def _invite(*, case: Any, section: Any, **data: Any) -> TaskSpec | None:
    return _spec(case, section, data)


INVITE = register(TaskRule(
    code="evaluation.invite", trigger=REGISTERED, title=_("Invite the client for the evaluation report"),
    deadline_policy="evaluation.invite_working_days", make=_invite,
    source="MK 271 p.13 (the appearance at most 10 days after the invitation); lead time: service practice",
    completes_with=(OUTCOME_INVITED,),
))


def _victim(*, case: Any, section: Any, **data: Any) -> TaskSpec | None:
    if not data.get("victim_contact"):
        return None
    return _spec(case, section, data)


VICTIM = register(TaskRule(
    code="evaluation.victim_contact", trigger=REGISTERED,
    title=_("Contact the victim for the evaluation report"),
    deadline_policy="evaluation.victim_contact_working_days", make=_victim,
    source="MK 271 (a minor victim only through a legal representative)", completes_with=(OUTCOME_CONTACTED,),
))


def _review(*, case: Any, section: Any, **data: Any) -> TaskSpec | None:
    from accounts.models import User

    reviewer_id = data.get("reviewer_id")
    reviewer = User.objects.filter(pk=reviewer_id).first() if reviewer_id else None
    if reviewer is None:
        return None
    return TaskSpec(start=dt.date.fromisoformat(data["day_iso"]), unit=case.responsible_unit, case=case,
                    section=section, assignee=reviewer, description=data.get("case_number", ""))


REVIEW = register(TaskRule(
    code="evaluation.review", trigger=f"{TIMELINE_PREFIX}evaluation_submitted_for_review",
    title=_("Review the evaluation report"), deadline_policy="evaluation.review_working_days", make=_review,
    source="Service practice (countersignature by a senior officer)", completes_with=(OUTCOME_REVIEWED,),
))
