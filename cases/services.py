"""State changes for case files and sections. Keyword-only, the actor named, one transaction,
change log + timeline event; side effects after commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from accounts.roles import CASE_OPEN, CASE_TRANSFER
from cases import selectors, timeline
from cases.kinds import CLOSING_REASONS, SECTION_KINDS, BasisType
from cases.models import Case, CaseNote, CoverPeriod, Section
from cases.policies import REGISTRATION_NUMBER_FORMAT
from core import audit, policies
from core.access import unit_ids_for
from core.concurrency import bump, lock
from core.errors import Conflict, DomainError, ValidationFailed
from core.sensitivity import Sensitivity, can_see
from core.sequences import next_value
from core.text import fold
from people import services as people_services
from people.models import Person
from people.selectors import person_by_code

# The longest cover period a unit head sets at once (a longer absence: allocate the cases instead).
COVER_MAX_DAYS = 92


def unit_for_person(person: Person) -> OrgUnit | None:
    """The unit covering the declared residence, otherwise the actual residence (MK 107, MK 119)."""
    for code in (person.declared_municipality, person.actual_municipality):
        if not code:
            continue
        for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, active=True).only("id", "municipalities"):
            if code in (unit.municipalities or []):
                return unit
    return None


def _registration_number(opened_on: dt.date) -> str:
    fmt = policies.value(REGISTRATION_NUMBER_FORMAT.key)
    seq = next_value(f"case:{opened_on.year}")
    return str(fmt).format(year=opened_on.year, seq=seq)


def _check_officer(officer: User | None, field: str = "responsible_officer") -> None:
    if officer is not None and (not officer.is_active or officer.is_service_account):
        raise ValidationFailed("officer_inactive", _("Choose an active officer."), field=field)


def _not_future(day: dt.date | None, field: str, what: str) -> None:
    if day and day > timezone.localdate():
        raise ValidationFailed(f"{field}_future", _("%(what)s cannot be in the future.") % {"what": what},
                               field=field)


def _case_unit(person: Person, chosen: OrgUnit | None, fallback: OrgUnit | None = None) -> OrgUnit:
    """The unit a new case file goes to: the chosen one, else the one covering the client's residence,
    else ``fallback``; it must be an active territorial unit."""
    unit = chosen or unit_for_person(person) or fallback
    if unit is None:
        raise ValidationFailed(
            "unit_required",
            _("No unit covers the client's residence: choose the responsible unit."), field="responsible_unit",
        )
    if unit.kind != OrgUnit.Kind.UNIT or not unit.active:
        raise ValidationFailed("unit_kind", _("Choose an active territorial unit."), field="responsible_unit")
    return unit


def _case_exists(case: Case) -> Conflict:
    return Conflict(
        "case_exists",
        _("This client already has case file %(number)s. Add a section to it instead.")
        % {"number": case.registration_number},
        field="person", case_id=case.pk, registration_number=case.registration_number,
    )


@transaction.atomic
def case_open(*, actor: Any, person: Person, responsible_unit: OrgUnit | None = None,
              responsible_officer: User | None = None, opened_on: dt.date | None = None) -> Case:
    """Open the client's case file. A second case for the same client is refused.

    The primitive under :func:`client_register`, which is what pages, the API and the inbox call: it
    adds the rules about who may register whom (the person's identity, the actor's units)."""
    existing = Case.objects.filter(person=person).first()
    if existing is not None:
        raise _case_exists(existing)
    opened_on = opened_on or timezone.localdate()
    _not_future(opened_on, "opened_on", _("The opening date"))
    if person.birth_date and opened_on < person.birth_date:
        raise ValidationFailed("opened_on_before_birth",
                               _("The case file cannot be opened before the client was born."), field="opened_on")
    unit = _case_unit(person, responsible_unit)
    _check_officer(responsible_officer)
    case = Case(
        person=person, responsible_unit=unit, responsible_officer=responsible_officer,
        opened_on=opened_on, opened_by=actor if getattr(actor, "pk", None) else None,
        registration_number=_registration_number(opened_on),
        search_name=person.search_name, search_name_reversed=person.search_name_reversed,
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        existing = Case.objects.filter(person=person).first()
        raise Conflict("case_exists", _("This client already has a case file."), field="person",
                       case_id=getattr(existing, "pk", None)) from None
    audit.record(actor=actor, verb="case_open", instance=case, action="create", after=audit.snapshot(case))
    timeline.emit("case_opened", case=case, actor=actor, registration_number=case.registration_number,
                  unit=unit.name)
    return case


# --- Registering a client -----------------------------------------------------------------------

# What a registration may say about a new person (``people.services.person_create``).
PERSON_FIELDS = frozenset({"personal_code", *people_services.EDITABLE_FIELDS})


@dataclass(frozen=True)
class Registration:
    """The outcome of :func:`client_register`."""

    person: Person
    case: Case
    person_created: bool  # False: the person was already registered (their stored data is kept)
    case_opened: bool  # False: the client's existing case file (only with ``reuse_case=True``)


def _same(typed: str, stored: str) -> bool:
    return fold(typed) == fold(stored)


def _registered_person(actor: Any, data: dict[str, Any]) -> Person | None:
    """The person already registered with the typed personal code, if the typed names and date of
    birth are theirs (compared folded: "Berzins" is "Bērziņš"); otherwise a refusal naming the field
    that differs. The stored name is told only to a user who may see that person."""
    code = data.get("personal_code")
    if not code:
        return None
    person = person_by_code(code)
    if person is None:
        return None
    visible = selectors.persons_visible_to(actor).filter(pk=person.pk).exists()
    shown = {"person_id": person.pk} if visible else {}
    for field in ("last_name", "first_name"):
        if not _same(data.get(field) or "", getattr(person, field)):
            message = (_("A person with this personal code is registered as %(name)s. Correct the code or the "
                         "name, or choose the registered person.") % {"name": person.full_name} if visible else
                       _("A person with this personal code is registered under another name. Check the code "
                         "and the name."))
            raise Conflict("person_exists_other_names", message, field=field, **shown)
    birth = data.get("birth_date")
    if birth and birth != person.birth_date:
        message = (_("A person with this personal code is registered with the date of birth %(date)s. Correct "
                     "the code or the date, or choose the registered person.")
                   % {"date": person.birth_date.strftime("%d.%m.%Y")} if visible else
                   _("A person with this personal code is registered with another date of birth. Check the code "
                     "and the date."))
        raise Conflict("person_exists_other_birth_date", message, field="birth_date", **shown)
    return person


def _check_unit_scope(actor: Any, unit: OrgUnit) -> None:
    """The actor opens case files only in the units of their ``case.open`` grants (national: anywhere)."""
    allowed = unit_ids_for(actor, CASE_OPEN)
    if allowed is not None and unit.pk not in allowed:
        raise ValidationFailed(
            "unit_out_of_scope",
            _("The case file would be in %(unit)s: you may open case files only in your own units.")
            % {"unit": unit.name}, field="responsible_unit", unit_id=unit.pk,
        )


@transaction.atomic
def client_register(*, actor: Any, person: Person | None = None, responsible_unit: OrgUnit | None = None,
                    responsible_officer: User | None = None, default_officer: User | None = None,
                    fallback_unit: OrgUnit | None = None, opened_on: dt.date | None = None,
                    reuse_case: bool = False, **person_data: Any) -> Registration:
    """Register a client: the person (``person``, or a new one from ``person_data``, the fields of
    ``people.services.person_create``) and their case file, in one transaction. The one way pages,
    the API and the inbox register clients, with the same rules:

    * a personal code already registered is never silently reused: if the typed names and date of birth
      are the registered person's, that person is registered (their stored data is kept); otherwise
      ``person_exists_other_names`` (on ``last_name`` / ``first_name``) or
      ``person_exists_other_birth_date`` (on ``birth_date``);
    * one case file per client: 409 ``case_exists`` with ``case_id`` (``reuse_case=True``, the inbox
      adding a section: the existing case file is returned instead);
    * the case file goes to ``responsible_unit``, else the unit covering the residence, else
      ``fallback_unit``; the actor may open case files only in the units of their ``case.open``
      grants (``unit_out_of_scope`` on ``responsible_unit``);
    * the responsible officer works in that unit (``officer_other_unit``); without one,
      ``default_officer`` becomes the officer when they work there;
    * ``opened_on`` neither in the future nor before the client's birth; a new person's data as
      ``person_create`` checks it (date of birth neither in the future nor before 1900, …).
    """
    unknown = set(person_data) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"client_register: unknown person fields {sorted(unknown)}")
    if person is not None and person_data:
        raise TypeError("client_register: give the person or the data of a new person, not both")
    created = False
    if person is None:
        person = _registered_person(actor, person_data)
        if person is None:
            person = people_services.person_create(actor=actor, **person_data)
            created = True
    existing = Case.objects.filter(person=person).select_related("responsible_unit").first()
    if existing is not None:
        if reuse_case:
            return Registration(person=person, case=existing, person_created=False, case_opened=False)
        raise _case_exists(existing)
    unit = _case_unit(person, responsible_unit, fallback_unit)
    _check_unit_scope(actor, unit)
    officer = responsible_officer
    if officer is None and default_officer is not None and default_officer.home_unit_id == unit.pk:
        officer = default_officer
    if officer is not None and officer.home_unit_id != unit.pk:
        raise ValidationFailed("officer_other_unit",
                               _("The case file will be in %(unit)s: choose an officer of that unit.")
                               % {"unit": unit.name}, field="responsible_officer")
    case = case_open(actor=actor, person=person, responsible_unit=unit, responsible_officer=officer,
                     opened_on=opened_on)
    return Registration(person=person, case=case, person_created=created, case_opened=True)


@transaction.atomic
def case_transfer(*, actor: Any, case: Case, to_unit: OrgUnit, reason: str, expected_version: int | None,
                  to_officer: User | None = None) -> Case:
    """Move a case to another unit. The registration number is kept."""
    case = lock(case, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason_required", _("Give the reason for the transfer."), field="reason")
    if to_unit.kind != OrgUnit.Kind.UNIT or not to_unit.active:
        raise ValidationFailed("unit_kind", _("Choose an active territorial unit."), field="to_unit")
    if to_unit.pk == case.responsible_unit_id:
        raise ValidationFailed("same_unit", _("The case is already in this unit."), field="to_unit")
    _check_officer(to_officer, "to_officer")
    before = audit.snapshot(case)
    from_unit = case.responsible_unit
    case.responsible_unit = to_unit
    case.responsible_officer = to_officer
    bump(case)
    case.save()
    audit.record(actor=actor, verb="case_transfer", instance=case, before=before, after=audit.snapshot(case))
    timeline.emit("case_transferred", case=case, actor=actor, from_unit=from_unit.name, to_unit=to_unit.name,
                  reason=reason)
    return case


@transaction.atomic
def case_assign_officer(*, actor: Any, case: Case, officer: User | None, expected_version: int | None) -> Case:
    case = lock(case, expected_version)
    _check_officer(officer, "officer")
    if officer is not None and officer.home_unit_id != case.responsible_unit_id:
        raise ValidationFailed("officer_other_unit", _("The officer works in another unit; transfer the case first."),
                               field="officer")
    before = audit.snapshot(case)
    previous = case.responsible_officer
    case.responsible_officer = officer
    bump(case)
    case.save()
    audit.record(actor=actor, verb="case_assign_officer", instance=case, before=before, after=audit.snapshot(case))
    timeline.emit("officer_assigned", case=case, actor=actor,
                  from_officer=str(previous) if previous else "—", to_officer=str(officer) if officer else "—")
    return case


def _refuse_same_basis(*, case: Case, kind: str, basis_type: str, basis_number: str, basis_date: dt.date) -> None:
    """The same document (type, number and date) cannot open a second section of the same function: the
    error links to the first (the case row is locked by the caller's transaction, so two requests at
    once cannot both pass)."""
    Case.objects.select_for_update().filter(pk=case.pk).first()
    number = " ".join(basis_number.split())
    first = (Section.objects.filter(case=case, kind=kind, basis_type=basis_type, basis_date=basis_date,
                                    basis_number__iexact=number).order_by("pk").first())
    if first is None:
        return
    raise Conflict("section_duplicate",
                   _("This document (%(number)s of %(date)s) already opened a section of this function on "
                     "%(opened)s; a second one is not opened.")
                   % {"number": number, "date": f"{basis_date:%d.%m.%Y}", "opened": f"{first.registered_on:%d.%m.%Y}"},
                   field="basis_number", section_id=first.pk, url=first.get_absolute_url(),
                   link_text=_("Open the first section"))


@transaction.atomic
def section_open(*, actor: Any, case: Case, kind: str, basis_type: str, basis_number: str, basis_date: dt.date,
                 basis_issuer: str, basis_in_force: dt.date | None = None, responsible_officer: User | None = None,
                 registered_on: dt.date | None = None, start_date: dt.date | None = None,
                 planned_end_date: dt.date | None = None) -> Section:
    if kind not in SECTION_KINDS:
        raise ValidationFailed("kind_unknown", _("Choose the probation function."), field="kind")
    if basis_type not in dict(BasisType.CHOICES):
        raise ValidationFailed("basis_type_unknown", _("Choose the type of the basis document."), field="basis_type")
    if not (basis_number or "").strip():
        raise ValidationFailed("basis_number_required", _("Enter the document number."), field="basis_number")
    if not (basis_issuer or "").strip():
        raise ValidationFailed("basis_issuer_required", _("Enter who issued the document."), field="basis_issuer")
    _not_future(basis_date, "basis_date", _("The document date"))
    birth = case.person.birth_date
    if birth and basis_date < birth:
        raise ValidationFailed("basis_date_before_birth",
                               _("The document is dated %(date)s, before the client was born (%(birth)s). "
                                 "Check the date.") % {"date": f"{basis_date:%d.%m.%Y}", "birth": f"{birth:%d.%m.%Y}"},
                               field="basis_date")
    if basis_in_force and basis_in_force < basis_date:
        raise ValidationFailed("basis_in_force_before_date",
                               _("The document cannot take effect before it was issued."), field="basis_in_force")
    if start_date and start_date < basis_date:
        raise ValidationFailed("start_before_basis",
                               _("The term cannot start before the document that orders it (%(date)s).")
                               % {"date": f"{basis_date:%d.%m.%Y}"}, field="start_date")
    if planned_end_date and start_date and planned_end_date < start_date:
        raise ValidationFailed("end_before_start", _("The planned end must be after the start."),
                               field="planned_end_date")
    if case.status != Case.Status.OPEN:
        raise ValidationFailed("case_closed", _("The case file is closed; reopen it first."), field="case")
    _check_officer(responsible_officer)
    _refuse_same_basis(case=case, kind=kind, basis_type=basis_type, basis_number=basis_number,
                       basis_date=basis_date)
    section = Section.objects.create(
        case=case, kind=kind, basis_type=basis_type, basis_number=basis_number.strip(), basis_date=basis_date,
        basis_issuer=basis_issuer.strip(), basis_in_force=basis_in_force,
        responsible_officer=responsible_officer or case.responsible_officer,
        registered_on=registered_on or timezone.localdate(), start_date=start_date,
        planned_end_date=planned_end_date,
    )
    audit.record(actor=actor, verb="section_open", instance=section, action="create", after=audit.snapshot(section))
    timeline.emit("section_opened", case=case, section=section, actor=actor, kind=section.kind,
                  basis_type=section.basis_type, basis_number=section.basis_number,
                  basis_date=f"{basis_date:%d.%m.%Y}")
    return section


def section_set_term(*, actor: Any, section: Section, start_date: dt.date | None,
                     planned_end_date: dt.date | None) -> Section:
    """Set the section's term: the one place the term of a section is kept, so the case file's overview
    and the function's own page show the same dates. A function whose details hold the term (a
    registered term, a court's extension) calls this in the same transaction; audited."""
    if start_date and planned_end_date and planned_end_date < start_date:
        raise ValidationFailed("end_before_start", _("The planned end must be after the start."),
                               field="planned_end_date")
    if (section.start_date, section.planned_end_date) == (start_date, planned_end_date):
        return section
    before = audit.snapshot(section)
    section.start_date, section.planned_end_date = start_date, planned_end_date
    # no version bump: the function's details carry the version the user edited (a form on the
    # section opened before stays valid)
    section.save(update_fields=["start_date", "planned_end_date", "updated_at"])
    audit.record(actor=actor, verb="section_set_term", instance=section, before=before, after=audit.snapshot(section))
    return section


