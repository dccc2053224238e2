"""Reads for case files: the caseload, the client file, and the persons a user may see (clients
through their case file) with search by name, personal code or case number; each with a fixed number
of queries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Case as DbCase
from django.db.models import (
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Lookup,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404

from accounts.models import User
from accounts.roles import PERSON_VIEW, Role
from cases.models import CASE_SCOPE, Case, CaseEvent, Section
from core.access import ScopeMap, has_perm, own_ids, scope_q, unit_ids_for
from core.text import Latvian, fold, name_stem, within_one_edit, word_similarity
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
        # Mine: also the caseload of a colleague this user covers for today (cover periods).
        ids = own_ids(user)
        mine = (
            Case.objects.filter(responsible_officer_id__in=ids).values("pk").order_by()
            .union(Section.objects.filter(responsible_officer_id__in=ids, state__in=Section.OPEN_STATES)
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
    own=lambda user: Q(Exists(Section.objects.filter(case__person_id=OuterRef("pk"),
                                                     responsible_officer_id__in=own_ids(user)))),
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


_NAME_COLUMNS = ("search_name", "search_name_reversed")
FUZZY_MIN_LENGTH = 4  # a shorter word is a prefix to complete, not a word to correct
FUZZY_CANDIDATES = 200
# pg_trgm's word similarity from which a name is a candidate for a typed name with a typo (the
# candidates are then checked word by word: one edit away, see _rank_names). Set per connection
# (cases.apps) so that the trigram index serves the ``<%`` operator.
FUZZY_THRESHOLD = 0.3


class _WordSimilar(Lookup):
    """``query <% column``: pg_trgm word similarity above ``pg_trgm.word_similarity_threshold``,
    served by the trigram (GIN) index (cases migration 0004)."""

    lookup_name = "word_similar_to"

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{rhs} <%% {lhs}", (*rhs_params, *lhs_params)


def _similar(qs: QuerySet, field: str, folded: str) -> QuerySet:
    """Rows whose ``field`` has a word close to ``folded`` (a typo, another case ending), closest
    first: pg_trgm on PostgreSQL, the same measure as an SQL function on SQLite (core.text)."""
    similarity = Func(Value(folded), F(field), function="word_similarity", output_field=FloatField())
    if connection.vendor == "postgresql":
        qs = qs.filter(_WordSimilar(F(field), Value(folded)))
    else:
        qs = qs.annotate(similarity=similarity).filter(similarity__gte=FUZZY_THRESHOLD)
    return qs.order_by(similarity.desc())


def _name_candidates(user: Any, perm: str, prefixes: Iterable[str], fuzzy: str, limit: int,
                     visible: QuerySet[Person]) -> dict[int, tuple[str, str, bool]]:
    """Visible persons whose folded name ("last first" or "first last") or alias starts with one of
    ``prefixes``, or (with ``fuzzy``, when none does) whose name has a word close to it: person id ->
    (name, reversed name, matched by prefix). Each prefix lookup is one index range in name order, stopped at
    ``limit``: nationally on the person's names; within units on the case's copy of them with the
    (unit, name) index, so that a common surname is not checked client by client for visibility
    (docs/performance.md). On PostgreSQL all lookups are one round trip."""
    scope = scope_q(user, perm, CASE_SCOPE)
    national = scope is not None and not scope
    names: QuerySet[Any]
    if national:
        names, key = Person.objects.all(), "pk"
    else:
        names, key = (Case.objects.filter(scope) if scope is not None else Case.objects.none()), "person_id"
    columns = (key, *_NAME_COLUMNS)
    lookups: list[QuerySet] = []
    for n, prefix in enumerate(prefixes):
        lookups += [_prefix(names, field, prefix).order_by(field).annotate(by_prefix=Value(True))
                    .values_list(*columns, "by_prefix")[:limit] for field in _NAME_COLUMNS]
        if n:  # the stem: clients' names only (each part of the UNION costs its compilation)
            continue
        if not national:  # persons the user registered who have no case file yet
            lookups.append(_prefix(Person.objects.filter(case__isnull=True, created_by_id=user.pk), "search_name", prefix)
                           .order_by("search_name").annotate(by_prefix=Value(True))
                           .values_list("pk", *_NAME_COLUMNS, "by_prefix")[:limit])
        lookups.append(visible.filter(pk__in=_prefix(Alias.objects.all(), "search_name", prefix).values("person_id"))
                       .order_by("search_name").annotate(by_prefix=Value(True))
                       .values_list("pk", *_NAME_COLUMNS, "by_prefix")[:limit])
    if connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: one round trip; each part keeps its own index order and limit.
        rows = list(lookups[0].union(*lookups[1:], all=True))
    else:
        rows = [row for lookup in lookups for row in lookup]
    if fuzzy and not rows:
        # Nothing starts with it: a typo? One more query, on the trigram index, only then (the
        # closeness of every name sharing a few trigrams with a short prefix is not cheap).
        rows = list(_similar(names, "search_name", fuzzy).annotate(by_prefix=Value(False))
                    .values_list(*columns, "by_prefix")[:FUZZY_CANDIDATES])
    found: dict[int, tuple[str, str, bool]] = {}
    for pk, name, reversed_name, by_prefix in rows:
        if pk not in found or by_prefix:
            found[pk] = (name, reversed_name, bool(by_prefix))
    return found


def _rank_names(folded: str, candidates: dict[int, tuple[str, str, bool]], limit: int) -> list[int]:
    """The candidates that match, closest first: a name that starts with what was typed, then a name
    with a word in another grammatical case (the same stem: "ozola" -> Ozols, Ozoliņa), then one with a
    typo (a word one edit from the stem: "berzims" -> Bērziņš); within each, by trigram similarity."""
    words = folded.split()
    stems = [name_stem(word) for word in words]
    ranked = []
    for pk, (name, reversed_name, by_prefix) in candidates.items():
        name_words = name.split()
        if name.startswith(folded) or reversed_name.startswith(folded):
            tier = 0
        elif by_prefix:
            tier = 1  # an alias, or the stem as a prefix
        elif all(any(w.startswith(stem) for w in name_words) for stem in stems):
            tier = 1
        elif all(any(within_one_edit(stem, name_stem(w)) or within_one_edit(word, w) for w in name_words)
                 for word, stem in zip(words, stems, strict=True)):
            tier = 2
        else:
            continue
        ranked.append((tier, -word_similarity(folded, name), name, pk))
    ranked.sort()
    return [pk for *_, pk in ranked[:limit]]


def search_persons(user: Any, query: str, *, limit: int = 50, perm: str = "person.view") -> QuerySet[Person]:
    """Persons visible to ``user`` matching ``query``:

    * digits (with or without the hyphen): personal code prefix (6+ digits);
    * ``YYYY-NNNNNN``: case registration number;
    * otherwise: a name, folded (case and diacritics do not matter): prefix of "last first" or
      "first last" or an alias, a word in another grammatical case, or with one typo; closest first.
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
        words = folded.split()
        prefixes = [folded]
        stem = name_stem(words[-1])
        if stem != words[-1]:  # "bērziņam" also as "berzin…", "jāņa" as "jan…"
            prefixes.append(" ".join([*words[:-1], stem]))
        fuzzy = folded if len(words[-1]) >= FUZZY_MIN_LENGTH else ""
        ids = _rank_names(folded, _name_candidates(user, perm, prefixes, fuzzy, limit, base), limit)
        # Closest first (the order of ``ids``), in one query that also loads the case and unit.
        order = DbCase(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], default=Value(len(ids)),
                       output_field=IntegerField())
        return (Person.objects.filter(pk__in=ids).select_related("case", "case__responsible_unit")
                .order_by(order, "pk"))
    return matches.select_related("case", "case__responsible_unit").order_by(
        "search_name", "pk"
    )[:limit]


