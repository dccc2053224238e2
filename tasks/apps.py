from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Tasks and inbox")

    def ready(self) -> None:
        # Timeline event types and rule subscriptions must exist before any service runs; the jobs
        # are imported so that a process that never ran Celery's (lazy) autodiscovery, such as
        # the embedded scheduler in a web process, still knows them.
        from tasks import events, jobs, rules  # noqa: F401