@transaction.atomic
def section_close(*, actor: Any, section: Section, reason: str, closed_on: dt.date | None = None, note: str = "",
                  expected_version: int | None) -> Section:
    section = lock(section, expected_version)
    if not section.is_open:
        raise ValidationFailed("section_closed", _("This section is already closed."), field="reason")
    kind = SECTION_KINDS.get(section.kind)
    if reason not in CLOSING_REASONS or (kind and reason not in kind.closing_reasons):
        raise ValidationFailed("closing_reason_invalid", _("Choose a closing reason for this function."),
                               field="reason")
    closed_on = closed_on or timezone.localdate()
    _not_future(closed_on, "closed_on", _("The closing date"))
    if closed_on < section.registered_on:
        raise ValidationFailed("closed_before_registered", _("The section cannot close before it was registered."),
                               field="closed_on")
    before = audit.snapshot(section)
    section.state = Section.State.CLOSED
    section.closing_reason = reason
    section.closed_on = closed_on
    section.closing_note = note
    bump(section)
    section.save()
    audit.record(actor=actor, verb="section_close", instance=section, before=before, after=audit.snapshot(section))
    timeline.emit("section_closed", case=section.case, section=section, actor=actor, kind=section.kind,
                  reason=section.closing_reason)
    return section


@transaction.atomic
def client_person_update(*, actor: Any, person: Person, expected_version: int | None, **changes: Any) -> Person:
    """Change a person's data (``people.services.person_update``); for a client, keep the case file's copy
    of the folded name in step and put the change on the case timeline."""
    person = people_services.person_update(actor=actor, person=person, expected_version=expected_version,
                                           **changes)
    case = Case.objects.filter(person=person).first()
    if case is not None:
        Case.objects.filter(pk=case.pk).update(search_name=person.search_name,
                                               search_name_reversed=person.search_name_reversed)
        changed = getattr(person, "changed_fields", [])
        if changed:
            timeline.emit("person_updated", case=case, actor=actor, fields=", ".join(changed))
    return person


