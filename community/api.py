"""JSON API of community service (/api/community). Same access rules as the pages; missing and
forbidden both answer 404 ``not_found``; rule errors come back as 4xx with a ``code``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Schema, Status

from accounts import roles
from accounts.models import OrgUnit
from cases.models import Section
from community import progress, reports, services, value
from community.models import (
    KINDS,
    CommunityServiceDetails,
    EnforcementStep,
    WorkOrder,
    WorkPlace,
    WorkProvider,
)
from core import access
from core.api import ApiRouter

router = ApiRouter(tags=["community"], write_scope="community:write",
                   write_label=gettext_lazy("Record community-service orders, hours, enforcement steps and providers"))


class ProgressOut(Schema):
    ordered: int
    done: Decimal
    remaining: Decimal
    behind_pace: bool
    expected_by_now: Decimal
    conversion_days: int
    early_release_eligible: bool
    enforceable_until: dt.date
    limitation_warning: bool


class SectionOut(Schema):
    section_id: int
    case_id: int
    order_type: str
    ordered_hours: int
    ruling_in_force: dt.date
    registration_basis: str
    basis_event_date: dt.date
    active_order_id: int | None
    progress: ProgressOut
    version: int


class ProviderOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    stage: str
    unit_id: int
    registration_number: str
    version: int


class ProviderIn(Schema):
    name: str
    kind: str
    unit_id: int
    status: str = "prospect"
    stage: str = "identified"
    registration_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


class HoursIn(Schema):
    day: dt.date
    hours: Decimal


class HoursRow(Schema):
    order_id: int
    hours: Decimal


class BulkIn(Schema):
    day: dt.date
    rows: list[HoursRow]


class EntryOut(Schema):
    id: int
    order_id: int
    day: dt.date
    hours: Decimal
    channel: str


class RateOut(Schema):
    year: int
    month: int
    normal_hours: int
    minimum_wage: Decimal
    hourly_rate: Decimal


class UnitValueOut(Schema):
    unit_id: int
    name: str
    people: int
    adult_hours: Decimal
    minor_hours: Decimal
    value_eur: Decimal | None


class ReportOut(Schema):
    year: int
    hours: Decimal
    adult_hours: Decimal
    minor_hours: Decimal
    value_eur: Decimal
    adult_value_eur: Decimal
    minor_value_eur: Decimal
    adult_people: int
    minor_people: int
    units: list[UnitValueOut]


@router.get("/sections/{section_id}", perm=roles.CASE_VIEW, response=SectionOut, summary="A community-service section with its progress")
def get_section(request: HttpRequest, section_id: int) -> Any:
    section = Section.objects.visible_to(request.user, roles.CASE_VIEW).filter(pk=section_id, kind__in=KINDS).first()
    details = CommunityServiceDetails.objects.filter(section=section).first() if section else None
    if details is None or section is None:
        raise Http404
    orders = list(WorkOrder.objects.filter(details=details))
    first = min((o.start_date for o in orders), default=None)
    p = progress.compute(ordered=details.ordered_hours, done=services.effective_hours(details), first_order_start=first,
                         ruling_in_force=details.ruling_in_force, exemplary=details.exemplary_work,
                         today=timezone.localdate())
    active = next((o.pk for o in orders if o.status == WorkOrder.Status.ACTIVE), None)
    return {
        "section_id": section.pk, "case_id": section.case_id, "order_type": details.order_type,
        "ordered_hours": details.ordered_hours, "ruling_in_force": details.ruling_in_force,
        "registration_basis": details.registration_basis, "basis_event_date": details.basis_event_date,
        "active_order_id": active, "version": details.version,
        "progress": {"ordered": p.ordered, "done": p.done, "remaining": p.remaining, "behind_pace": p.pace.behind,
                     "expected_by_now": p.pace.expected, "conversion_days": p.conversion.days,
                     "early_release_eligible": p.early_release.eligible,
                     "enforceable_until": p.limitation.until, "limitation_warning": p.limitation.warn},
    }


@router.get("/providers", perm=roles.CASE_VIEW, response=list[ProviderOut], summary="Work providers and prospects")
def list_providers(request: HttpRequest, status: str = "") -> Any:
    qs = WorkProvider.objects.order_by("name", "id")
    if status:
        qs = qs.filter(status=status)
    return list(qs[:500])


@router.get("/providers/{provider_id}", perm=roles.CASE_VIEW, response=ProviderOut)
def get_provider(request: HttpRequest, provider_id: int) -> Any:
    provider = WorkProvider.objects.filter(pk=provider_id).first()
    if provider is None:
        raise Http404
    return provider


@router.post("/providers", perm=roles.SECTION_MANAGE, response={201: ProviderOut}, summary="Add a work provider or prospect")
def create_provider(request: HttpRequest, payload: ProviderIn) -> Any:
    data = payload.dict()
    unit = OrgUnit.objects.filter(pk=data.pop("unit_id")).first()
    return Status(201, services.provider_create(actor=request.user, unit=unit, **data))


# Officers of the client and the supervisors of the work place: hours_record decides.
@router.post("/orders/{order_id}/hours", perm=None, response={201: EntryOut}, summary="Record one day's hours of one client")
def record_hours(request: HttpRequest, order_id: int, payload: HoursIn) -> Any:
    order = WorkOrder.objects.filter(pk=order_id).first()
    if order is None:
        raise Http404
    return Status(201, services.hours_record(actor=request.user, order=order, day=payload.day, hours=payload.hours))


# Officers and the supervisors of the work place: hours_record_bulk decides.
@router.post("/places/{place_id}/hours", perm=None, response={201: list[EntryOut]},
             summary="Record one day's hours for several clients at one work place (all or nothing)")
def record_bulk(request: HttpRequest, place_id: int, payload: BulkIn) -> Any:
    place = WorkPlace.objects.filter(pk=place_id).first()
    if place is None:
        raise Http404
    rows = [(r.order_id, r.hours) for r in payload.rows]
    return Status(201, services.hours_record_bulk(actor=request.user, day=payload.day, rows=rows, place=place))


@router.get("/hourly-rate/{year}/{month}", perm=roles.STATS_VIEW, response=RateOut, summary="The minimum hourly rate of a month")
def hourly_rate(request: HttpRequest, year: int, month: int) -> Any:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    wage = value.minimum_wage(year)
    if wage is None:
        raise Http404
    return {"year": year, "month": month, "normal_hours": value.normal_hours(year, month), "minimum_wage": wage,
            "hourly_rate": value.hourly_rate(year, month)}


@router.get("/report/{year}", perm=roles.STATS_VIEW, response=ReportOut, summary="Hours and their value in a year, adults and minors")
def year_report(request: HttpRequest, year: int) -> Any:
    r = reports.year_report(year, access.unit_ids_for(request.user, roles.STATS_VIEW))
    return {"year": year, "hours": r.hours, "adult_hours": r.adult_hours, "minor_hours": r.minor_hours,
            "value_eur": r.total_value, "adult_value_eur": r.adult_value, "minor_value_eur": r.minor_value,
            "adult_people": r.adult_people, "minor_people": r.minor_people,
            "units": [{"unit_id": u.unit_id, "name": u.name, "people": u.people, "adult_hours": u.adult_hours,
                       "minor_hours": u.minor_hours, "value_eur": u.total_value if r.complete else None}
                      for u in r.units]}


# --- Enforcement: missed sessions, warnings, submissions and the court's decision; completion -------


class StepIn(Schema):
    kind: str
    day: dt.date | None = None
    note: str = ""


class StepOut(Schema):
    id: int
    kind: str
    day: dt.date
    note: str
    decision: str
    decided_on: dt.date | None
    decision_note: str
    remaining_hours: Decimal | None
    conversion_days: int | None
    document_id: int | None
    version: int


class DecisionIn(Schema):
    decision: str
    decided_on: dt.date | None = None
    note: str = ""
    version: int | None = None


class CompletedOut(Schema):
    section_id: int
    state: str
    closing_reason: str
    closed_on: dt.date | None


def _managed_details(request: HttpRequest, section_id: int) -> CommunityServiceDetails:
    """The section's order details if the user may manage the section; otherwise 404."""
    section = (Section.objects.visible_to(request.user, roles.SECTION_MANAGE)
               .filter(pk=section_id, kind__in=KINDS).first())
    details = CommunityServiceDetails.objects.filter(section=section).first() if section else None
    if details is None:
        raise Http404
    return details


