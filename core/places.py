"""Reference lists of places and languages: the codes from pycountry (ISO 3166-2:LV local governments, ISO
3166-1 countries, ISO 639 languages), the names in the interface language from the Unicode CLDR (Babel),
which names every country and language in Latvian, Russian and English (pycountry's own Latvian
catalogue lacks even "English"); pycountry's translation, then its English name, where CLDR has none.
Sorted in the reader's alphabet (``core.text.collation_key``)."""

from __future__ import annotations

from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError

from core.text import collation_key, latvian_key


@lru_cache(maxsize=1)
def municipalities() -> list[tuple[str, str]]:
    """The 43 local governments of Latvia (ISO 3166-2:LV), sorted by name."""
    subs = pycountry.subdivisions.get(country_code="LV") or []
    return sorted(((s.code, s.name) for s in subs), key=lambda item: latvian_key(item[1]))


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
    cldr = _cldr(language).territories
    key = collation_key(language)
    return sorted(((c.alpha_2, _capital(cldr.get(c.alpha_2) or tr(c.name))) for c in pycountry.countries),
                  key=lambda item: key(item[1]))


@lru_cache(maxsize=8)
def _languages(language: str) -> list[tuple[str, str]]:
    tr = _pycountry_gettext("iso639-3", language)
    cldr = _cldr(language).languages
    key = collation_key(language)
    return sorted(
        ((lang.alpha_2, _capital(cldr.get(lang.alpha_2) or tr(lang.name)))
         for lang in pycountry.languages if hasattr(lang, "alpha_2")),
        key=lambda item: key(item[1]),
    )


def _cldr(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _capital(name: str) -> str:
    """CLDR writes Latvian and Russian language names in lower case ("angļu"); a pick-list starts each
    with a capital, as pycountry does."""
    return name[:1].upper() + name[1:]


def countries() -> list[tuple[str, str]]:
    """ISO 3166-1 countries named in the active language."""
    from django.utils.translation import get_language

    return _countries(get_language() or "lv")


def languages() -> list[tuple[str, str]]:
    """ISO 639 languages with a two-letter code, named in the active language."""
    from django.utils.translation import get_language

    return _languages(get_language() or "lv")
