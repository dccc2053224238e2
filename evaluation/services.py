"""State changes of evaluation reports: keyword-only, the actor named, one transaction, the change log
(``core.audit``) and the case timeline; tasks through ``tasks.services`` and ``tasks.rules``.

The workflow (workflows.md §2): a request is registered (from the inbox onto its section, or posted by
the e-case integration with the person, who then gets a case file and a section) → the client is invited
(the appearance at most ``evaluation.invitation_max_days`` days after sending, MK 271 p.13) → interviews,
checks with other agencies and victim contact are logged with their source → the author writes the
structured sections → a senior officer approves or asks for changes → the report is sent. Or, when the
client refused or could not be interviewed, an informative letter is sent (VPD Law Art. 15(3¹)).
Nothing else ends a request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from cases import services as case_services
from cases import timeline
from cases.kinds import BasisType
from cases.models import Case, Section
from core import audit, calendar, policies
from core.access import has_perm, unit_ids_for
from core.concurrency import bump, lock
from core.errors import Conflict, ValidationFailed
from core.text import fold
from evaluation import perms, prisons, rules
from evaluation.models import (
    EDITABLE_STATUSES,
    KIND,
    OPEN_STATUSES,
    SECTION_CODES,
    EndState,
    EvaluationRequest,
    Invitation,
    LetterReason,
    RequesterKind,
    Review,
    Status,
    Step,
)
from evaluation.policies import DEFAULT_DEADLINE_WORKING_DAYS
from people import services as people_services
from people.identity import parse_personal_code
from people.models import Person
from people.selectors import person_by_code
from tasks import services as task_services

MAX_SECTION_LENGTH = 20_000


def _user(actor: Any) -> User | None:
    return actor if getattr(actor, "pk", None) else None


def _clean(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


def _d(day: dt.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else "—"


def _not_future(day: dt.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationFailed(f"{field}_future", _("The date cannot be in the future."), field=field)


def _closed() -> Conflict:
    return Conflict("request_closed", _("This request is completed; its report can no longer change."))


# --- The request ---------------------------------------------------------------------------------

# The request fields of MK 271 p.2¹ and the rest of what a request says (service keywords).
REQUIRED_FIELDS = ("requester_kind", "requester_name", "case_number", "offence", "request_date",
                   "person_contacts", "victim_meeting_undesirable")


def _missing(data: dict[str, Any]) -> list[str]:
    missing = [name for name in REQUIRED_FIELDS if data.get(name) in (None, "") or
               (isinstance(data.get(name), str) and not data[name].strip())]
    if data.get("requester_kind") == RequesterKind.PRISON and not _clean(data.get("prison_code")):
        missing.append("prison_code")
    # Victim details are required when a victim meeting is not ruled out and the requester names a victim
    # as minor (the representative) — a request without any victim is valid (not every offence has one).
    if data.get("victim_minor") and data.get("victim_meeting_undesirable") is False and \
            not _clean(data.get("victim_representative")):
        missing.append("victim_representative")
    return missing


def check_request(data: dict[str, Any]) -> dict[str, Any]:
    """The request's fields checked: the missing ones named (``request_incomplete``, ``missing``), then
    each field's own rule. Returns the cleaned fields."""
    missing = _missing(data)
    if missing:
        raise ValidationFailed(
            "request_incomplete",
            _("The request lacks required information: %(fields)s.") % {"fields": ", ".join(missing)},
            field=missing[0], missing=missing)
    if data["requester_kind"] not in RequesterKind.values:
        raise ValidationFailed("requester_kind_unknown", _("Choose who requested the report."),
                               field="requester_kind")
    prison_code = _clean(data.get("prison_code"))
    if prison_code and prison_code not in prisons.PRISONS:
        raise ValidationFailed("prison_unknown", _("Choose the prison from the list."), field="prison_code")
    if data["requester_kind"] != RequesterKind.PRISON:
        prison_code = ""
    today = timezone.localdate()
    request_date = data["request_date"]
    _not_future(request_date, "request_date")
    received_on = data.get("received_on") or today
    _not_future(received_on, "received_on")
    if received_on < request_date:
        raise ValidationFailed("received_before_request", _("The request cannot arrive before its date."),
                               field="received_on")
    deadline = data.get("deadline")
    if deadline is not None and deadline <= received_on:
        raise ValidationFailed("deadline_not_after_receipt",
                               _("The delivery deadline must be after the day the request was received."),
                               field="deadline")
    if deadline is not None and deadline > received_on + dt.timedelta(days=366):
        raise ValidationFailed("deadline_implausible", _("The delivery deadline is more than a year away: check "
                                                         "the date."), field="deadline")
    victim_minor = bool(data.get("victim_minor"))
    victim_name = _clean(data.get("victim_name"))
    if victim_minor and not victim_name:
        raise ValidationFailed("victim_name_required", _("Enter the victim's name."), field="victim_name")
    cleaned = {
        "requester_kind": data["requester_kind"], "requester_name": _clean(data["requester_name"])[:200],
        "request_number": _clean(data.get("request_number"))[:80], "case_number": _clean(data["case_number"])[:80],
        "offence": _clean(data["offence"])[:300], "request_date": request_date, "received_on": received_on,
        "prison_code": prison_code, "electronic_monitoring": bool(data.get("electronic_monitoring")) and bool(prison_code),
        "person_contacts": _clean(data["person_contacts"])[:300],
        "victim_meeting_undesirable": bool(data["victim_meeting_undesirable"]),
        "victim_name": victim_name[:200], "victim_contacts": _clean(data.get("victim_contacts"))[:300],
        "victim_minor": victim_minor, "victim_representative": _clean(data.get("victim_representative"))[:200],
    }
    if deadline is None:
        cleaned["deadline"] = calendar.add_working_days(received_on,
                                                        int(policies.value(DEFAULT_DEADLINE_WORKING_DAYS.key)))
        cleaned["deadline_from_request"] = False
    else:
        cleaned["deadline"] = deadline
        cleaned["deadline_from_request"] = True
    return cleaned


