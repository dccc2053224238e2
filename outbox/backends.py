"""Delivery backends. ``settings.OUTBOX_BACKEND`` names the class (dotted path); the default
keeps messages in the outbox only. A real backend implements :meth:`deliver` and raises
:class:`DeliveryFailed` when the provider refuses a message (docs/outbox.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from outbox.models import Message

DEFAULT_BACKEND = "outbox.backends.OutboxBackend"


class DeliveryFailed(Exception):
    """The provider refused the message; the text is stored on it."""


class BaseBackend:
    name = "base"

    def deliver(self, message: Message) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class OutboxBackend(BaseBackend):
    """The embedded default: nothing leaves the system; the message is delivered to the outbox
    that staff read in the UI (/outbox/)."""

    name = "outbox"

    def deliver(self, message: Message) -> None:
        return None


class EmailBackend(BaseBackend):
    """E-mail through Django's configured mail backend (``EMAIL_*`` settings); SMS messages are
    refused so that a misconfiguration is visible as a failed message."""

    name = "email"

    def deliver(self, message: Message) -> None:
        from django.core.mail import send_mail

        if message.channel != "email":
            raise DeliveryFailed("this backend sends e-mail only")
        send_mail(message.subject or "", message.body, None, [message.recipient])


def get_backend() -> BaseBackend:
    path = getattr(settings, "OUTBOX_BACKEND", DEFAULT_BACKEND) or DEFAULT_BACKEND
    return import_string(path)()
