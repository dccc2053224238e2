"""Identity rules: Latvian personal codes (validated by python-stdnum, never by hand), name
folding for diacritic-insensitive search, municipalities and countries from pycountry."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry
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


_FOLD_EXTRA = str.maketrans({"ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse spaces: "Bērziņš  Jānis" -> "berzins janis"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


@lru_cache(maxsize=1)
def municipalities() -> list[tuple[str, str]]:
    """The 43 local governments of Latvia (ISO 3166-2:LV), sorted by name."""
    subs = pycountry.subdivisions.get(country_code="LV") or []
    return sorted(((s.code, s.name) for s in subs), key=lambda item: fold(item[1]))


@lru_cache(maxsize=1)
def municipality_names() -> dict[str, str]:
    return dict(municipalities())


def _pycountry_gettext(domain: str, language: str):  # type: ignore[no-untyped-def]
    """pycountry ships its own translations (ISO 3166 and ISO 639 names) in many languages."""
    import gettext

    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language]).gettext
    except OSError:
        return lambda text: text


@lru_cache(maxsize=8)
def _countries(language: str) -> list[tuple[str, str]]:
    tr = _pycountry_gettext("iso3166-1", language)
    return sorted(((c.alpha_2, tr(c.name)) for c in pycountry.countries), key=lambda item: fold(item[1]))


@lru_cache(maxsize=8)
def _languages(language: str) -> list[tuple[str, str]]:
    tr = _pycountry_gettext("iso639-3", language)
    return sorted(
        ((lang.alpha_2, tr(lang.name)) for lang in pycountry.languages if hasattr(lang, "alpha_2")),
        key=lambda item: fold(item[1]),
    )


def countries() -> list[tuple[str, str]]:
    """ISO 3166-1 countries named in the active language."""
    from django.utils.translation import get_language

    return _countries(get_language() or "lv")


def languages() -> list[tuple[str, str]]:
    """ISO 639 languages with a two-letter code, named in the active language."""
    from django.utils.translation import get_language

    return _languages(get_language() or "lv")