def unit_by_rule(*, person: Person | None, requester_kind: str, prison_code: str = "") -> OrgUnit | None:
    """The responsible unit: for a prison's request the unit covering the prison, otherwise the unit
    covering the client's residence."""
    if requester_kind == RequesterKind.PRISON and prison_code in prisons.PRISONS:
        municipality = prisons.PRISONS[prison_code][1]
        for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, active=True).only("id", "municipalities"):
            if municipality in (unit.municipalities or []):
                return OrgUnit.objects.get(pk=unit.pk)
    return case_services.unit_for_person(person) if person is not None else None


def _create(actor: Any, section: Section, cleaned: dict[str, Any], unit: OrgUnit, *, external_id: str = "",
            request_document: Any = None) -> EvaluationRequest:
    if section.case.responsible_officer_id is None and section.responsible_officer_id is None:
        author = None
    else:
        author = section.responsible_officer or section.case.responsible_officer
    request = EvaluationRequest.objects.create(
        section=section, unit=unit, author=author, external_id=external_id, submitted_by=_user(actor),
        request_document=request_document, created_by=_user(actor), **cleaned)
    audit.record(actor=actor, verb="evaluation_request_register", instance=request, action="create",
                 after=audit.snapshot(request))
    timeline.emit("evaluation_request_registered", case=section.case, section=section, actor=actor,
                  requester=request.requester_name, case_number=request.case_number,
                  deadline=_d(request.deadline), received_iso=request.received_on.isoformat(), unit_id=unit.pk,
                  victim_contact=request.victim_contact_wanted)
    with translation.override(None):
        title = str(rules.DELIVER.title)  # stored in the source language (as tasks.rules.fire does)
    task_services.task_create(actor=actor, title=title, kind=rules.DELIVER.code, unit=unit, due_date=request.deadline,
                              case=section.case, section=section, assignee=author, description=request.case_number)
    return request


