"""JSON API of the outbox (mounted at /api/outbox): read-only, scoped like the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from accounts.roles import CASE_VIEW
from core.access import has_perm
from core.api import require_scope
from outbox.models import Message
from people.schemas import ErrorOut

router = Router(tags=["outbox"])


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


@router.get("/messages", response={200: list[MessageOut], 401: ErrorOut, 404: ErrorOut})
@paginate(PageNumberPagination, page_size=50)
def list_messages(request: HttpRequest, case_id: int | None = None) -> Any:
    require_scope(request, "read")
    if not has_perm(request.user, CASE_VIEW):
        raise Http404
    messages = Message.objects.visible_to(request.user, CASE_VIEW).order_by("-created_at", "-id")
    if case_id is not None:
        messages = messages.filter(case_id=case_id)
    return messages
