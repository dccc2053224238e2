"""``manage.py serve``: the development server plus the embedded job scheduler (make run)."""

from typing import Any

from django.conf import settings
from django.core.management.commands.runserver import Command as RunserverCommand
from django.utils.module_loading import import_string

from core import jobs, registry


class Command(RunserverCommand):
    help = "Run the web app and, in the embedded mode, its periodic background jobs in-process."

    def inner_run(self, *args: Any, **options: Any) -> None:
        if settings.EMBEDDED_SCHEDULER and jobs.start_embedded_scheduler():
            self.stdout.write("Background jobs: embedded scheduler running (eager Celery tasks).")
        if settings.EMBEDDED_SCHEDULER:
            for service in registry.background_services():
                import_string(service.start)()
                self.stdout.write(f"Background service: {service.name} running in-process.")
        super().inner_run(*args, **options)