@transaction.atomic
def request_record(*, actor: Any, section: Section, **data: Any) -> EvaluationRequest:
    """The request's details on an evaluation section registered from the inbox."""
    section = lock(section, None)
    if section.kind != KIND:
        raise ValidationFailed("section_kind", _("This is not an evaluation report section."), field="section")
    if not section.is_open:
        raise ValidationFailed("section_closed", _("This section is closed."), field="section")
    if EvaluationRequest.objects.filter(section=section).exists():
        raise Conflict("request_recorded", _("The request of this section is already recorded."))
    cleaned = check_request(data)
    case = Case.objects.select_related("person", "responsible_unit").get(pk=section.case_id)
    if case.person.birth_date and cleaned["request_date"] < case.person.birth_date:
        raise ValidationFailed("request_before_birth", _("The request cannot predate the client's birth."),
                               field="request_date")
    unit = unit_by_rule(person=case.person, requester_kind=cleaned["requester_kind"],
                        prison_code=cleaned["prison_code"]) or case.responsible_unit
    return _create(actor, section, cleaned, unit)


def _person(actor: Any, identity: dict[str, Any]) -> Person:
    """The person the request is about: the one registered with the personal code (the names must match),
    or a new one."""
    code = _clean(identity.get("personal_code"))
    if code:
        try:
            compact = parse_personal_code(code).compact
        except ValidationFailed as exc:
            raise ValidationFailed(exc.code, exc.message, field="personal_code") from None
        person = person_by_code(compact)
        if person is not None:
            for name in ("last_name", "first_name"):
                if fold(_clean(identity.get(name))) != fold(getattr(person, name)):
                    raise Conflict("person_exists_other_names",
                                   _("A person with this personal code is registered under another name. Check the "
                                     "code and the name."), field=name)
            return person
    data = {k: v for k, v in identity.items() if k in people_services.EDITABLE_FIELDS and v not in (None, "")}
    return people_services.person_create(actor=actor, personal_code=code or None, **data)


@transaction.atomic
def request_submit(*, actor: Any, identity: dict[str, Any], file: Any = None, external_id: str = "",
                   **data: Any) -> EvaluationRequest:
    """A request posted by the e-case integration: the request fields (MK 271 p.2¹), the person's identity
    and the request letter. The person is found or registered, gets a case file in the unit chosen by rule
    if they have none, and an evaluation section; the letter is stored on the case."""
    from documents import services as document_services

    missing = _missing(data)
    for name in ("first_name", "last_name"):
        if not _clean(identity.get(name)):
            missing.append(name)
    if not _clean(identity.get("personal_code")) and not identity.get("birth_date"):
        missing.append("personal_code")
    if file is None:
        missing.append("file")
    if missing:
        raise ValidationFailed(
            "request_incomplete",
            _("The request lacks required information: %(fields)s.") % {"fields": ", ".join(missing)},
            field=missing[0], missing=missing)
    external_id = _clean(external_id)[:80]
    if external_id and EvaluationRequest.objects.filter(submitted_by=_user(actor), external_id=external_id).exists():
        raise Conflict("request_exists", _("This request was already received."), field="external_id")
    cleaned = check_request(data)
    person = _person(actor, identity)
    if person.birth_date and cleaned["request_date"] < person.birth_date:
        raise ValidationFailed("request_before_birth", _("The request cannot predate the client's birth."),
                               field="request_date")
    unit = unit_by_rule(person=person, requester_kind=cleaned["requester_kind"], prison_code=cleaned["prison_code"])
    case = Case.objects.filter(person=person).select_related("responsible_unit", "responsible_officer").first()
    if case is None:
        if unit is None:
            raise ValidationFailed("unit_required", _("No unit covers the client's residence: give the declared "
                                                      "municipality."), field="declared_municipality")
        case = case_services.case_open(actor=actor, person=person, responsible_unit=unit)
    elif case.status != Case.Status.OPEN:
        raise ValidationFailed("case_closed", _("The client's case file is closed; the unit must reopen it."),
                               field="personal_code")
    unit = unit or case.responsible_unit
    basis = BasisType.PRISON_REQUEST if cleaned["requester_kind"] == RequesterKind.PRISON else \
        BasisType.EVALUATION_REQUEST
    section = case_services.section_open(
        actor=actor, case=case, kind=KIND, basis_type=basis,
        basis_number=cleaned["request_number"] or cleaned["case_number"], basis_date=cleaned["request_date"],
        basis_issuer=cleaned["requester_name"], registered_on=cleaned["received_on"])
    section = Section.objects.select_related("case", "case__person", "responsible_officer",
                                             "case__responsible_officer").get(pk=section.pk)
    document = document_services.document_upload(actor=actor, case=case, document_type="letter",
                                                 title=_("Request for an evaluation report") + f" {cleaned['case_number']}",
                                                 upload=file, section=section)
    return _create(actor, section, cleaned, unit, external_id=external_id, request_document=document)


