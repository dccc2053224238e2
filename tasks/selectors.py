"""Reads for the inbox, tasks and workload."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts import roles
from accounts.models import User
from accounts.roles import Role
from cases import selectors as case_selectors
from cases.kinds import SECTION_KINDS
from cases.models import Case, Section
from core import access, policies
from core.errors import ValidationFailed
from core.text import Latvian
from people.selectors import person_by_code
from tasks.models import IncomingDocument, Task
from tasks.policies import WORKLOAD_WEIGHTS


@dataclass(frozen=True)
class CodeMatch:
    """An exact personal-code match, shown even when the person is not (yet) visible to the user:
    only what is needed to continue the registration (nothing about the case, unit or address)."""

    personal_code: str
    first_name: str
    last_name: str
    birth_date: Any
    has_case: bool
    visible: bool
    person_id: int | None  # only when visible


def code_match(user: Any, raw_code: str) -> CodeMatch | None:
    """Exact lookup by personal code across all persons (the client may not be visible yet)."""
    try:
        person = person_by_code(raw_code)
    except ValidationFailed:
        return None
    if person is None:
        return None
    visible = case_selectors.persons_visible_to(user).filter(pk=person.pk).exists()
    return CodeMatch(
        personal_code=person.personal_code_display, first_name=person.first_name, last_name=person.last_name,
        birth_date=person.birth_date, has_case=Case.objects.filter(person_id=person.pk).exists(),
        visible=visible, person_id=person.pk if visible else None,
    )


TASK_SORTS = {
    "due": ("due_date", "id"), "-due": ("-due_date", "-id"),
    "title": ("title", "id"), "-title": ("-title", "-id"),
    "status": ("status", "due_date", "id"), "-status": ("-status", "due_date", "id"),
    "assignee": ("assignee__last_name", "due_date", "id"), "-assignee": ("-assignee__last_name", "due_date", "id"),
    "created": ("created_at", "id"), "-created": ("-created_at", "-id"),
}

INBOX_SORTS = {
    "received": ("received_at", "id"), "-received": ("-received_at", "-id"),
    "date": ("document_date", "id"), "-date": ("-document_date", "-id"),
    "kind": ("kind", "-received_at"), "-kind": ("-kind", "-received_at"),
    "sender": ("sender", "-received_at"), "-sender": ("-sender", "-received_at"),
    "status": ("status", "-received_at"), "-status": ("-status", "-received_at"),
}


# --- For function apps' jobs: "is there a task of kind X on this section" without touching Task ---


def section_has_task(kind: str, *, open_only: bool = False) -> Exists:
    """An expression for a ``Section`` queryset (``filter`` / ``exclude`` / ``annotate``): the section has a
    task of ``kind`` (a rule code), an open one with ``open_only``. A NOT EXISTS, so that excluding the
    sections that already have one stays an anti-join however many tasks there are."""
    tasks = Task.objects.filter(section=OuterRef("pk"), kind=kind)
    if open_only:
        tasks = tasks.filter(status=Task.Status.OPEN)
    return Exists(tasks)


def sections_with_open_task(kind: str) -> set[int]:
    """The ids of the sections with an open task of ``kind`` (a rule code), in one query: a nightly scan
    compares them with the sections that still need one."""
    return set(Task.objects.open().filter(kind=kind, section__isnull=False).values_list("section_id", flat=True))


def tasks_for(user: Any, view: str) -> QuerySet[Task]:
    """The tasks of a list page: ``mine`` (assigned to me), ``unit`` (my units' tasks), ``overdue``."""
    qs = Task.objects.visible_to(user, roles.TASK_VIEW).for_lists()
    if view == "mine":
        return qs.filter(assignee_id=user.pk)
    units = access.unit_ids_for(user, roles.TASK_VIEW)
    if units is not None:
        qs = qs.filter(unit_id__in=sorted(units))
    if view == "overdue":
        qs = qs.filter(status=Task.Status.OPEN, due_date__lt=timezone.localdate())
    return qs


def filter_tasks(qs: QuerySet[Task], params: Any) -> QuerySet[Task]:
    status = params.get("status", "open")
    if status in Task.Status.values:
        qs = qs.filter(status=status)
    if params.get("due") == "overdue":
        qs = qs.filter(status=Task.Status.OPEN, due_date__lt=timezone.localdate())
    unit = params.get("unit", "")
    if str(unit).isdigit():
        qs = qs.filter(unit_id=int(unit))
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(case__registration_number__icontains=q))
    return qs