# --- Cover and allocation -------------------------------------------------------------------------


def covered_officers(user: Any, day: Any) -> list[int]:
    """The officers ``user`` stands in for on ``day`` (cover periods; read by ``core.access``)."""
    from cases.models import CoverPeriod

    return list(CoverPeriod.objects.filter(cover_officer_id=user.pk, starts_on__lte=day, ends_on__gte=day,
                                           ended_at__isnull=True).values_list("absent_officer_id", flat=True))


def unallocated(user: Any, perm: str = "case.transfer") -> QuerySet[Case]:
    """Open case files without a responsible officer in the units where ``user`` may allocate: the
    unit head's allocation queue (new registrations left to the head, transferred-in cases)."""
    return (Case.objects.visible_to(user, perm).filter(status=Case.Status.OPEN, responsible_officer__isnull=True)
            .select_related("person", "responsible_unit").prefetch_related(open_sections_prefetch())
            .order_by("opened_on", "id"))


# --- Case notes -----------------------------------------------------------------------------------


def case_notes(user: Any, case: Case, *, text: str = "", kind: str = "") -> QuerySet[Any]:
    """The notes of a case ``user`` may see, newest first. ``text`` matches the folded text (any case,
    with or without diacritics), only of notes whose sensitive class the user may read: a search never
    tells what a hidden note says."""
    from cases.models import CaseNote
    from core.access import principal

    notes = CaseNote.objects.visible_to(user, "case.view").filter(case=case).select_related("author")
    if kind:
        notes = notes.filter(kind=kind)
    folded = fold(text)
    if folded:
        readable = Q(sensitivity="") | Q(sensitivity__in=sorted(principal(user).sensitivities))
        notes = notes.filter(readable, search_text__contains=folded)
    return notes.order_by("-occurred_on", "-id")


def covers_of(user: Any) -> list[Any]:
    """The cover periods ``user`` is standing in through today, with the absent officers."""
    from django.utils import timezone

    from cases.models import CoverPeriod

    today = timezone.localdate()
    return list(CoverPeriod.objects.filter(cover_officer_id=user.pk, starts_on__lte=today, ends_on__gte=today,
                                           ended_at__isnull=True).select_related("absent_officer"))


def covers_in_units(user: Any, perm: str = "case.transfer") -> QuerySet[Any]:
    """Current and coming cover periods in the units where ``user`` allocates."""
    from django.utils import timezone

    from cases.models import CoverPeriod

    covers = CoverPeriod.objects.filter(ends_on__gte=timezone.localdate(), ended_at__isnull=True)
    units = unit_ids_for(user, perm)
    if units is not None:
        covers = covers.filter(unit_id__in=sorted(units))
    return covers.select_related("absent_officer", "cover_officer", "unit").order_by("starts_on", "id")


def allocating_officers(user: Any, perm: str = "case.transfer") -> QuerySet[User]:
    """Active officers of the units where ``user`` allocates."""
    units = unit_ids_for(user, perm)
    qs = User.objects.filter(is_active=True, is_service_account=False, grants__role__in=OFFICER_ROLES)
    if units is not None:
        qs = qs.filter(home_unit_id__in=units)
    return qs.distinct().select_related("home_unit").order_by("last_name", "first_name")
