"""State changes of partner organisations: keyword-only, the actor named, one transaction, a change-log
row each (``core.audit``). Edits carry the version the form read (``core.concurrency``). Who may
change an organisation (``section.manage`` in its unit) is checked by the pages and the API
(``partners.selectors.may_manage``); the unit an organisation is given is checked here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts import roles
from accounts.models import OrgUnit, User
from core import access, audit
from core.concurrency import bump, lock
from core.errors import Conflict, ValidationFailed
from core.places import municipality_names
from partners import registry
from partners.models import Agreement, ContactPerson, Note, Organisation, Place, Rating

ORGANISATION_FIELDS = ("name", "kind", "registration_number", "status", "stage", "address", "phone", "email")


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


# --- Organisations -----------------------------------------------------------------------------------


def _check_unit(actor: Any, unit: OrgUnit | None) -> OrgUnit:
    if unit is None or unit.kind != OrgUnit.Kind.UNIT:
        raise ValidationFailed("unit_kind", _("Choose a territorial unit."), field="unit")
    allowed = access.unit_ids_for(actor, roles.SECTION_MANAGE)
    if allowed is not None and unit.pk not in allowed:
        raise ValidationFailed("unit_not_yours", _("Choose a unit you work in."), field="unit")
    return unit


def _check_organisation(data: dict[str, Any]) -> dict[str, Any]:
    data["name"] = _required(data.get("name"), "name_required", pgettext("organisation", "Enter the name."), "name")
    if data.get("kind") not in Organisation.Kind.values:
        raise ValidationFailed("kind_invalid", _("Choose the kind of organisation."), field="kind")
    if data.get("status") not in Organisation.Status.values:
        raise ValidationFailed("status_invalid", _("Choose the status."), field="status")
    if data.get("stage") not in Organisation.Stage.values:
        raise ValidationFailed("stage_invalid", _("Choose the pipeline stage."), field="stage")
    for key in ("registration_number", "address", "phone", "email"):
        data[key] = (data.get(key) or "").strip()
    return data


@transaction.atomic
def organisation_create(*, actor: Any, unit: OrgUnit | None, **fields: Any) -> Organisation:
    """An organisation the service works with, or a prospect, in a unit the actor works in."""
    data = _check_organisation({k: fields.get(k) for k in ORGANISATION_FIELDS})
    organisation = Organisation.objects.create(unit=_check_unit(actor, unit), **data)
    audit.record(actor=actor, verb="partner_organisation_create", instance=organisation, action="create",
                 after=audit.snapshot(organisation))
    return organisation


@transaction.atomic
def organisation_update(*, actor: Any, organisation: Organisation, expected_version: int | None,
                        unit: OrgUnit | None, **fields: Any) -> Organisation:
    """Change an organisation (or hand it to another unit). It cannot become inactive while clients
    are placed at its places."""
    organisation = lock(organisation, expected_version)
    _check_unit(actor, organisation.unit)
    data = _check_organisation({k: fields.get(k) for k in ORGANISATION_FIELDS})
    unit = _check_unit(actor, unit)
    if data["status"] == Organisation.Status.INACTIVE and registry.placed(
            list(Place.objects.filter(organisation=organisation).values_list("pk", flat=True))):
        raise Conflict("organisation_has_clients", _("Clients are still placed with this organisation."),
                       field="status")
    before = audit.snapshot(organisation)
    for key, value in data.items():
        setattr(organisation, key, value)
    organisation.unit = unit
    bump(organisation)
    organisation.save()
    audit.record(actor=actor, verb="partner_organisation_update", instance=organisation, before=before,
                 after=audit.snapshot(organisation))
    return organisation


# --- Agreements --------------------------------------------------------------------------------------


def _check_agreement(number: str, valid_from: dt.date | None, valid_until: dt.date | None,
                     signed_on: dt.date | None, status: str) -> tuple[str, dt.date]:
    number = _required(number, "number_required", _("Enter the agreement number."), "number")
    if valid_from is None:
        raise ValidationFailed("valid_from_required", _("Enter the date the agreement starts."), field="valid_from")
    if valid_until is not None and valid_until < valid_from:
        raise ValidationFailed("valid_until_before_from", _("The end must be after the start."), field="valid_until")
    _not_future(signed_on, "signed_on")
    if status not in Agreement.Status.values:
        raise ValidationFailed("status_invalid", _("Choose the status."), field="status")
    if status == Agreement.Status.ENDED and valid_until is None:
        raise ValidationFailed("valid_until_required", _("Enter the date the agreement ended."), field="valid_until")
    return number, valid_from


def _duplicate_agreement() -> Conflict:
    return Conflict("agreement_duplicate", _("This organisation already has an agreement with that number."),
                    field="number")


@transaction.atomic
def agreement_add(*, actor: Any, organisation: Organisation, number: str, valid_from: dt.date | None,
                  valid_until: dt.date | None = None, signed_on: dt.date | None = None,
                  status: str = Agreement.Status.ACTIVE) -> Agreement:
    number, start = _check_agreement(number, valid_from, valid_until, signed_on, status)
    if Agreement.objects.filter(organisation=organisation, number=number).exists():
        raise _duplicate_agreement()
    agreement = Agreement.objects.create(organisation=organisation, number=number, valid_from=start,
                                         valid_until=valid_until, signed_on=signed_on, status=status)
    audit.record(actor=actor, verb="partner_agreement_add", instance=agreement, action="create",
                 after=audit.snapshot(agreement))
    return agreement


@transaction.atomic
def agreement_update(*, actor: Any, agreement: Agreement, expected_version: int | None, number: str,
                     valid_from: dt.date | None, valid_until: dt.date | None = None, signed_on: dt.date | None = None,
                     status: str = Agreement.Status.ACTIVE) -> Agreement:
    """Change an agreement; ending it is status "ended" with the last day in ``valid_until``."""
    agreement = lock(agreement, expected_version)
    number, start = _check_agreement(number, valid_from, valid_until, signed_on, status)
    if Agreement.objects.filter(organisation_id=agreement.organisation_id, number=number).exclude(
            pk=agreement.pk).exists():
        raise _duplicate_agreement()
    before = audit.snapshot(agreement)
    agreement.number, agreement.valid_from, agreement.valid_until = number, start, valid_until
    agreement.signed_on, agreement.status = signed_on, status
    bump(agreement)
    agreement.save()
    audit.record(actor=actor, verb="partner_agreement_update", instance=agreement, before=before,
                 after=audit.snapshot(agreement))
    return agreement


# --- Places ------------------------------------------------------------------------------------------


def _check_place_fields(name: str, address: str, municipality: str, kinds_of_work: str,
                        capacity: int | None) -> tuple[str, str, str, int]:
    name = _required(name, "name_required", _("Enter the name of the place."), "name")
    address = _required(address, "address_required", _("Enter the address."), "address")
    if municipality not in municipality_names():
        raise ValidationFailed("municipality_invalid", _("Choose the municipality."), field="municipality")
    kinds_of_work = _required(kinds_of_work, "kinds_of_work_required", _("Describe the kinds of work."),
                              "kinds_of_work")
    if capacity is None or int(capacity) < 1:
        raise ValidationFailed("capacity_invalid", _("Enter how many clients can work here at a time."),
                               field="capacity")
    return name, address, kinds_of_work, int(capacity)


@transaction.atomic
def place_add(*, actor: Any, organisation: Organisation, name: str, address: str, municipality: str,
              kinds_of_work: str, capacity: int | None, working_times: str = "") -> Place:
    name, address, kinds_of_work, seats = _check_place_fields(name, address, municipality, kinds_of_work, capacity)
    place = Place.objects.create(organisation=organisation, name=name, address=address, municipality=municipality,
                                 kinds_of_work=kinds_of_work, capacity=seats,
                                 working_times=(working_times or "").strip())
    audit.record(actor=actor, verb="partner_place_add", instance=place, action="create", after=audit.snapshot(place))
    return place


@transaction.atomic
def place_update(*, actor: Any, place: Place, expected_version: int | None, name: str, address: str,
                 municipality: str, kinds_of_work: str, capacity: int | None, working_times: str = "",
                 active: bool = True) -> Place:
    """Change a place or close it (``active=False``). The capacity cannot drop below the clients placed
    there now (by any function), and a place with clients cannot be closed."""
    place = lock(place, expected_version)
    name, address, kinds_of_work, seats = _check_place_fields(name, address, municipality, kinds_of_work, capacity)
    placed = registry.placed([place.pk]).get(place.pk, 0)
    if not active and placed:
        raise Conflict("place_has_clients", _("%(n)s clients are still placed here; move them first.")
                       % {"n": placed}, field="active", placed=placed)
    if seats < placed:
        raise ValidationFailed("capacity_below_placed", _("%(n)s clients are placed here now; the capacity cannot "
                                                          "be lower.") % {"n": placed}, field="capacity",
                               placed=placed)
    before = audit.snapshot(place)
    place.name, place.address, place.municipality, place.kinds_of_work = name, address, municipality, kinds_of_work
    place.capacity, place.working_times, place.active = seats, (working_times or "").strip(), active
    bump(place)
    place.save()
    audit.record(actor=actor, verb="partner_place_update", instance=place, before=before, after=audit.snapshot(place))
    return place


# --- Contact persons, notes, ratings ------------------------------------------------------------------


def _check_contact(name: str, phone: str, email: str) -> str:
    name = _required(name, "name_required", pgettext("contact person", "Enter the name."), "name")
    if not (phone or "").strip() and not (email or "").strip():
        raise ValidationFailed("contact_required", _("Enter a phone number or an email address."), field="phone")
    return name


@transaction.atomic
def contact_add(*, actor: Any, organisation: Organisation, name: str, position: str = "", phone: str = "",
                email: str = "") -> ContactPerson:
    name = _check_contact(name, phone, email)
    contact = ContactPerson.objects.create(organisation=organisation, name=name, position=(position or "").strip(),
                                           phone=(phone or "").strip(), email=(email or "").strip())
    audit.record(actor=actor, verb="partner_contact_add", instance=contact, action="create",
                 after=audit.snapshot(contact))
    return contact


@transaction.atomic
def contact_update(*, actor: Any, contact: ContactPerson, expected_version: int | None, name: str,
                   position: str = "", phone: str = "", email: str = "", active: bool = True) -> ContactPerson:
    contact = lock(contact, expected_version)
    name = _check_contact(name, phone, email)
    before = audit.snapshot(contact)
    contact.name, contact.position = name, (position or "").strip()
    contact.phone, contact.email, contact.active = (phone or "").strip(), (email or "").strip(), active
    bump(contact)
    contact.save()
    audit.record(actor=actor, verb="partner_contact_update", instance=contact, before=before,
                 after=audit.snapshot(contact))
    return contact


@transaction.atomic
def note_add(*, actor: Any, organisation: Organisation, text: str) -> Note:
    text = _required(text, "text_required", _("Write the note."), "text")
    note = Note.objects.create(organisation=organisation, author=_user(actor), text=text)
    audit.record(actor=actor, verb="partner_note_add", instance=note, action="create", after=audit.snapshot(note))
    return note


@transaction.atomic
def rating_add(*, actor: Any, organisation: Organisation, year: int | None, rated_on: dt.date | None,
               score: int | None, note: str = "") -> Rating:
    """The service's yearly satisfaction with an organisation (1–5) and the feedback; one a year."""
    if rated_on is None:
        raise ValidationFailed("rated_on_required", _("Enter the date."), field="rated_on")
    _not_future(rated_on, "rated_on")
    if year is None or not 2000 <= int(year) <= rated_on.year:
        raise ValidationFailed("year_invalid", _("Enter a year up to the year of the rating."), field="year")
    if score is None or not 1 <= int(score) <= 5:
        raise ValidationFailed("score_invalid", _("Choose a rating from 1 to 5."), field="score")
    if Rating.objects.filter(organisation=organisation, year=year).exists():
        raise Conflict("rating_exists", _("This organisation is already rated for that year."), field="year")
    rating = Rating.objects.create(organisation=organisation, year=int(year), rated_on=rated_on, score=int(score),
                                   note=(note or "").strip(), author=_user(actor))
    audit.record(actor=actor, verb="partner_rating_add", instance=rating, action="create",
                 after=audit.snapshot(rating))
    return rating