# --- Workload -----------------------------------------------------------------------------------

WORKLOAD_ROLES = (Role.OFFICER, Role.SENIOR_OFFICER, Role.UNIT_HEAD)


@dataclass
class OfficerLoad:
    officer: User
    sections: dict[str, int] = field(default_factory=dict)
    weighted: float = 0.0
    open_tasks: int = 0
    overdue_tasks: int = 0

    @property
    def open_sections(self) -> int:
        return sum(self.sections.values())

    def by_kind(self, kinds: list[str]) -> list[int]:
        return [self.sections.get(k, 0) for k in kinds]


def workload(user: Any, unit_id: int | None = None) -> list[OfficerLoad]:
    """Per officer in the units the user may see: open sections by kind, weighted total, tasks."""
    units = access.unit_ids_for(user, roles.WORKLOAD_VIEW)
    today = timezone.localdate()
    officers = User.objects.filter(is_active=True, is_service_account=False, home_unit__isnull=False,
                                   grants__role__in=WORKLOAD_ROLES).select_related("home_unit").distinct()
    if units is not None:
        officers = officers.filter(home_unit_id__in=sorted(units))
    if unit_id is not None:
        officers = officers.filter(home_unit_id=unit_id)
    rows = {o.pk: OfficerLoad(officer=o) for o in officers.order_by(Latvian("last_name"), Latvian("first_name"), "pk")}
    if not rows:
        return []
    ids = list(rows)
    for rec in (Section.objects.open().filter(responsible_officer_id__in=ids)
                .values("responsible_officer_id", "kind").annotate(n=Count("id"))):
        rows[rec["responsible_officer_id"]].sections[rec["kind"]] = rec["n"]
    for rec in (Task.objects.open().filter(assignee_id__in=ids).values("assignee_id")
                .annotate(n=Count("id"), late=Count("id", filter=Q(due_date__lt=today)))):
        rows[rec["assignee_id"]].open_tasks = rec["n"]
        rows[rec["assignee_id"]].overdue_tasks = rec["late"]
    weights = workload_weights()
    for row in rows.values():
        row.weighted = round(sum(n * weights.get(kind, 1.0) for kind, n in row.sections.items()), 2)
    return list(rows.values())


def workload_weights() -> dict[str, float]:
    """The weight of one open section of each kind: the administrator's override (policy
    ``tasks.workload_weights``), else the weight its function declares (``SectionKind.workload_weight``)."""
    overrides = policies.value(WORKLOAD_WEIGHTS.key) or {}
    return {code: float(overrides.get(code, kind.workload_weight)) for code, kind in SECTION_KINDS.items()}


WORKLOAD_SORTS = {
    "name": lambda r: (r.officer.last_name, r.officer.first_name),
    "unit": lambda r: (r.officer.home_unit.name, r.officer.last_name),
    "sections": lambda r: r.open_sections,
    "weighted": lambda r: r.weighted,
    "tasks": lambda r: r.open_tasks,
    "overdue": lambda r: r.overdue_tasks,
}


def sort_workload(rows: list[OfficerLoad], sort: str) -> list[OfficerLoad]:
    key = WORKLOAD_SORTS.get(sort.lstrip("-"))
    if key is None:
        return rows
    return sorted(rows, key=key, reverse=sort.startswith("-"))


def section_kind_columns() -> list[tuple[str, str]]:
    return [(k.code, str(k.short)) for k in SECTION_KINDS.values()]


def inbox_for(user: Any) -> QuerySet[IncomingDocument]:
    return IncomingDocument.objects.visible_to(user, roles.INBOX_VIEW).select_related("routed_unit", "case")
