"""API schemas for persons. Field lengths mirror the model so bad input is a 422, never a
database error. Address fields are sensitive (class ``address``): they are ``null`` in answers
to users who may not see that class."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

Sex = Literal["F", "M", "U"]


class ErrorOut(Schema):
    """Every 4xx answer: a stable machine-readable ``code``, a message for people and, where the
    error belongs to one input, the ``field``."""

    code: str
    message: str
    field: str | None = None


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
