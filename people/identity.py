"""Identity rules: Latvian personal codes, validated by python-stdnum (never by hand). Name folding
is in ``core.text``, municipalities, countries and languages in ``core.places``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.lv import pvn

from core.errors import ValidationFailed

OLD_FORMAT = "old"  # DDMMYY-XNNNN, encodes the birth date, with a check digit
NEW_FORMAT = "new"  # 32NNNNNNNNN since 2017, no date, with a check digit


@dataclass(frozen=True)
class PersonalCode:
    compact: str  # 11 digits
    format: str
    birth_date: dt.date | None

    @property
    def formatted(self) -> str:
        return f"{self.compact[:6]}-{self.compact[6:]}"


def parse_personal_code(raw: str) -> PersonalCode:
    """Validate a Latvian personal code in either format; raise ``ValidationFailed`` with a
    specific code and message otherwise. Company registration numbers are refused."""
    value = pvn.compact(raw or "")
    if not value:
        raise ValidationFailed("personal_code_required", _("Enter the personal code."), field="personal_code")
    if not value.isdigit() or len(value) != 11:
        raise ValidationFailed(
            "personal_code_format",
            _("A personal code has 11 digits, e.g. 161175-19997 or 32579461005."),
            field="personal_code",
        )
    if value[0] > "3":
        raise ValidationFailed(
            "personal_code_not_a_person",
            _("This is a company registration number, not a personal code."),
            field="personal_code",
        )
    try:
        pvn.validate(value)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationFailed(
            "personal_code_checksum", _("The personal code's check digit is wrong: check for a typo."),
            field="personal_code",
        ) from None
    except stdnum_exceptions.ValidationError:
        raise ValidationFailed(
            "personal_code_invalid", _("This personal code does not exist (the date part is not a real date)."),
            field="personal_code",
        ) from None
    if value.startswith("32"):
        return PersonalCode(compact=value, format=NEW_FORMAT, birth_date=None)
    return PersonalCode(compact=value, format=OLD_FORMAT, birth_date=pvn.get_birth_date(value))
