"""Enforcing the order: missed sessions, warnings and submissions to the court (evasion, with the
conversion of the remaining hours; early release), the court's decision, and completion. A granted
submission or completion closes the work order and the section (``cases.services.section_close``);
the tasks the flow fulfils are completed through ``tasks.services``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cases import services as case_services
from cases import timeline
from cases.kinds import SECTION_KINDS
from cases.models import Section
from community.letters import EARLY_RELEASE_SUBMISSION, EVASION_SUBMISSION
from community.models import CommunityServiceDetails, EnforcementStep, HourEntry, WorkOrder
from community.rules import DECISION_KINDS, LIMITATION, OUTCOME_CLOSED, OUTCOME_DECIDED
from community.selectors import details_progress, effective_hours
from community.services.common import not_future, open_section, user_of
from community.services.documents import generate, submission_context
from community.services.orders import close_active_order
from core import audit
from core.concurrency import bump, lock
from core.errors import Conflict, ValidationFailed
from tasks.services import tasks_complete_open

STEP_EVENTS: dict[str, str] = {
    EnforcementStep.Kind.MISSED: "community_missed_session",
    EnforcementStep.Kind.WARNING: "community_warning",
    EnforcementStep.Kind.EVASION: "community_evasion_submitted",
    EnforcementStep.Kind.EARLY_RELEASE: "community_early_release_submitted",
}
# The section's closing reason when the court grants a submission.
GRANTED_CLOSING_REASON: dict[str, str] = {
    EnforcementStep.Kind.EVASION: "revoked",
    EnforcementStep.Kind.EARLY_RELEASE: "early_discharge",
}


@transaction.atomic
def step_record(*, actor: Any, details: CommunityServiceDetails, kind: str, day: dt.date | None,
                note: str = "") -> EnforcementStep:
    """Record a missed session, a warning, or a submission to the court. A warning needs a missed
    session since the last warning; an evasion submission needs a warning and carries the conversion
    of the remaining hours; an early-release submission needs the eligibility conditions met."""
    details = lock(details, None)
    section = open_section(details)
    if kind not in EnforcementStep.Kind.values:
        raise ValidationFailed("kind_invalid", _("Choose the step."), field="kind")
    if day is None:
        raise ValidationFailed("day_required", _("Enter the date."), field="day")
    not_future(day, "day")
    if day < details.ruling_in_force:
        raise ValidationFailed("day_before_ruling", _("The date is before the ruling took effect."), field="day")
    steps = list(EnforcementStep.objects.filter(details=details))
    data: dict[str, Any] = {}
    p = None
    if kind == EnforcementStep.Kind.MISSED:
        if not WorkOrder.objects.filter(details=details, start_date__lte=day).exists():
            raise ValidationFailed("no_order_on_day", _("The client had no work order on that day."), field="day")
    elif kind == EnforcementStep.Kind.WARNING:
        last_warning = max((x.day for x in steps if x.kind == EnforcementStep.Kind.WARNING), default=None)
        if not any(x.kind == EnforcementStep.Kind.MISSED and x.day <= day
                   and (last_warning is None or x.day > last_warning) for x in steps):
            raise ValidationFailed("no_missed_session", _("Record the missed session before the warning."),
                                   field="kind")
    else:
        if any(x.decision == EnforcementStep.Decision.PENDING for x in steps):
            raise Conflict("submission_pending", _("A submission is still awaiting the court's decision."),
                           field="kind")
        p = details_progress(details, day)
        if kind == EnforcementStep.Kind.EVASION:
            if not any(x.kind == EnforcementStep.Kind.WARNING and x.day <= day for x in steps):
                raise ValidationFailed("no_warning", _("The client must have been warned before an evasion "
                                                       "submission."), field="kind")
            if p.remaining <= 0:
                raise ValidationFailed("nothing_remaining", _("All ordered hours have been worked."), field="kind")
            if p.conversion.days < 1:
                # KL 40(5) converts hours into whole days: fewer remaining hours than make one day (with
                # the remainder not counted, policy community.conversion_rounding) leave nothing to ask for.
                raise ValidationFailed(
                    "conversion_less_than_a_day",
                    _("Only %(hours)s hours remain: fewer than the %(per)s hours that make one day of short-term "
                      "deprivation of liberty, and a remainder is not counted, so the court cannot be asked to "
                      "convert them (it would be 0 days). Record the missed sessions and warnings, and let the "
                      "client work the remaining hours.")
                    % {"hours": number_format(p.conversion.remaining), "per": p.conversion.hours_per_day},
                    field="kind", remaining_hours=str(p.conversion.remaining),
                    hours_per_day=p.conversion.hours_per_day)
            data = {"remaining_hours": p.conversion.remaining, "conversion_days": p.conversion.days}
        else:
            if "early_discharge" not in SECTION_KINDS[section.kind].closing_reasons:
                raise ValidationFailed("early_release_not_applicable",
                                       _("Early release does not apply to this function."), field="kind")
            if not p.early_release.eligible:
                raise ValidationFailed("not_eligible", _("The conditions for early release are not met."),
                                       field="kind")
        data["decision"] = EnforcementStep.Decision.PENDING
    step = EnforcementStep.objects.create(details=details, kind=kind, day=day, note=(note or "").strip()[:500],
                                          created_by=user_of(actor), **data)
    audit.record(actor=actor, verb="community_step_record", instance=step, action="create",
                 after=audit.snapshot(step))
    timeline.emit(STEP_EVENTS[kind], case=section.case, section=section, actor=actor, day=f"{day:%d.%m.%Y}",
                  day_iso=day.isoformat(), remaining=str(data.get("remaining_hours", "")),
                  days=data.get("conversion_days", ""))
    if step.is_submission:
        assert p is not None
        figures = p
        code = EVASION_SUBMISSION if kind == EnforcementStep.Kind.EVASION else EARLY_RELEASE_SUBMISSION
        step.document = generate(actor, section, code, lambda language: {"submission": submission_context(
            step, details, steps, figures, language)})
        step.save(update_fields=["document"])
        audit.record(actor=actor, verb="community_step_document", instance=step, after=audit.snapshot(step))
    return step


@transaction.atomic
def submission_decide(*, actor: Any, step: EnforcementStep, expected_version: int | None, decision: str,
                      decided_on: dt.date | None, note: str = "") -> EnforcementStep:
    """Record the court's decision on a submission. Granted: the work order and the section close
    (evasion: "revoked"; early release: "early_discharge")."""
    step = lock(step, expected_version)
    if step.decision != EnforcementStep.Decision.PENDING:
        raise Conflict("not_pending", _("This submission is not awaiting a decision."), field="decision")
    details = CommunityServiceDetails.objects.get(pk=step.details_id)
    section = open_section(details)
    if decision not in (EnforcementStep.Decision.GRANTED, EnforcementStep.Decision.REJECTED):
        raise ValidationFailed("decision_invalid", _("Choose the court's decision."), field="decision")
    if decided_on is None:
        raise ValidationFailed("decided_on_required", _("Enter the date of the decision."), field="decided_on")
    not_future(decided_on, "decided_on")
    if decided_on < step.day:
        raise ValidationFailed("decided_before_submission", _("The decision cannot be before the submission."),
                               field="decided_on")
    before = audit.snapshot(step)
    step.decision = decision
    step.decided_on = decided_on
    step.decision_note = (note or "").strip()[:500]
    bump(step)
    step.save()
    audit.record(actor=actor, verb="community_submission_decide", instance=step, before=before,
                 after=audit.snapshot(step))
    timeline.emit("community_submission_decided", case=section.case, section=section, actor=actor,
                  submission=step.kind, court_decision=decision, day=f"{decided_on:%d.%m.%Y}")
    tasks_complete_open(actor=actor, kinds=DECISION_KINDS, outcome=OUTCOME_DECIDED, section=section)
    if decision == EnforcementStep.Decision.GRANTED:
        tasks_complete_open(actor=actor, kinds=(LIMITATION,), outcome=OUTCOME_CLOSED, section=section)
        close_active_order(actor, details, section, decided_on)
        case_services.section_close(actor=actor, section=section, reason=GRANTED_CLOSING_REASON[step.kind],
                                    closed_on=decided_on, note=step.decision_note, expected_version=None)
    return step


@transaction.atomic
def details_complete(*, actor: Any, details: CommunityServiceDetails) -> Section:
    """All ordered hours are worked: close the work order and the section with reason "completed"."""
    details = lock(details, None)
    section = open_section(details)
    done = effective_hours(details)
    if done < details.ordered_hours:
        raise ValidationFailed("hours_not_done", _("%(left)s of the ordered hours are still to be worked.")
                               % {"left": Decimal(details.ordered_hours) - done}, field="section")
    if EnforcementStep.objects.filter(details=details, decision=EnforcementStep.Decision.PENDING).exists():
        raise Conflict("submission_pending", _("A submission is still awaiting the court's decision."),
                       field="section")
    today = timezone.localdate()
    close_active_order(actor, details, section, min(today, HourEntry.objects.filter(
        details=details, superseded=False).order_by("-day").values_list("day", flat=True).first() or today))
    timeline.emit("community_completed", case=section.case, section=section, actor=actor, hours=str(done))
    tasks_complete_open(actor=actor, kinds=(LIMITATION,), outcome=OUTCOME_CLOSED, section=section)
    return case_services.section_close(actor=actor, section=section, reason="completed", closed_on=today,
                                       expected_version=None)
