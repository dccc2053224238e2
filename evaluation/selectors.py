"""Reads of evaluation reports, each starting from ``visible_to`` (the section's case scope)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from accounts.roles import CASE_VIEW
from core import calendar, policies
from core.access import has_perm, unit_ids_for
from evaluation import perms
from evaluation.models import OPEN_STATUSES, EvaluationRequest, Status
from evaluation.policies import DUE_SOON_WORKING_DAYS

_RELATED = ("section", "section__case", "section__case__person", "unit", "author", "reviewer")


def visible(user: Any, perm: str = CASE_VIEW) -> QuerySet[EvaluationRequest]:
    return EvaluationRequest.objects.visible_to(user, perm).select_related(*_RELATED)


def request_of(section: Any) -> EvaluationRequest | None:
    return (EvaluationRequest.objects.select_related("unit", "author", "reviewer", "request_document",
                                                     "sent_document", "sent_pdf", "sent_by")
            .filter(section=section).first())


def mine(user: Any) -> QuerySet[EvaluationRequest]:
    """The user's open requests as author, nearest deadline first."""
    return visible(user).filter(author_id=user.pk, status__in=OPEN_STATUSES).order_by("deadline", "id")


def unit_list(user: Any, status: str = "open") -> QuerySet[EvaluationRequest]:
    qs = visible(user)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status == "sent":
        qs = qs.exclude(status__in=OPEN_STATUSES)
    return qs.order_by("deadline", "id")


def review_queue(user: Any) -> QuerySet[EvaluationRequest]:
    """Drafts awaiting this senior officer's review (assigned to them) in their scope."""
    return (EvaluationRequest.objects.visible_to(user, perms.REVIEW).select_related(*_RELATED)
            .filter(status=Status.IN_REVIEW, reviewer_id=user.pk).order_by("deadline", "id"))


def due_soon_limit(today: dt.date) -> dt.date:
    return calendar.add_working_days(today, int(policies.value(DUE_SOON_WORKING_DAYS.key)))


def timeliness(user: Any, year: int) -> list[dict[str, Any]]:
    """Per unit and month of sending: requests completed, those by the deadline and the share (%), over the
    units of the user's ``stats.view`` grants."""
    qs = EvaluationRequest.objects.filter(sent_on__year=year)
    units = unit_ids_for(user, "stats.view")
    if units is not None:
        qs = qs.filter(unit_id__in=units)
    rows = (qs.annotate(year=ExtractYear("sent_on"), month=ExtractMonth("sent_on"))
            .values("unit_id", "unit__name", "year", "month")
            .annotate(sent=Count("id"), delivered=Count("id", filter=Q(sent_on__lte=F("deadline"))))
            .order_by("unit__name", "month"))
    out = []
    for row in rows:
        out.append({"unit_id": row["unit_id"], "unit": row["unit__name"], "year": row["year"], "month": row["month"],
                    "sent": row["sent"], "on_time": row["delivered"],
                    "share": round(100 * row["delivered"] / row["sent"], 1) if row["sent"] else None})
    return out


def panel_context(user: Any, case: Any) -> dict[str, Any] | None:
    """The client-file panel: the case's evaluation requests (one query)."""
    if not has_perm(user, CASE_VIEW):
        return None
    requests = list(EvaluationRequest.objects.visible_to(user, CASE_VIEW).filter(section__case_id=case.pk)
                    .select_related("author", "section").order_by("-received_on", "-id"))
    if not requests:
        return None
    return {"requests": requests}
