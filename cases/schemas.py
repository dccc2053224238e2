"""API schemas for case files, sections and the case timeline. Output schemas read model
objects (``from_attributes``); list querysets select the related rows they need."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from cases import timeline
from core.api import DbId

Sex = Literal["F", "M", "U"]


class CaseRef(Schema):
    id: int
    registration_number: str
    status: str
    unit_id: int
    unit_name: str


class PersonListOut(Schema):
    """A person in a list or search result (no sensitive fields)."""

    id: int
    first_name: str
    last_name: str
    personal_code: str | None
    birth_date: dt.date
    case: CaseRef | None

    @staticmethod
    def resolve_case(obj: Any) -> dict[str, Any] | None:
        return case_ref(obj)


class PersonOut(Schema):
    """One person. Address fields are ``null`` when the caller may not see addresses."""

    id: int
    personal_code: str | None
    code_format: str
    first_name: str
    last_name: str
    birth_date: dt.date
    sex: str
    citizenship: str
    languages: list[str]
    document_type: str
    document_number: str
    document_country: str
    declared_municipality: str | None
    declared_address: str | None
    actual_municipality: str | None
    actual_address: str | None
    case: CaseRef | None
    version: int


class PersonCreateIn(Schema):
    """A new person: a Latvian personal code (either format, with or without the hyphen) or,
    for foreigners, the identity document type and number."""

    personal_code: str | None = Field(None, max_length=12, examples=["161175-19997"])
    first_name: str = Field(..., max_length=100)
    last_name: str = Field(..., max_length=100)
    birth_date: dt.date | None = Field(None, description="Taken from an old-format personal code when omitted.")
    sex: Sex = "U"
    citizenship: str = Field("", max_length=2, description="ISO 3166-1 alpha-2")
    languages: list[str] = Field(default_factory=list, description="ISO 639-1 codes")
    document_type: str = Field("", max_length=40)
    document_number: str = Field("", max_length=40)
    document_country: str = Field("", max_length=2)
    declared_municipality: str = Field("", max_length=10, description="ISO 3166-2:LV code, e.g. LV-RIX")
    declared_address: str = Field("", max_length=300)
    actual_municipality: str = Field("", max_length=10, description="ISO 3166-2:LV code")
    actual_address: str = Field("", max_length=300)


class PersonPatchIn(Schema):
    """Only the fields sent are changed. ``version`` is the one you read; a stale version is a
    409 ``concurrent_edit``. Send ``personal_code: ""`` to remove the code."""

    version: int
    personal_code: str | None = Field(None, max_length=12)
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    birth_date: dt.date | None = None
    sex: Sex | None = None
    citizenship: str | None = Field(None, max_length=2)
    languages: list[str] | None = None
    document_type: str | None = Field(None, max_length=40)
    document_number: str | None = Field(None, max_length=40)
    document_country: str | None = Field(None, max_length=2)
    declared_municipality: str | None = Field(None, max_length=10)
    declared_address: str | None = Field(None, max_length=300)
    actual_municipality: str | None = Field(None, max_length=10)
    actual_address: str | None = Field(None, max_length=300)


def case_ref(person: Any) -> dict[str, Any] | None:
    """The person's case file, if any (``select_related("case__responsible_unit")`` avoids queries)."""
    case = getattr(person, "case", None)
    if case is None:
        return None
    return {
        "id": case.pk,
        "registration_number": case.registration_number,
        "status": case.status,
        "unit_id": case.responsible_unit_id,
        "unit_name": case.responsible_unit.name,
    }


class UnitRef(Schema):
    id: int
    code: str
    name: str


class UserRef(Schema):
    id: int
    name: str