# --- Case notes ------------------------------------------------------------------------------------

NOTE_MAX_LENGTH = 10_000
# The sensitive classes a note may carry ("" is an ordinary note); EM locations come from devices only.
NOTE_SENSITIVITIES = ("", Sensitivity.HEALTH, Sensitivity.VICTIM, Sensitivity.CRIMINAL_RECORD, Sensitivity.ADDRESS)


@transaction.atomic
def case_note_add(*, actor: Any, case: Case, kind: str, occurred_on: dt.date | None, text: str,
                  sensitivity: str = "") -> CaseNote:
    """A free-text entry on the case file (phone call, e-mail, meeting with another agency, note). Its
    date is neither in the future nor before the case file was opened; a note marked sensitive is read
    only by roles that may see that class, so its author must be one of them."""
    if kind not in CaseNote.Kind.values:
        raise ValidationFailed("kind_unknown", _("Choose the type of the note."), field="kind")
    if occurred_on is None:
        raise ValidationFailed("occurred_on_required", _("Enter the date."), field="occurred_on")
    _not_future(occurred_on, "occurred_on", _("The date"))
    if occurred_on < case.opened_on:
        raise ValidationFailed("occurred_on_before_case",
                               _("The date cannot be before the case file was opened (%(date)s).")
                               % {"date": case.opened_on.strftime("%d.%m.%Y")}, field="occurred_on")
    text = (text or "").strip()
    if not text:
        raise ValidationFailed("text_required", _("Enter the text of the note."), field="text")
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationFailed("text_too_long", _("The note can be at most %(max)s characters long.")
                               % {"max": NOTE_MAX_LENGTH}, field="text")
    sensitivity = sensitivity or ""
    if sensitivity not in NOTE_SENSITIVITIES:
        raise ValidationFailed("sensitivity_unknown", _("Choose the sensitivity of the note."), field="sensitivity")
    if sensitivity and not can_see(actor, sensitivity):
        raise ValidationFailed("sensitivity_not_yours",
                               _("You may not read notes of this class, so you cannot mark a note with it."),
                               field="sensitivity")
    if case.status != Case.Status.OPEN:
        raise ValidationFailed("case_closed", _("The case file is closed; reopen it first."), field="text")
    note = CaseNote.objects.create(case=case, kind=kind, occurred_on=occurred_on, text=text,
                                   sensitivity=sensitivity, search_text=fold(text),
                                   author=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, verb="case_note_add", instance=note, action="create", after=audit.snapshot(note))
    # The timeline keeps the type and the date, never the text: it may be sensitive.
    timeline.emit("case_note", case=case, actor=actor, note_kind=kind, date=occurred_on.strftime("%d.%m.%Y"),
                  note_id=note.pk, sensitive=bool(sensitivity))
    return note


