"""JSON API for case files, sections and the case timeline (mounted at /api/cases).

Reads start from ``Case.objects.visible_to`` / ``Section.objects.visible_to``; a record the caller
may not see answers 404, the same as a missing one. Writes need the permission (else 404, as in
the UI), the token scope ``cases:write`` for bearer tokens, and call ``cases.services``."""

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from accounts.models import OrgUnit, User
from accounts.roles import CASE_OPEN, CASE_TRANSFER, CASE_VIEW, PERSON_VIEW, SECTION_MANAGE
from cases import services
from cases.models import Case, CaseEvent, Section
from cases.schemas import (
    CaseAssignIn,
    CaseDetailOut,
    CaseEventOut,
    CaseListOut,
    CaseOpenIn,
    CaseStatus,
    CaseTransferIn,
    SectionCloseIn,
    SectionOpenIn,
    SectionOut,
)
from core.access import has_perm, unit_ids_for
from core.api import get_or_404, require_scope
from core.errors import ValidationFailed
from people.models import Person
from people.schemas import ErrorOut

router = Router(tags=["cases"])

ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
WRITE_SCOPE = "cases:write"


def _require_perm(user: Any, perm: str) -> None:
    if not has_perm(user, perm):
        raise Http404


def _case_queryset(user: Any, perm: str) -> Any:
    return Case.objects.visible_to(user, perm).select_related(
        "person", "responsible_unit", "responsible_officer", "opened_by"
    )


def _case_detail(user: Any, case: Case) -> Case:
    case.visible_sections = list(  # type: ignore[attr-defined]
        Section.objects.visible_to(user, CASE_VIEW).filter(case_id=case.pk).select_related("responsible_officer")
    )
    return case


def _active_user(user_id: int | None, field: str) -> User | None:
    if user_id is None:
        return None
    found = User.objects.filter(pk=user_id, is_active=True).first()
    if found is None:
        raise ValidationFailed("officer_unknown", _("Choose an active officer."), field=field)
    return found


def _unit(unit_id: int, field: str) -> OrgUnit:
    found = OrgUnit.objects.filter(pk=unit_id).first()
    if found is None:
        raise ValidationFailed("unit_unknown", _("Choose a territorial unit."), field=field)
    return found


def _person_for_case(user: Any, person_id: int) -> Person:
    """A person the caller may see (including one the caller registered who has no case yet)."""
    person = Person.objects.visible_to(user, PERSON_VIEW).filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


@router.get("/", response={200: list[CaseListOut], **ERRORS}, summary="List case files")
@paginate(LimitOffsetPagination)
def list_cases(request: HttpRequest, status: CaseStatus | None = None, unit: int | None = None,
               officer: int | None = None, mine: bool = False) -> Any:
    """Case files the caller may see, newest first. ``mine=true``: cases where the caller is the
    responsible officer or the officer of an open section."""
    require_scope(request, "read")
    user = request.auth  # type: ignore[attr-defined]
    _require_perm(user, CASE_VIEW)
    queryset = Case.objects.visible_to(user, CASE_VIEW).select_related(
        "person", "responsible_unit", "responsible_officer"
    )
    if status:
        queryset = queryset.filter(status=status)
    if unit is not None:
        queryset = queryset.filter(responsible_unit_id=unit)
    if officer is not None:
        queryset = queryset.filter(responsible_officer_id=officer)
    if mine:
        own_section = Section.objects.filter(
            case_id=OuterRef("pk"), responsible_officer_id=user.pk, state__in=Section.OPEN_STATES
        )
        queryset = queryset.filter(Q(responsible_officer_id=user.pk) | Q(Exists(own_section)))
    return queryset.order_by("-opened_on", "-id")


@router.post("/", response={201: CaseDetailOut, **ERRORS}, summary="Open a case file")
def open_case(request: HttpRequest, payload: CaseOpenIn) -> Any:
    """One case file per client: a second one is refused with 409 ``case_exists`` and the
    existing ``case_id``."""
    require_scope(request, WRITE_SCOPE)
    user = request.auth  # type: ignore[attr-defined]
    _require_perm(user, CASE_OPEN)
    person = _person_for_case(user, payload.person_id)
    unit = _unit(payload.unit, "unit") if payload.unit is not None else None
    officer = _active_user(payload.officer, "officer")
    allowed_units = unit_ids_for(user, CASE_OPEN)
    target = unit or services.unit_for_person(person)
    in_scope = allowed_units is None or target is None or target.kind != OrgUnit.Kind.UNIT or target.pk in allowed_units
    has_case = Case.objects.filter(person=person).exists()  # then the service answers 409 case_exists
    if not in_scope and not has_case:
        raise ValidationFailed("unit_out_of_scope", _("You may open case files only in your own units."),
                               field="unit")
    try:
        case = services.case_open(actor=user, person=person, responsible_unit=unit, responsible_officer=officer,
                                  opened_on=payload.opened_on)
    except ValidationFailed as exc:
        if exc.field == "responsible_unit":
            exc.field = "unit"
        elif exc.field == "responsible_officer":
            exc.field = "officer"
        raise
    case = Case.objects.select_related("person", "responsible_unit", "responsible_officer", "opened_by").get(
        pk=case.pk
    )
    return Status(201, _case_detail(user, case))