# --- Who drafts and who reviews -------------------------------------------------------------------


def may_review(user: Any, request: EvaluationRequest) -> bool:
    """A senior officer (``evaluation.review``) whose scope covers the client's unit."""
    if user is None or not has_perm(user, perms.REVIEW):
        return False
    units = unit_ids_for(user, perms.REVIEW)
    return units is None or request.section.case.responsible_unit_id in units


def _check_reviewer(request: EvaluationRequest, reviewer: User | None, author: User | None) -> None:
    if reviewer is None:
        return
    if not reviewer.is_active or reviewer.is_service_account or not may_review(reviewer, request):
        raise ValidationFailed("reviewer_not_senior", _("Choose a senior officer of the client's unit as the "
                                                        "reviewer."), field="reviewer")
    if author is not None and reviewer.pk == author.pk:
        raise ValidationFailed("reviewer_is_author", _("The author cannot review their own report."),
                               field="reviewer")


@transaction.atomic
def request_assign(*, actor: Any, request: EvaluationRequest, expected_version: int | None,
                   author: User | None, reviewer: User | None) -> EvaluationRequest:
    request = lock(request, expected_version)
    if not request.is_open:
        raise _closed()
    if author is not None and (not author.is_active or author.is_service_account):
        raise ValidationFailed("author_inactive", _("Choose an active officer."), field="author")
    _check_reviewer(request, reviewer, author)
    before = audit.snapshot(request)
    request.author = author
    request.reviewer = reviewer
    bump(request)
    request.save()
    audit.record(actor=actor, verb="evaluation_assign", instance=request, before=before,
                 after=audit.snapshot(request))
    timeline.emit("evaluation_assigned", case=request.section.case, section=request.section, actor=actor,
                  author=str(author) if author else "—", reviewer=str(reviewer) if reviewer else "—")
    return request


# --- Gathering information ------------------------------------------------------------------------


