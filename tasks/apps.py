from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Tasks and inbox")

    def ready(self) -> None:
        # Timeline event types and rule subscriptions must exist before any service runs; the jobs
        # are imported so that a process that never ran Celery's (lazy) autodiscovery, such as
        # the embedded scheduler in a web process, still knows them.
        from celery.schedules import crontab

        from accounts.roles import INBOX_VIEW, TASK_VIEW, WORKLOAD_VIEW
        from cases import functions
        from core import registry
        from tasks import events, jobs, rules  # noqa: F401

        registry.mount_urls("tasks/", "tasks.urls")
        registry.mount_api("/tasks", "tasks.api.router")
        registry.mount_api("/inbox", "tasks.api.inbox_router")
        registry.nav("tasks:mine", _("Tasks"), permission=TASK_VIEW, order=40)
        registry.nav("tasks:inbox", _("Inbox"), permission=INBOX_VIEW, order=50)
        registry.nav("tasks:workload", _("Workload"), permission=WORKLOAD_VIEW, order=60)
        registry.landing("tasks:mine", permission=TASK_VIEW, order=30)
        registry.landing("tasks:workload", permission=WORKLOAD_VIEW, order=70)
        registry.periodic("task-reminders", "tasks.send_task_reminders", crontab(minute="0", hour="7"))
        registry.periodic("task-overdue-scan", "tasks.flag_overdue_tasks", crontab(minute="*/30"))
        functions.add_tab(functions.Tab("tasks", _("Tasks"), "tasks:case_tasks", permission=TASK_VIEW, order=40))