# --- Allocation and cover ---------------------------------------------------------------------------


def _check_allocating_unit(actor: Any, unit_id: int | None, field: str) -> None:
    allowed = unit_ids_for(actor, CASE_TRANSFER)
    if allowed is not None and unit_id not in allowed:
        raise ValidationFailed("unit_out_of_scope", _("You may allocate only in your own units."), field=field)


@transaction.atomic
def cases_allocate(*, actor: Any, cases: list[tuple[Case, int | None]], officer: User | None) -> list[Case]:
    """Give several case files (each with the version as read) to one officer at once; all or none.
    Each case is changed as :func:`case_assign_officer` changes one (audit and timeline per case)."""
    if officer is None:
        raise ValidationFailed("officer_required", _("Choose the officer."), field="officer")
    if not cases:
        raise ValidationFailed("cases_required", _("Choose at least one case file."), field="cases")
    done = []
    for case, version in cases:
        try:
            done.append(case_assign_officer(actor=actor, case=case, officer=officer, expected_version=version))
        except DomainError as error:
            cls = Conflict if isinstance(error, Conflict) else ValidationFailed
            raise cls(error.code, _("%(number)s: %(message)s")
                      % {"number": case.registration_number, "message": error.message}, field="officer") from None
    return done


@transaction.atomic
def cover_set(*, actor: Any, absent_officer: User | None, cover_officer: User | None, starts_on: dt.date | None,
              ends_on: dt.date | None, reason: str = "") -> CoverPeriod:
    """A colleague stands in for an absent officer for a period: the cover officer sees the absent
    officer's caseload and tasks as their own from ``starts_on`` to ``ends_on``. Only one cover at a
    time for an officer; both work in units where the actor allocates (``case.transfer``)."""
    if absent_officer is None:
        raise ValidationFailed("absent_officer_required", _("Choose the absent officer."), field="absent_officer")
    if cover_officer is None:
        raise ValidationFailed("cover_officer_required", _("Choose who covers."), field="cover_officer")
    _check_officer(absent_officer, "absent_officer")
    _check_officer(cover_officer, "cover_officer")
    if absent_officer.pk == cover_officer.pk:
        raise ValidationFailed("cover_self", _("An officer cannot cover for themselves."), field="cover_officer")
    unit_id = absent_officer.home_unit_id
    if unit_id is None:
        raise ValidationFailed("officer_no_unit", _("Choose an officer of a territorial unit."),
                               field="absent_officer")
    _check_allocating_unit(actor, unit_id, "absent_officer")
    _check_allocating_unit(actor, cover_officer.home_unit_id, "cover_officer")
    if starts_on is None:
        raise ValidationFailed("starts_on_required", _("Enter the first day of the cover."), field="starts_on")
    if ends_on is None:
        raise ValidationFailed("ends_on_required", _("Enter the last day of the cover."), field="ends_on")
    if ends_on < starts_on:
        raise ValidationFailed("ends_before_start", _("The last day must not be before the first."), field="ends_on")
    today = timezone.localdate()
    if ends_on < today:
        raise ValidationFailed("ends_on_past", _("The cover must not end in the past."), field="ends_on")
    if (ends_on - starts_on).days > COVER_MAX_DAYS:
        raise ValidationFailed("cover_too_long", _("A cover can last at most %(days)s days; for a longer absence "
                                                   "allocate the cases.") % {"days": COVER_MAX_DAYS}, field="ends_on")
    # Lock the absent officer's row so that two heads cannot set overlapping cover at the same moment.
    User.objects.select_for_update().filter(pk=absent_officer.pk).first()
    clash = CoverPeriod.objects.filter(absent_officer=absent_officer, ended_at__isnull=True, starts_on__lte=ends_on,
                                       ends_on__gte=starts_on).select_related("cover_officer").first()
    if clash is not None:
        raise Conflict("cover_overlap", _("%(officer)s already covers for this officer from %(start)s to %(end)s.")
                       % {"officer": clash.cover_officer, "start": clash.starts_on.strftime("%d.%m.%Y"),
                          "end": clash.ends_on.strftime("%d.%m.%Y")}, field="starts_on", cover_id=clash.pk)
    cover = CoverPeriod.objects.create(absent_officer=absent_officer, cover_officer=cover_officer,
                                       unit_id=unit_id, starts_on=starts_on, ends_on=ends_on,
                                       reason=(reason or "").strip()[:200],
                                       created_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, verb="cover_set", instance=cover, action="create", after=audit.snapshot(cover))
    return cover


@transaction.atomic
def cover_end(*, actor: Any, cover: CoverPeriod, expected_version: int | None) -> CoverPeriod:
    """End a cover now (the absent officer is back): access through it stops at once."""
    cover = lock(cover, expected_version)
    _check_allocating_unit(actor, cover.unit_id, "cover")
    if cover.ended_at is not None:
        raise Conflict("cover_ended", _("This cover has already ended."), field="cover")
    before = audit.snapshot(cover)
    cover.ended_at = timezone.now()
    cover.ended_by = actor if getattr(actor, "pk", None) else None
    bump(cover)
    cover.save()
    audit.record(actor=actor, verb="cover_end", instance=cover, before=before, after=audit.snapshot(cover))
    return cover
