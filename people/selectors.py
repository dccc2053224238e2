"""Reads for persons: search by name (ignoring case and diacritics), personal code or case number."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet

from people.identity import fold
from people.models import Alias, Person

_CODE = re.compile(r"^\d{6}-?\d{0,5}$")
_CASE_NUMBER = re.compile(r"^\d{4}-\d{1,6}$")


def _prefix(qs: QuerySet, field: str, prefix: str) -> QuerySet:
    """``field`` starts with ``prefix``, written also as a range so that the plain b-tree index can
    serve both the match and the name order (PostgreSQL turns LIKE into a range only under the C
    collation, or with a pattern-ops index that cannot give the order)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return qs.filter(**{f"{field}__startswith": prefix, f"{field}__gte": prefix, f"{field}__lt": upper})


def search(user: Any, query: str, *, limit: int = 50, perm: str = "person.view") -> QuerySet[Person]:
    """Persons visible to ``user`` matching ``query``:

    * digits (with or without the hyphen): personal code prefix (6+ digits);
    * ``YYYY-NNNNNN``: case registration number;
    * otherwise: name prefix on "last first" or "first last", and on aliases, folded.
    """
    text = (query or "").strip()
    base = Person.objects.visible_to(user, perm)
    if not text:
        return base.none()
    compact = text.replace(" ", "")
    if _CASE_NUMBER.match(compact):
        matches = base.filter(case__registration_number=compact)
    elif _CODE.match(compact):
        digits = compact.replace("-", "")
        matches = base.filter(personal_code=digits) if len(digits) == 11 else base.filter(
            personal_code__startswith=digits)
    else:
        folded = fold(text)
        if len(folded) < 2:
            return base.none()
        # Three prefix lookups, each served by its own index in name order and stopped at the limit,
        # instead of one OR that no index can serve (docs/performance.md).
        ids: set[int] = set()
        for lookup in (_prefix(base, "search_name", folded).order_by("search_name"),
                       _prefix(base, "search_name_reversed", folded).order_by("search_name_reversed"),
                       base.filter(pk__in=_prefix(Alias.objects.all(), "search_name", folded)
                                   .values("person_id")).order_by("search_name")):
            ids.update(lookup.values_list("pk", flat=True)[:limit])
        matches = Person.objects.filter(pk__in=ids)
    return matches.select_related("case", "case__responsible_unit", "case__responsible_officer").order_by(
        "search_name", "pk"
    )[:limit]
