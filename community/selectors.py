"""Reads of community service: an order's hours and progress, the caseload, who supervises the work at
an organisation, the clients placed at each place. Pages and the API start from
``cases.selectors.access_section`` (a section of community service's kinds, else 404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts import roles
from cases.models import Section
from community import progress, value
from community.models import KINDS, CommunityServiceDetails, HourEntry, ProviderSupervisor, WorkOrder
from community.policies import HOURS_POLICY_FOR_ORDER_TYPE
from core import access, policies
from partners import selectors as partner_selectors
from partners.models import Organisation, Place

# --- An order ---------------------------------------------------------------------------------------


def details_of(section: Section) -> CommunityServiceDetails | None:
    """The order's details of a section (with the section as loaded), or ``None`` before they are recorded."""
    details = CommunityServiceDetails.objects.filter(section=section).first()
    if details is not None:
        details.section = section
    return details


def details_or_404(section: Section) -> CommunityServiceDetails:
    details = details_of(section)
    if details is None:
        raise Http404
    return details


def hours_limits(order_type: str) -> tuple[int, int]:
    """The lowest and highest hours a court or prosecutor may order for this kind of order (policy)."""
    low, high = policies.value(HOURS_POLICY_FOR_ORDER_TYPE[order_type])
    return int(low), int(high)


def effective_hours(details: CommunityServiceDetails) -> Decimal:
    """Hours worked: the entries not superseded by a correction."""
    total = HourEntry.objects.filter(details=details, superseded=False).aggregate(s=Sum("hours"))["s"]
    return value.exact_hours(total)


def details_progress(details: CommunityServiceDetails, today: dt.date | None = None) -> progress.Progress:
    first = WorkOrder.objects.filter(details=details).order_by("start_date").values_list("start_date", flat=True)
    return progress.compute(ordered=details.ordered_hours, done=effective_hours(details),
                            first_order_start=first.first(), ruling_in_force=details.ruling_in_force,
                            exemplary=details.exemplary_work, today=today or timezone.localdate())


# --- The caseload -----------------------------------------------------------------------------------


def caseload(user: Any, *, show_all: bool, today: dt.date) -> tuple[QuerySet[Section], dict[str, int]]:
    """Open community-service sections the user may see (their own unless ``show_all``), nearest
    enforcement limit first, each with ``done`` (hours worked) and ``first_start`` (the first work
    order's start); and how many reach the limit within the warning period (``near``) or passed it."""
    qs = Section.objects.visible_to(user, roles.CASE_VIEW).open().filter(kind__in=KINDS)
    if not show_all:
        qs = qs.filter(Q(responsible_officer=user) | Q(responsible_officer__isnull=True, case__responsible_officer=user))
    years = int(policies.value("community.limitation_years"))
    warn_days = int(policies.value("community.limitation_warning_days"))
    near = qs.filter(community__ruling_in_force__lte=progress.add_years(today + dt.timedelta(days=warn_days), -years))
    counts = near.aggregate(near=Count("pk"), passed=Count("pk", filter=Q(
        community__ruling_in_force__lt=progress.add_years(today, -years))))
    done = (HourEntry.objects.filter(details=OuterRef("community__id"), superseded=False).values("details")
            .annotate(s=Sum("hours")).values("s"))
    first = WorkOrder.objects.filter(details=OuterRef("community__id")).order_by("start_date").values("start_date")[:1]
    qs = (qs.select_related("case", "case__person", "community")
          .annotate(done=Coalesce(Subquery(done), Value(Decimal(0)),
                                  output_field=DecimalField(max_digits=8, decimal_places=2)),
                    first_start=Subquery(first))
          .order_by(F("community__ruling_in_force").asc(nulls_last=True), "case__registration_number"))
    return qs, {"near": counts["near"], "passed": counts["passed"], "warn_days": warn_days}


# --- Places and their supervisors -------------------------------------------------------------------


def placed_at(place_ids: Sequence[int]) -> dict[int, int]:
    """Clients with an active work order at each place (community service's count for
    ``partners.registry``: a place's load against its capacity)."""
    rows = (WorkOrder.objects.active().filter(place_id__in=list(place_ids)).values("place_id")
            .annotate(n=Count("id")).order_by())
    return {r["place_id"]: r["n"] for r in rows}


def place_choices() -> list[tuple[int, str]]:
    """The open places of active organisations, as "Organisation: place (placed/capacity)"."""
    return [(p.pk, f"{p} ({p.load}/{p.capacity})")  # type: ignore[attr-defined]
            for p in partner_selectors.open_places()]


def supervised_provider_ids(user: Any) -> list[int]:
    """The active organisations a work-provider supervisor enters hours for (empty for everyone else)."""
    if roles.Role.WORK_SUPERVISOR not in access.principal(user).roles:
        return []
    return list(ProviderSupervisor.objects.filter(user_id=user.pk, active=True,
                                                  provider__status=Organisation.Status.ACTIVE)
                .values_list("provider_id", flat=True))


def supervisors_of(organisation: Organisation) -> list[ProviderSupervisor]:
    return list(ProviderSupervisor.objects.filter(provider=organisation, active=True).select_related("user"))


def bulk_orders(user: Any, place: Place) -> QuerySet[WorkOrder]:
    """The active work orders at a place whose hours the user may enter: all of them for the place's
    supervisor, those of sections the user manages for an officer."""
    qs = WorkOrder.objects.active().filter(place=place)
    if place.organisation_id not in supervised_provider_ids(user):
        qs = qs.visible_to(user, roles.SECTION_MANAGE)
    return qs.select_related("details__section__case__person").order_by("details__section__case__registration_number")


def bulk_hours_places(user: Any, place_ids: Sequence[int]) -> set[int]:
    """Of ``place_ids``, the places whose day's hours the user may enter (``bulk_orders`` is not empty,
    or the user supervises the provider): where the "enter a day's hours" link leads somewhere."""
    supervised = supervised_provider_ids(user)
    places = set(Place.objects.filter(pk__in=list(place_ids), organisation_id__in=list(supervised))
                 .values_list("pk", flat=True)) if supervised else set()
    if access.has_perm(user, roles.SECTION_MANAGE):
        places |= set(WorkOrder.objects.active().filter(place_id__in=list(place_ids)).visible_to(user, roles.SECTION_MANAGE)
                      .values_list("place_id", flat=True))
    return places


def supervisor_places(provider_ids: Sequence[int]) -> QuerySet[Place]:
    """The places of the supervisor's active organisations, each with ``active_orders``."""
    return (Place.objects.filter(organisation_id__in=list(provider_ids), organisation__status=Organisation.Status.ACTIVE)
            .select_related("organisation")
            .prefetch_related(Prefetch("community_orders", to_attr="active_orders",
                                       queryset=WorkOrder.objects.active()
                                       .select_related("details__section__case__person")
                                       .order_by("details__section__case__registration_number"))))


def organisation_hours(organisation: Organisation) -> QuerySet[HourEntry]:
    """Every hour worked at the organisation's places (for the value of the work done there)."""
    return HourEntry.objects.filter(order__place__organisation=organisation)
