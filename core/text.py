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


# Latvian inflection endings (folded), longest first: "bērziņam" -> "berzin", "ozola" -> "ozol",
# "jāņa" -> "jan". Enough to find a name typed in another grammatical case; not a full stemmer.
_ENDINGS = ("iem", "am", "em", "im", "um", "os", "as", "es", "is", "us", "ai", "ei", "a", "e", "i", "u", "s", "o")


def name_stem(word: str) -> str:
    """A folded name word without its Latvian case ending, at least three letters kept."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def trigrams(word: str) -> set[str]:
    """The trigrams of one word as PostgreSQL's pg_trgm counts them (two spaces before, one after)."""
    padded = f"  {word} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def word_similarity(query: str, text: str) -> float:
    """How close ``query`` is to the closest word of ``text`` (0..1): shared trigrams over all
    trigrams, like pg_trgm's ``word_similarity`` on single words. Both folded."""
    wanted: set[str] = set()
    for word in query.split():
        wanted |= trigrams(word)
    if not wanted:
        return 0.0
    best = 0.0
    for word in text.split():
        have = trigrams(word)
        best = max(best, len(wanted & have) / len(wanted | have))
    return best


def within_one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by at most one inserted, deleted, replaced or swapped letter."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1:]


def feminine_surname(surname: str) -> bool:
    """A Latvian (or Russian) surname in its feminine form: Ozola, Egle, Kalniņa, Ivanova. Latvian
    surnames agree with the person's gender, so the ending tells how to word a title beside it."""
    return fold(surname).rstrip()[-1:] in ("a", "e")
