"""JSON API of community service (/api/community). Same access rules as the pages: a section route
starts from ``cases.selectors.access_section``, so missing and forbidden both answer 404
``not_found``; rule errors come back as 4xx with a ``code``. The partner organisations (work
providers) have their own API at /api/partners; the ``providers`` routes here are kept for the clients
that used them."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Status

from accounts import roles
from cases.selectors import access_section
from community import reports, selectors, services, value
from community.models import KINDS, CommunityServiceDetails, EnforcementStep, WorkOrder
from community.schemas import (
    BulkIn,
    CommunityDecisionIn,
    CommunitySectionOut,
    CompletedOut,
    EntryOut,
    HoursIn,
    RateOut,
    ReportOut,
    StepIn,
    StepOut,
)
from core import access
from core.api import ApiRouter, get_or_404
from partners import api as partner_api
from partners.models import Place
from partners.schemas import OrganisationIn, OrganisationOut

router = ApiRouter(tags=["community"], write_scope="community:write",
                   write_label=gettext_lazy("Record community-service orders, hours, enforcement steps and providers"))


def _details(request: HttpRequest, section_id: int, perm: str) -> CommunityServiceDetails:
    """The order details of a community-service section the user may ``perm``; otherwise 404."""
    return selectors.details_or_404(access_section(request.user, section_id, perm, kinds=KINDS))


@router.get("/sections/{section_id}", perm=roles.CASE_VIEW, response=CommunitySectionOut,
            summary="A community-service section with its progress")
def get_section(request: HttpRequest, section_id: int) -> Any:
    details = _details(request, section_id, roles.CASE_VIEW)
    p = selectors.details_progress(details)
    active = WorkOrder.objects.active().filter(details=details).values_list("pk", flat=True).first()
    return {
        "section_id": details.section_id, "case_id": details.section.case_id, "order_type": details.order_type,
        "ordered_hours": details.ordered_hours, "ruling_in_force": details.ruling_in_force,
        "registration_basis": details.registration_basis, "basis_event_date": details.basis_event_date,
        "active_order_id": active, "version": details.version,
        "progress": {"ordered": p.ordered, "done": p.done, "remaining": p.remaining, "behind_pace": p.pace.behind,
                     "expected_by_now": p.pace.expected, "conversion_days": p.conversion.days,
                     "early_release_eligible": p.early_release.eligible,
                     "enforceable_until": p.limitation.until, "limitation_warning": p.limitation.warn},
    }


# --- Work providers: the partner organisations' API under the old addresses (deprecated) -----------


@router.get("/providers", perm=roles.CASE_VIEW, response=list[OrganisationOut], deprecated=True,
            summary="Work providers and prospects (deprecated: GET /api/partners/organisations)")
def list_providers(request: HttpRequest, status: str = "") -> Any:
    return partner_api.list_organisations(status)


@router.get("/providers/{provider_id}", perm=roles.CASE_VIEW, response=OrganisationOut, deprecated=True,
            summary="A work provider (deprecated: GET /api/partners/organisations/{id})")
def get_provider(request: HttpRequest, provider_id: int) -> Any:
    return partner_api.organisation(request, provider_id)


@router.post("/providers", perm=roles.SECTION_MANAGE, response={201: OrganisationOut}, deprecated=True,
             summary="Add a work provider or prospect (deprecated: POST /api/partners/organisations)")
def create_provider(request: HttpRequest, payload: OrganisationIn) -> Any:
    return Status(201, partner_api.create_organisation(request, payload))


# --- Hours -------------------------------------------------------------------------------------------


# perm=None: the client's officers (section.manage) and the work place's supervisors (the role
# work_supervisor holds no permission) may both record; hours_record decides, anyone else gets 404.
@router.post("/orders/{order_id}/hours", perm=None, response={201: EntryOut},
             summary="Record one day's hours of one client")
def record_hours(request: HttpRequest, order_id: int, payload: HoursIn) -> Any:
    order = get_or_404(WorkOrder.objects, pk=order_id)
    return Status(201, services.hours_record(actor=request.user, order=order, day=payload.day, hours=payload.hours))


# perm=None: officers and the work place's supervisors, as above; hours_record_bulk decides.
@router.post("/places/{place_id}/hours", perm=None, response={201: list[EntryOut]},
             summary="Record one day's hours for several clients at one work place (all or nothing)")
def record_bulk(request: HttpRequest, place_id: int, payload: BulkIn) -> Any:
    place = get_or_404(Place.objects, pk=place_id)
    rows = [(r.order_id, r.hours) for r in payload.rows]
    return Status(201, services.hours_record_bulk(actor=request.user, day=payload.day, rows=rows, place=place))


# --- Value of the work -------------------------------------------------------------------------------


@router.get("/hourly-rate/{year}/{month}", perm=roles.STATS_VIEW, response=RateOut,
            summary="The minimum hourly rate of a month")
def hourly_rate(request: HttpRequest, year: int, month: int) -> Any:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    wage = value.minimum_wage(year)
    if wage is None:
        raise Http404
    return {"year": year, "month": month, "normal_hours": value.normal_hours(year, month), "minimum_wage": wage,
            "hourly_rate": value.hourly_rate(year, month)}


@router.get("/report/{year}", perm=roles.STATS_VIEW, response=ReportOut,
            summary="Hours and their value in a year, adults and minors")
def year_report(request: HttpRequest, year: int) -> Any:
    r = reports.year_report(year, access.unit_ids_for(request.user, roles.STATS_VIEW))
    return {"year": year, "hours": r.hours, "adult_hours": r.adult_hours, "minor_hours": r.minor_hours,
            "value_eur": r.total_value, "adult_value_eur": r.adult_value, "minor_value_eur": r.minor_value,
            "adult_people": r.adult_people, "minor_people": r.minor_people,
            "units": [{"unit_id": u.unit_id, "name": u.name, "people": u.people, "adult_hours": u.adult_hours,
                       "minor_hours": u.minor_hours, "value_eur": u.total_value if r.complete else None}
                      for u in r.units]}


# --- Enforcement: missed sessions, warnings, submissions and the court's decision; completion -------


@router.get("/sections/{section_id}/steps", perm=roles.CASE_VIEW, response=list[StepOut],
            summary="The enforcement steps of a section")
def list_steps(request: HttpRequest, section_id: int) -> Any:
    section = access_section(request.user, section_id, roles.CASE_VIEW, kinds=KINDS)
    return list(EnforcementStep.objects.filter(details__section=section))


@router.post("/sections/{section_id}/steps", perm=roles.SECTION_MANAGE, response={201: StepOut},
             summary="Record a missed session, a warning, or a submission to the court (evasion or early release)")
def record_step(request: HttpRequest, section_id: int, payload: StepIn) -> Any:
    details = _details(request, section_id, roles.SECTION_MANAGE)
    return Status(201, services.step_record(actor=request.user, details=details, kind=payload.kind, day=payload.day,
                                            note=payload.note))


@router.post("/steps/{step_id}/decision", perm=roles.SECTION_MANAGE, response=StepOut,
             summary="Record the court's decision on a submission")
def decide_step(request: HttpRequest, step_id: int, payload: CommunityDecisionIn) -> Any:
    step = get_or_404(EnforcementStep.objects.select_related("details"), pk=step_id)
    _details(request, step.details.section_id, roles.SECTION_MANAGE)
    return services.submission_decide(actor=request.user, step=step, expected_version=payload.version,
                                      decision=payload.decision, decided_on=payload.decided_on, note=payload.note)


@router.post("/sections/{section_id}/complete", perm=roles.SECTION_MANAGE, response=CompletedOut,
             summary="All ordered hours are worked: close the work order and the section")
def complete_section(request: HttpRequest, section_id: int) -> Any:
    details = _details(request, section_id, roles.SECTION_MANAGE)
    section = services.details_complete(actor=request.user, details=details)
    return {"section_id": section.pk, "state": section.state, "closing_reason": section.closing_reason,
            "closed_on": section.closed_on}
