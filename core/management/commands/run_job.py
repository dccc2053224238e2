"""``manage.py run_job NAME [--queue]``: run a periodic job now, logged like the scheduled run (a
``JobRun`` row, marked as started by hand). ``manage.py run_job --list`` lists the names (those of
``core.registry.beat_schedule()``, the schedule ``celery beat`` and the embedded scheduler follow) with
each job's last run."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import jobs, registry
from core.models import JobRun


class Command(BaseCommand):
    help = "Run a periodic job now (in this process, or on the workers with --queue); --list lists them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", nargs="?", default="")
        parser.add_argument("--list", action="store_true", help="the periodic jobs and their last runs")
        parser.add_argument("--queue", action="store_true",
                            help="send it to the Celery workers instead of running it here")

    def handle(self, *args: Any, **options: Any) -> None:
        schedule = registry.beat_schedule()
        if options["list"] or not options["name"]:
            for name, entry in sorted(schedule.items()):
                last = JobRun.objects.filter(name=entry["task"]).first()
                when = f"{last.status} {last.started_at:%Y-%m-%d %H:%M:%S} on {last.worker}" if last else "never run"
                self.stdout.write(f"{name:32} {entry['task']:40} {when}")
            if not options["list"]:
                raise CommandError("name a job (manage.py run_job --list shows them)")
            return
        name = options["name"]
        if name not in schedule:
            # The Celery task name works too (JobRun rows carry it).
            by_task = [key for key, entry in schedule.items() if entry["task"] == name]
            if not by_task:
                raise CommandError(f"no periodic job {name!r}; manage.py run_job --list shows them")
            name = by_task[0]
        try:
            outcome = jobs.run_now(name, queue=options["queue"])
        except Exception as exc:  # noqa: BLE001 - the JobRun row holds the traceback
            raise CommandError(f"{name} failed: {type(exc).__name__}: {exc}") from None
        if options["queue"]:
            self.stdout.write(f"{name} sent to the workers (task id {outcome})")
            return
        run = JobRun.objects.filter(name=schedule[name]["task"], manual=True).first()
        self.stdout.write(f"{name} {run.status if run else 'ran'}: {outcome!r}")
