"""JSON API for persons (mounted at /api/persons), case files, sections and the case timeline
(/api/cases).

Reads start from ``cases.selectors.persons_visible_to`` / ``Case.objects.visible_to`` /
``Section.objects.visible_to``; a record the caller may not see answers 404, the same as a missing
one. Every route declares its permission (else 404, as in the UI) and runs with its router's token
scope (``read``; writes ``persons:write`` / ``cases:write``); writes call the services. Address
fields follow ``core.sensitivity``."""

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Status
from ninja.pagination import paginate

from accounts.models import OrgUnit, User
from accounts.roles import CASE_OPEN, CASE_TRANSFER, CASE_VIEW, PERSON_EDIT, PERSON_VIEW, SECTION_MANAGE
from cases import selectors, services
from cases.models import Case, CaseEvent, Section
from cases.schemas import (
    CaseAssignIn,
    CaseDetailOut,
    CaseEventOut,
    CaseListOut,
    CaseOpenIn,
    CaseStatus,
    CaseTransferIn,
    ClientRegisterIn,
    PersonCreateIn,
    PersonListOut,
    PersonOut,
    PersonPatchIn,
    SectionCloseIn,
    SectionOpenIn,
    SectionOut,
    case_ref,
)
from core import audit, sensitivity
from core.api import ApiRouter, DbId, LimitOffset, get_or_404, require_scope
from core.errors import DomainError, ValidationFailed
from core.text import Latvian
from people import services as people_services
from people.models import Person

router = ApiRouter(tags=["cases"], write_scope="cases:write",
                   write_label=gettext_lazy("Open, transfer and assign case files; open and close sections"))
persons_router = ApiRouter(tags=["persons"], write_scope="persons:write",
                           write_label=gettext_lazy("Register and change persons"))


# --- Persons ----------------------------------------------------------------------------------

MODEL_LABEL = "people.person"
# Search answers at most this many matches (then narrow the query).
SEARCH_LIMIT = 500

_TEXT_FIELDS = (
    "first_name", "last_name", "citizenship", "document_type", "document_number", "document_country",
    "declared_municipality", "declared_address", "actual_municipality", "actual_address",
)


def person_body(user: Any, person: Person, *, purpose: str) -> dict[str, Any]:
    """The person as the user may see it. Each visible sensitive class is logged as a read."""
    data: dict[str, Any] = {
        "id": person.pk,
        "personal_code": person.personal_code,
        "code_format": person.code_format,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "citizenship": person.citizenship,
        "languages": list(person.languages or []),
        "document_type": person.document_type,
        "document_number": person.document_number,
        "document_country": person.document_country,
        "declared_municipality": person.declared_municipality,
        "declared_address": person.declared_address,
        "actual_municipality": person.actual_municipality,
        "actual_address": person.actual_address,
        "case": case_ref(person),
        "version": person.version,
    }
    shown_classes = {
        cls for field, cls in sensitivity.fields_of(MODEL_LABEL).items()
        if field in data and sensitivity.can_see(user, cls)
    }
    for cls in sorted(shown_classes):
        audit.log_sensitive_read(user=user, sensitivity=cls, instance=person, purpose=purpose)
    return sensitivity.redact(user, MODEL_LABEL, data)


def _refuse_hidden_fields(user: Any, data: dict[str, Any]) -> None:
    """A user may not write a sensitive field they may not read."""
    hidden = sensitivity.hidden_fields(user, MODEL_LABEL)
    for field in sorted(hidden):
        if data.get(field):
            raise ValidationFailed("field_hidden", _("You may not change this field."), field=field)


@persons_router.get("/", perm=PERSON_VIEW, response={200: list[PersonListOut]}, summary="List or search persons")
@paginate(LimitOffset)
def list_persons(request: HttpRequest, q: str = "") -> Any:
    """Persons the caller may see. With ``q``: a name prefix (case and diacritics ignored, aliases
    included), a personal code prefix (6+ digits) or a case registration number ``YYYY-NNNNNN``."""
    user = request.auth  # type: ignore[attr-defined]
    if q.strip():
        return selectors.search_persons(user, q, limit=SEARCH_LIMIT, perm=PERSON_VIEW)
    return (
        selectors.persons_visible_to(user, PERSON_VIEW)
        .select_related("case", "case__responsible_unit")
        .order_by(Latvian("last_name"), Latvian("first_name"), "pk")
    )


