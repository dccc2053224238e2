"""Reads for persons: search by name (ignoring case and diacritics), personal code or case number."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from people.identity import fold
from people.models import Alias, Person

_CODE = re.compile(r"^\d{6}-?\d{0,5}$")
_CASE_NUMBER = re.compile(r"^\d{4}-\d{1,6}$")


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
        matches = base.filter(personal_code__startswith=compact.replace("-", ""))
    else:
        folded = fold(text)
        if len(folded) < 2:
            return base.none()
        alias_ids = Alias.objects.filter(search_name__startswith=folded).values("person_id")
        matches = base.filter(
            Q(search_name__startswith=folded) | Q(search_name_reversed__startswith=folded) | Q(pk__in=alias_ids)
        )
    return matches.select_related("case", "case__responsible_unit", "case__responsible_officer").order_by(
        "last_name", "first_name", "pk"
    )[:limit]