@router.get("/{int:case_id}", response={200: CaseDetailOut, **ERRORS}, summary="One case file")
def get_case(request: HttpRequest, case_id: int) -> Any:
    require_scope(request, "read")
    user = request.auth  # type: ignore[attr-defined]
    return _case_detail(user, get_or_404(_case_queryset(user, CASE_VIEW), pk=case_id))


@router.post("/{int:case_id}/transfer", response={200: CaseDetailOut, **ERRORS}, summary="Transfer to another unit")
def transfer_case(request: HttpRequest, case_id: int, payload: CaseTransferIn) -> Any:
    """The registration number is kept. Needs ``case.transfer``; ``version`` as read."""
    require_scope(request, WRITE_SCOPE)
    user = request.auth  # type: ignore[attr-defined]
    _require_perm(user, CASE_TRANSFER)
    case = get_or_404(_case_queryset(user, CASE_TRANSFER), pk=case_id)
    case = services.case_transfer(
        actor=user, case=case, to_unit=_unit(payload.to_unit, "to_unit"), reason=payload.reason,
        expected_version=payload.version, to_officer=_active_user(payload.to_officer, "to_officer"),
    )
    return _case_detail(user, Case.objects.select_related(
        "person", "responsible_unit", "responsible_officer", "opened_by").get(pk=case.pk))


@router.post("/{int:case_id}/assign", response={200: CaseDetailOut, **ERRORS}, summary="Change the responsible officer")
def assign_officer(request: HttpRequest, case_id: int, payload: CaseAssignIn) -> Any:
    require_scope(request, WRITE_SCOPE)
    user = request.auth  # type: ignore[attr-defined]
    _require_perm(user, CASE_TRANSFER)
    case = get_or_404(_case_queryset(user, CASE_TRANSFER), pk=case_id)
    case = services.case_assign_officer(actor=user, case=case, officer=_active_user(payload.officer, "officer"),
                                        expected_version=payload.version)
    return _case_detail(user, Case.objects.select_related(
        "person", "responsible_unit", "responsible_officer", "opened_by").get(pk=case.pk))


@router.get("/{int:case_id}/timeline", response={200: list[CaseEventOut], **ERRORS}, summary="Case timeline")
@paginate(LimitOffsetPagination)
def case_timeline(request: HttpRequest, case_id: int) -> Any:
    """The typed domain events of the case, newest first, with a label and a sentence."""
    require_scope(request, "read")
    user = request.auth  # type: ignore[attr-defined]
    case = get_or_404(Case.objects.visible_to(user, CASE_VIEW), pk=case_id)
    return CaseEvent.objects.filter(case_id=case.pk).select_related("actor").order_by("-at", "-id")


@router.get("/{int:case_id}/sections", response={200: list[SectionOut], **ERRORS}, summary="Sections of a case")
def list_sections(request: HttpRequest, case_id: int) -> Any:
    require_scope(request, "read")
    user = request.auth  # type: ignore[attr-defined]
    case = get_or_404(Case.objects.visible_to(user, CASE_VIEW), pk=case_id)
    return _case_detail(user, case).visible_sections  # type: ignore[attr-defined]


@router.post("/{int:case_id}/sections", response={201: SectionOut, **ERRORS}, summary="Open a section")
def open_section(request: HttpRequest, case_id: int, payload: SectionOpenIn) -> Any:
    """A new probation function with its legal basis document. Needs ``section.manage``."""
    require_scope(request, WRITE_SCOPE)
    user = request.auth  # type: ignore[attr-defined]
    _require_perm(user, SECTION_MANAGE)
    case = get_or_404(Case.objects.visible_to(user, SECTION_MANAGE), pk=case_id)
    data = payload.dict()
    data["responsible_officer"] = _active_user(data.pop("responsible_officer"), "responsible_officer")
    section = services.section_open(actor=user, case=case, **data)
    return Status(201, Section.objects.select_related("responsible_officer").get(pk=section.pk))


@router.post("/{int:case_id}/sections/{int:section_id}/close", response={200: SectionOut, **ERRORS},
             summary="Close a section")
def close_section(request: HttpRequest, case_id: int, section_id: int, payload: SectionCloseIn) -> Any:
    """Close with a reason allowed for the section's function; ``version`` as read."""
    require_scope(request, WRITE_SCOPE)
    user = request.auth  # type: ignore[attr-defined]
    _require_perm(user, SECTION_MANAGE)
    section = get_or_404(Section.objects.visible_to(user, SECTION_MANAGE), pk=section_id, case_id=case_id)
    section = services.section_close(actor=user, section=section, reason=payload.reason,
                                     closed_on=payload.closed_on, note=payload.note,
                                     expected_version=payload.version)
    return Section.objects.select_related("responsible_officer").get(pk=section.pk)