@persons_router.get("/{int:person_id}", perm=PERSON_VIEW, response={200: PersonOut}, summary="One person")
def get_person(request: HttpRequest, person_id: int) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    queryset = selectors.persons_visible_to(user, PERSON_VIEW).select_related("case", "case__responsible_unit")
    person = get_or_404(queryset, pk=person_id)
    return person_body(user, person, purpose="api:persons.detail")


@persons_router.post("/", perm=PERSON_EDIT, response={201: PersonOut}, summary="Register a person")
def create_person(request: HttpRequest, payload: PersonCreateIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    data = payload.dict()
    _refuse_hidden_fields(user, data)
    person = people_services.person_create(actor=user, **data)
    return Status(201, person_body(user, person, purpose="api:persons.create"))


@persons_router.patch("/{int:person_id}", perm=PERSON_EDIT, response={200: PersonOut}, summary="Change a person")
def update_person(request: HttpRequest, person_id: int, payload: PersonPatchIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    person = get_or_404(selectors.persons_visible_to(user, PERSON_EDIT), pk=person_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    _refuse_hidden_fields(user, changes)
    for name in _TEXT_FIELDS:
        if name in changes and changes[name] is None:
            changes[name] = ""
    if "languages" in changes and changes["languages"] is None:
        changes["languages"] = []
    if "sex" in changes and changes["sex"] is None:
        changes["sex"] = Person.Sex.UNKNOWN
    if "birth_date" in changes and changes["birth_date"] is None:
        raise ValidationFailed("birth_date_required", _("Enter the date of birth."), field="birth_date")
    if changes.get("personal_code", "") is None:
        del changes["personal_code"]  # null means "unchanged"; "" removes the code
    # The service validates the names on every update: send the current ones when not changed.
    changes.setdefault("first_name", person.first_name)
    changes.setdefault("last_name", person.last_name)
    person = services.client_person_update(actor=user, person=person, expected_version=version, **changes)
    return person_body(user, person, purpose="api:persons.update")


# --- Case files and sections --------------------------------------------------------------------


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
    person = selectors.persons_visible_to(user, PERSON_VIEW).filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


@router.get("/", perm=CASE_VIEW, response={200: list[CaseListOut]}, summary="List case files")
@paginate(LimitOffset)
def list_cases(request: HttpRequest, status: CaseStatus | None = None, unit: DbId | None = None,
               officer: DbId | None = None, mine: bool = False) -> Any:
    """Case files the caller may see, newest first. ``mine=true``: cases where the caller is the
    responsible officer or the officer of an open section."""
    user = request.auth  # type: ignore[attr-defined]
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


# The service's field names and the API's (``unit``, ``officer`` as in the request body).
_REGISTRATION_FIELDS = {"responsible_unit": "unit", "responsible_officer": "officer"}


def _register(user: Any, **kwargs: Any) -> Any:
    """``cases.services.client_register`` with the API's field names in its errors; 201 with the case."""
    try:
        registration = services.client_register(actor=user, **kwargs)
    except DomainError as exc:
        exc.field = _REGISTRATION_FIELDS.get(exc.field or "", exc.field)
        raise
    case = Case.objects.select_related("person", "responsible_unit", "responsible_officer", "opened_by").get(
        pk=registration.case.pk
    )
    return Status(201, _case_detail(user, case))


@router.post("/", perm=CASE_OPEN, response={201: CaseDetailOut}, summary="Open a case file")
def open_case(request: HttpRequest, payload: CaseOpenIn) -> Any:
    """Open the case file of a registered person. One case file per client: a second one is refused
    with 409 ``case_exists`` and the existing ``case_id``. The same rules as ``POST /api/cases/register``."""
    user = request.auth  # type: ignore[attr-defined]
    person = _person_for_case(user, payload.person_id)
    return _register(user, person=person, responsible_unit=_unit(payload.unit, "unit") if payload.unit is not None else None,
                     responsible_officer=_active_user(payload.officer, "officer"), opened_on=payload.opened_on)


@router.post("/register", perm=CASE_OPEN, response={201: CaseDetailOut}, summary="Register a client")
def register_client(request: HttpRequest, payload: ClientRegisterIn) -> Any:
    """The person and the case file in one step (one transaction). A personal code already registered
    is used only when the names and date of birth sent are the registered person's (409
    ``person_exists_other_names`` / ``person_exists_other_birth_date`` otherwise); a client who has a
    case file gets 409 ``case_exists`` with its ``case_id``. A token needs ``persons:write`` as well."""
    require_scope(request, persons_router.write_scope or "")
    user = request.auth  # type: ignore[attr-defined]
    data = payload.dict()
    unit, officer, opened_on = data.pop("unit"), data.pop("officer"), data.pop("opened_on")
    _refuse_hidden_fields(user, data)
    return _register(user, responsible_unit=_unit(unit, "unit") if unit is not None else None,
                     responsible_officer=_active_user(officer, "officer"), opened_on=opened_on, **data)


@router.get("/{int:case_id}", perm=CASE_VIEW, response={200: CaseDetailOut}, summary="One case file")
def get_case(request: HttpRequest, case_id: int) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    return _case_detail(user, get_or_404(_case_queryset(user, CASE_VIEW), pk=case_id))


@router.post("/{int:case_id}/transfer", perm=CASE_TRANSFER, response={200: CaseDetailOut}, summary="Transfer to another unit")
def transfer_case(request: HttpRequest, case_id: int, payload: CaseTransferIn) -> Any:
    """The registration number is kept. Needs ``case.transfer``; ``version`` as read."""
    user = request.auth  # type: ignore[attr-defined]
    case = get_or_404(_case_queryset(user, CASE_TRANSFER), pk=case_id)
    case = services.case_transfer(
        actor=user, case=case, to_unit=_unit(payload.to_unit, "to_unit"), reason=payload.reason,
        expected_version=payload.version, to_officer=_active_user(payload.to_officer, "to_officer"),
    )
    return _case_detail(user, Case.objects.select_related(
        "person", "responsible_unit", "responsible_officer", "opened_by").get(pk=case.pk))


@router.post("/{int:case_id}/assign", perm=CASE_TRANSFER, response={200: CaseDetailOut}, summary="Change the responsible officer")
def assign_officer(request: HttpRequest, case_id: int, payload: CaseAssignIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    case = get_or_404(_case_queryset(user, CASE_TRANSFER), pk=case_id)
    case = services.case_assign_officer(actor=user, case=case, officer=_active_user(payload.officer, "officer"),
                                        expected_version=payload.version)
    return _case_detail(user, Case.objects.select_related(
        "person", "responsible_unit", "responsible_officer", "opened_by").get(pk=case.pk))


@router.get("/{int:case_id}/timeline", perm=CASE_VIEW, response={200: list[CaseEventOut]}, summary="Case timeline")
@paginate(LimitOffset)
def case_timeline(request: HttpRequest, case_id: int) -> Any:
    """The typed domain events of the case, newest first, with a label and a sentence."""
    user = request.auth  # type: ignore[attr-defined]
    case = get_or_404(Case.objects.visible_to(user, CASE_VIEW), pk=case_id)
    return CaseEvent.objects.filter(case_id=case.pk).select_related("actor").order_by("-at", "-id")


@router.get("/{int:case_id}/sections", perm=CASE_VIEW, response={200: list[SectionOut]}, summary="Sections of a case")
def list_sections(request: HttpRequest, case_id: int) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    case = get_or_404(Case.objects.visible_to(user, CASE_VIEW), pk=case_id)
    return _case_detail(user, case).visible_sections  # type: ignore[attr-defined]


@router.post("/{int:case_id}/sections", perm=SECTION_MANAGE, response={201: SectionOut}, summary="Open a section")
def open_section(request: HttpRequest, case_id: int, payload: SectionOpenIn) -> Any:
    """A new probation function with its legal basis document. Needs ``section.manage``."""
    user = request.auth  # type: ignore[attr-defined]
    case = get_or_404(Case.objects.visible_to(user, SECTION_MANAGE), pk=case_id)
    data = payload.dict()
    data["responsible_officer"] = _active_user(data.pop("responsible_officer"), "responsible_officer")
    section = services.section_open(actor=user, case=case, **data)
    return Status(201, Section.objects.select_related("responsible_officer").get(pk=section.pk))


@router.post("/{int:case_id}/sections/{int:section_id}/close", perm=SECTION_MANAGE, response={200: SectionOut},
             summary="Close a section")
def close_section(request: HttpRequest, case_id: int, section_id: int, payload: SectionCloseIn) -> Any:
    """Close with a reason allowed for the section's function; ``version`` as read."""
    user = request.auth  # type: ignore[attr-defined]
    section = get_or_404(Section.objects.visible_to(user, SECTION_MANAGE), pk=section_id, case_id=case_id)
    section = services.section_close(actor=user, section=section, reason=payload.reason,
                                     closed_on=payload.closed_on, note=payload.note,
                                     expected_version=payload.version)
    return Section.objects.select_related("responsible_officer").get(pk=section.pk)
