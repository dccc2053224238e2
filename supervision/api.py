"""JSON API of supervision (mounted at /api/supervision). Reads need ``case.view`` on the case;
writes need ``section.manage`` (else 404, as in the UI) and call ``supervision.services``. Every route
declares its permission; a section is looked up through ``cases.selectors.access_section`` and a record
by its id through ``selectors.access_record`` (its section through the same chokepoint)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema, Status

from accounts.roles import CASE_VIEW, SECTION_MANAGE, WORKLOAD_VIEW
from cases.selectors import access_section
from core.access import has_perm
from core.api import ApiRouter
from core.errors import ValidationFailed
from supervision import selectors, services
from supervision.models import (
    AbsencePermission,
    Appointment,
    Duty,
    Submission,
    SupervisionDetails,
    SupervisionPlan,
    Violation,
    Warning,
)
from supervision.policies import SUPERVISION_KINDS

router = ApiRouter(tags=["supervision"], write_scope="supervision:write",
                   write_label=gettext_lazy("Record supervision terms, contacts, violations, warnings and submissions"))


class AppointmentOut(Schema):
    id: int
    section_id: int
    officer_id: int
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    outcome: str
    outcome_reason: str
    version: int


class SupervisionSummaryOut(Schema):
    section_id: int
    kind: str
    registered: bool
    start_date: dt.date | None
    end_date: dt.date | None
    intensity: str | None
    complied: int
    failed: int
    absences: int
    warnings: int
    submissions: int
    last_contact: dt.date | None
    contact_overdue: bool
    breach_in_progress: bool
    submission_due: bool


class AppointmentIn(Schema):
    kind: str
    starts_at: dt.datetime
    duration_minutes: int
    place: str = ""
    remind: bool = True


class OutcomeIn(Schema):
    outcome: str
    reason: str = ""
    note: str = ""
    version: int


@router.get("/sections/{section_id}", perm=CASE_VIEW, response={200: SupervisionSummaryOut})
def section_summary(request: HttpRequest, section_id: int) -> Any:
    section = access_section(request.user, section_id, CASE_VIEW, kinds=SUPERVISION_KINDS)
    details = SupervisionDetails.objects.filter(section=section).first()
    c = selectors.compliance(section, details)
    return {
        "section_id": section.pk, "kind": section.kind, "registered": details is not None,
        "start_date": details.start_date if details else None, "end_date": details.end_date if details else None,
        "intensity": details.intensity if details else None, "complied": c.complied, "failed": c.failed,
        "absences": c.absences, "warnings": c.warnings, "submissions": c.submissions, "last_contact": c.last_contact,
        "contact_overdue": c.overdue, "breach_in_progress": c.breach_in_progress, "submission_due": c.submission_due,
    }


@router.get("/sections/{section_id}/appointments", perm=CASE_VIEW, response={200: list[AppointmentOut]})
def list_appointments(request: HttpRequest, section_id: int) -> Any:
    section = access_section(request.user, section_id, CASE_VIEW, kinds=SUPERVISION_KINDS)
    return list(Appointment.objects.filter(section=section).order_by("starts_at"))


@router.post("/sections/{section_id}/appointments", perm=SECTION_MANAGE, response={201: AppointmentOut})
def schedule_appointment(request: HttpRequest, section_id: int, payload: AppointmentIn) -> Any:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS)
    appointment = services.appointment_schedule(
        actor=request.user, section=section, officer=section.responsible_officer or request.user, kind=payload.kind,
        starts_at=payload.starts_at, duration_minutes=payload.duration_minutes, place=payload.place,
        remind=payload.remind)
    return Status(201, appointment)


@router.post("/appointments/{appointment_id}/outcome", perm=SECTION_MANAGE, response={200: AppointmentOut})
def record_outcome(request: HttpRequest, appointment_id: int, payload: OutcomeIn) -> Any:
    appointment = selectors.access_record(request.user, Appointment, appointment_id, SECTION_MANAGE)
    return services.appointment_record_outcome(actor=request.user, appointment=appointment, outcome=payload.outcome,
                                               reason=payload.reason, note=payload.note,
                                               expected_version=payload.version)


class ViolationIn(Schema):
    kind: str
    occurred_on: dt.date
    description: str
    evidence: str = ""
    serious: bool = False
    duty_id: int | None = None
    appointment_id: int | None = None


class ViolationOut(Schema):
    id: int
    section_id: int
    kind: str
    occurred_on: dt.date
    description: str
    evidence: str
    serious: bool
    duty_id: int | None
    appointment_id: int | None
    warnings: int
    submissions: int


def _violation_out(v: Violation) -> dict[str, Any]:
    return {"id": v.pk, "section_id": v.section_id, "kind": v.kind, "occurred_on": v.occurred_on,
            "description": v.description, "evidence": v.evidence, "serious": v.serious, "duty_id": v.duty_id,
            "appointment_id": v.appointment_id, "warnings": len(v.warnings.all()),
            "submissions": len(v.submissions.all())}


@router.get("/sections/{section_id}/violations", perm=CASE_VIEW, response={200: list[ViolationOut]})
def list_violations(request: HttpRequest, section_id: int) -> Any:
    section = access_section(request.user, section_id, CASE_VIEW, kinds=SUPERVISION_KINDS)
    return [_violation_out(v) for v in
            Violation.objects.filter(section=section).prefetch_related("warnings", "submissions")]


@router.post("/sections/{section_id}/violations", perm=SECTION_MANAGE, response={201: ViolationOut})
def record_violation(request: HttpRequest, section_id: int, payload: ViolationIn) -> Any:
    """Record a violation; ``duty_id`` / ``appointment_id`` must be the section's own (else 422 with
    the field named)."""
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS)
    linked: dict[str, Any] = {"duty": None, "appointment": None}
    for field, model, pk in (("duty", Duty, payload.duty_id), ("appointment", Appointment, payload.appointment_id)):
        if pk is not None:
            linked[field] = model.objects.filter(pk=pk, section=section).first()
            if linked[field] is None:
                raise ValidationFailed(f"{field}_other_section", _("Choose one of this section's records."),
                                       field=f"{field}_id")
    violation = services.violation_record(actor=request.user, section=section, kind=payload.kind,
                                          occurred_on=payload.occurred_on, description=payload.description,
                                          evidence=payload.evidence, serious=payload.serious, **linked)
    return Status(201, _violation_out(violation))


# --- Enforcement: warnings, submissions to the court or prosecutor, decisions, closing ---------


class WarningIn(Schema):
    issued_on: dt.date | None = None
    language: str | None = None  # the client's first letter language when empty


class WarningOut(Schema):
    id: int
    section_id: int
    violation_id: int
    issued_on: dt.date
    document_id: int | None


class SubmissionIn(Schema):
    addressee: str
    grounds: str
    purpose: str = "breach"
    violation_id: int | None = None
    submitted_on: dt.date | None = None
    language: str = "lv"


class SubmissionOut(Schema):
    id: int
    section_id: int
    violation_id: int | None
    addressee: str
    purpose: str
    submitted_on: dt.date
    grounds: str
    decision: str
    decided_on: dt.date | None
    decision_note: str
    extension_months: int | None
    document_id: int | None
    version: int


class SupervisionDecisionIn(Schema):
    decision: str
    decided_on: dt.date
    note: str = ""
    extension_months: int | None = None
    version: int


class CloseIn(Schema):
    reason: str
    closed_on: dt.date | None = None
    note: str = ""
    version: int


class SupervisionSectionOut(Schema):
    id: int
    state: str
    closed_on: dt.date | None
    closing_reason: str
    version: int


@router.post("/violations/{violation_id}/warnings", perm=SECTION_MANAGE, response={201: WarningOut})
def issue_warning(request: HttpRequest, violation_id: int, payload: WarningIn) -> Any:
    """A written warning for the violation, generated as a letter on the case (DOCX and PDF)."""
    violation = selectors.access_record(request.user, Violation, violation_id, SECTION_MANAGE)
    warning = services.warning_issue(actor=request.user, violation=violation, issued_on=payload.issued_on,
                                     language=payload.language or None)
    return Status(201, warning)


@router.get("/sections/{section_id}/warnings", perm=CASE_VIEW, response={200: list[WarningOut]})
def list_warnings(request: HttpRequest, section_id: int) -> Any:
    section = access_section(request.user, section_id, CASE_VIEW, kinds=SUPERVISION_KINDS)
    return list(Warning.objects.filter(section=section).order_by("issued_on", "pk"))


@router.get("/sections/{section_id}/submissions", perm=CASE_VIEW, response={200: list[SubmissionOut]})
def list_submissions(request: HttpRequest, section_id: int) -> Any:
    section = access_section(request.user, section_id, CASE_VIEW, kinds=SUPERVISION_KINDS)
    return list(Submission.objects.filter(section=section).order_by("submitted_on", "pk"))


@router.post("/sections/{section_id}/submissions", perm=SECTION_MANAGE, response={201: SubmissionOut})
def make_submission(request: HttpRequest, section_id: int, payload: SubmissionIn) -> Any:
    """A submission to the court or prosecutor (``purpose`` breach or early_termination), generated
    as a letter; one pending submission at a time (409 submission_pending)."""
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS)
    violation = None
    if payload.violation_id is not None:
        violation = Violation.objects.filter(pk=payload.violation_id, section=section).first()
        if violation is None:
            raise ValidationFailed("violation_other_section", _("Choose one of this section's violations."),
                                   field="violation_id")
    submission = services.submission_make(actor=request.user, section=section, addressee=payload.addressee,
                                          grounds=payload.grounds, submitted_on=payload.submitted_on,
                                          violation=violation, purpose=payload.purpose, language=payload.language)
    return Status(201, submission)


@router.post("/submissions/{submission_id}/decision", perm=SECTION_MANAGE, response={200: SubmissionOut})
def decide_submission(request: HttpRequest, submission_id: int, payload: SupervisionDecisionIn) -> Any:
    """The court's or prosecutor's decision (the decisions allowed depend on the kind; an extension
    moves the end of the term); a stale ``version`` gets 409."""
    submission = selectors.access_record(request.user, Submission, submission_id, SECTION_MANAGE)
    return services.submission_decide(actor=request.user, submission=submission, decision=payload.decision,
                                      decided_on=payload.decided_on, note=payload.note,
                                      extension_months=payload.extension_months, expected_version=payload.version)


@router.post("/sections/{section_id}/close", perm=SECTION_MANAGE, response={200: SupervisionSectionOut})
def close_section(request: HttpRequest, section_id: int, payload: CloseIn) -> Any:
    """Close the supervision with a reason from the taxonomy (refused while a submission waits)."""
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS)
    return services.supervision_close(actor=request.user, section=section, reason=payload.reason,
                                      closed_on=payload.closed_on, note=payload.note,
                                      expected_version=payload.version)


class GoalOut(Schema):
    need: str
    goal: str
    measures: str
    responsible: str
    due_date: dt.date


class PlanOut(Schema):
    number: int
    needs: list[str]
    agreed_on: dt.date | None
    review_due: dt.date
    change_note: str
    goals: list[GoalOut]


class AbsenceIn(Schema):
    starts_on: dt.date
    ends_on: dt.date
    destination: str
    reason: str


class AbsenceOut(Schema):
    id: int
    section_id: int
    starts_on: dt.date
    ends_on: dt.date
    destination: str
    reason: str
    status: str
    decided_on: dt.date | None
    decision_reason: str
    version: int


class AbsenceDecisionIn(Schema):
    decision: str
    reason: str = ""
    version: int


class VitalsOut(Schema):
    officer_id: int | None
    officer: str
    clients: int
    timely_contact: int
    timely_review: int
    contact_share: int
    review_share: int
    due_this_week: int


@router.get("/sections/{section_id}/plans", perm=CASE_VIEW, response={200: list[PlanOut]})
def list_plans(request: HttpRequest, section_id: int) -> Any:
    """Every version of the plan, the newest first."""
    section = access_section(request.user, section_id, CASE_VIEW, kinds=SUPERVISION_KINDS)
    plans = SupervisionPlan.objects.filter(section=section).prefetch_related("goals").order_by("-number")
    return [{"number": p.number, "needs": p.needs, "agreed_on": p.agreed_on, "review_due": p.review_due,
             "change_note": p.change_note, "goals": list(p.goals.all())} for p in plans]


@router.get("/sections/{section_id}/absences", perm=CASE_VIEW, response={200: list[AbsenceOut]})
def list_absences(request: HttpRequest, section_id: int) -> Any:
    section = access_section(request.user, section_id, CASE_VIEW, kinds=SUPERVISION_KINDS)
    return list(AbsencePermission.objects.filter(section=section))


@router.post("/sections/{section_id}/absences", perm=SECTION_MANAGE, response={201: AbsenceOut})
def request_absence(request: HttpRequest, section_id: int, payload: AbsenceIn) -> Any:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS)
    absence = services.absence_request(actor=request.user, section=section, starts_on=payload.starts_on,
                                       ends_on=payload.ends_on, destination=payload.destination,
                                       reason=payload.reason)
    return Status(201, absence)


@router.post("/absences/{absence_id}/decision", perm=SECTION_MANAGE, response={200: AbsenceOut})
def decide_absence(request: HttpRequest, absence_id: int, payload: AbsenceDecisionIn) -> Any:
    absence = selectors.access_record(request.user, AbsencePermission, absence_id, SECTION_MANAGE)
    return services.absence_decide(actor=request.user, absence=absence, decision=payload.decision,
                                   reason=payload.reason, expected_version=payload.version)


@router.get("/vitals", perm=CASE_VIEW, response={200: list[VitalsOut]})
def officer_vitals(request: HttpRequest) -> Any:
    """One's own vitals, or per officer in scope for those who see the workload."""
    rows = selectors.vitals(request.user, all_officers=has_perm(request.user, WORKLOAD_VIEW))
    return [{"officer_id": r.officer_id, "officer": r.officer, "clients": r.clients,
             "timely_contact": r.timely_contact, "timely_review": r.timely_review,
             "contact_share": r.contact_share, "review_share": r.review_share, "due_this_week": r.due_this_week}
            for r in rows]
