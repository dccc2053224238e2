"""Background jobs. In production Celery workers run them and ``celery beat`` schedules the
periodic ones that apps registered (``core.registry.periodic``). In the embedded default tasks run
eagerly, and this module runs the same schedule in a thread of the web process."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from django.utils import timezone

from core import context, registry

log = logging.getLogger(__name__)
_started = threading.Event()


def run_due(last_runs: dict[str, dt.datetime], now: dt.datetime | None = None) -> list[str]:
    """Run each scheduled job that is due (by Celery's own schedule objects). Returns the names run."""
    from celery import current_app as app

    app.loader.import_default_modules()  # Celery finds job modules lazily; the schedule needs them now
    now = now or timezone.now()
    ran = []
    for name, entry in registry.beat_schedule().items():
        schedule = entry["schedule"]
        if isinstance(schedule, (int, float)):
            from celery.schedules import schedule as interval

            schedule = interval(dt.timedelta(seconds=schedule))
        last = last_runs.setdefault(name, now)
        due, _next = schedule.is_due(last)
        if not due:
            continue
        last_runs[name] = now
        task = app.tasks.get(entry["task"])
        if task is None:
            log.warning("scheduled job %s names unknown task %s", name, entry["task"])
            continue
        with context.bind(context.RequestContext(request_id=f"job-{name}-{int(time.time())}", channel="job")):
            try:
                task.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
                ran.append(name)
            except Exception:  # a failing job must not stop the scheduler
                log.exception("scheduled job %s failed", name)
    return ran


def _loop(interval: float) -> None:
    last_runs: dict[str, dt.datetime] = {}
    log.info("embedded scheduler started: %s", ", ".join(registry.beat_schedule()))
    while True:
        time.sleep(interval)
        run_due(last_runs)


def start_embedded_scheduler(interval: float = 30.0) -> bool:
    if _started.is_set():
        return False
    _started.set()
    threading.Thread(target=_loop, args=(interval,), name="embedded-scheduler", daemon=True).start()
    return True


_manual = threading.local()


def logged_task(name: str, **task_options):  # type: ignore[no-untyped-def]
    """Declare a Celery task whose every run is recorded in ``JobRun`` (start, end, result, error, the
    worker and process that ran it) and runs with a request context, so that services it calls write a
    proper audit trail.

        @logged_task("tasks.flag_overdue_tasks")
        def flag_overdue_tasks() -> dict: ...

    A job may be delivered again after its worker died (``task_acks_late`` with
    ``task_reject_on_worker_lost``, and the broker's visibility timeout): the interrupted run's row is
    then marked ``lost`` and the job runs again, so jobs must be idempotent.
    """
    from celery import shared_task

    def decorator(fn):  # type: ignore[no-untyped-def]
        import functools
        import traceback

        @shared_task(name=name, **task_options)
        @functools.wraps(fn)
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            from celery import current_task

            from core.models import JobRun

            request = getattr(current_task, "request", None)
            task_id = str(getattr(request, "id", "") or "")[:64]
            manual = bool(getattr(_manual, "on", False) or _header(request, MANUAL_HEADER))
            if task_id:
                # The same message again: the run that took it before was interrupted.
                JobRun.objects.filter(task_id=task_id, status=JobRun.Status.RUNNING).update(
                    status=JobRun.Status.LOST, finished_at=timezone.now(),
                    error="interrupted: the worker running it was lost; the job was delivered again")
            job = JobRun.objects.create(name=name, worker=worker_label(request), task_id=task_id, manual=manual)
            request_id = f"job-{job.pk}"
            with context.bind(context.RequestContext(request_id=request_id, channel="job")):
                try:
                    result = fn(*args, **kwargs)
                except Exception:
                    JobRun.objects.filter(pk=job.pk).update(
                        status=JobRun.Status.FAILED, finished_at=timezone.now(), error=traceback.format_exc()[-4000:]
                    )
                    raise
            JobRun.objects.filter(pk=job.pk).update(
                status=JobRun.Status.OK, finished_at=timezone.now(),
                result=result if isinstance(result, (dict, list, int, str, type(None))) else str(result),
            )
            return result

        return run

    return decorator


MANUAL_HEADER = "probacija_manual"


def _header(request: object, key: str) -> object:
    if request is None:
        return None
    value = getattr(request, key, None)
    if value is None:
        value = (getattr(request, "headers", None) or {}).get(key)
    return value


def worker_label(request: object = None) -> str:
    """``celery@host pid 1234`` for a Celery worker; ``embedded@host pid 1234`` for an in-process run."""
    import os
    import socket

    hostname = getattr(request, "hostname", None)
    if not hostname or getattr(request, "is_eager", False):
        hostname = f"embedded@{socket.gethostname()}"
    return f"{hostname} pid {os.getpid()}"[:200]


# --- Lost runs -------------------------------------------------------------------------------------

def mark_lost_on_worker_start(hostname: str) -> int:
    """A worker (re)starting under ``hostname`` runs nothing yet: its earlier ``running`` rows were cut off."""
    from core.models import JobRun

    count = JobRun.objects.filter(status=JobRun.Status.RUNNING, worker__startswith=f"{hostname} pid ").update(
        status=JobRun.Status.LOST, finished_at=timezone.now(),
        error=f"interrupted: worker {hostname} restarted while the job was running")
    if count:
        log.warning("%d job run(s) of worker %s marked lost at its start", count, hostname)
    return count


def mark_lost_runs(live_workers: set[str] | None = None, older_than: dt.timedelta | None = None) -> int:
    """Mark ``running`` rows as lost when the worker that ran them no longer answers (``live_workers``:
    the names answering ``celery inspect ping``), or when they have run longer than any job may
    (``JOB_LOST_AFTER_SECONDS``). Runs every few minutes (``core.mark_lost_jobs``)."""
    from django.conf import settings

    from core.models import JobRun

    now = timezone.now()
    older_than = older_than or dt.timedelta(seconds=settings.JOB_LOST_AFTER_SECONDS)
    running = JobRun.objects.filter(status=JobRun.Status.RUNNING)
    lost = 0
    lost += running.filter(started_at__lt=now - older_than).update(
        status=JobRun.Status.LOST, finished_at=now,
        error=f"interrupted: still running after {int(older_than.total_seconds())} s")
    if live_workers is not None:
        grace = now - dt.timedelta(seconds=60)
        for row in running.filter(started_at__lt=grace).exclude(worker__startswith="embedded@").only("pk", "worker"):
            if row.worker.split(" pid ")[0] not in live_workers:
                lost += JobRun.objects.filter(pk=row.pk, status=JobRun.Status.RUNNING).update(
                    status=JobRun.Status.LOST, finished_at=now,
                    error=f"interrupted: worker {row.worker} no longer answers")
    if lost:
        log.warning("%d job run(s) marked lost", lost)
    return lost


def live_workers(timeout: float = 2.0) -> set[str] | None:
    """The Celery workers answering a ping, or None when that cannot be known (eager mode, no broker)."""
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    from celery import current_app as app

    try:
        replies = app.control.ping(timeout=timeout) or []
    except Exception:  # noqa: BLE001 - the broker is down: judge by age only
        return None
    return {name for reply in replies for name in reply}


def run_now(name: str, *, queue: bool = False) -> object:
    """Run the periodic job ``name`` (a name from ``core.registry.beat_schedule()``) now, by hand, logged
    like the scheduled run (a ``JobRun`` row with ``manual`` set). In-process by default; ``queue=True``
    sends it to the workers instead. Returns the result, or the Celery task id when queued."""
    from celery import current_app as app

    app.loader.import_default_modules()
    entry = registry.beat_schedule().get(name)
    if entry is None:
        raise KeyError(name)
    task = app.tasks.get(entry["task"])
    if task is None:
        raise LookupError(entry["task"])
    args, kwargs = entry.get("args", ()), entry.get("kwargs", {})
    if queue:
        return task.apply_async(args=args, kwargs=kwargs, headers={MANUAL_HEADER: True}).id
    _manual.on = True
    try:
        with context.bind(context.RequestContext(request_id=f"manual-{name}-{int(time.time())}", channel="job")):
            outcome = task.apply(args=args, kwargs=kwargs)
    finally:
        _manual.on = False
    if outcome.failed():
        raise RuntimeError(f"{name} failed: {outcome.result!r}")
    return outcome.result
