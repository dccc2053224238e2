"""``manage.py serve``: the development server plus the embedded job scheduler (make run)."""

from typing import Any

from django.conf import settings
from django.core.management.commands.runserver import Command as RunserverCommand
from django.utils.module_loading import import_string

from core import jobs, registry


class Command(RunserverCommand):
    help = "Run the web app and, in the embedded mode, its periodic background jobs in-process."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--banner-file", default="",
                            help="a text file to print once the server listens (make run: the demo logins)")

    def execute(self, *args: Any, **options: Any) -> Any:
        self._banner_file = options.get("banner_file") or ""
        return super().execute(*args, **options)

    def on_bind(self, server_port: int) -> None:
        super().on_bind(server_port)
        mode = "debug pages ON (development)" if settings.DEBUG else "debug pages off, as in production"
        self.stdout.write(f"Mode: {mode}.")
        if self._banner_file:
            try:
                with open(self._banner_file, encoding="utf-8") as banner:
                    self.stdout.write("\n" + banner.read().rstrip())
            except OSError:
                pass
        self.stdout.write(f"\nOpen http://{getattr(self, 'addr', '127.0.0.1')}:{server_port}/ and sign in.")

    def inner_run(self, *args: Any, **options: Any) -> None:
        if settings.EMBEDDED_SCHEDULER and jobs.start_embedded_scheduler():
            self.stdout.write("Background jobs: embedded scheduler running (eager Celery tasks).")
        if settings.EMBEDDED_SCHEDULER:
            for service in registry.background_services():
                import_string(service.start)()
                self.stdout.write(f"Background service: {service.name} running in-process.")
        super().inner_run(*args, **options)
