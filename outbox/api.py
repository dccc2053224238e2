"""JSON API of the outbox (mounted at /api/outbox): read-only, scoped like the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Schema
from ninja.pagination import paginate

from accounts.roles import CASE_VIEW
from core.api import ApiRouter, PageNumber
from outbox.models import Message

router = ApiRouter(tags=["outbox"])


class MessageOut(Schema):
    id: int
    channel: str
    recipient: str
    subject: str
    body: str
    status: str
    case_id: int | None
    reference: str
    backend: str
    error: str
    created_at: dt.datetime
    sent_at: dt.datetime | None


@router.get("/messages", perm=CASE_VIEW, response={200: list[MessageOut]})
@paginate(PageNumber, page_size=50)
def list_messages(request: HttpRequest, case_id: int | None = None) -> Any:
    messages = Message.objects.visible_to(request.user, CASE_VIEW).order_by("-created_at", "-id")
    if case_id is not None:
        messages = messages.filter(case_id=case_id)
    return messages