@transaction.atomic
def invitation_send(*, actor: Any, request: EvaluationRequest, appearance_date: dt.date | None,
                    appearance_time: dt.time | None, place: str = "", language: str = "") -> Invitation:
    """Generate the invitation letter (lv/ru/en) and log it; the appearance date at most
    ``evaluation.invitation_max_days`` days after sending (MK 271 p.13, checked by the documents module
    through the section kind)."""
    from documents import services as document_services
    from documents.kinds import LANGUAGES

    request = lock(request, None)
    if not request.is_open:
        raise _closed()
    if language and language not in LANGUAGES:
        raise ValidationFailed("language_unknown", _("Choose the language."), field="language")
    if appearance_time is not None and appearance_time.tzinfo is not None:
        raise ValidationFailed("appearance_time_offset", _("Enter the local time without a time zone."),
                               field="appearance_time")
    section = Section.objects.select_related("case", "case__person", "case__responsible_unit").get(
        pk=request.section_id)
    case = section.case
    language = language or document_services.default_language(case.person)
    from documents.letters import OWN

    OWN.ensure_template("invitation_to_appear", language)
    documents = document_services.document_generate(
        actor=actor, case=case, code="invitation_to_appear", language=language, section=section,
        appearance_date=appearance_date, appearance_time=appearance_time, place=place)
    docx = next(d for d in documents if d.format == "docx")
    assert appearance_date is not None and appearance_time is not None
    invitation = Invitation.objects.create(
        request=request, sent_on=timezone.localdate(), appearance_date=appearance_date,
        appearance_time=appearance_time, place=(place or "").strip() or case.responsible_unit.address,
        language=language, document=docx, created_by=_user(actor))
    audit.record(actor=actor, verb="evaluation_invitation_send", instance=invitation, action="create",
                 after=audit.snapshot(invitation))
    _start(actor, request)
    timeline.emit("evaluation_invitation_sent", case=case, section=section, actor=actor,
                  appearance=f"{appearance_date:%d.%m.%Y} {appearance_time:%H:%M}")
    task_services.tasks_complete_open(actor=actor, kinds=[rules.INVITE.code], outcome=rules.OUTCOME_INVITED,
                                      section=section)
    return invitation


def _start(actor: Any, request: EvaluationRequest) -> None:
    if request.status == Status.REGISTERED:
        before = audit.snapshot(request)
        request.status = Status.IN_PROGRESS
        bump(request)
        request.save()
        audit.record(actor=actor, verb="evaluation_start", instance=request, before=before,
                     after=audit.snapshot(request))


@transaction.atomic
def step_record(*, actor: Any, request: EvaluationRequest, kind: str, source: str, day: dt.date | None,
                summary: str) -> Step:
    """An interview, a check with another agency or the victim contact, with its source."""
    request = lock(request, None)
    if not request.is_open:
        raise _closed()
    if kind not in Step.Kind.values:
        raise ValidationFailed("step_kind_unknown", _("Choose the step."), field="kind")
    if source not in Step.Source.values:
        raise ValidationFailed("source_unknown", _("Choose the source."), field="source")
    if day is None:
        raise ValidationFailed("day_required", _("Enter the date."), field="day")
    _not_future(day, "day")
    if day < request.request_date:
        raise ValidationFailed("day_before_request", _("The step cannot be before the request (%(date)s).")
                               % {"date": _d(request.request_date)}, field="day")
    summary = (summary or "").strip()
    if not summary:
        raise ValidationFailed("summary_required", _("Write what was learned."), field="summary")
    victim_sources = (Step.Source.VICTIM, Step.Source.VICTIM_REPRESENTATIVE)
    if kind == Step.Kind.VICTIM_CONTACT or source in victim_sources:
        if request.victim_meeting_undesirable:
            raise ValidationFailed("victim_meeting_undesirable", _("The requester said a meeting with the victim "
                                                                   "is undesirable: the victim is not contacted."),
                                   field="kind")
        if request.victim_minor and source != Step.Source.VICTIM_REPRESENTATIVE:
            raise ValidationFailed("victim_minor_representative", _("The victim is a minor: contact them only "
                                                                    "through their legal representative."),
                                   field="source")
    if kind == Step.Kind.INTERVIEW and source != Step.Source.CLIENT:
        raise ValidationFailed("interview_source", _("An interview is with the client; log others as a check."),
                               field="source")
    step = Step.objects.create(request=request, kind=kind, source=source, day=day, summary=summary[:10_000],
                               created_by=_user(actor))
    audit.record(actor=actor, verb="evaluation_step_record", instance=step, action="create",
                 after=audit.snapshot(step))
    _start(actor, request)
    section = request.section
    timeline.emit("evaluation_step_recorded", case=section.case, section=section, actor=actor, step_kind=kind,
                  source=source, day=_d(day))
    if kind == Step.Kind.VICTIM_CONTACT:
        task_services.tasks_complete_open(actor=actor, kinds=[rules.VICTIM.code], outcome=rules.OUTCOME_CONTACTED,
                                          section=section)
    return step


