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


def logged_task(name: str, **task_options):  # type: ignore[no-untyped-def]
    """Declare a Celery task whose every run is recorded in ``JobRun`` (start, end, result, error)
    and runs with a request context, so that services it calls write a proper audit trail.

        @logged_task("tasks.flag_overdue_tasks")
        def flag_overdue_tasks() -> dict: ...
    """
    from celery import shared_task

    def decorator(fn):  # type: ignore[no-untyped-def]
        import functools
        import socket
        import traceback

        @shared_task(name=name, **task_options)
        @functools.wraps(fn)
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            from core.models import JobRun

            job = JobRun.objects.create(name=name, worker=socket.gethostname()[:200])
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
