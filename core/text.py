"""Text helpers without domain: folding names for search."""

from __future__ import annotations

import re
import unicodedata

_FOLD_EXTRA = str.maketrans({"ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse spaces: "Bērziņš  Jānis" -> "berzins janis"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()
