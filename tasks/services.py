"""State changes for the inbox and tasks. Keyword-only, the actor named, one transaction, change
log + case timeline event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import OrgUnit, User
from cases import timeline
from cases.kinds import BasisType
from cases.models import Case, Section
from cases.services import client_register, section_open, unit_for_person
from core import access, audit
from core.concurrency import bump, lock
from core.errors import Conflict, PermissionDenied, ValidationFailed
from core.files import check_upload
from core.models import ChangeLog
from people.identity import parse_personal_code
from people.models import Person
from people.selectors import person_by_code
from tasks import rules
from tasks.models import IncomingDocument, Notification, Task

# The basis document type a section gets from the kind of the incoming document.
BASIS_FOR_KIND: dict[str, str] = {
    IncomingDocument.Kind.COURT_RULING: BasisType.COURT_RULING,
    IncomingDocument.Kind.PROSECUTOR_DECISION: BasisType.PROSECUTOR_DECISION,
    IncomingDocument.Kind.EVALUATION_REQUEST: BasisType.EVALUATION_REQUEST,
    IncomingDocument.Kind.PRISON_REQUEST: BasisType.PRISON_REQUEST,
    IncomingDocument.Kind.OTHER: BasisType.OTHER,
}


def _user(actor: Any) -> User | None:
    return actor if getattr(actor, "pk", None) else None


def _check_assignee(assignee: User | None, field: str = "assignee") -> None:
    if assignee is None:
        return
    if not assignee.is_active or assignee.is_service_account or not assignee.home_unit_id:
        raise ValidationFailed("assignee_inactive", _("Choose an active member of staff."), field=field)
    if not access.has_perm(assignee, roles.TASK_WORK):
        raise ValidationFailed("assignee_cannot_work", _("This person cannot work on tasks."), field=field)


def _task_emit(code: str, task: Task, actor: Any, **data: Any) -> None:
    if task.case_id:
        timeline.emit(code, case=task.case, section=task.section, actor=actor, title=task.display_title, **data)


# --- Tasks --------------------------------------------------------------------------------------


@transaction.atomic
def task_create(*, actor: Any, title: str, unit: OrgUnit, due_date: dt.date, kind: str = "",
                case: Case | None = None, section: Section | None = None,
                inbox_item: IncomingDocument | None = None, assignee: User | None = None,
                description: str = "") -> Task:
    title = (title or "").strip()
    if not title:
        raise ValidationFailed("title_required", _("Enter the task."), field="title")
    if due_date is None:
        raise ValidationFailed("due_date_required", _("Enter the due date."), field="due_date")
    if unit is None or unit.kind != OrgUnit.Kind.UNIT:
        raise ValidationFailed("unit_kind", _("Choose a territorial unit."), field="unit")
    _check_assignee(assignee)
    if section is not None and case is None:
        case = section.case
    if section is not None and case is not None and section.case_id != case.pk:
        raise ValidationFailed("section_other_case", _("The section belongs to another case file."), field="section")
    task = Task.objects.create(
        title=title[:200], kind=kind, description=description, case=case, section=section, inbox_item=inbox_item,
        unit=unit, assignee=assignee, due_date=due_date, created_by=_user(actor),
    )
    audit.record(actor=actor, verb="task_create", instance=task, action="create", after=audit.snapshot(task))
    _task_emit("task_created", task, actor, due=due_date.strftime("%d.%m.%Y"))
    return task


@transaction.atomic
def task_assign(*, actor: Any, task: Task, assignee: User | None, expected_version: int | None) -> Task:
    """Give the task to a member of staff in a unit the actor manages (``task.assign``)."""
    if not access.has_perm(actor, roles.TASK_ASSIGN):
        raise PermissionDenied()
    task = lock(task, expected_version)
    if not task.is_open:
        raise Conflict("task_not_open", _("This task is already done or cancelled."), field="assignee")
    if assignee is None:
        raise ValidationFailed("assignee_required", _("Choose who will do the task."), field="assignee")
    _check_assignee(assignee)
    managed = access.unit_ids_for(actor, roles.TASK_ASSIGN)
    if managed is not None and assignee.home_unit_id not in managed:
        raise ValidationFailed("assignee_other_unit", _("Choose someone in a unit you manage."), field="assignee")
    before = audit.snapshot(task)
    task.assignee = assignee
    if assignee.home_unit and assignee.home_unit.kind == OrgUnit.Kind.UNIT:
        task.unit = assignee.home_unit
    bump(task)
    task.save()
    audit.record(actor=actor, verb="task_assign", instance=task, before=before, after=audit.snapshot(task))
    _task_emit("task_assigned", task, actor, assignee=str(assignee))
    return task


def _close(task: Task, *, actor: Any, status: str, outcome: str) -> Task:
    before = audit.snapshot(task)
    task.status = status
    task.outcome = outcome[:500]
    task.completed_by = _user(actor)
    task.completed_at = timezone.now()
    bump(task)
    task.save()
    audit.record(actor=actor, verb=f"task_{'complete' if status == Task.Status.DONE else 'cancel'}",
                 instance=task, before=before, after=audit.snapshot(task))
    if status == Task.Status.DONE:
        _task_emit("task_completed", task, actor, outcome=task.outcome)
    else:
        _task_emit("task_cancelled", task, actor, reason=task.outcome)
    return task


@transaction.atomic
def task_complete(*, actor: Any, task: Task, outcome: str, expected_version: int | None) -> Task:
    task = lock(task, expected_version)
    if not task.is_open:
        raise Conflict("task_not_open", _("This task is already done or cancelled."), field="outcome")
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationFailed("outcome_required", _("Describe the outcome."), field="outcome")
    return _close(task, actor=actor, status=Task.Status.DONE, outcome=outcome)


@transaction.atomic
def task_cancel(*, actor: Any, task: Task, reason: str, expected_version: int | None) -> Task:
    """Cancel a task: by someone who assigns tasks, or by the person who created it."""
    if not access.has_perm(actor, roles.TASK_ASSIGN) and task.created_by_id != getattr(actor, "pk", None):
        raise PermissionDenied()
    task = lock(task, expected_version)
    if not task.is_open:
        raise Conflict("task_not_open", _("This task is already done or cancelled."), field="reason")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason_required", _("Give the reason for cancelling."), field="reason")
    return _close(task, actor=actor, status=Task.Status.CANCELLED, outcome=reason)


# --- Tasks in bulk (jobs and function apps: they never write tasks.Task themselves) --------------

BATCH = 2000


@dataclass(frozen=True)
class NewTask:
    """One task of a rule to create in bulk (``tasks_create_many``)."""

    unit_id: int
    case_id: int | None = None
    section_id: int | None = None
    assignee_id: int | None = None
    description: str = ""


def tasks_create_many(*, actor: Any, rule_code: str, items: Sequence[NewTask], due_date: dt.date | None = None,
                      start: dt.date | None = None) -> int:
    """Create the tasks of a rule for many records at once (a nightly scan): the title is the rule's, the
    due date given or counted by the rule's deadline policy from ``start`` (today by default). One INSERT,
    change-log rows and timeline events per batch; returns how many were created."""
    rule = rules.RULES[rule_code]
    with translation.override(None):
        title = str(rule.title)
    due = due_date or rule.due_date(start or timezone.localdate())
    created = 0
    with transaction.atomic():
        for first in range(0, len(items), BATCH):
            chunk = items[first:first + BATCH]
            tasks = Task.objects.bulk_create([
                Task(title=title[:200], kind=rule_code, case_id=item.case_id, section_id=item.section_id,
                     unit_id=item.unit_id, assignee_id=item.assignee_id, due_date=due, description=item.description,
                     created_by=_user(actor))
                for item in chunk])
            audit.record_many(actor=actor, verb="task_create", instances=list[Any](tasks))
            with_case = Task.objects.filter(pk__in=[t.pk for t in tasks], case__isnull=False).select_related(
                "case", "section")
            timeline.emit_many("task_created", actor=actor, items=[
                (t.case, t.section, {"title": title, "due": due.strftime("%d.%m.%Y")}) for t in with_case])
            created += len(tasks)
    return created


def tasks_complete_open(*, actor: Any, kinds: Iterable[str], outcome: str, section: Section | None = None,
                        sections: Iterable[int] | QuerySet[Section] | None = None,
                        ids: Iterable[int] | None = None) -> int:
    """Complete the open tasks of the given kinds (rule codes): those of ``section``, of ``sections`` (ids,
    or a Section queryset used as a subquery, e.g. "the still open ones of these"), or those with the given
    ``ids``: the event that fulfils a rule's task closes it. Set-based (one UPDATE per batch), with
    change-log rows and timeline events; returns how many were completed."""
    open_tasks = Task.objects.filter(status=Task.Status.OPEN, kind__in=list(kinds))
    if section is not None:
        open_tasks = open_tasks.filter(section=section)
    if sections is not None:
        open_tasks = open_tasks.filter(section__in=sections if isinstance(sections, QuerySet) else list(sections))
    if ids is not None:
        open_tasks = open_tasks.filter(pk__in=list(ids))
    elif section is None and sections is None:
        raise ValueError("name the section(s) or the tasks")
    pending = list(open_tasks.values_list("pk", flat=True))
    completed = 0
    now = timezone.now()
    with transaction.atomic():
        for first in range(0, len(pending), BATCH):
            chunk = pending[first:first + BATCH]
            Task.objects.filter(pk__in=chunk, status=Task.Status.OPEN).update(
                status=Task.Status.DONE, outcome=outcome[:500], completed_at=now, completed_by=_user(actor),
                version=F("version") + 1)
            done = list(Task.objects.filter(pk__in=chunk).select_related("case", "section"))
            audit.record_many(actor=actor, verb="task_complete", instances=list[Any](done),
                              action=ChangeLog.Action.UPDATE)
            timeline.emit_many("task_completed", actor=actor, items=[
                (t.case, t.section, {"title": t.display_title, "outcome": t.outcome}) for t in done if t.case_id])
            completed += len(done)
    return completed


# --- Inbox --------------------------------------------------------------------------------------


def _required(value: str, code: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(code, message, field=field)
    return value


@transaction.atomic
def inbox_receive(*, actor: Any, kind: str, sender: str, sender_reference: str, document_date: dt.date | None,
                  file: Any, routed_unit: OrgUnit | None, channel: str = IncomingDocument.Channel.UI,
                  metadata: dict[str, Any] | None = None, hint_personal_code: str = "", hint_first_name: str = "",
                  hint_last_name: str = "", hint_birth_date: dt.date | None = None,
                  received_at: dt.datetime | None = None) -> IncomingDocument:
    """A document arrives (typed in by staff or posted by an integration); the rules make its tasks."""
    if kind not in IncomingDocument.Kind.values:
        raise ValidationFailed("kind_unknown", _("Choose the kind of document."), field="kind")
    sender = _required(sender, "sender_required", _("Enter who sent the document."), "sender")
    reference = _required(sender_reference, "sender_reference_required", _("Enter the document's number."),
                          "sender_reference")
    today = timezone.localdate()
    if document_date is None:
        raise ValidationFailed("document_date_required", _("Enter the document date."), field="document_date")
    if document_date > today:
        raise ValidationFailed("document_date_future", _("The document date cannot be in the future."),
                               field="document_date")
    if hint_birth_date and hint_birth_date > today:
        raise ValidationFailed("hint_birth_date_future", _("The date of birth cannot be in the future."),
                               field="hint_birth_date")
    code = ""
    if (hint_personal_code or "").strip():
        try:
            code = parse_personal_code(hint_personal_code).compact
        except ValidationFailed as exc:
            raise ValidationFailed(exc.code, exc.message, field="hint_personal_code") from None
    if routed_unit is None:
        raise ValidationFailed("unit_required", _("Choose the unit the document is for."), field="routed_unit")
    if routed_unit.kind != OrgUnit.Kind.UNIT or not routed_unit.active:
        raise ValidationFailed("unit_kind", _("Choose an active territorial unit."), field="routed_unit")
    if channel not in IncomingDocument.Channel.values:
        raise ValidationFailed("channel_unknown", "Unknown channel", field="channel")
    checked = check_upload(file, field="file")
    item = IncomingDocument(
        kind=kind, sender=sender[:200], sender_reference=reference[:80], document_date=document_date,
        received_at=received_at or timezone.now(), channel=channel, metadata=metadata or {},
        hint_personal_code=code, hint_first_name=(hint_first_name or "").strip()[:100],
        hint_last_name=(hint_last_name or "").strip()[:100], hint_birth_date=hint_birth_date,
        routed_unit=routed_unit, created_by=_user(actor),
        file_name=(getattr(file, "name", "") or "")[:255], file_type=checked.type.code, file_sha256=checked.sha256,
    )
    item.file.save(getattr(file, "name", "") or f"document.{checked.type.code}", file, save=False)
    item.save()
    audit.record(actor=actor, verb="inbox_receive", instance=item, action="create", after=audit.snapshot(item))
    rules.fire(rules.INBOX_RECEIVED, actor=actor, item=item)
    return item


def route_unit(*, personal_code: str = "", municipality: str = "", unit_code: str = "") -> OrgUnit:
    """Where an incoming document goes: the unit covering the residence of the registered person
    with this personal code, else the unit covering the hinted municipality, else the named unit."""
    if (personal_code or "").strip():
        try:
            person = person_by_code(personal_code)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.code, exc.message, field="hint_personal_code") from None
        unit = unit_for_person(person) if person is not None else None
        if unit is not None:
            return unit
    if (municipality or "").strip():
        for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, active=True).only("id", "code", "municipalities",
                                                                                     "kind", "active", "name"):
            if municipality.strip() in (unit.municipalities or []):
                return unit
    if (unit_code or "").strip():
        unit = OrgUnit.objects.filter(code=unit_code.strip(), kind=OrgUnit.Kind.UNIT, active=True).first()
        if unit is None:
            raise ValidationFailed("unit_unknown", _("No active territorial unit has this code."), field="unit_code")
        return unit
    raise ValidationFailed("unit_required", _("The document cannot be routed: give unit_code."), field="unit_code")


def _close_item_tasks(item: IncomingDocument, *, actor: Any, status: str, outcome: str,
                      case: Case | None = None) -> None:
    for task in Task.objects.select_for_update().filter(inbox_item=item, status=Task.Status.OPEN,
                                                        kind=rules.OPEN_CASE_FILE):
        if case is not None:
            task.case = case
        _close(task, actor=actor, status=status, outcome=outcome)


@transaction.atomic
def inbox_reject(*, actor: Any, item: IncomingDocument, reason: str,
                 expected_version: int | None) -> IncomingDocument:
    """Refuse a document that is not ours (wrong addressee, duplicate...). Its tasks are cancelled."""
    item = lock(item, expected_version)
    if item.status != IncomingDocument.Status.NEW:
        raise Conflict("inbox_not_new", _("This document has already been handled."), field="reason")
    reason = _required(reason, "reason_required", _("Give the reason for rejecting the document."), "reason")
    before = audit.snapshot(item)
    item.status = IncomingDocument.Status.REJECTED
    item.rejection_reason = reason
    item.handled_by = _user(actor)
    item.handled_at = timezone.now()
    bump(item)
    item.save()
    audit.record(actor=actor, verb="inbox_reject", instance=item, before=before, after=audit.snapshot(item))
    _close_item_tasks(item, actor=actor, status=Task.Status.CANCELLED, outcome=reason)
    return item


@transaction.atomic
def inbox_register(*, actor: Any, item: IncomingDocument, expected_version: int | None, section_kind: str,
                   person: Person | None = None, new_person: dict[str, Any] | None = None,
                   responsible_officer: User | None = None, basis_type: str | None = None,
                   basis_in_force: dt.date | None = None, start_date: dt.date | None = None,
                   planned_end_date: dt.date | None = None, to_allocation_queue: bool = False) -> IncomingDocument:
    """Register an incoming document: the person (found or created) and the case file (the existing one,
    or a new one) through ``cases.services.client_register``, the section with the document as its legal
    basis; completes the rule's task. A case file is never left without a responsible officer unless the
    user chooses the unit head's allocation queue (``to_allocation_queue``)."""
    item = lock(item, expected_version)
    if item.status != IncomingDocument.Status.NEW:
        raise Conflict("inbox_not_new", _("This document has already been handled."))
    if person is None and new_person is None:
        raise ValidationFailed("person_required", _("Find the person or enter a new one."), field="person")
    # The person (found, or new under the rules of every registration) and their case file: the one they
    # have, or a new one in the unit covering their residence, else the unit the document was routed to.
    person_data = (new_person or {}) if person is None else {}
    registration = client_register(actor=actor, person=person, fallback_unit=item.routed_unit,
                                   responsible_officer=responsible_officer, reuse_case=True, **person_data)
    case = registration.case
    if (not registration.case_opened and responsible_officer is not None
            and responsible_officer.home_unit_id != case.responsible_unit_id):
        raise ValidationFailed("officer_other_unit",
                               _("The client's case file is in another unit: choose an officer of that unit."),
                               field="responsible_officer")
    if responsible_officer is None and case.responsible_officer_id is None and not to_allocation_queue:
        raise ValidationFailed("officer_required",
                               _("Choose the responsible officer, or leave the case file to the unit head's "
                                 "allocation queue."), field="responsible_officer")
    section = section_open(
        actor=actor, case=case, kind=section_kind, basis_type=basis_type or BASIS_FOR_KIND[item.kind],
        basis_number=item.sender_reference, basis_date=item.document_date, basis_issuer=item.sender,
        basis_in_force=basis_in_force, responsible_officer=responsible_officer, start_date=start_date,
        planned_end_date=planned_end_date,
    )
    before = audit.snapshot(item)
    item.status = IncomingDocument.Status.REGISTERED
    item.case = case
    item.section = section
    item.handled_by = _user(actor)
    item.handled_at = timezone.now()
    bump(item)
    item.save()
    audit.record(actor=actor, verb="inbox_register", instance=item, before=before, after=audit.snapshot(item))
    timeline.emit("inbox_registered", case=case, section=section, actor=actor, document=str(item),
                  sender=item.sender)
    _close_item_tasks(item, actor=actor, status=Task.Status.DONE, outcome=rules.OUTCOME_REGISTERED, case=case)
    return item


@transaction.atomic
def notifications_mark_read(*, actor: Any, ids: list[int] | None = None) -> int:
    """Mark the actor's own unread notifications read (``ids=None``: all of them); audited, one
    change-log row per notification. Someone else's notification is never touched."""
    qs = Notification.objects.select_for_update().filter(user_id=actor.pk, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    notes = list(qs.order_by("pk"))
    if not notes:
        return 0
    now = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in notes]).update(read_at=now)
    for note in notes:
        note.read_at = now
    audit.record_many(actor=actor, verb="notification_read", instances=notes, action=audit.ChangeLog.Action.UPDATE)
    return len(notes)