@router.get("/sections/{section_id}/steps", perm=roles.CASE_VIEW, response=list[StepOut], summary="The enforcement steps of a section")
def list_steps(request: HttpRequest, section_id: int) -> Any:
    section = Section.objects.visible_to(request.user, roles.CASE_VIEW).filter(pk=section_id, kind__in=KINDS).first()
    if section is None:
        raise Http404
    return list(EnforcementStep.objects.filter(details__section=section))


@router.post("/sections/{section_id}/steps", perm=roles.SECTION_MANAGE, response={201: StepOut},
             summary="Record a missed session, a warning, or a submission to the court (evasion or early release)")
def record_step(request: HttpRequest, section_id: int, payload: StepIn) -> Any:
    details = _managed_details(request, section_id)
    return Status(201, services.step_record(actor=request.user, details=details, kind=payload.kind, day=payload.day,
                                            note=payload.note))


@router.post("/steps/{step_id}/decision", perm=roles.SECTION_MANAGE, response=StepOut, summary="Record the court's decision on a submission")
def decide_step(request: HttpRequest, step_id: int, payload: DecisionIn) -> Any:
    step = EnforcementStep.objects.filter(pk=step_id).first()
    if step is None:
        raise Http404
    _managed_details(request, CommunityServiceDetails.objects.get(pk=step.details_id).section_id)
    return services.submission_decide(actor=request.user, step=step, expected_version=payload.version,
                                      decision=payload.decision, decided_on=payload.decided_on, note=payload.note)


@router.post("/sections/{section_id}/complete", perm=roles.SECTION_MANAGE, response=CompletedOut,
             summary="All ordered hours are worked: close the work order and the section")
def complete_section(request: HttpRequest, section_id: int) -> Any:
    details = _managed_details(request, section_id)
    section = services.details_complete(actor=request.user, details=details)
    return {"section_id": section.pk, "state": section.state, "closing_reason": section.closing_reason,
            "closed_on": section.closed_on}
