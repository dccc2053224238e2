"""Reads of mediation, each starting from the access layer (``visible_to``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mediation import access
from mediation.models import Mediation, Mediator

_OPEN = list(Mediation.OPEN_STATES)


def _by_status(qs: QuerySet[Mediation], status: str) -> QuerySet[Mediation]:
    if status == "open":
        return qs.filter(status__in=_OPEN)
    if status in Mediation.Status.values:
        return qs.filter(status=status)
    return qs


def _listed(qs: QuerySet[Mediation]) -> QuerySet[Mediation]:
    """A list's rows with what the row shows, in a constant number of queries."""
    return (qs.select_related("offender", "mediator", "responsible_officer", "unit")
            .annotate(victim_count=Count("victims", distinct=True),
                      planned=Count("meetings", filter=Q(meetings__status="planned"), distinct=True))
            .order_by("-received_on", "-id"))


def listed(qs: QuerySet[Mediation], status: str) -> QuerySet[Mediation]:
    return _listed(_by_status(qs, status))


def work_list(user: Any, perm: str, *, status: str = "open", mine: bool = False) -> QuerySet[Mediation]:
    qs = Mediation.objects.visible_to(user, perm)
    if mine:
        qs = qs.filter(responsible_officer_id=user.pk)
    return _listed(_by_status(qs, status))


def assigned_to(user: Any, *, status: str = "open") -> QuerySet[Mediation]:
    """The mediations assigned to the user as a mediator (whatever scope their grant has)."""
    qs = Mediation.objects.visible_to(user, access.CONDUCT).filter(mediator__user_id=user.pk)
    return _listed(_by_status(qs, status))


def assignable(user: Any, mediation: Mediation) -> QuerySet[Mediator]:
    """Mediators the coordinator may choose: their register's, available and certified today (the one
    already assigned stays listed, so the form shows it)."""
    today = timezone.localdate()
    certified = (Q(certified_until__isnull=True) | Q(certified_until__gte=today)) & (
        Q(kind=Mediator.Kind.STAFF) | Q(certified_from__lte=today))
    return (access.mediators_for(user).filter((certified & Q(available=True)) | Q(pk=mediation.mediator_id or 0))
            .order_by("last_name", "first_name"))
