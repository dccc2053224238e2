"""Job runs for operations (issue 14, items 6 and 7): ``manage.py run_job``, the worker that ran a job,
and interrupted runs marked lost instead of staying "running" for ever."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core import jobs
from core.models import JobRun
from tests.test_jobs_redis import redis_broker, wait_for_finished_run  # noqa: F401 - the fixture


@pytest.mark.django_db
def test_run_job_runs_a_scheduled_job_now_and_logs_it(capsys, personas):
    call_command("run_job", "task-overdue-scan")
    run = JobRun.objects.get(name="tasks.flag_overdue_tasks")
    assert run.status == JobRun.Status.OK
    assert run.manual is True
    assert run.worker.startswith("embedded@") and " pid " in run.worker
    assert "task-overdue-scan ok" in capsys.readouterr().out


@pytest.mark.django_db
def test_run_job_accepts_the_task_name_and_lists_the_schedule(capsys):
    call_command("run_job", "--list")
    out = capsys.readouterr().out
    assert "task-overdue-scan" in out and "lost-job-runs" in out and "never run" in out
    call_command("run_job", "core.mark_lost_jobs")
    assert JobRun.objects.get(name="core.mark_lost_jobs").manual


@pytest.mark.django_db
def test_run_job_refuses_an_unknown_name():
    with pytest.raises(CommandError, match="no periodic job 'nightly-nothing'"):
        call_command("run_job", "nightly-nothing")
    assert not JobRun.objects.exists()


@pytest.mark.django_db
def test_a_redelivered_job_marks_the_interrupted_run_lost():
    from tasks.jobs import flag_overdue_tasks

    cut_off = JobRun.objects.create(name="tasks.flag_overdue_tasks", worker="celery@node1 pid 41", task_id="abc-123")
    flag_overdue_tasks.apply(task_id="abc-123")
    cut_off.refresh_from_db()
    assert cut_off.status == JobRun.Status.LOST
    assert "delivered again" in cut_off.error
    again = JobRun.objects.exclude(pk=cut_off.pk).get()
    assert again.status == JobRun.Status.OK and again.task_id == "abc-123"


@pytest.mark.django_db
def test_a_restarted_worker_marks_its_earlier_runs_lost():
    mine = JobRun.objects.create(name="x", worker="celery@node1 pid 41")
    other = JobRun.objects.create(name="x", worker="celery@node10 pid 7")
    assert jobs.mark_lost_on_worker_start("celery@node1") == 1
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.status == JobRun.Status.LOST and "restarted" in mine.error
    assert other.status == JobRun.Status.RUNNING


@pytest.mark.django_db
def test_runs_of_a_dead_worker_and_overlong_runs_are_marked_lost(settings):
    settings.JOB_LOST_AFTER_SECONDS = 3600
    long_ago = timezone.now() - dt.timedelta(hours=3)
    minutes_ago = timezone.now() - dt.timedelta(minutes=5)
    overlong = JobRun.objects.create(name="x", worker="celery@alive pid 1")
    dead = JobRun.objects.create(name="x", worker="celery@dead pid 2")
    alive = JobRun.objects.create(name="x", worker="celery@alive pid 3")
    fresh = JobRun.objects.create(name="x", worker="celery@dead pid 4")  # started seconds ago: grace
    JobRun.objects.filter(pk=overlong.pk).update(started_at=long_ago)
    JobRun.objects.filter(pk__in=[dead.pk, alive.pk]).update(started_at=minutes_ago)
    assert jobs.mark_lost_runs({"celery@alive"}) == 2
    statuses = dict(JobRun.objects.values_list("pk", "status"))
    assert statuses == {overlong.pk: "lost", dead.pk: "lost", alive.pk: "running", fresh.pk: "running"}
    assert "no longer answers" in JobRun.objects.get(pk=dead.pk).error


@pytest.mark.redis
@pytest.mark.xdist_group("redis")
def test_run_job_queue_sends_it_to_a_worker_that_records_itself(redis_broker, capsys):  # noqa: F811
    call_command("run_job", "task-overdue-scan", "--queue")
    assert "sent to the workers" in capsys.readouterr().out
    with redis_broker():
        run = wait_for_finished_run("tasks.flag_overdue_tasks")
    assert run.status == JobRun.Status.OK
    assert run.manual is True
    assert not run.worker.startswith("embedded@") and " pid " in run.worker  # the worker's own name
    assert run.task_id
