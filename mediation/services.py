"""Mediation's state changes (``<entity>_<verb>(*, actor, ...)``): one transaction each, the change log
(``core.audit``), the case timeline when the offender has a case file, tasks through ``tasks.services``.
Pages and the API call these; the rules of workflows.md §5 are checked here:

* the gate: no meeting before the offender's admission and the written consent of the offender and of
  every victim (a minor victim's through a legal representative);
* a mediator is assigned only while their certificate is in force (volunteers need one);
* the outcome is a settlement with terms (each with a deadline, followed up by a task) or no settlement
  with a coded reason; nothing else;
* dates: none in the future where they record what happened, none before the offence or the offender's
  birth, none before the mediation was received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from cases import services as case_services
from cases import timeline
from cases.kinds import BasisType
from cases.models import Case, Section
from core import audit, calendar, policies
from core.concurrency import bump, lock
from core.errors import Conflict, ValidationFailed
from core.sequences import next_value
from core.text import fold
from mediation.models import KIND, Mediation, Mediator, Meeting, Settlement, Term, Victim
from people import services as people_services
from people.identity import parse_personal_code
from people.models import Person
from people.selectors import person_by_code
from tasks import services as task_services

TASK_CONTACT = "mediation.contact_parties"
TASK_REPORT = "mediation.report_result"
TASK_TERM = "mediation.check_term"
LETTER_LANGUAGES = ("lv", "ru", "en")


# --- helpers --------------------------------------------------------------------------------------


def _user(actor: Any) -> User | None:
    return actor if getattr(actor, "pk", None) else None


def _required(value: str | None, code: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(code, message, field=field)
    return value


def _not_future(day: dt.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationFailed(f"{field}_future", _("The date cannot be in the future."), field=field)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def is_minor(birth: dt.date | None, day: dt.date) -> bool:
    return birth is not None and age_on(birth, day) < int(policies.value("mediation.majority_age"))


def offender_is_minor(mediation: Mediation) -> bool:
    return is_minor(mediation.offender.birth_date, mediation.offence_date or mediation.received_on)


def _open(mediation: Mediation) -> None:
    if not mediation.is_open:
        raise ValidationFailed("mediation_closed", _("This mediation has ended."), field="mediation")


def _emit(code: str, mediation: Mediation, actor: Any, **data: Any) -> None:
    """A timeline event on the client file, when the offender has one (never with victim data)."""
    if mediation.section_id:
        section = mediation.section
        assert section is not None
        timeline.emit(code, case=section.case, section=section, actor=actor, number=mediation.number, **data)


def _task(*, actor: Any, mediation: Mediation, kind: str, title: str, due: dt.date, description: str = "") -> Any:
    """A task of the mediation for its responsible officer (no victim data: tasks lists are wide)."""
    officer = mediation.responsible_officer
    return task_services.task_create(
        actor=actor, title=title, kind=kind, unit=mediation.unit, due_date=due,
        case=mediation.section.case if mediation.section_id and mediation.section else None,
        section=mediation.section if mediation.section_id else None,
        assignee=officer if officer is not None and officer.home_unit_id == mediation.unit_id else None,
        description=description or _("Mediation %(number)s") % {"number": mediation.number},
    )


def _check_officer(officer: User | None, unit: OrgUnit) -> None:
    if officer is not None and officer.home_unit_id != unit.pk:
        raise ValidationFailed("officer_other_unit", _("Choose an officer of the responsible unit."),
                               field="responsible_officer")


def _check_personal_code(code: str, birth: dt.date | None, field: str) -> str:
    """A typed personal code, validated (``people.identity``), formatted; "" when none was typed."""
    if not (code or "").strip():
        return ""
    try:
        parsed = parse_personal_code(code)
    except ValidationFailed as error:
        raise ValidationFailed(error.code, error.message, field=field) from None
    if birth is not None and parsed.birth_date is not None and parsed.birth_date != birth:
        raise ValidationFailed(f"{field}_birth_date", _("The personal code does not match the date of birth."),
                               field="birth_date")
    return parsed.formatted


# --- Mediators -------------------------------------------------------------------------------------


def _check_mediator(kind: str, first_name: str, last_name: str, certified_from: dt.date | None,
                    certified_until: dt.date | None, languages: Sequence[str], user: User | None,
                    mediator: Mediator | None = None) -> None:
    if kind not in Mediator.Kind.values:
        raise ValidationFailed("kind_invalid", _("Choose the kind of mediator."), field="kind")
    _required(first_name, "first_name_required", _("Enter the first name."), "first_name")
    _required(last_name, "last_name_required", _("Enter the last name."), "last_name")
    if kind == Mediator.Kind.VOLUNTEER and certified_from is None:
        raise ValidationFailed("certified_from_required",
                               _("A volunteer mediator needs a certificate: enter the date it was issued."),
                               field="certified_from")
    if kind == Mediator.Kind.VOLUNTEER and certified_until is None:
        raise ValidationFailed("certified_until_required", _("Enter the date the certificate is valid until."),
                               field="certified_until")
    _not_future(certified_from, "certified_from")
    if certified_from and certified_until and certified_until <= certified_from:
        raise ValidationFailed("certified_until_before_from", _("The certificate must end after it starts."),
                               field="certified_until")
    bad = [code for code in languages if len(code) != 2 or not code.isalpha()]
    if bad:
        raise ValidationFailed("languages_invalid", _("Choose languages from the list."), field="languages")
    if user is not None:
        others = Mediator.objects.filter(user=user)
        if mediator is not None:
            others = others.exclude(pk=mediator.pk)
        taken = others.exists()
        if taken:
            raise Conflict("user_taken", _("This sign-in already belongs to another mediator."), field="user")


@transaction.atomic
def mediator_create(*, actor: Any, kind: str, first_name: str, last_name: str, unit: OrgUnit,
                    user: User | None = None, certificate_number: str = "", certified_from: dt.date | None = None,
                    certified_until: dt.date | None = None, languages: Sequence[str] = ("lv",),
                    available: bool = True, availability: str = "", phone: str = "", email: str = "") -> Mediator:
    _check_mediator(kind, first_name, last_name, certified_from, certified_until, languages, user)
    if unit is None or unit.kind != OrgUnit.Kind.UNIT:
        raise ValidationFailed("unit_kind", _("Choose a territorial unit."), field="unit")
    mediator = Mediator.objects.create(
        kind=kind, first_name=first_name.strip(), last_name=last_name.strip(), unit=unit, user=user,
        certificate_number=certificate_number.strip(), certified_from=certified_from, certified_until=certified_until,
        languages=list(languages), available=available, availability=availability.strip(), phone=phone.strip(),
        email=email.strip())
    audit.record(actor=actor, verb="mediator_create", instance=mediator, action="create",
                 after=audit.snapshot(mediator))
    return mediator


@transaction.atomic
def mediator_update(*, actor: Any, mediator: Mediator, expected_version: int | None, **changes: Any) -> Mediator:
    mediator = lock(mediator, expected_version)
    allowed = {"kind", "first_name", "last_name", "certificate_number", "certified_from", "certified_until",
               "languages", "available", "availability", "phone", "email"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"mediator_update: unknown fields {sorted(unknown)}")
    before = audit.snapshot(mediator)
    for key, value in changes.items():
        setattr(mediator, key, value.strip() if isinstance(value, str) else value)
    _check_mediator(mediator.kind, mediator.first_name, mediator.last_name, mediator.certified_from,
                    mediator.certified_until, mediator.languages, mediator.user, mediator)
    bump(mediator)
    mediator.save()
    audit.record(actor=actor, verb="mediator_update", instance=mediator, before=before, after=audit.snapshot(mediator))
    return mediator


# --- Registering a mediation -----------------------------------------------------------------------


@dataclass(frozen=True)
class OffenderData:
    """A person without a case file, as typed: found by personal code (names must match) or created."""

    first_name: str
    last_name: str
    birth_date: dt.date | None
    personal_code: str = ""
    document_type: str = ""
    document_number: str = ""


def _offender_from(actor: Any, data: OffenderData) -> Person:
    _required(data.first_name, "first_name_required", _("Enter the offender's first name."), "first_name")
    _required(data.last_name, "last_name_required", _("Enter the offender's last name."), "last_name")
    if data.birth_date is None:
        raise ValidationFailed("birth_date_required", _("Enter the offender's date of birth."), field="birth_date")
    code = _check_personal_code(data.personal_code, data.birth_date, "personal_code")
    if code:
        person = person_by_code(code)
        if person is not None:
            if fold(person.last_name) != fold(data.last_name) or fold(person.first_name) != fold(data.first_name) \
                    or person.birth_date != data.birth_date:
                raise Conflict("person_exists_other_data", _("A person with this personal code is registered "
                                                             "under another name or date of birth. Check the code, "
                                                             "the name and the date."), field="personal_code")
            return person
    return people_services.person_create(
        actor=actor, personal_code=code or None, first_name=data.first_name, last_name=data.last_name,
        birth_date=data.birth_date, document_type=data.document_type, document_number=data.document_number)


@transaction.atomic
def mediation_register(*, actor: Any, unit: OrgUnit, started_by: str, initiator: str, offence: str,
                       offence_class: str, received_on: dt.date | None, offender: Person | None = None,
                       offender_data: OffenderData | None = None, responsible_officer: User | None = None,
                       process_director: str = "", criminal_case_number: str = "",
                       offence_date: dt.date | None = None, intentional: bool = True) -> Mediation:
    """Register a mediation. The offender is a registered person (``offender``, e.g. the client of a case
    file) or a person without a case file (``offender_data``). A client's mediation gets a section of kind
    ``mediation`` on their case file; the "contact the parties" task follows."""
    if (offender is None) == (offender_data is None):
        raise TypeError("mediation_register: give the offender or the offender's data")
    if unit is None or unit.kind != OrgUnit.Kind.UNIT:
        raise ValidationFailed("unit_kind", _("Choose a territorial unit."), field="unit")
    if started_by not in Mediation.StartedBy.values:
        raise ValidationFailed("started_by_invalid", _("Choose who started the mediation."), field="started_by")
    if offence_class not in Mediation.OffenceClass.values:
        raise ValidationFailed("offence_class_invalid", _("Choose the class of the offence."), field="offence_class")
    initiator = _required(initiator, "initiator_required", _("Enter who asked for the mediation."), "initiator")
    offence = _required(offence, "offence_required", _("Describe the offence."), "offence")
    if received_on is None:
        raise ValidationFailed("received_on_required", _("Enter the date the request was received."),
                               field="received_on")
    _not_future(received_on, "received_on")
    _not_future(offence_date, "offence_date")
    if offence_date and received_on < offence_date:
        raise ValidationFailed("received_before_offence", _("The request cannot be received before the offence."),
                               field="received_on")
    _check_officer(responsible_officer, unit)
    if offender is None:
        assert offender_data is not None
        offender = _offender_from(actor, offender_data)
    if received_on < offender.birth_date:
        raise ValidationFailed("received_before_birth", _("The request cannot be received before the offender's "
                                                          "birth."), field="received_on")
    if offence_date and offence_date < offender.birth_date:
        raise ValidationFailed("offence_before_birth", _("The offence cannot be before the offender's birth."),
                               field="offence_date")
    minor = is_minor(offender.birth_date, offence_date or received_on)
    if started_by in (Mediation.StartedBy.JUDGE, Mediation.StartedBy.MINOR_NOTIFICATION) and not minor:
        raise ValidationFailed("started_by_needs_minor",
                               _("A judge's proposal or the minor-offender notification applies only when the "
                                 "offender was a minor at the offence."), field="started_by")
    case = Case.objects.filter(person=offender, status=Case.Status.OPEN).first()
    section = None
    if case is not None:  # a mediation section opened on the client file without its mediation is reused
        section = Section.objects.filter(case=case, kind=KIND, state__in=Section.OPEN_STATES,
                                         mediation__isnull=True).first()
    if case is not None and section is None:
        section = case_services.section_open(
            actor=actor, case=case, kind=KIND, basis_type=BasisType.MEDIATION_REQUEST,
            basis_number=criminal_case_number.strip() or "—", basis_date=received_on, basis_issuer=initiator,
            registered_on=received_on, responsible_officer=responsible_officer)
    year = received_on.year
    number = f"IZL-{year}-{next_value(f'mediation-{year}'):05d}"
    mediation = Mediation.objects.create(
        number=number, unit=unit, responsible_officer=responsible_officer, offender=offender, section=section,
        started_by=started_by, initiator=initiator, process_director=process_director.strip(),
        criminal_case_number=criminal_case_number.strip(), offence=offence, offence_date=offence_date,
        offence_class=offence_class, intentional=intentional, received_on=received_on, created_by=_user(actor))
    audit.record(actor=actor, verb="mediation_register", instance=mediation, action="create",
                 after=audit.snapshot(mediation))
    _emit("mediation_registered", mediation, actor)
    due = calendar.add_working_days(received_on, int(policies.value("mediation.contact_parties_working_days")))
    mediation.contact_task = _task(actor=actor, mediation=mediation, kind=TASK_CONTACT,
                                   title=_("Mediation: contact the parties"), due=due)
    mediation.save(update_fields=["contact_task"])
    return mediation


def _mediation_for_update(mediation: Mediation, expected_version: int | None) -> Mediation:
    fresh = lock(mediation, expected_version)
    return Mediation.objects.select_related("offender", "section", "section__case", "mediator", "unit",
                                            "responsible_officer").get(pk=fresh.pk)


def _save(mediation: Mediation, actor: Any, verb: str, before: dict[str, Any]) -> Mediation:
    bump(mediation)
    mediation.save()
    audit.record(actor=actor, verb=verb, instance=mediation, before=before, after=audit.snapshot(mediation))
    return mediation


@transaction.atomic
def mediation_assign(*, actor: Any, mediation: Mediation, mediator: Mediator | None, expected_version: int | None,
                     on: dt.date | None = None) -> Mediation:
    """A coordinator assigns a mediator whose certificate is in force and who takes new mediations."""
    mediation = _mediation_for_update(mediation, expected_version)
    _open(mediation)
    if mediator is None:
        raise ValidationFailed("mediator_required", _("Choose the mediator."), field="mediator")
    on = on or timezone.localdate()
    if not mediator.certified_on(on):
        raise ValidationFailed("mediator_not_certified",
                               _("%(name)s has no certificate in force: a mediator with an expired certificate "
                                 "cannot be assigned.") % {"name": mediator.full_name}, field="mediator")
    if not mediator.available and mediator.pk != mediation.mediator_id:
        raise ValidationFailed("mediator_unavailable", _("%(name)s takes no new mediations at present.")
                               % {"name": mediator.full_name}, field="mediator")
    before = audit.snapshot(mediation)
    mediation.mediator = mediator
    mediation.assigned_on = on
    _save(mediation, actor, "mediation_assign", before)
    _emit("mediation_mediator_assigned", mediation, actor)
    return mediation


def _gate_check(mediation: Mediation) -> None:
    if mediation.status == Mediation.Status.REGISTERED and mediation.gate_passed and mediation.victims.exists() \
            and not mediation.victims.filter(consent_on__isnull=True).exists():
        mediation.status = Mediation.Status.IN_PROGRESS


@transaction.atomic
def mediation_record_gate(*, actor: Any, mediation: Mediation, expected_version: int | None,
                          admission_on: dt.date | None, offender_consent_on: dt.date | None) -> Mediation:
    """The offender's admission of the offence and facts, and the offender's written voluntary consent
    (MK 347 p.3)."""
    mediation = _mediation_for_update(mediation, expected_version)
    _open(mediation)
    for field, day in (("admission_on", admission_on), ("offender_consent_on", offender_consent_on)):
        _not_future(day, field)
        if day is not None and day < mediation.received_on:
            raise ValidationFailed(f"{field}_before_received",
                                   _("The date cannot be before the mediation was received (%(day)s).")
                                   % {"day": mediation.received_on.strftime("%d.%m.%Y")}, field=field)
    if offender_consent_on is not None and admission_on is None:
        raise ValidationFailed("admission_required", _("Record the admission of the offence first."),
                               field="admission_on")
    if mediation.status != Mediation.Status.REGISTERED and (admission_on is None or offender_consent_on is None):
        raise ValidationFailed("gate_already_passed", _("Meetings have started: the consent cannot be removed."),
                               field="offender_consent_on")
    before = audit.snapshot(mediation)
    mediation.admission_on = admission_on
    mediation.offender_consent_on = offender_consent_on
    was = mediation.status
    _gate_check(mediation)
    _save(mediation, actor, "mediation_record_gate", before)
    if was != mediation.status:
        _emit("mediation_gate_passed", mediation, actor)
    return mediation


def _check_victim(mediation: Mediation, data: dict[str, Any]) -> dict[str, Any]:
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    _required(data.get("last_name"), "last_name_required", _("Enter the victim's last name or organisation."),
              "last_name")
    birth = data.get("birth_date")
    if birth is not None:
        _not_future(birth, "birth_date")
        if birth.year < 1900:
            raise ValidationFailed("birth_date_implausible", _("Enter a real date of birth."), field="birth_date")
    data["personal_code"] = _check_personal_code(data.get("personal_code") or "", birth, "personal_code")
    if data.get("email"):
        try:
            validate_email(data["email"])
        except DjangoValidationError:
            raise ValidationFailed("email_invalid", _("Enter a valid e-mail address."), field="email") from None
    if data.get("language", "lv") not in LETTER_LANGUAGES:
        raise ValidationFailed("language_invalid", _("Choose the language of letters."), field="language")
    consent = data.get("consent_on")
    if consent is not None:
        _not_future(consent, "consent_on")
        if consent < mediation.received_on:
            raise ValidationFailed("consent_on_before_received",
                                   _("The date cannot be before the mediation was received (%(day)s).")
                                   % {"day": mediation.received_on.strftime("%d.%m.%Y")}, field="consent_on")
        if is_minor(birth, consent) and not data.get("representative_name"):
            raise ValidationFailed("representative_required",
                                   _("The victim is a minor: enter the legal representative who gives the consent."),
                                   field="representative_name")
    return data


VICTIM_FIELDS = ("first_name", "last_name", "personal_code", "birth_date", "phone", "email", "address", "language",
                 "representative_name", "representative_contact", "statement", "consent_on")


@transaction.atomic
def victim_add(*, actor: Any, mediation: Mediation, **data: Any) -> Victim:
    unknown = set(data) - set(VICTIM_FIELDS)
    if unknown:
        raise TypeError(f"victim_add: unknown fields {sorted(unknown)}")
    mediation = Mediation.objects.select_for_update().get(pk=mediation.pk)
    _open(mediation)
    if mediation.status != Mediation.Status.REGISTERED:
        raise ValidationFailed("victims_fixed", _("Meetings have started: victims can no longer be added."),
                               field="last_name")
    data = _check_victim(mediation, data)
    victim = Victim.objects.create(mediation=mediation, **{k: v for k, v in data.items() if v is not None or
                                                           k in ("birth_date", "consent_on")})
    audit.record(actor=actor, verb="victim_add", instance=victim, action="create", after={"mediation": mediation.pk})
    return victim


@transaction.atomic
def victim_update(*, actor: Any, victim: Victim, expected_version: int | None, **data: Any) -> Victim:
    """Change a victim's data or record their (or their representative's) written consent. The change log
    names the fields changed, never their values (victim data)."""
    unknown = set(data) - set(VICTIM_FIELDS)
    if unknown:
        raise TypeError(f"victim_update: unknown fields {sorted(unknown)}")
    victim = lock(victim, expected_version)
    mediation = Mediation.objects.select_for_update().get(pk=victim.mediation_id)
    _open(mediation)
    current = {k: getattr(victim, k) for k in VICTIM_FIELDS}
    merged = _check_victim(mediation, {**current, **data})
    if mediation.status != Mediation.Status.REGISTERED and merged.get("consent_on") is None:
        raise ValidationFailed("gate_already_passed", _("Meetings have started: the consent cannot be removed."),
                               field="consent_on")
    changed = sorted(k for k in VICTIM_FIELDS if merged.get(k) != current.get(k))
    for key in changed:
        setattr(victim, key, merged[key])
    bump(victim)
    victim.save()
    audit.record(actor=actor, verb="victim_update", instance=victim, before={"fields": []},
                 after={"fields": changed})
    before = audit.snapshot(mediation)
    was = mediation.status
    _gate_check(mediation)
    if was != mediation.status:
        mediation.save()
        audit.record(actor=actor, verb="mediation_gate_passed", instance=mediation, before=before,
                     after=audit.snapshot(mediation))
        mediation = Mediation.objects.select_related("section", "section__case").get(pk=mediation.pk)
        _emit("mediation_gate_passed", mediation, actor)
    return victim


# --- Meetings ----------------------------------------------------------------------------------------


def gate_missing(mediation: Mediation) -> list[str]:
    """What is still missing before a meeting may be planned (empty when the gate is passed)."""
    missing = []
    if mediation.admission_on is None:
        missing.append(_("the offender's admission of the offence and the facts"))
    if mediation.offender_consent_on is None:
        missing.append(_("the offender's written consent"))
    victims = list(mediation.victims.all())
    if not victims:
        missing.append(_("at least one victim"))
    elif any(v.consent_on is None for v in victims):
        missing.append(_("the written consent of every victim"))
    return missing


@transaction.atomic
def meeting_plan(*, actor: Any, mediation: Mediation, kind: str, format: str, starts_at: dt.datetime | None,
                 place: str, note: str = "") -> Meeting:
    """Plan a meeting: refused before the gate (admission and both parties' consent)."""
    mediation = Mediation.objects.select_for_update(of=("self",)).select_related("offender", "section", "section__case").get(
        pk=mediation.pk)
    _open(mediation)
    if mediation.status == Mediation.Status.SETTLED:
        raise ValidationFailed("already_settled", _("The settlement is signed: no more meetings."), field="kind")
    missing = gate_missing(mediation)
    if missing:
        raise ValidationFailed("consent_missing",
                               _("A meeting can be planned only after the admission and both parties' written "
                                 "consent. Missing: %(missing)s.") % {"missing": "; ".join(missing)},
                               field="starts_at", missing=missing)
    if kind not in Meeting.Kind.values:
        raise ValidationFailed("kind_invalid", _("Choose the kind of meeting."), field="kind")
    if format not in Meeting.Format.values:
        raise ValidationFailed("format_invalid", _("Choose in person or online."), field="format")
    if kind == Meeting.Kind.JUVENILE_CONFERENCE and not offender_is_minor(mediation):
        raise ValidationFailed("conference_needs_minor",
                               _("A juvenile conference is held only when the offender was a minor."), field="kind")
    if starts_at is None:
        raise ValidationFailed("starts_at_required", _("Enter the date and time of the meeting."), field="starts_at")
    if timezone.is_naive(starts_at):  # a time without a zone is local (Europe/Riga)
        starts_at = timezone.make_aware(starts_at)
    if timezone.localdate(starts_at) < mediation.received_on:
        raise ValidationFailed("starts_before_received", _("The meeting cannot be before the mediation was received."),
                               field="starts_at")
    if starts_at > timezone.now() + dt.timedelta(days=366):
        raise ValidationFailed("starts_too_far", _("Plan the meeting within a year."), field="starts_at")
    place = _required(place, "place_required", _("Enter the place, or the link of an online meeting."), "place")
    meeting = Meeting.objects.create(mediation=mediation, kind=kind, format=format, starts_at=starts_at, place=place,
                                     note=(note or "").strip(), created_by=_user(actor))
    audit.record(actor=actor, verb="meeting_plan", instance=meeting, action="create", after=audit.snapshot(meeting))
    _emit("mediation_meeting_planned", mediation, actor, day=timezone.localtime(starts_at).strftime("%d.%m.%Y"))
    return meeting


@transaction.atomic
def meeting_record(*, actor: Any, meeting: Meeting, status: str, expected_version: int | None,
                   note: str = "") -> Meeting:
    """Mark a planned meeting held (not before it starts) or cancelled."""
    meeting = lock(meeting, expected_version)
    _open(meeting.mediation)
    if meeting.status != Meeting.Status.PLANNED:
        raise Conflict("meeting_recorded", _("This meeting is already recorded."), field="status")
    if status not in (Meeting.Status.HELD, Meeting.Status.CANCELLED):
        raise ValidationFailed("status_invalid", _("Choose held or cancelled."), field="status")
    if status == Meeting.Status.HELD and meeting.starts_at > timezone.now():
        raise ValidationFailed("meeting_not_yet", _("The meeting has not taken place yet."), field="status")
    before = audit.snapshot(meeting)
    meeting.status = status
    if note:
        meeting.note = note.strip()[:500]
    bump(meeting)
    meeting.save()
    audit.record(actor=actor, verb="meeting_record", instance=meeting, before=before, after=audit.snapshot(meeting))
    return meeting


# --- The outcome ---------------------------------------------------------------------------------------


def prior_settlements(mediation: Mediation, today: dt.date | None = None) -> list[Mediation]:
    """KL 58(2): the offender's settlements for an intentional offence signed within the policy's months
    (other mediations): releasing the person again on a settlement is then not possible."""
    today = today or timezone.localdate()
    months = int(policies.value("mediation.prior_settlement_months"))
    since = _months_before(today, months)
    return list(Mediation.objects.filter(offender_id=mediation.offender_id, intentional=True,
                                         settlement__signed_on__gte=since)
                .exclude(pk=mediation.pk).select_related("settlement").order_by("-settlement__signed_on"))


def _months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    import calendar as cal

    return dt.date(year, month + 1, min(day.day, cal.monthrange(year, month + 1)[1]))


def _months_after(day: dt.date, months: int) -> dt.date:
    return _months_before(day, -months)


@dataclass(frozen=True)
class NewTerm:
    description: str
    due_date: dt.date | None


def _ids(*task_ids: int | None) -> list[int]:
    return [pk for pk in task_ids if pk]


def _report_task(actor: Any, mediation: Mediation, ended: dt.date) -> None:
    due = calendar.add_working_days(ended, int(policies.value("mediation.report_result_working_days")))
    mediation.report_task = _task(actor=actor, mediation=mediation, kind=TASK_REPORT,
                                  title=_("Mediation: report the result to the process director"), due=due)


def _held_meeting_before(mediation: Mediation, day: dt.date) -> bool:
    return any(timezone.localdate(m.starts_at) <= day for m in mediation.meetings.filter(status=Meeting.Status.HELD))


@transaction.atomic
def mediation_settle(*, actor: Any, mediation: Mediation, expected_version: int | None, signed_on: dt.date | None,
                     certified_by: str, voluntary: bool, consequences_understood: bool,
                     terms: Sequence[NewTerm]) -> Settlement:
    """Record the signed settlement and its terms; each term's fulfilment is followed up by a task."""
    mediation = _mediation_for_update(mediation, expected_version)
    _open(mediation)
    if mediation.status != Mediation.Status.IN_PROGRESS:
        raise ValidationFailed("not_in_progress", _("A settlement needs the consents and a joint meeting first."),
                               field="signed_on")
    if signed_on is None:
        raise ValidationFailed("signed_on_required", _("Enter the date the settlement was signed."), field="signed_on")
    _not_future(signed_on, "signed_on")
    if not _held_meeting_before(mediation, signed_on):
        raise ValidationFailed("no_meeting_held", _("Record the meeting at which the parties settled first."),
                               field="signed_on")
    if certified_by not in Settlement.CertifiedBy.values:
        raise ValidationFailed("certified_by_invalid", _("Choose who certified the signatures."), field="certified_by")
    if not voluntary:
        raise ValidationFailed("voluntary_required", _("The settlement must record that the parties settle "
                                                       "voluntarily."), field="voluntary")
    if not consequences_understood:
        raise ValidationFailed("consequences_required", _("The settlement must record that the parties understand "
                                                          "its consequences."), field="consequences_understood")
    cleaned = [t for t in terms if (t.description or "").strip() or t.due_date]
    if not cleaned:
        raise ValidationFailed("terms_required", _("Enter at least one term of the settlement."), field="terms")
    latest = _months_after(signed_on, int(policies.value("mediation.max_term_months")))
    for index, term in enumerate(cleaned):
        if not (term.description or "").strip():
            raise ValidationFailed("term_description_required", _("Describe term %(n)s.") % {"n": index + 1},
                                   field="terms", index=index)
        if term.due_date is None:
            raise ValidationFailed("term_due_required", _("Enter the deadline of term %(n)s.") % {"n": index + 1},
                                   field="terms", index=index)
        if term.due_date < signed_on:
            raise ValidationFailed("term_due_before_signed",
                                   _("The deadline of term %(n)s is before the settlement was signed.")
                                   % {"n": index + 1}, field="terms", index=index)
        if term.due_date > latest:
            raise ValidationFailed("term_due_too_late", _("The deadline of term %(n)s is later than %(day)s.")
                                   % {"n": index + 1, "day": latest.strftime("%d.%m.%Y")}, field="terms", index=index)
    settlement = Settlement.objects.create(mediation=mediation, signed_on=signed_on, certified_by=certified_by,
                                           voluntary=True, consequences_understood=True, created_by=_user(actor))
    check_days = int(policies.value("mediation.term_check_working_days"))
    for index, term in enumerate(cleaned):
        assert term.due_date is not None
        task = _task(actor=actor, mediation=mediation, kind=TASK_TERM,
                     title=_("Mediation: check that a term of the settlement was fulfilled"),
                     due=calendar.add_working_days(term.due_date, check_days),
                     description=_("Mediation %(number)s, term %(n)s") % {"number": mediation.number, "n": index + 1})
        Term.objects.create(settlement=settlement, description=term.description.strip()[:300],
                            due_date=term.due_date, task=task)
    before = audit.snapshot(mediation)
    mediation.status = Mediation.Status.SETTLED
    mediation.ended_on = signed_on
    _report_task(actor, mediation, signed_on)
    _save(mediation, actor, "mediation_settle", before)
    audit.record(actor=actor, verb="mediation_settle", instance=settlement, action="create",
                 after=audit.snapshot(settlement))
    task_services.tasks_complete_open(actor=actor, kinds=[TASK_CONTACT], outcome=_("Mediation ended"),
                                      ids=_ids(mediation.contact_task_id))
    _emit("mediation_settled", mediation, actor, terms=len(cleaned))
    return settlement


@transaction.atomic
def mediation_end_without_settlement(*, actor: Any, mediation: Mediation, expected_version: int | None,
                                     reason: str, ended_on: dt.date | None, note: str = "") -> Mediation:
    mediation = _mediation_for_update(mediation, expected_version)
    _open(mediation)
    if mediation.status == Mediation.Status.SETTLED:
        raise ValidationFailed("already_settled", _("The settlement is signed: record the fulfilment of its terms."),
                               field="reason")
    if reason not in Mediation.NoSettlementReason.values:
        raise ValidationFailed("reason_invalid", _("Choose the reason there is no settlement."), field="reason")
    if reason == Mediation.NoSettlementReason.OTHER and not (note or "").strip():
        raise ValidationFailed("note_required", _("Describe the other reason."), field="note")
    if ended_on is None:
        raise ValidationFailed("ended_on_required", _("Enter the date the mediation ended."), field="ended_on")
    _not_future(ended_on, "ended_on")
    if ended_on < mediation.received_on:
        raise ValidationFailed("ended_before_received", _("The mediation cannot end before it was received."),
                               field="ended_on")
    before = audit.snapshot(mediation)
    mediation.status = Mediation.Status.NOT_SETTLED
    mediation.no_settlement_reason = reason
    mediation.outcome_note = (note or "").strip()[:500]
    mediation.ended_on = ended_on
    mediation.meetings.filter(status=Meeting.Status.PLANNED).update(status=Meeting.Status.CANCELLED)
    _report_task(actor, mediation, ended_on)
    _save(mediation, actor, "mediation_end_without_settlement", before)
    task_services.tasks_complete_open(actor=actor, kinds=[TASK_CONTACT], outcome=_("Mediation ended"),
                                      ids=_ids(mediation.contact_task_id))
    _emit("mediation_not_settled", mediation, actor, reason=reason)
    _close_section(actor, mediation, ended_on, "other")
    return mediation


def _close_section(actor: Any, mediation: Mediation, day: dt.date, reason: str) -> None:
    section = mediation.section
    if section is not None and section.is_open:
        case_services.section_close(actor=actor, section=section, reason=reason,
                                    closed_on=max(day, section.registered_on), expected_version=None)


@transaction.atomic
def term_record(*, actor: Any, term: Term, status: str, resolved_on: dt.date | None, expected_version: int | None,
                note: str = "") -> Term:
    """Record whether a term was fulfilled; the term's follow-up task is done with it. When no term is left
    pending, the mediation closes (and its section on the client file)."""
    term = lock(term, expected_version)
    settlement = Settlement.objects.select_related("mediation").get(pk=term.settlement_id)
    mediation = Mediation.objects.select_for_update(of=("self",)).select_related("section", "section__case").get(
        pk=settlement.mediation_id)
    if mediation.status != Mediation.Status.SETTLED:
        raise ValidationFailed("mediation_closed", _("This mediation has ended."), field="status")
    if term.status != Term.Status.PENDING:
        raise Conflict("term_recorded", _("This term is already recorded."), field="status")
    if status not in (Term.Status.FULFILLED, Term.Status.NOT_FULFILLED):
        raise ValidationFailed("status_invalid", _("Choose fulfilled or not fulfilled."), field="status")
    if resolved_on is None:
        raise ValidationFailed("resolved_on_required", _("Enter the date."), field="resolved_on")
    _not_future(resolved_on, "resolved_on")
    if resolved_on < settlement.signed_on:
        raise ValidationFailed("resolved_before_signed", _("The date cannot be before the settlement was signed."),
                               field="resolved_on")
    if status == Term.Status.NOT_FULFILLED and resolved_on < term.due_date:
        raise ValidationFailed("not_fulfilled_before_due",
                               _("A term can be recorded as not fulfilled only after its deadline (%(day)s).")
                               % {"day": term.due_date.strftime("%d.%m.%Y")}, field="status")
    before = audit.snapshot(term)
    term.status = status
    term.resolved_on = resolved_on
    term.note = (note or "").strip()[:300]
    bump(term)
    term.save()
    audit.record(actor=actor, verb="term_record", instance=term, before=before, after=audit.snapshot(term))
    if term.task_id:
        task_services.tasks_complete_open(actor=actor, kinds=[TASK_TERM], outcome=str(term.get_status_display()),
                                          ids=[term.task_id])
    if not Term.objects.filter(settlement=settlement, status=Term.Status.PENDING).exists():
        before_m = audit.snapshot(mediation)
        mediation.status = Mediation.Status.CLOSED
        _save(mediation, actor, "mediation_close", before_m)
        _emit("mediation_closed", mediation, actor)
        _close_section(actor, mediation, resolved_on, "completed")
    return term


@transaction.atomic
def mediation_mark_reported(*, actor: Any, mediation: Mediation, on: dt.date | None = None) -> Mediation:
    """The result letter went to the process director: the report task is done."""
    mediation = Mediation.objects.select_for_update(of=("self",)).select_related("section", "section__case").get(pk=mediation.pk)
    if mediation.ended_on is None:
        raise ValidationFailed("not_ended", _("The mediation has no result yet."), field="code")
    before = audit.snapshot(mediation)
    mediation.reported_on = on or timezone.localdate()
    _save(mediation, actor, "mediation_reported", before)
    if mediation.report_task_id:
        task_services.tasks_complete_open(actor=actor, kinds=[TASK_REPORT], outcome=_("Result letter made"),
                                          ids=[mediation.report_task_id])
    _emit("mediation_reported", mediation, actor)
    return mediation
