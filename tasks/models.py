"""The management module: the incoming-document inbox, tasks with deadlines, in-app notifications."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import OrgUnit
from cases.models import Case
from core.access import ScopeMap, restrict
from tasks.rules import RULES


def _own_inbox(user: Any) -> Q:
    """Officers with an own-caseload grant see what is routed to their home unit."""
    unit_id = getattr(user, "home_unit_id", None)
    return Q(routed_unit_id=unit_id) if unit_id else Q(pk__in=[])


INBOX_SCOPE = ScopeMap(unit="routed_unit_id", own=_own_inbox)


class IncomingDocumentQuerySet(models.QuerySet):
    def visible_to(self, user: Any, perm: str = "inbox.view") -> IncomingDocumentQuerySet:
        return restrict(self, user, perm, INBOX_SCOPE)


class IncomingDocument(models.Model):
    """A document that arrived from outside (court, prosecutor, prison...) and waits to be registered."""

    class Kind(models.TextChoices):
        COURT_RULING = "court_ruling", _("Court ruling")
        PROSECUTOR_DECISION = "prosecutor_decision", _("Prosecutor's decision")
        EVALUATION_REQUEST = "evaluation_request", _("Request for an evaluation report")
        PRISON_REQUEST = "prison_request", _("Prison administration request")
        OTHER = "other", _("Other document")

    class Channel(models.TextChoices):
        UI = "ui", _("entered by staff")
        INTEGRATION = "integration", _("integration")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        REGISTERED = "registered", pgettext_lazy("incoming document", "registered")
        REJECTED = "rejected", _("rejected")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    sender = models.CharField(_("sender (issuing body)"), max_length=200)
    sender_reference = models.CharField(_("sender's reference number"), max_length=80)
    document_date = models.DateField(_("document date"))
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.UI)
    file = models.FileField(_("file"), upload_to="inbox/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_type = models.CharField(max_length=10, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    # What the document says about the person (not yet a registered person).
    hint_personal_code = models.CharField(_("personal code (as in the document)"), max_length=12, blank=True)
    hint_first_name = models.CharField(_("first name (as in the document)"), max_length=100, blank=True)
    hint_last_name = models.CharField(_("last name (as in the document)"), max_length=100, blank=True)
    hint_birth_date = models.DateField(_("date of birth (as in the document)"), null=True, blank=True)
    routed_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="inbox_items",
                                    verbose_name=_("routed to unit"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="inbox_items", verbose_name=_("case file"))
    section = models.ForeignKey("cases.Section", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="inbox_items", verbose_name=_("section"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = IncomingDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("incoming document")
        verbose_name_plural = _("incoming documents")
        indexes = [models.Index(fields=["routed_unit", "status", "-received_at"], name="inbox_unit_status")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="registered") | Q(case__isnull=False),
                                   name="inbox_registered_has_case"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sender_reference}"

    @property
    def hint_name(self) -> str:
        return f"{self.hint_first_name} {self.hint_last_name}".strip()


def _own_tasks(user: Any) -> Q:
    """Own caseload: tasks on cases the user may see, and the unassigned queue of the home unit."""
    q = Q(case__in=Case.objects.visible_to(user, "case.view").values("pk"))
    unit_id = getattr(user, "home_unit_id", None)
    if unit_id:
        q |= Q(assignee__isnull=True, unit_id=unit_id)
    return q


TASK_SCOPE = ScopeMap(unit="unit_id", officers=("assignee_id",), own=_own_tasks)


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user: Any, perm: str = "task.view") -> TaskQuerySet:
        return restrict(self, user, perm, TASK_SCOPE)

    def open(self) -> TaskQuerySet:
        return self.filter(status=Task.Status.OPEN)

    def overdue(self, today: Any = None) -> TaskQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def for_lists(self) -> TaskQuerySet:
        return self.select_related("case", "case__person", "unit", "assignee", "inbox_item")


class Task(models.Model):
    """A piece of work with a deadline, created by a person or by a rule (``kind`` = the rule code)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("task", "open")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=60, blank=True, db_index=True,
                            help_text=_("The rule that created the task, empty for tasks made by hand"))
    description = models.TextField(_("description"), blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks",
                             verbose_name=_("case file"))
    section = models.ForeignKey("cases.Section", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="tasks", verbose_name=_("section"))
    inbox_item = models.ForeignKey(IncomingDocument, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="tasks", verbose_name=_("incoming document"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("unit"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="tasks", verbose_name=_("assignee"))
    due_date = models.DateField(_("due date"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("outcome"), max_length=500, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("completed by"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_on = models.DateField(null=True, blank=True, help_text="Last day a reminder was sent")
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["assignee", "status", "due_date"], name="task_assignee_status_due"),
            models.Index(fields=["unit", "status", "due_date"], name="task_unit_status_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | ~Q(outcome=""), name="task_done_has_outcome"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        rule = RULES.get(self.kind)
        return str(rule.title) if rule is not None else self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one user (reminders and overdue warnings)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("task due soon")
        OVERDUE = "overdue", _("task overdue")
        OVERDUE_UNIT = "overdue_unit", _("task overdue in your unit")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    day = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read")]
        constraints = [
            models.UniqueConstraint(fields=["user", "task", "kind", "day"], name="notification_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user}"
