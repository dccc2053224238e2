"""Background jobs end to end: a real Celery worker consuming from a real Redis broker, and the
embedded scheduler (``core.jobs.run_due``) that ``make run`` uses instead of ``celery beat``."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from django.utils import timezone

from core import registry
from core.jobs import logged_task, run_due
from core.models import JobRun
from tests.conftest import celery_broker


class ProbeFailure(RuntimeError):
    pass


@logged_task("tests.failing_probe")
def failing_probe(message: str) -> None:
    """A job that always fails: its JobRun must say so."""
    raise ProbeFailure(message)


def wait_for_finished_run(name: str, timeout: float = 120.0) -> JobRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = JobRun.objects.filter(name=name).exclude(status=JobRun.Status.RUNNING).first()
        if run is not None:
            return run
        time.sleep(0.1)
    raise AssertionError(f"no finished run of {name} within {timeout} s: {list(JobRun.objects.values())}")


@pytest.fixture
def redis_broker(settings, redis_url: str, transactional_db) -> Iterator[Callable[[], AbstractContextManager]]:
    """Celery pointed at Redis database 15 (flushed before and after); yields a function that
    starts an in-process worker thread consuming from it."""
    import redis
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    client = redis.Redis.from_url(redis_url)
    client.flushdb()

    @contextmanager
    def worker() -> Iterator[object]:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, loglevel="WARNING",
                          shutdown_timeout=30) as running:
            yield running

    with celery_broker(settings, redis_url):
        try:
            yield worker
        finally:
            client.flushdb()
            client.close()


def _overdue_task(personas) -> object:  # type: ignore[no-untyped-def]
    from tasks import services as task_services

    return task_services.task_create(
        actor=personas.alice, title="Pārbaudīt dzīvesvietu", unit=personas.org.riga_centre,
        due_date=timezone.localdate() - dt.timedelta(days=3), assignee=personas.alice,
    )


@pytest.mark.redis
@pytest.mark.xdist_group("redis")
def test_overdue_scan_runs_through_redis_and_a_real_worker(redis_broker, personas):
    import redis

    from tasks.jobs import flag_overdue_tasks
    from tasks.models import Notification
    from tests.conftest import REDIS_URL

    task = _overdue_task(personas)

    # Sent to the broker, not run in-process: the message waits in Redis until a worker takes it.
    flag_overdue_tasks.delay()
    from config.celery import app

    queue = app.conf.task_default_queue
    assert redis.Redis.from_url(REDIS_URL).llen(queue) == 1
    assert not JobRun.objects.filter(name="tasks.flag_overdue_tasks").exists()

    with redis_broker():
        run = wait_for_finished_run("tasks.flag_overdue_tasks")

    assert run.status == JobRun.Status.OK, run.error
    assert run.finished_at is not None and run.finished_at >= run.started_at
    assert run.result == {"tasks": 1, "notifications": 2}
    task.refresh_from_db()
    assert task.overdue_notified_at is not None
    kinds = dict(Notification.objects.filter(task=task).values_list("user__username", "kind"))
    assert kinds == {"alice": Notification.Kind.OVERDUE, "hanna": Notification.Kind.OVERDUE_UNIT}
    assert redis.Redis.from_url(REDIS_URL).llen(queue) == 0


@pytest.mark.redis
@pytest.mark.xdist_group("redis")
def test_failing_job_is_recorded_as_failed_by_the_worker(redis_broker):
    with redis_broker():
        failing_probe.delay("the probe failed on purpose")
        run = wait_for_finished_run("tests.failing_probe")
    assert run.status == JobRun.Status.FAILED
    assert run.finished_at is not None
    assert "ProbeFailure: the probe failed on purpose" in run.error
    assert run.result is None


def _schedule_name(task_name: str, schedule: dict) -> str:
    names = [name for name, entry in schedule.items() if entry["task"] == task_name]
    assert names, f"{task_name} is not in the beat schedule"
    return names[0]


@pytest.mark.django_db
def test_embedded_scheduler_runs_a_due_job_and_skips_the_rest(settings, personas):
    from config.celery import app
    from tasks.models import Notification

    app.loader.import_default_modules()  # as a fresh web process must (see the next test)
    task = _overdue_task(personas)
    name = _schedule_name("tasks.flag_overdue_tasks", registry.beat_schedule())
    now = timezone.now()
    # Last run long ago: due now. Every other job is seen for the first time, so not yet due.
    last_runs = {name: now - dt.timedelta(days=1)}

    ran = run_due(last_runs, now=now)

    assert ran == [name]
    assert last_runs[name] == now
    assert set(last_runs) == set(registry.beat_schedule())
    run = JobRun.objects.get(name="tasks.flag_overdue_tasks")
    assert run.status == JobRun.Status.OK
    assert Notification.objects.filter(task=task, user=personas.alice).exists()
    # Just ran: not due again a minute later.
    assert run_due(last_runs, now=now + dt.timedelta(minutes=1)) == []
    assert JobRun.objects.filter(name="tasks.flag_overdue_tasks").count() == 1


@pytest.mark.django_db
def test_embedded_scheduler_survives_a_failing_job(monkeypatch):
    monkeypatch.setattr(registry, "beat_schedule", lambda: {
        "probe": {"task": "tests.failing_probe", "schedule": 60.0, "args": ("scheduled failure",)},
        "unknown": {"task": "tests.no_such_task", "schedule": 60.0},
    })
    now = timezone.now()
    last_runs = {"probe": now - dt.timedelta(minutes=5), "unknown": now - dt.timedelta(minutes=5)}

    assert run_due(last_runs, now=now) == []

    run = JobRun.objects.get(name="tests.failing_probe")
    assert run.status == JobRun.Status.FAILED
    assert "scheduled failure" in run.error
    assert last_runs == {"probe": now, "unknown": now}


FRESH_PROCESS_SCRIPT = """
import datetime as dt, json
import django
django.setup()
from celery.app.task import Task
from django.utils import timezone
from core.jobs import run_due
from core.registry import beat_schedule
ran = []
Task.apply = lambda self, *args, **kwargs: ran.append(self.name)
now = timezone.now()
run_due({name: now - dt.timedelta(days=2) for name in beat_schedule()}, now=now)
print(json.dumps(sorted(ran)))
"""


def test_embedded_scheduler_finds_every_scheduled_job_in_a_fresh_process():
    """`make run` starts the scheduler in a web process that never imported the job modules:
    run_due must still find every task of the beat schedule (Celery's autodiscovery is lazy)."""
    from django.conf import settings

    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    done = subprocess.run([sys.executable, "-c", FRESH_PROCESS_SCRIPT], capture_output=True, text=True, env=env,
                          cwd=settings.BASE_DIR, timeout=120)
    assert done.returncode == 0, done.stderr
    ran = json.loads(done.stdout.strip().splitlines()[-1])
    assert ran == sorted(entry["task"] for entry in registry.beat_schedule().values()), done.stderr[-2000:]
    assert "supervision.scan_overdue_contacts" in ran  # a function's job, registered through the seam
