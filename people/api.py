"""JSON API for persons (mounted at /api/persons). Reads start from ``Person.objects.visible_to``;
writes call ``people.services``; address fields follow ``core.sensitivity``."""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from accounts.roles import PERSON_EDIT, PERSON_VIEW
from core import audit, sensitivity
from core.access import has_perm
from core.api import get_or_404, require_scope
from core.errors import ValidationFailed
from people import selectors, services
from people.models import Person
from people.schemas import ErrorOut, PersonCreateIn, PersonListOut, PersonOut, PersonPatchIn, case_ref

router = Router(tags=["persons"])

MODEL_LABEL = "people.person"
# Search answers at most this many matches (then narrow the query).
SEARCH_LIMIT = 500
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

_TEXT_FIELDS = (
    "first_name", "last_name", "citizenship", "document_type", "document_number", "document_country",
    "declared_municipality", "declared_address", "actual_municipality", "actual_address",
)


def require_perm(user: Any, perm: str) -> None:
    """A missing permission looks like a missing record (404), as in the UI."""
    if not has_perm(user, perm):
        raise Http404


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


@router.get("/", response={200: list[PersonListOut], **ERRORS}, summary="List or search persons")
@paginate(LimitOffsetPagination)
def list_persons(request: HttpRequest, q: str = "") -> Any:
    """Persons the caller may see. With ``q``: a name prefix (case and diacritics ignored, aliases
    included), a personal code prefix (6+ digits) or a case registration number ``YYYY-NNNNNN``."""
    require_scope(request, "read")
    user = request.auth  # type: ignore[attr-defined]
    require_perm(user, PERSON_VIEW)
    if q.strip():
        return selectors.search(user, q, limit=SEARCH_LIMIT, perm=PERSON_VIEW)
    return (
        Person.objects.visible_to(user, PERSON_VIEW)
        .select_related("case", "case__responsible_unit")
        .order_by("last_name", "first_name", "pk")
    )


@router.get("/{int:person_id}", response={200: PersonOut, **ERRORS}, summary="One person")
def get_person(request: HttpRequest, person_id: int) -> Any:
    require_scope(request, "read")
    user = request.auth  # type: ignore[attr-defined]
    queryset = Person.objects.visible_to(user, PERSON_VIEW).select_related("case", "case__responsible_unit")
    person = get_or_404(queryset, pk=person_id)
    return person_body(user, person, purpose="api:persons.detail")


@router.post("/", response={201: PersonOut, **ERRORS}, summary="Register a person")
def create_person(request: HttpRequest, payload: PersonCreateIn) -> Any:
    require_scope(request, "persons:write")
    user = request.auth  # type: ignore[attr-defined]
    require_perm(user, PERSON_EDIT)
    data = payload.dict()
    _refuse_hidden_fields(user, data)
    person = services.person_create(actor=user, **data)
    return Status(201, person_body(user, person, purpose="api:persons.create"))


@router.patch("/{int:person_id}", response={200: PersonOut, **ERRORS}, summary="Change a person")
def update_person(request: HttpRequest, person_id: int, payload: PersonPatchIn) -> Any:
    require_scope(request, "persons:write")
    user = request.auth  # type: ignore[attr-defined]
    require_perm(user, PERSON_EDIT)
    person = get_or_404(Person.objects.visible_to(user, PERSON_EDIT), pk=person_id)
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
    person = services.person_update(actor=user, person=person, expected_version=version, **changes)
    return person_body(user, person, purpose="api:persons.update")
