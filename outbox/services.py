"""Sending a message to a client: stored first, delivered after the transaction commits."""

from __future__ import annotations

import logging
from typing import Any

from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import ValidationFailed
from outbox.backends import DeliveryFailed, get_backend
from outbox.models import Message

log = logging.getLogger(__name__)


def _check_recipient(channel: str, recipient: str) -> str:
    recipient = (recipient or "").strip()
    if not recipient:
        raise ValidationFailed("recipient_required", _("Enter the recipient."), field="recipient")
    if channel == Message.Channel.EMAIL:
        try:
            validate_email(recipient)
        except Exception:  # noqa: BLE001 - Django's ValidationError becomes ours
            raise ValidationFailed("recipient_invalid", _("Enter a valid e-mail address."),
                                   field="recipient") from None
    elif channel == Message.Channel.SMS:
        digits = recipient.replace(" ", "").lstrip("+")
        if not digits.isdigit() or not 6 <= len(digits) <= 15:
            raise ValidationFailed("recipient_invalid", _("Enter a valid phone number."), field="recipient")
    else:
        raise ValidationFailed("channel_unknown", _("Choose SMS or e-mail."), field="channel")
    return recipient


@transaction.atomic
def send(*, actor: Any, channel: str, recipient: str, body: str, case: Any = None, subject: str = "",
         reference: str = "") -> Message:
    """Queue a message and hand it to the configured backend once the transaction commits."""
    recipient = _check_recipient(channel, recipient)
    body = (body or "").strip()
    if not body:
        raise ValidationFailed("body_required", _("Enter the text of the message."), field="body")
    message = Message.objects.create(
        channel=channel, recipient=recipient, subject=subject[:200], body=body, case=case,
        reference=reference[:100], created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor=actor, verb="message_queue", instance=message, action="create",
                 after=audit.snapshot(message))
    transaction.on_commit(lambda: deliver(message.pk))
    return message


def deliver(message_id: int) -> Message | None:
    """Deliver one queued message with the configured backend; the outcome is stored on it."""
    message = Message.objects.filter(pk=message_id, status=Message.Status.QUEUED).first()
    if message is None:
        return None
    backend = get_backend()
    try:
        backend.deliver(message)
    except DeliveryFailed as exc:
        message.status, message.error = Message.Status.FAILED, str(exc)[:500]
    except Exception as exc:  # a provider outage must not break the page that sent the message
        log.exception("outbox delivery of message %s failed", message_id)
        message.status, message.error = Message.Status.FAILED, f"{type(exc).__name__}: {exc}"[:500]
    else:
        message.status, message.sent_at = Message.Status.SENT, timezone.now()
    message.backend = backend.name
    message.save(update_fields=["status", "error", "sent_at", "backend"])
    return message