def user_ref(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": str(user)}


def unit_ref(unit: Any) -> dict[str, Any]:
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


class PersonSummary(Schema):
    id: int
    first_name: str
    last_name: str
    personal_code: str | None
    birth_date: dt.date


class CaseListOut(Schema):
    id: int
    registration_number: str
    status: str
    opened_on: dt.date
    closed_on: dt.date | None
    person: PersonSummary
    unit: UnitRef
    officer: UserRef | None
    version: int

    @staticmethod
    def resolve_unit(obj: Any) -> dict[str, Any]:
        return unit_ref(obj.responsible_unit)

    @staticmethod
    def resolve_officer(obj: Any) -> dict[str, Any] | None:
        return user_ref(obj.responsible_officer)


class SectionOut(Schema):
    id: int
    case_id: int
    kind: str
    kind_label: str
    state: str
    state_label: str
    responsible_officer: UserRef | None
    basis_type: str
    basis_type_label: str
    basis_number: str
    basis_date: dt.date
    basis_issuer: str
    basis_in_force: dt.date | None
    registered_on: dt.date
    start_date: dt.date | None
    planned_end_date: dt.date | None
    closed_on: dt.date | None
    closing_reason: str
    closing_reason_label: str
    outcome: str = Field(..., description="successful, unsuccessful or neutral once closed; empty while open")
    version: int

    @staticmethod
    def resolve_state_label(obj: Any) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_basis_type_label(obj: Any) -> str:
        return str(obj.get_basis_type_display())

    @staticmethod
    def resolve_responsible_officer(obj: Any) -> dict[str, Any] | None:
        return user_ref(obj.responsible_officer)


class CaseDetailOut(CaseListOut):
    opened_by: UserRef | None
    sections: list[SectionOut]

    @staticmethod
    def resolve_opened_by(obj: Any) -> dict[str, Any] | None:
        return user_ref(obj.opened_by)

    @staticmethod
    def resolve_sections(obj: Any) -> list[Any]:
        # The endpoint attaches the sections the caller may see.
        return list(getattr(obj, "visible_sections", []))


class CaseEventOut(Schema):
    id: int
    type: str
    label: str
    description: str
    at: dt.datetime
    actor: UserRef | None
    section_id: int | None
    data: dict[str, Any]

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return timeline.label(obj)

    @staticmethod
    def resolve_description(obj: Any) -> str:
        return timeline.describe(obj)

    @staticmethod
    def resolve_actor(obj: Any) -> dict[str, Any] | None:
        return user_ref(obj.actor)


class CaseOpenIn(Schema):
    person_id: DbId
    unit: DbId | None = Field(None, description="Org unit id; default: the unit covering the client's residence")
    officer: DbId | None = Field(None, description="User id of the responsible officer (of that unit)")
    opened_on: dt.date | None = Field(None, description="Default: today")


class ClientRegisterIn(PersonCreateIn):
    """A new client: the person (as for ``POST /api/persons/``) and where the case file goes."""

    unit: DbId | None = Field(None, description="Org unit id; default: the unit covering the client's residence")
    officer: DbId | None = Field(None, description="User id of the responsible officer (of that unit)")
    opened_on: dt.date | None = Field(None, description="Default: today")


class CaseTransferIn(Schema):
    to_unit: int
    to_officer: int | None = None
    reason: str = Field(..., max_length=500)
    version: int


class CaseAssignIn(Schema):
    officer: int | None = Field(..., description="User id, or null to leave the case without an officer")
    version: int


class SectionOpenIn(Schema):
    kind: str = Field(..., max_length=40, examples=["evaluation"])
    basis_type: str = Field(..., max_length=30, examples=["court_ruling"])
    basis_number: str = Field(..., max_length=60)
    basis_date: dt.date
    basis_issuer: str = Field(..., max_length=200)
    basis_in_force: dt.date | None = None
    responsible_officer: int | None = Field(None, description="User id; default: the case's officer")
    registered_on: dt.date | None = None
    start_date: dt.date | None = None
    planned_end_date: dt.date | None = None


class SectionCloseIn(Schema):
    reason: str = Field(..., max_length=30, examples=["term_expired"])
    closed_on: dt.date | None = None
    note: str = ""
    version: int


CaseStatus = Literal["open", "closed"]


NoteKind = Literal["phone", "email", "agency_meeting", "note"]
NoteSensitivity = Literal["", "health", "victim", "criminal_record", "address"]


class CaseNoteOut(Schema):
    """A case note; ``text`` is null when the caller's role may not read the note's sensitive class."""

    id: int
    kind: str
    occurred_on: dt.date
    text: str | None
    sensitivity: str
    author: UserRef | None
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj: Any) -> dict[str, Any] | None:
        return user_ref(obj.author)

    @staticmethod
    def resolve_text(obj: Any, context: Any) -> str | None:
        from core.sensitivity import can_see

        if obj.sensitivity and not can_see(context["request"].auth, obj.sensitivity):
            return None
        return obj.text


class CaseNoteIn(Schema):
    kind: NoteKind
    occurred_on: dt.date
    text: str = Field(..., max_length=10_000)
    sensitivity: NoteSensitivity = ""
