"""Schemas of the evaluation-report API (``evaluation.api``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema


class RequestIn(Schema):
    """A request as the e-case integration posts it (multipart, with ``file``: the request letter). The
    required fields are checked by the service, which names every missing one (``request_incomplete``)."""

    external_id: str = Field("", max_length=80)
    requester_kind: Literal["court", "prosecutor", "prison", ""] = ""
    requester_name: str = Field("", max_length=200)
    request_number: str = Field("", max_length=80)
    case_number: str = Field("", max_length=80)
    offence: str = Field("", max_length=300)
    request_date: dt.date | None = None
    received_on: dt.date | None = None
    deadline: dt.date | None = None
    prison_code: str = Field("", max_length=20)
    electronic_monitoring: bool = False
    person_contacts: str = Field("", max_length=300)
    victim_meeting_undesirable: bool | None = None
    victim_name: str = Field("", max_length=200)
    victim_contacts: str = Field("", max_length=300)
    victim_minor: bool = False
    victim_representative: str = Field("", max_length=200)
    # The person.
    personal_code: str = Field("", max_length=20)
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    birth_date: dt.date | None = None
    document_type: str = Field("", max_length=40)
    document_number: str = Field("", max_length=40)
    document_country: str = Field("", max_length=2)
    declared_municipality: str = Field("", max_length=10)
    declared_address: str = Field("", max_length=300)


class RequestOut(Schema):
    id: int
    case_id: int
    section_id: int
    case_registration_number: str
    requester_kind: str
    requester_name: str
    request_number: str
    case_number: str
    offence: str
    request_date: dt.date
    received_on: dt.date
    deadline: dt.date
    deadline_from_request: bool
    unit_code: str
    status: str
    author_id: int | None
    reviewer_id: int | None
    victim_meeting_undesirable: bool
    victim_name: str | None
    victim_contacts: str | None
    victim_minor: bool
    victim_representative: str | None
    sections: dict[str, str]
    end_state: str
    letter_reason: str
    sent_on: dt.date | None
    on_time: bool | None
    version: int

    @staticmethod
    def resolve_case_id(obj: Any) -> int:
        return obj.section.case_id

    @staticmethod
    def resolve_case_registration_number(obj: Any) -> str:
        return obj.section.case.registration_number

    @staticmethod
    def resolve_unit_code(obj: Any) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_sections(obj: Any) -> dict[str, str]:
        return obj.sent_sections or obj.sections or {}

    @staticmethod
    def resolve_victim_name(obj: Any, context: Any) -> str | None:
        return _victim(obj, "victim_name", context)

    @staticmethod
    def resolve_victim_contacts(obj: Any, context: Any) -> str | None:
        return _victim(obj, "victim_contacts", context)

    @staticmethod
    def resolve_victim_representative(obj: Any, context: Any) -> str | None:
        return _victim(obj, "victim_representative", context)


def _victim(obj: Any, name: str, context: Any) -> str | None:
    """A victim field, or None for a reader who may not see the class "victim" (core.sensitivity)."""
    from core import sensitivity

    request = (context or {}).get("request")
    hidden = sensitivity.hidden_fields(getattr(request, "user", None), "evaluation.evaluationrequest")
    return None if name in hidden else getattr(obj, name)


class EvaluationSubmittedOut(Schema):
    """What the integration reads back about a request it posted."""

    id: int
    external_id: str
    case_number: str
    status: str
    deadline: dt.date
    end_state: str
    sent_on: dt.date | None
    on_time: bool | None


class InvitationIn(Schema):
    appearance_date: dt.date
    appearance_time: dt.time
    place: str = Field("", max_length=300)
    language: Literal["lv", "ru", "en", ""] = ""


class InvitationOut(Schema):
    id: int
    sent_on: dt.date
    appearance_date: dt.date
    appearance_time: dt.time
    place: str
    language: str
    document_id: int | None


class EvaluationStepIn(Schema):
    kind: str = Field(..., max_length=30)
    source: str = Field(..., max_length=30)
    day: dt.date
    summary: str = Field(..., max_length=10_000)


class EvaluationStepOut(Schema):
    id: int
    kind: str
    source: str
    day: dt.date
    summary: str
    created_by_id: int | None
    created_at: dt.datetime


class SectionsIn(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1)
    sections: dict[str, str]


class SubmitIn(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1)
    reviewer_id: int | None = Field(None, ge=1, le=2**63 - 1)


class EvaluationReviewIn(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1)
    decision: str = Field(..., max_length=20)
    comments: str = Field("", max_length=10_000)


class FinishIn(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1)
    end_state: str = Field(..., max_length=30)
    letter_reason: str = Field("", max_length=30)
    sent_on: dt.date | None = None


class TimelinessOut(Schema):
    unit_id: int
    unit: str
    year: int
    month: int
    sent: int
    on_time: int
    share: float | None
