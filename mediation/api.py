"""JSON API of mediation (/api/mediation): the same services and access rules as the pages. A mediation
the caller may not see answers 404 ``not_found``; rule errors come back as 4xx with a ``code``. Victim data
(class "victim") is ``null`` for a caller who may not see it on that mediation, and each showing is logged.
Token scopes: ``read`` for GET, ``mediation:write`` for the rest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from accounts.models import OrgUnit, User
from cases.models import Case
from core.api import ApiRouter, DbId, LimitOffset
from core.errors import ValidationFailed
from mediation import access, selectors, services
from mediation.models import Mediation, Meeting, Term

router = ApiRouter(tags=["mediation"], write_scope="mediation:write",
                   write_label=gettext_lazy("Register mediations and record their consent, meetings and outcome"))

Text = Field(..., max_length=300)


class MediationRowOut(Schema):
    id: int
    number: str
    status: str
    offender_name: str
    offence: str
    received_on: dt.date
    unit_id: int
    mediator_id: int | None
    responsible_officer_id: int | None
    case_id: int | None
    version: int

    @staticmethod
    def resolve_offender_name(obj: Any) -> str:
        return obj["offender_name"] if isinstance(obj, dict) else obj.offender.full_name

    @staticmethod
    def resolve_case_id(obj: Any) -> int | None:
        if isinstance(obj, dict):
            return obj["case_id"]
        return obj.section.case_id if obj.section_id and obj.section else None


class VictimOut(Schema):
    id: int
    visible: bool
    first_name: str | None
    last_name: str | None
    personal_code: str | None
    birth_date: dt.date | None
    phone: str | None
    email: str | None
    address: str | None
    language: str
    representative_name: str | None
    representative_contact: str | None
    statement: str | None
    consent_on: dt.date | None
    version: int


class MeetingOut(Schema):
    id: int
    kind: str
    format: str
    starts_at: dt.datetime
    place: str
    status: str
    version: int


class TermOut(Schema):
    id: int
    description: str
    due_date: dt.date
    status: str
    resolved_on: dt.date | None
    version: int


class SettlementOut(Schema):
    signed_on: dt.date
    certified_by: str
    terms: list[TermOut]


class MediationOut(MediationRowOut):
    started_by: str
    initiator: str
    process_director: str
    criminal_case_number: str
    offence_date: dt.date | None
    offence_class: str
    intentional: bool
    admission_on: dt.date | None
    offender_consent_on: dt.date | None
    gate_missing: list[str]
    ended_on: dt.date | None
    no_settlement_reason: str
    reported_on: dt.date | None
    prior_settlement_warning: bool
    victims: list[VictimOut]
    meetings: list[MeetingOut]
    settlement: SettlementOut | None


class OffenderIn(Schema):
    first_name: str = Field(..., max_length=100)
    last_name: str = Field(..., max_length=100)
    birth_date: dt.date
    personal_code: str = Field("", max_length=12)
    document_type: str = Field("", max_length=40)
    document_number: str = Field("", max_length=40)


class MediationIn(Schema):
    case_id: DbId | None = None
    offender: OffenderIn | None = None
    started_by: str = Field(..., max_length=30)
    initiator: str = Field(..., max_length=200)
    process_director: str = Field("", max_length=200)
    criminal_case_number: str = Field("", max_length=40)
    offence: str = Text
    offence_date: dt.date | None = None
    offence_class: str = Field(..., max_length=20)
    intentional: bool = True
    received_on: dt.date
    responsible_officer_id: DbId | None = None


class MediatorAssignIn(Schema):
    mediator_id: DbId
    version: int | None = None


class GateIn(Schema):
    admission_on: dt.date | None = None
    offender_consent_on: dt.date | None = None
    version: int | None = None


class VictimIn(Schema):
    first_name: str = Field("", max_length=100)
    last_name: str = Field(..., max_length=200)
    personal_code: str = Field("", max_length=12)
    birth_date: dt.date | None = None
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)
    language: str = Field("lv", max_length=2)
    representative_name: str = Field("", max_length=200)
    representative_contact: str = Field("", max_length=300)
    statement: str = Field("", max_length=5000)
    consent_on: dt.date | None = None


class MeetingIn(Schema):
    kind: str = Field(..., max_length=25)
    format: str = Field("in_person", max_length=10)
    starts_at: dt.datetime
    place: str = Text
    note: str = Field("", max_length=500)


class TermIn(Schema):
    description: str = Text
    due_date: dt.date


class SettlementIn(Schema):
    signed_on: dt.date
    certified_by: str = Field(..., max_length=20)
    voluntary: bool
    consequences_understood: bool
    terms: list[TermIn] = Field(..., max_length=50)
    version: int | None = None


class NoSettlementIn(Schema):
    reason: str = Field(..., max_length=20)
    ended_on: dt.date
    note: str = Field("", max_length=500)
    version: int | None = None


class MeetingRecordIn(Schema):
    status: str = Field(..., max_length=15)
    note: str = Field("", max_length=500)
    version: int | None = None


class TermRecordIn(Schema):
    status: str = Field(..., max_length=15)
    resolved_on: dt.date
    note: str = Field("", max_length=300)
    version: int | None = None


class MediatorOut(Schema):
    id: int
    kind: str
    full_name: str
    unit_id: int
    user_id: int | None
    certified_from: dt.date | None
    certified_until: dt.date | None
    certified_today: bool
    languages: list[str]
    available: bool

    @staticmethod
    def resolve_certified_today(obj: Any) -> bool:
        return bool(obj.certified_on(timezone.localdate()))


def _row(m: Mediation) -> dict[str, Any]:
    return {"id": m.pk, "number": m.number, "status": m.status, "offender_name": m.offender.full_name,
            "offence": m.offence, "received_on": m.received_on, "unit_id": m.unit_id, "mediator_id": m.mediator_id,
            "responsible_officer_id": m.responsible_officer_id,
            "case_id": m.section.case_id if m.section_id and m.section else None, "version": m.version}


_VICTIM_SENSITIVE = ("first_name", "last_name", "personal_code", "birth_date", "phone", "email", "address",
                     "representative_name", "representative_contact", "statement")


def _body(request: HttpRequest, m: Mediation) -> dict[str, Any]:
    user = request.user
    see = access.victims_visible(user, m)
    victims = list(m.victims.all())
    if see and victims:
        access.log_victim_reads(user, victims, "api:mediation.detail")
    settlement = getattr(m, "settlement", None)
    return {
        **_row(m), "started_by": m.started_by, "initiator": m.initiator, "process_director": m.process_director,
        "criminal_case_number": m.criminal_case_number, "offence_date": m.offence_date,
        "offence_class": m.offence_class, "intentional": m.intentional, "admission_on": m.admission_on,
        "offender_consent_on": m.offender_consent_on,
        "gate_missing": [str(x) for x in services.gate_missing(m)] if m.status == Mediation.Status.REGISTERED else [],
        "ended_on": m.ended_on, "no_settlement_reason": m.no_settlement_reason, "reported_on": m.reported_on,
        "prior_settlement_warning": bool(services.prior_settlements(m)),
        "victims": [{"id": v.pk, "visible": see, "language": v.language, "consent_on": v.consent_on,
                     "version": v.version, **{f: (getattr(v, f) if see else None) for f in _VICTIM_SENSITIVE}}
                    for v in victims],
        "meetings": [{"id": x.pk, "kind": x.kind, "format": x.format, "starts_at": x.starts_at, "place": x.place,
                      "status": x.status, "version": x.version} for x in m.meetings.all()],
        "settlement": ({"signed_on": settlement.signed_on, "certified_by": settlement.certified_by,
                        "terms": [{"id": t.pk, "description": t.description, "due_date": t.due_date,
                                   "status": t.status, "resolved_on": t.resolved_on, "version": t.version}
                                  for t in settlement.terms.all()]} if settlement else None),
    }


def _reload(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _body(request, access.access_mediation(request.user, pk, access.VIEW))


@router.get("/mediations", perm=access.VIEW, response=list[MediationRowOut],
            summary="Mediations the caller may see (status: open, all or one status)")
@paginate(LimitOffset)
def list_mediations(request: HttpRequest, status: str = "open") -> Any:
    return selectors.listed(access.visible(request.user, access.VIEW), status[:20]).select_related("section")


@router.get("/mediations/{mediation_id}", perm=access.VIEW, response=MediationOut,
            summary="One mediation with its victims (victim data only for those who may see it)")
def get_mediation(request: HttpRequest, mediation_id: DbId) -> Any:
    return _reload(request, mediation_id)


@router.post("/mediations", perm=access.MANAGE, response={201: MediationOut},
             summary="Register a mediation (the offender: a client's case file, or a person's data)")
def register(request: HttpRequest, payload: MediationIn) -> Any:
    user = request.user
    unit = getattr(user, "home_unit", None)
    if unit is None or unit.kind != OrgUnit.Kind.UNIT:
        raise ValidationFailed("unit_kind", "You work in no territorial unit.", field="unit")
    if (payload.case_id is None) == (payload.offender is None):
        raise ValidationFailed("offender_required", "Give case_id or offender, not both.", field="offender")
    offender = None
    if payload.case_id is not None:
        case = Case.objects.visible_to(user, "case.view").filter(pk=payload.case_id).select_related("person").first()
        if case is None:
            raise ValidationFailed("case_not_found", "No case file with this id that you may see.", field="case_id")
        offender = case.person
    officer = None
    if payload.responsible_officer_id is not None:
        officer = User.objects.filter(pk=payload.responsible_officer_id, is_active=True).first()
        if officer is None:
            raise ValidationFailed("officer_other_unit", "Choose an officer of the responsible unit.",
                                   field="responsible_officer_id")
    data = payload.dict(exclude={"case_id", "offender", "responsible_officer_id"})
    mediation = services.mediation_register(
        actor=user, unit=unit, offender=offender, responsible_officer=officer,
        offender_data=services.OffenderData(**payload.offender.dict()) if payload.offender else None, **data)
    return Status(201, _reload(request, mediation.pk))


@router.post("/mediations/{mediation_id}/assign", perm=access.COORDINATE, response=MediationOut,
             summary="Assign a mediator (certificate in force)")
def assign(request: HttpRequest, mediation_id: DbId, payload: MediatorAssignIn) -> Any:
    mediation = access.access_mediation(request.user, mediation_id, access.COORDINATE)
    mediator = access.mediators_for(request.user).filter(pk=payload.mediator_id).first()
    if mediator is None:
        raise ValidationFailed("mediator_unknown", "Choose a mediator of your register.", field="mediator_id")
    services.mediation_assign(actor=request.user, mediation=mediation, mediator=mediator,
                              expected_version=payload.version)
    return _reload(request, mediation_id)


@router.post("/mediations/{mediation_id}/gate", perm=access.MANAGE, response=MediationOut,
             summary="The offender's admission and written consent")
def gate(request: HttpRequest, mediation_id: DbId, payload: GateIn) -> Any:
    mediation = access.access_mediation(request.user, mediation_id, access.MANAGE)
    services.mediation_record_gate(actor=request.user, mediation=mediation, expected_version=payload.version,
                                   admission_on=payload.admission_on, offender_consent_on=payload.offender_consent_on)
    return _reload(request, mediation_id)


@router.post("/mediations/{mediation_id}/victims", perm=access.MANAGE, response={201: MediationOut},
             summary="Add a victim (by those who may see victim data on this mediation)")
def add_victim(request: HttpRequest, mediation_id: DbId, payload: VictimIn) -> Any:
    mediation = access.access_mediation(request.user, mediation_id, access.MANAGE)
    if not access.victims_visible(request.user, mediation):
        raise Http404
    services.victim_add(actor=request.user, mediation=mediation, **payload.dict())
    return Status(201, _reload(request, mediation_id))


# perm=None: the officers managing the mediation (mediation.manage) and its assigned mediator
# (mediation.conduct) may both plan meetings; access_mediation decides, anyone else gets 404.
@router.post("/mediations/{mediation_id}/meetings", perm=None, response={201: MeetingOut},
             summary="Plan a meeting (refused before the admission and both parties' consent)")
def plan_meeting(request: HttpRequest, mediation_id: DbId, payload: MeetingIn) -> Any:
    mediation = access.access_mediation(request.user, mediation_id, access.MANAGE, access.CONDUCT)
    meeting = services.meeting_plan(actor=request.user, mediation=mediation, **payload.dict())
    return Status(201, meeting)


# perm=None: the managing officers and the assigned mediator, as above.
@router.post("/meetings/{meeting_id}", perm=None, response=MeetingOut, summary="Record a meeting held or cancelled")
def record_meeting(request: HttpRequest, meeting_id: DbId, payload: MeetingRecordIn) -> Any:
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    access.access_mediation(request.user, meeting.mediation_id, access.MANAGE, access.CONDUCT)
    return services.meeting_record(actor=request.user, meeting=meeting, status=payload.status,
                                   expected_version=payload.version, note=payload.note)


# perm=None: the managing officers and the assigned mediator, as above.
@router.post("/mediations/{mediation_id}/settlement", perm=None, response={201: MediationOut},
             summary="Record the signed settlement and its terms")
def settle(request: HttpRequest, mediation_id: DbId, payload: SettlementIn) -> Any:
    mediation = access.access_mediation(request.user, mediation_id, access.MANAGE, access.CONDUCT)
    services.mediation_settle(
        actor=request.user, mediation=mediation, expected_version=payload.version, signed_on=payload.signed_on,
        certified_by=payload.certified_by, voluntary=payload.voluntary,
        consequences_understood=payload.consequences_understood,
        terms=[services.NewTerm(t.description, t.due_date) for t in payload.terms])
    return Status(201, _reload(request, mediation_id))


# perm=None: the managing officers and the assigned mediator, as above.
@router.post("/mediations/{mediation_id}/no-settlement", perm=None, response=MediationOut,
             summary="End the mediation without settlement, with the coded reason")
def no_settlement(request: HttpRequest, mediation_id: DbId, payload: NoSettlementIn) -> Any:
    mediation = access.access_mediation(request.user, mediation_id, access.MANAGE, access.CONDUCT)
    services.mediation_end_without_settlement(actor=request.user, mediation=mediation,
                                              expected_version=payload.version, reason=payload.reason,
                                              ended_on=payload.ended_on, note=payload.note)
    return _reload(request, mediation_id)


@router.post("/terms/{term_id}", perm=access.MANAGE, response=TermOut,
             summary="Record whether a term of the settlement was fulfilled")
def record_term(request: HttpRequest, term_id: DbId, payload: TermRecordIn) -> Any:
    term = Term.objects.visible_to(request.user, access.MANAGE).filter(pk=term_id).first()
    if term is None:
        raise Http404
    return services.term_record(actor=request.user, term=term, status=payload.status,
                                resolved_on=payload.resolved_on, expected_version=payload.version, note=payload.note)


@router.get("/mediators", perm=access.COORDINATE, response=list[MediatorOut],
            summary="The mediators' register of the caller's units")
@paginate(LimitOffset)
def list_mediators(request: HttpRequest) -> Any:
    return access.mediators_for(request.user).order_by("last_name", "first_name", "pk")
