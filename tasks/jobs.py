"""Background jobs of the management module (scheduled in settings ``CELERY_BEAT_SCHEDULE``)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Grant
from accounts.roles import Role
from core import calendar, policies
from core.jobs import logged_task
from tasks.models import Notification, Task
from tasks.policies import REMINDER_WORKING_DAYS


def _notify(rows: list[Notification]) -> int:
    """Insert notifications, skipping any already sent (the unique key is user, task, kind, day)."""
    created = 0
    for row in rows:
        try:
            with transaction.atomic():
                row.save()
            created += 1
        except IntegrityError:
            continue
    return created


def unit_heads(unit_ids: set[int], today: dt.date) -> dict[int, set[int]]:
    heads: dict[int, set[int]] = {}
    grants = Grant.objects.filter(role=Role.UNIT_HEAD, org_unit_id__in=sorted(unit_ids), user__is_active=True,
                                  valid_from__lte=today).exclude(valid_until__lt=today)
    for unit_id, user_id in grants.values_list("org_unit_id", "user_id"):
        heads.setdefault(unit_id, set()).add(user_id)
    return heads


def send_task_reminders_now(today: dt.date | None = None) -> dict[str, int]:
    """Remind assignees of open tasks due within N working days, and of overdue ones; once a day."""
    today = today or timezone.localdate()
    horizon = calendar.add_working_days(today, int(policies.value(REMINDER_WORKING_DAYS.key)))
    due = Task.objects.open().filter(assignee__isnull=False, due_date__lte=horizon).exclude(reminded_on=today)
    rows = []
    ids = []
    for task in due.only("id", "assignee_id", "due_date"):
        kind = Notification.Kind.OVERDUE if task.due_date < today else Notification.Kind.DUE_SOON
        rows.append(Notification(user_id=task.assignee_id, task_id=task.pk, kind=kind, day=today))
        ids.append(task.pk)
    with transaction.atomic():
        sent = _notify(rows)
        Task.objects.filter(pk__in=ids).update(reminded_on=today)
    return {"tasks": len(ids), "notifications": sent}


def flag_overdue_tasks_now(today: dt.date | None = None) -> dict[str, int]:
    """When a task becomes overdue, tell its assignee and the head of its unit, once."""
    today = today or timezone.localdate()
    late = list(Task.objects.open().filter(due_date__lt=today, overdue_notified_at__isnull=True)
                .only("id", "assignee_id", "unit_id"))
    heads = unit_heads({t.unit_id for t in late}, today)
    rows = []
    for task in late:
        if task.assignee_id:
            rows.append(Notification(user_id=task.assignee_id, task_id=task.pk, kind=Notification.Kind.OVERDUE,
                                     day=today))
        for head in heads.get(task.unit_id, set()) - {task.assignee_id}:
            rows.append(Notification(user_id=head, task_id=task.pk, kind=Notification.Kind.OVERDUE_UNIT, day=today))
    with transaction.atomic():
        sent = _notify(rows)
        Task.objects.filter(pk__in=[t.pk for t in late]).update(overdue_notified_at=timezone.now())
    return {"tasks": len(late), "notifications": sent}


@logged_task("tasks.send_task_reminders")
def send_task_reminders() -> dict[str, int]:
    return send_task_reminders_now()


@logged_task("tasks.flag_overdue_tasks")
def flag_overdue_tasks() -> dict[str, int]:
    return flag_overdue_tasks_now()