# --- Drafting and review --------------------------------------------------------------------------


@transaction.atomic
def sections_save(*, actor: Any, request: EvaluationRequest, expected_version: int | None,
                  sections: dict[str, str]) -> EvaluationRequest:
    """Save the report's sections as the author wrote them (those not given keep their text)."""
    request = lock(request, expected_version)
    if request.status not in EDITABLE_STATUSES:
        if request.status == Status.IN_REVIEW or request.status == Status.APPROVED:
            raise Conflict("request_in_review", _("The draft is with the reviewer; it changes only after they ask "
                                                  "for changes."))
        raise _closed()
    unknown = sorted(set(sections) - set(SECTION_CODES))
    if unknown:
        raise ValidationFailed("section_unknown", _("Unknown report section: %(codes)s.")
                               % {"codes": ", ".join(unknown)}, field=unknown[0])
    for code, text in sections.items():
        if len(text or "") > MAX_SECTION_LENGTH:
            raise ValidationFailed("section_too_long", _("A section may hold at most %(n)s characters.")
                                   % {"n": MAX_SECTION_LENGTH}, field=code)
    before = audit.snapshot(request)
    merged = dict(request.sections or {})
    merged.update({code: (text or "").strip() for code, text in sections.items()})
    request.sections = merged
    bump(request)
    request.save()
    audit.record(actor=actor, verb="evaluation_sections_save", instance=request, before=before,
                 after=audit.snapshot(request))
    _start(actor, request)
    return request


@transaction.atomic
def review_submit(*, actor: Any, request: EvaluationRequest, expected_version: int | None,
                  reviewer: User | None = None) -> EvaluationRequest:
    """Hand the draft to a senior officer: every section written, a reviewer who is not the author."""
    request = lock(request, expected_version)
    if request.status not in EDITABLE_STATUSES:
        raise Conflict("request_not_draft", _("Only a draft can be submitted for review."))
    empty = [code for code in SECTION_CODES if not (request.sections or {}).get(code, "").strip()]
    if empty:
        raise ValidationFailed("sections_incomplete", _("Write every section before the review."),
                               field=empty[0], missing=empty)
    reviewer = reviewer or request.reviewer
    if reviewer is None:
        raise ValidationFailed("reviewer_required", _("Choose the reviewer."), field="reviewer")
    author = request.author or _user(actor)
    _check_reviewer(request, reviewer, author)
    before = audit.snapshot(request)
    request.status = Status.IN_REVIEW
    request.reviewer = reviewer
    request.author = author
    bump(request)
    request.save()
    audit.record(actor=actor, verb="evaluation_review_submit", instance=request, before=before,
                 after=audit.snapshot(request))
    section = request.section
    timeline.emit("evaluation_submitted_for_review", case=section.case, section=section, actor=actor,
                  reviewer=str(reviewer), reviewer_id=reviewer.pk, day_iso=timezone.localdate().isoformat(),
                  case_number=request.case_number)
    return request


