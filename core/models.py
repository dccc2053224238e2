"""Models without domain: the change log, the sensitive-read log, policy overrides, counters."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AppendOnlyModel(models.Model):
    """Rows are written once. Updates and deletes are refused here and, on PostgreSQL, by a
    trigger installed in the migration (see docs/audit.md)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} is append-only")


class ChangeLog(AppendOnlyModel):
    """The technical change log: one row per changed record, with before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        ACTION = "action", _("action")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    verb = models.CharField(max_length=80, help_text="The service that made the change, e.g. case_transfer")
    model = models.CharField(max_length=80, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=10, default="web")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id", "-at"])]
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.model}#{self.object_id}"


class SensitiveRead(AppendOnlyModel):
    """Who read which sensitive record, when."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sensitivity = models.CharField(max_length=30)
    model = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    purpose = models.CharField(max_length=80, blank=True, help_text="page or endpoint")
    request_id = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id", "-at"])]
        verbose_name = _("sensitive read")
        verbose_name_plural = _("sensitive reads")

    def __str__(self) -> str:
        return f"{self.user_id} read {self.sensitivity} {self.model}#{self.object_id}"


class PolicyOverride(models.Model):
    """An administrator's value for a policy (the default and its legal source live in code)."""

    key = models.CharField(max_length=120, unique=True)
    value = models.JSONField()
    reason = models.CharField(max_length=300)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.key}={self.value!r}"


class Counter(models.Model):
    """Gap-free named counters (case registration numbers)."""

    name = models.CharField(max_length=60, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class JobRun(models.Model):
    """One run of a background job (for operations: when did the nightly scan last succeed?)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        OK = "ok", _("succeeded")
        FAILED = "failed", _("failed")
        # The process running it died (a SIGKILLed pool child, a killed or restarted worker): the job
        # was delivered again (task_acks_late, task_reject_on_worker_lost) or is left to its schedule.
        LOST = "lost", _("interrupted")

    name = models.CharField(max_length=120, db_index=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=200, blank=True)  # Celery's worker name and the process id
    task_id = models.CharField(max_length=64, blank=True, db_index=True)  # Celery's; the same on a redelivery
    manual = models.BooleanField(default=False)  # started by hand (manage.py run_job), not by the schedule

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["name", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.name} {self.status}"
