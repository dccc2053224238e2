"""State changes for persons. Every function takes the actor, runs in one transaction and
writes the change log (and the case timeline where the person is a client)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.concurrency import bump, lock
from core.errors import Conflict, ValidationFailed
from core.places import municipality_names
from core.text import fold
from people.identity import OLD_FORMAT, parse_personal_code
from people.models import Alias, Contact, Person
from people.selectors import person_by_code

# The earliest date of birth accepted: anything earlier is a typo (or an old-format code read in the
# wrong century), not a client of the probation service.
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)

EDITABLE_FIELDS = (
    "first_name", "last_name", "birth_date", "sex", "citizenship", "languages", "document_type",
    "document_number", "document_country", "declared_municipality", "declared_address",
    "actual_municipality", "actual_address",
)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Validate the identity rules shared by create and update."""
    cleaned = dict(data)
    for name in ("first_name", "last_name"):
        if name in cleaned:
            value = (cleaned.get(name) or "").strip()
            if not value:
                raise ValidationFailed(f"{name}_required", _("Enter the name."), field=name)
            cleaned[name] = value
    _check_birth_date(cleaned.get("birth_date"))
    for name in ("declared_municipality", "actual_municipality"):
        code = cleaned.get(name)
        if code and code not in municipality_names():
            raise ValidationFailed("municipality_unknown", _("Choose a municipality from the list."), field=name)
    return cleaned


def _check_birth_date(birth: dt.date | None) -> None:
    """A date of birth that cannot be a client's: in the future, or before 1900."""
    if birth is None:
        return
    if birth > timezone.localdate():
        raise ValidationFailed("birth_date_future", _("The date of birth cannot be in the future."),
                               field="birth_date")
    if birth < EARLIEST_BIRTH_DATE:
        raise ValidationFailed("birth_date_implausible",
                               _("The date of birth cannot be before %(date)s: check for a typo.")
                               % {"date": EARLIEST_BIRTH_DATE.strftime("%d.%m.%Y")}, field="birth_date")


def _apply_code(person: Person, raw_code: str | None, birth_date: dt.date | None) -> None:
    if raw_code:
        parsed = parse_personal_code(raw_code)
        if parsed.format == OLD_FORMAT and birth_date and parsed.birth_date != birth_date:
            raise ValidationFailed(
                "personal_code_birth_date_mismatch",
                _("The personal code gives the date of birth %(date)s, which differs from the date entered.")
                % {"date": parsed.birth_date.strftime("%d.%m.%Y") if parsed.birth_date else ""},
                field="birth_date",
            )
        person.personal_code = parsed.compact
        person.code_format = parsed.format
        if person.birth_date is None and parsed.birth_date:
            person.birth_date = parsed.birth_date
    else:
        person.personal_code = None
        person.code_format = Person.CodeFormat.NONE


def _refresh_search(person: Person) -> None:
    person.search_name = fold(f"{person.last_name} {person.first_name}")[:210]
    person.search_name_reversed = fold(f"{person.first_name} {person.last_name}")[:210]


@transaction.atomic
def person_create(*, actor: Any, personal_code: str | None = None, **data: Any) -> Person:
    cleaned = _clean({k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    if not cleaned.get("last_name"):
        raise ValidationFailed("last_name_required", _("Enter the name."), field="last_name")
    person = Person(**cleaned, created_by=actor if getattr(actor, "pk", None) else None)
    if personal_code:
        _apply_code(person, personal_code, cleaned.get("birth_date"))
        if person_by_code(person.personal_code or ""):
            raise Conflict("person_exists", _("A person with this personal code is already registered."),
                           field="personal_code")
    else:
        if not (cleaned.get("document_type") and cleaned.get("document_number")):
            raise ValidationFailed(
                "identity_required",
                _("Without a Latvian personal code, enter the identity document type and number."),
                field="document_number",
            )
    if person.birth_date is None:
        raise ValidationFailed("birth_date_required", _("Enter the date of birth."), field="birth_date")
    _check_birth_date(person.birth_date)
    _refresh_search(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise Conflict("person_exists", _("A person with this personal code is already registered."),
                       field="personal_code") from None
    audit.record(actor=actor, verb="person_create", instance=person, action="create", after=audit.snapshot(person))
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, expected_version: int | None, personal_code: str | None = None,
                  **changes: Any) -> Person:
    person = lock(person, expected_version)
    before = audit.snapshot(person)
    cleaned = _clean({k: v for k, v in changes.items() if k in EDITABLE_FIELDS})
    for key, value in cleaned.items():
        setattr(person, key, value)
    if personal_code is not None:
        _apply_code(person, personal_code or None, person.birth_date)
        other = person_by_code(person.personal_code) if person.personal_code else None
        if other and other.pk != person.pk:
            raise Conflict("person_exists", _("A person with this personal code is already registered."),
                           field="personal_code")
    if not person.personal_code and not (person.document_type and person.document_number):
        raise ValidationFailed("identity_required",
                               _("Without a Latvian personal code, enter the identity document type and number."),
                               field="document_number")
    if person.birth_date is None:
        raise ValidationFailed("birth_date_required", _("Enter the date of birth."), field="birth_date")
    _check_birth_date(person.birth_date)
    _refresh_search(person)
    bump(person)
    person.save()
    after = audit.snapshot(person)
    audit.record(actor=actor, verb="person_update", instance=person, before=before, after=after)
    person.changed_fields = sorted(
        k for k in after if before.get(k) != after.get(k) and k not in ("version", "search_name",
                                                                         "search_name_reversed"))
    return person


@transaction.atomic
def person_add_alias(*, actor: Any, person: Person, last_name: str, first_name: str = "", note: str = "") -> Alias:
    if not last_name.strip():
        raise ValidationFailed("last_name_required", _("Enter the name."), field="last_name")
    alias = Alias.objects.create(
        person=person, first_name=first_name.strip(), last_name=last_name.strip(), note=note,
        search_name=fold(f"{last_name} {first_name}")[:210],
    )
    audit.record(actor=actor, verb="person_add_alias", instance=alias, action="create", after=audit.snapshot(alias))
    return alias


@transaction.atomic
def person_add_contact(*, actor: Any, person: Person, kind: str, value: str, note: str = "",
                       preferred: bool = False) -> Contact:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    value = value.strip()
    if not value:
        raise ValidationFailed("contact_required", _("Enter the contact."), field="value")
    if kind == Contact.Kind.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationFailed("email_invalid", _("Enter a valid e-mail address."), field="value") from None
    if kind not in Contact.Kind.values:
        raise ValidationFailed("contact_kind", _("Choose the kind of contact."), field="kind")
    contact = Contact.objects.create(person=person, kind=kind, value=value, note=note, preferred=preferred)
    audit.record(actor=actor, verb="person_add_contact", instance=contact, action="create",
                 after=audit.snapshot(contact))
    return contact