@transaction.atomic
def review_decide(*, actor: Any, request: EvaluationRequest, expected_version: int | None, decision: str,
                  comments: str = "") -> Review:
    """The reviewer approves (countersigns) the draft or sends it back to the author with comments."""
    request = lock(request, expected_version)
    if request.status != Status.IN_REVIEW:
        raise Conflict("request_not_in_review", _("This report is not awaiting review."))
    if not may_review(actor, request):
        raise ValidationFailed("reviewer_not_senior", _("Only a senior officer of the client's unit reviews "
                                                        "reports."), field="decision")
    if request.author_id == getattr(actor, "pk", None):
        raise ValidationFailed("reviewer_is_author", _("The author cannot review their own report."),
                               field="decision")
    if decision not in Review.Decision.values:
        raise ValidationFailed("decision_unknown", _("Choose the decision."), field="decision")
    comments = (comments or "").strip()
    if decision == Review.Decision.CHANGES and not comments:
        raise ValidationFailed("comments_required", _("Say what should change."), field="comments")
    review = Review.objects.create(request=request, decision=decision, comments=comments[:10_000],
                                   created_by=_user(actor))
    audit.record(actor=actor, verb="evaluation_review", instance=review, action="create",
                 after=audit.snapshot(review))
    before = audit.snapshot(request)
    request.status = Status.APPROVED if decision == Review.Decision.APPROVED else Status.CHANGES_REQUESTED
    request.reviewer = _user(actor) or request.reviewer
    bump(request)
    request.save()
    audit.record(actor=actor, verb="evaluation_review_decide", instance=request, before=before,
                 after=audit.snapshot(request))
    section = request.section
    timeline.emit("evaluation_reviewed", case=section.case, section=section, actor=actor, decision=decision)
    task_services.tasks_complete_open(actor=actor, kinds=[rules.REVIEW.code], outcome=rules.OUTCOME_REVIEWED,
                                      section=section)
    return review


# --- The end states ---------------------------------------------------------------------------------


@transaction.atomic
def request_finish(*, actor: Any, request: EvaluationRequest, expected_version: int | None, end_state: str,
                   letter_reason: str = "", sent_on: dt.date | None = None) -> EvaluationRequest:
    """Send the report (approved by the reviewer) or the informative letter (the client refused or could not
    be interviewed): generated as DOCX and PDF, the sent text frozen, the section closed. Nothing else ends a
    request."""
    from evaluation import letters

    request = lock(request, expected_version)
    if end_state not in EndState.values:
        raise ValidationFailed("end_state_unknown", _("A request ends only with the report or the informative "
                                                      "letter sent."), field="end_state")
    if not request.is_open:
        raise _closed()
    sent_on = sent_on or timezone.localdate()
    _not_future(sent_on, "sent_on")
    if sent_on < request.received_on:
        raise ValidationFailed("sent_before_received", _("It cannot be sent before the request arrived."),
                               field="sent_on")
    if end_state == EndState.REPORT:
        if request.status != Status.APPROVED:
            raise Conflict("report_not_approved", _("The report is sent only after the reviewer approved it."),
                           field="end_state")
        letter_reason = ""
    else:
        if letter_reason not in LetterReason.values:
            raise ValidationFailed("letter_reason_required", _("Choose why the informative letter is sent."),
                                   field="letter_reason")
    before = audit.snapshot(request)
    request.end_state = end_state
    request.letter_reason = letter_reason
    request.status = Status.REPORT_SENT if end_state == EndState.REPORT else Status.LETTER_SENT
    request.sent_on = sent_on
    request.sent_by = _user(actor)
    request.sent_sections = dict(request.sections or {}) if end_state == EndState.REPORT else {}
    docx, pdf = letters.generate_final(actor, request)
    request.sent_document = docx
    request.sent_pdf = pdf
    bump(request)
    request.save()
    audit.record(actor=actor, verb="evaluation_finish", instance=request, before=before,
                 after=audit.snapshot(request))
    section = Section.objects.select_related("case").get(pk=request.section_id)
    timeline.emit("evaluation_finished", case=section.case, section=section, actor=actor, end_state=end_state,
                  day=_d(sent_on))
    task_services.tasks_complete_open(
        actor=actor, kinds=[rules.DELIVER.code, rules.INVITE.code, rules.VICTIM.code, rules.REVIEW.code],
        outcome=rules.OUTCOME_SENT, section=section)
    case_services.section_close(actor=actor, section=section, expected_version=None, closed_on=sent_on,
                                reason="report_sent" if end_state == EndState.REPORT else "informative_letter")
    return request


__all__ = ["OPEN_STATUSES", "check_request", "invitation_send", "may_review", "request_assign", "request_finish",
           "request_record", "request_submit", "review_decide", "review_submit", "sections_save", "step_record",
           "unit_by_rule"]
