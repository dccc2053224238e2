"""Text helpers without domain: folding names for search, and sorting them in the reader's alphabet."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from django.db.models.functions import Collate

_FOLD_EXTRA = str.maketrans({"ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse spaces: "Bērziņš  Jānis" -> "berzins janis"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


# Latvian alphabetical order (LVS 24:1993, as CLDR's "lv" collation): č ģ ķ ļ ņ š ž are letters of their own
# that follow c g k l n s z; the long vowels ā ē ī ū sort with their short ones (second level).
_LV_OWN_LETTERS = {ch: base + "\U0010ffff" for ch, base in zip("čģķļņšž", "cgklnsz", strict=True)}


def latvian_key(text: str) -> tuple[str, str, str]:
    """Sort key in Latvian order: "Ādažu" sorts with A, "Ķekavas" after "Krāslavas", "Čiekurkalns" after
    "Cēsis". Ties break on the accents, then on case."""
    lowered = unicodedata.normalize("NFC", (text or "").casefold())
    primary = "".join(_LV_OWN_LETTERS.get(ch) or fold(ch) or ch for ch in lowered)
    return primary, lowered, text or ""


def collation_key(language: str | None) -> Callable[[str], Any]:
    """The sort key for names shown in ``language``: Latvian order for Latvian, accent-blind otherwise
    (Russian and English alphabets sort correctly by code point once folded)."""
    if (language or "lv").split("-")[0] == "lv":
        return latvian_key
    return lambda text: (fold(text), text or "")


def sqlite_latvian_collation(a: str, b: str) -> int:
    """SQLite ``COLLATE lv`` (registered on each connection by ``core.apps``)."""
    ka, kb = latvian_key(a), latvian_key(b)
    return (ka > kb) - (ka < kb)


class Latvian(Collate):
    """``ORDER BY name`` in Latvian order on either database: PostgreSQL's ICU collation ``lv-x-icu``, and
    on SQLite the ``lv`` collation registered by ``core.apps``."""

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, "lv")

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, collation=connection.ops.quote_name("lv-x-icu"), **extra)
