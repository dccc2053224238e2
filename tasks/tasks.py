"""Celery autodiscovery looks for ``<app>.tasks``: the jobs live in ``tasks.jobs``."""

from tasks.jobs import flag_overdue_tasks, send_task_reminders

__all__ = ["flag_overdue_tasks", "send_task_reminders"]
