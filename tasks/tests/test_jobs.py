import datetime as dt

import pytest

from core.models import JobRun
from tasks import jobs, services
from tasks.models import Notification, Task

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 14)  # a Wednesday


def _task(personas, due, assignee=None, unit=None):
    return services.task_create(actor=personas.hanna, title=f"Due {due}", unit=unit or personas.org.riga_centre,
                                due_date=due, assignee=assignee)


def test_reminders_for_due_soon_and_overdue_once_a_day(personas):
    soon = _task(personas, dt.date(2026, 1, 16), personas.alice)  # 2 working days ahead
    late = _task(personas, dt.date(2026, 1, 12), personas.alice)
    far = _task(personas, dt.date(2026, 1, 30), personas.alice)
    unassigned = _task(personas, dt.date(2026, 1, 15))
    result = jobs.send_task_reminders_now(TODAY)
    assert result == {"tasks": 2, "notifications": 2}
    kinds = dict(Notification.objects.values_list("task_id", "kind"))
    assert kinds == {soon.pk: "due_soon", late.pk: "overdue"}
    assert far.pk not in kinds and unassigned.pk not in kinds
    assert jobs.send_task_reminders_now(TODAY) == {"tasks": 0, "notifications": 0}
    # The next day they are reminded again.
    assert jobs.send_task_reminders_now(TODAY + dt.timedelta(days=1))["notifications"] == 2
    assert Notification.objects.count() == 4


def test_closed_tasks_get_no_reminders(personas):
    task = _task(personas, dt.date(2026, 1, 15), personas.alice)
    services.task_complete(actor=personas.alice, task=task, outcome="done", expected_version=task.version)
    assert jobs.send_task_reminders_now(TODAY)["notifications"] == 0


def test_overdue_flag_tells_assignee_and_unit_head_once(personas):
    late = _task(personas, dt.date(2026, 1, 12), personas.alice)
    other_unit = _task(personas, dt.date(2026, 1, 12), personas.carol, unit=personas.org.liepaja)
    _task(personas, dt.date(2026, 1, 20), personas.alice)
    result = jobs.flag_overdue_tasks_now(TODAY)
    assert result["tasks"] == 2
    rows = set(Notification.objects.values_list("user__username", "task_id", "kind"))
    assert rows == {
        ("alice", late.pk, "overdue"), ("hanna", late.pk, "overdue_unit"),
        ("carol", other_unit.pk, "overdue"), ("otto", other_unit.pk, "overdue_unit"),
    }
    assert jobs.flag_overdue_tasks_now(TODAY + dt.timedelta(days=1)) == {"tasks": 0, "notifications": 0}
    assert Task.objects.filter(overdue_notified_at__isnull=False).count() == 2


def test_jobs_are_registered_celery_tasks_and_logged(personas):
    import tasks.tasks  # noqa: F401 - what autodiscovery imports
    from config.celery import app

    assert "tasks.send_task_reminders" in app.tasks and "tasks.flag_overdue_tasks" in app.tasks
    _task(personas, dt.date(2020, 1, 6), personas.alice)
    app.tasks["tasks.flag_overdue_tasks"].apply()
    app.tasks["tasks.send_task_reminders"].apply()
    runs = dict(JobRun.objects.values_list("name", "status"))
    assert runs == {"tasks.flag_overdue_tasks": "ok", "tasks.send_task_reminders": "ok"}
    assert Notification.objects.filter(user=personas.alice, kind="overdue").count() == 1
