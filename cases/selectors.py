"""Reads for case files: the caseload, the client file, and the persons a user may see (clients
through their case file) with search by name, personal code or case number; each with a fixed number
of queries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import PERSON_VIEW, Role
from cases.models import CASE_SCOPE, Case, CaseEvent, Section
from core.access import ScopeMap, has_perm, scope_q, unit_ids_for
from core.text import Latvian, fold
from people.models import Alias, Person

CASELOAD_SORTS = {
    "name": ("person__search_name", "id"),  # folded: "Ā" sorts with "A", as a reader expects
    "number": ("registration_number",),
    "opened": ("opened_on", "id"),
    "officer": ("responsible_officer__last_name", "responsible_officer__first_name", "id"),
}

OFFICER_ROLES = (Role.OFFICER, Role.SENIOR_OFFICER, Role.UNIT_HEAD)


def open_sections_prefetch() -> Prefetch:
    return Prefetch(
        "sections",
        queryset=Section.objects.filter(state__in=Section.OPEN_STATES).order_by("registered_on", "id"),
        to_attr="open_sections",
    )


def caseload(user: Any, *, show: str = "mine", status: str = "open", kind: str = "", officer: str = "",
             text: str = "", sort: str = "name") -> QuerySet[Case]:
    qs = Case.objects.visible_to(user, "case.view")
    if show == "mine":
        # A UNION of two indexed lookups: an OR with EXISTS made PostgreSQL walk every person in
        # name order at 200,000 clients (595 ms -> 1.7 ms, docs/performance.md).
        mine = (
            Case.objects.filter(responsible_officer_id=user.pk).values("pk").order_by()
            .union(Section.objects.filter(responsible_officer_id=user.pk, state__in=Section.OPEN_STATES)
                   .values("case_id").order_by())
        )
        qs = qs.filter(pk__in=mine)
    if status in (Case.Status.OPEN, Case.Status.CLOSED):
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(Exists(Section.objects.filter(case_id=OuterRef("pk"), kind=kind,
                                                     state__in=Section.OPEN_STATES)))
    if officer.isdigit():
        qs = qs.filter(responsible_officer_id=int(officer))
    if text:
        folded = fold(text)
        qs = qs.filter(
            Q(person__search_name__startswith=folded) | Q(person__search_name_reversed__startswith=folded)
            | Q(registration_number__startswith=text.strip()) | Q(person__personal_code__startswith=text.replace("-", ""))
        )
    descending = sort.startswith("-")
    keys = CASELOAD_SORTS.get(sort.lstrip("-"), CASELOAD_SORTS["name"])
    order = [f"-{k}" if descending else k for k in keys]
    return (
        qs.select_related("person", "responsible_unit", "responsible_officer")
        .prefetch_related(open_sections_prefetch())
        .order_by(*order)
    )


def access_section(user: Any, section_id: int, perm: str, *, kinds: Iterable[str], case_id: int | None = None) -> Section:
    """The chokepoint for a function's section pages and API: the section of one of ``kinds`` that
    ``user`` may ``perm`` (with its case, client, unit and officers loaded), else ``Http404`` — the same
    answer for a missing section, one of another function, one of another case and a forbidden one."""
    if not has_perm(user, perm):
        raise Http404
    sections = (Section.objects.visible_to(user, perm)
                .select_related("case", "case__person", "case__responsible_unit", "case__responsible_officer",
                                "responsible_officer")
                .filter(pk=section_id, kind__in=list(kinds)))
    if case_id is not None:
        sections = sections.filter(case_id=case_id)
    section = sections.first()
    if section is None:
        raise Http404
    return section


def may(user: Any, perm: str, section: Section) -> bool:
    """Whether ``user`` may ``perm`` on this (visible) section, e.g. manage it as well as see it."""
    return has_perm(user, perm) and Section.objects.visible_to(user, perm).filter(pk=section.pk).exists()


def client_file(user: Any, case_id: int, perm: str = "case.view") -> Case | None:
    return (
        Case.objects.visible_to(user, perm)
        .select_related("person", "responsible_unit", "responsible_officer", "opened_by")
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.select_related("responsible_officer")
                     .order_by("-registered_on", "-id")),
            "person__contacts", "person__aliases",
        )
        .filter(pk=case_id)
        .first()
    )


def timeline(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor", "section").order_by("-at", "-id")


def officers_of_unit(unit_id: int) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, is_service_account=False, home_unit_id=unit_id,
                            grants__role__in=OFFICER_ROLES)
        .distinct()
        .order_by(Latvian("last_name"), Latvian("first_name"))
    )


def officers_visible_to(user: Any) -> QuerySet[User]:
    units = unit_ids_for(user, "case.view")
    qs = User.objects.filter(is_active=True, is_service_account=False, grants__role__in=OFFICER_ROLES)
    if units is not None:
        qs = qs.filter(home_unit_id__in=units)
    return qs.distinct().order_by(Latvian("last_name"), Latvian("first_name"))


# --- Persons ------------------------------------------------------------------------------------

PERSON_SCOPE = ScopeMap(
    unit="case__responsible_unit_id",
    officers=("case__responsible_officer_id",),
    own=lambda user: Q(Exists(Section.objects.filter(case__person_id=OuterRef("pk"), responsible_officer_id=user.pk))),
)


def persons_visible_to(user: Any, perm: str = PERSON_VIEW) -> QuerySet[Person]:
    """Persons are visible through a case file the user may see (a client), or to national grants.
    A person without a case file yet is visible to whoever registered them (to open the case)."""
    if not has_perm(user, perm):
        return Person.objects.none()
    q = scope_q(user, perm, PERSON_SCOPE)
    registered = Q(case__isnull=True, created_by_id=user.pk)
    if q is not None and not q:  # national scope: everything (an empty Q would vanish in an OR)
        return Person.objects.all()
    return Person.objects.filter(registered if q is None else (q | registered))


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


def search_persons(user: Any, query: str, *, limit: int = 50, perm: str = "person.view") -> QuerySet[Person]:
    """Persons visible to ``user`` matching ``query``:

    * digits (with or without the hyphen): personal code prefix (6+ digits);
    * ``YYYY-NNNNNN``: case registration number;
    * otherwise: name prefix on "last first" or "first last", and on aliases, folded.
    """
    text = (query or "").strip()
    base = persons_visible_to(user, perm)
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
