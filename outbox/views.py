"""The outbox page: messages to clients of the cases the user may see."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import CASE_VIEW
from core import access
from outbox.models import Message

PAGE_SIZE = 50


@access.page(CASE_VIEW)
def message_list(request: HttpRequest) -> HttpResponse:
    messages = Message.objects.visible_to(request.user, CASE_VIEW).select_related("case", "case__person")
    status = request.GET.get("status", "")
    if status in Message.Status.values:
        messages = messages.filter(status=status)
    case_id = request.GET.get("case", "")
    if case_id.isdigit():
        messages = messages.filter(case_id=int(case_id))
    page = Paginator(messages.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outbox/message_list.html", {
        "page_obj": page, "messages_list": page.object_list, "status": status,
        "statuses": Message.Status.choices,
    })
