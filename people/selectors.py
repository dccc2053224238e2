"""Reads for persons: search by name (ignoring case and diacritics), personal code or case number."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
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


def _name_matches(user: Any, perm: str, folded: str, limit: int, visible: QuerySet[Person]) -> set[int]:
    """Ids of visible persons whose folded name ("last first" or "first last") or alias starts with
    ``folded``. Each lookup is one index range in name order, stopped at ``limit``: nationally on the
    person's names; within units on the case's copy of them with the (unit, name) index, so that a
    common surname is not checked client by client for visibility (docs/performance.md)."""
    from cases.models import CASE_SCOPE, Case
    from core.access import scope_q

    scope = scope_q(user, perm, CASE_SCOPE)
    fields = ("search_name", "search_name_reversed")
    lookups: list[QuerySet] = []
    if scope is not None and not scope:  # national: every person
        lookups += [_prefix(Person.objects.all(), field, folded).order_by(field).values_list("pk", flat=True)[:limit]
                    for field in fields]
    else:
        cases = Case.objects.filter(scope) if scope is not None else Case.objects.none()
        lookups += [_prefix(cases, field, folded).order_by(field).values_list("person_id", flat=True)[:limit]
                    for field in fields]
        # Persons the user registered who have no case file yet.
        lookups.append(_prefix(Person.objects.filter(case__isnull=True, created_by_id=user.pk), "search_name", folded)
                       .order_by("search_name").values_list("pk", flat=True)[:limit])
    lookups.append(visible.filter(pk__in=_prefix(Alias.objects.all(), "search_name", folded).values("person_id"))
                   .order_by("search_name").values_list("pk", flat=True)[:limit])
    if connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: one round trip; each part keeps its own index order and limit.
        return set(lookups[0].union(*lookups[1:]))
    ids: set[int] = set()
    for lookup in lookups:
        ids.update(lookup)
    return ids


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
        matches = Person.objects.filter(pk__in=_name_matches(user, perm, folded, limit, base))
    return matches.select_related("case", "case__responsible_unit").order_by(
        "search_name", "pk"
    )[:limit]
