"""Messages to clients (SMS or e-mail), kept whatever backend delivers them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import ScopeMap, restrict

MESSAGE_SCOPE = ScopeMap(unit="case__responsible_unit_id", officers=("case__responsible_officer_id",))


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user: Any, perm: str = "case.view") -> MessageQuerySet:
        """Messages on cases the user may see; messages without a case are for nobody's list."""
        return restrict(self.filter(case__isnull=False), user, perm, MESSAGE_SCOPE)


class Message(models.Model):
    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("e-mail")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="messages",
                             verbose_name=_("case file"))
    reference = models.CharField(_("reference"), max_length=100, blank=True,
                                 help_text="What the message is about, e.g. supervision.appointment:42")
    backend = models.CharField(_("delivered by"), max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(pgettext_lazy("outbox message", "created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["case", "-created_at"], name="outbox_case_created")]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}"
