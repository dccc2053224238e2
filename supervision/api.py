"""JSON API of supervision (mounted at /api/supervision). Reads need ``case.view`` on the case;
writes need ``section.manage`` (else 404, as in the UI) and call ``supervision.services``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from accounts.roles import CASE_VIEW, SECTION_MANAGE, WORKLOAD_VIEW
from cases.models import Section
from core.access import has_perm
from core.api import get_or_404, require_scope
from core.errors import ValidationFailed
from people.schemas import ErrorOut
from supervision import selectors, services
from supervision.models import (
    AbsencePermission,
    Appointment,
    Duty,
    SupervisionDetails,
    SupervisionPlan,
    Violation,
)
from supervision.policies import SUPERVISION_KINDS

router = Router(tags=["supervision"])
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
WRITE_SCOPE = "supervision:write"


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


class SummaryOut(Schema):
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


def _section(request: HttpRequest, section_id: int, perm: str) -> Section:
    if not has_perm(request.user, perm):
        raise Http404
    return get_or_404(Section.objects.visible_to(request.user, perm)
                      .select_related("case", "responsible_officer").filter(kind__in=SUPERVISION_KINDS),
                      pk=section_id)


@router.get("/sections/{section_id}", response={200: SummaryOut, **ERRORS})
def section_summary(request: HttpRequest, section_id: int) -> Any:
    require_scope(request, "read")
    section = _section(request, section_id, CASE_VIEW)
    details = SupervisionDetails.objects.filter(section=section).first()
    c = selectors.compliance(section, details)
    return {
        "section_id": section.pk, "kind": section.kind, "registered": details is not None,
        "start_date": details.start_date if details else None, "end_date": details.end_date if details else None,
        "intensity": details.intensity if details else None, "complied": c.complied, "failed": c.failed,
        "absences": c.absences, "warnings": c.warnings, "submissions": c.submissions, "last_contact": c.last_contact,
        "contact_overdue": c.overdue, "breach_in_progress": c.breach_in_progress, "submission_due": c.submission_due,
    }


@router.get("/sections/{section_id}/appointments", response={200: list[AppointmentOut], **ERRORS})
def list_appointments(request: HttpRequest, section_id: int) -> Any:
    require_scope(request, "read")
    section = _section(request, section_id, CASE_VIEW)
    return list(Appointment.objects.filter(section=section).order_by("starts_at"))


@router.post("/sections/{section_id}/appointments", response={201: AppointmentOut, **ERRORS})
def schedule_appointment(request: HttpRequest, section_id: int, payload: AppointmentIn) -> Any:
    require_scope(request, WRITE_SCOPE)
    section = _section(request, section_id, SECTION_MANAGE)
    appointment = services.appointment_schedule(
        actor=request.user, section=section, officer=section.responsible_officer or request.user, kind=payload.kind,
        starts_at=payload.starts_at, duration_minutes=payload.duration_minutes, place=payload.place,
        remind=payload.remind)
    return Status(201, appointment)


@router.post("/appointments/{appointment_id}/outcome", response={200: AppointmentOut, **ERRORS})
def record_outcome(request: HttpRequest, appointment_id: int, payload: OutcomeIn) -> Any:
    require_scope(request, WRITE_SCOPE)
    if not has_perm(request.user, SECTION_MANAGE):
        raise Http404
    appointment = get_or_404(Appointment.objects.visible_to(request.user, SECTION_MANAGE), pk=appointment_id)
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


@router.get("/sections/{section_id}/violations", response={200: list[ViolationOut], **ERRORS})
def list_violations(request: HttpRequest, section_id: int) -> Any:
    require_scope(request, "read")
    section = _section(request, section_id, CASE_VIEW)
    return [_violation_out(v) for v in
            Violation.objects.filter(section=section).prefetch_related("warnings", "submissions")]


@router.post("/sections/{section_id}/violations", response={201: ViolationOut, **ERRORS})
def record_violation(request: HttpRequest, section_id: int, payload: ViolationIn) -> Any:
    """Record a violation; ``duty_id`` / ``appointment_id`` must be the section's own (else 422 with
    the field named)."""
    require_scope(request, WRITE_SCOPE)
    section = _section(request, section_id, SECTION_MANAGE)
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


@router.get("/sections/{section_id}/plans", response={200: list[PlanOut], **ERRORS})
def list_plans(request: HttpRequest, section_id: int) -> Any:
    """Every version of the plan, the newest first."""
    require_scope(request, "read")
    section = _section(request, section_id, CASE_VIEW)
    plans = SupervisionPlan.objects.filter(section=section).prefetch_related("goals").order_by("-number")
    return [{"number": p.number, "needs": p.needs, "agreed_on": p.agreed_on, "review_due": p.review_due,
             "change_note": p.change_note, "goals": list(p.goals.all())} for p in plans]


@router.get("/sections/{section_id}/absences", response={200: list[AbsenceOut], **ERRORS})
def list_absences(request: HttpRequest, section_id: int) -> Any:
    require_scope(request, "read")
    section = _section(request, section_id, CASE_VIEW)
    return list(AbsencePermission.objects.filter(section=section))


@router.post("/sections/{section_id}/absences", response={201: AbsenceOut, **ERRORS})
def request_absence(request: HttpRequest, section_id: int, payload: AbsenceIn) -> Any:
    require_scope(request, WRITE_SCOPE)
    section = _section(request, section_id, SECTION_MANAGE)
    absence = services.absence_request(actor=request.user, section=section, starts_on=payload.starts_on,
                                       ends_on=payload.ends_on, destination=payload.destination,
                                       reason=payload.reason)
    return Status(201, absence)


@router.post("/absences/{absence_id}/decision", response={200: AbsenceOut, **ERRORS})
def decide_absence(request: HttpRequest, absence_id: int, payload: AbsenceDecisionIn) -> Any:
    require_scope(request, WRITE_SCOPE)
    if not has_perm(request.user, SECTION_MANAGE):
        raise Http404
    absence = get_or_404(AbsencePermission.objects.visible_to(request.user, SECTION_MANAGE), pk=absence_id)
    return services.absence_decide(actor=request.user, absence=absence, decision=payload.decision,
                                   reason=payload.reason, expected_version=payload.version)


@router.get("/vitals", response={200: list[VitalsOut], **ERRORS})
def officer_vitals(request: HttpRequest) -> Any:
    """One's own vitals, or per officer in scope for those who see the workload."""
    require_scope(request, "read")
    if not has_perm(request.user, CASE_VIEW):
        raise Http404
    rows = selectors.vitals(request.user, all_officers=has_perm(request.user, WORKLOAD_VIEW))
    return [{"officer_id": r.officer_id, "officer": r.officer, "clients": r.clients,
             "timely_contact": r.timely_contact, "timely_review": r.timely_review,
             "contact_share": r.contact_share, "review_share": r.review_share, "due_this_week": r.due_this_week}
            for r in rows]
