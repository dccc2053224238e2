"""Work orders: placing the client at a partner organisation's place (checking its capacity), moving
the client to another place (the order closes and a new one starts, so the history stays), and the
work order document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import timeline
from cases.models import Section
from community.models import CommunityServiceDetails, HourEntry, WorkOrder
from community.rules import OUTCOME_REGISTERED, REGISTER_KINDS
from community.services.common import required, section_closed, user_of
from community.services.documents import attach_order_document
from core import audit, sequences
from core.concurrency import bump, lock
from core.errors import Conflict, ValidationFailed
from partners import registry as partner_registry
from partners.models import Organisation, Place
from tasks.services import tasks_complete_open


def _check_place(place: Place, current: WorkOrder | None = None) -> None:
    """The place takes clients and has room: its row is locked while the clients placed there (by any
    function) are counted, so two orders cannot take the last seat. ``current`` is the client's active
    order when they move: at the same place they keep their seat."""
    place = Place.objects.select_for_update().select_related("organisation").get(pk=place.pk)
    if not place.active or place.organisation.status != Organisation.Status.ACTIVE:
        raise ValidationFailed("place_inactive", _("This work place does not take clients now."), field="place")
    taken = partner_registry.placed([place.pk]).get(place.pk, 0)
    if current is not None and current.place_id == place.pk:
        taken -= 1
    if taken >= place.capacity:
        raise Conflict("place_full", _("This work place is full (%(n)s clients).") % {"n": place.capacity},
                       field="place")


def _order_number() -> str:
    year = timezone.localdate().year
    return f"SD-{year}-{sequences.next_value(f'community.order.{year}'):06d}"


def _issue(actor: Any, details: CommunityServiceDetails, section: Section, place: Place, start_date: dt.date,
           schedule: str, replaces: WorkOrder | None = None) -> WorkOrder:
    order = WorkOrder.objects.create(details=details, place=place, number=_order_number(), start_date=start_date,
                                     schedule=schedule, replaces=replaces, created_by=user_of(actor))
    audit.record(actor=actor, verb="community_order_issue", instance=order, action="create",
                 after=audit.snapshot(order))
    timeline.emit("community_order_issued", case=section.case, section=section, actor=actor, number=order.number,
                  place=str(place), start=f"{start_date:%d.%m.%Y}")
    attach_order_document(actor, order, details, section)
    # The client is now registered and placed: the rule's "register the client" task is done.
    tasks_complete_open(actor=actor, kinds=REGISTER_KINDS, outcome=OUTCOME_REGISTERED, section=section)
    return order


def _check_order_input(section: Section, start_date: dt.date | None, schedule: str) -> str:
    if not section.is_open:
        raise section_closed()
    if start_date is None:
        raise ValidationFailed("start_date_required", _("Enter the first day of work."), field="start_date")
    return required(schedule, "schedule_required", _("Enter the schedule."), "schedule")


@transaction.atomic
def order_issue(*, actor: Any, details: CommunityServiceDetails, place: Place | None,
                start_date: dt.date | None, schedule: str) -> WorkOrder:
    """Place the client at a work place (checking capacity)."""
    details = lock(details, None)
    section = Section.objects.select_related("case").get(pk=details.section_id)
    schedule = _check_order_input(section, start_date, schedule)
    if place is None:
        raise ValidationFailed("place_required", _("Choose the work place."), field="place")
    if WorkOrder.objects.active().filter(details=details).exists():
        raise Conflict("order_active", _("The client already has an active work order; change its place instead."),
                       field="place")
    _check_place(place)
    assert start_date is not None
    return _issue(actor, details, section, place, start_date, schedule)


@transaction.atomic
def order_change_place(*, actor: Any, order: WorkOrder, expected_version: int | None, place: Place | None,
                       start_date: dt.date | None, schedule: str) -> WorkOrder:
    """Move the client: the current order closes the day before and a new order starts."""
    order = lock(order, expected_version)
    details = CommunityServiceDetails.objects.get(pk=order.details_id)
    section = Section.objects.select_related("case").get(pk=details.section_id)
    schedule = _check_order_input(section, start_date, schedule)
    assert start_date is not None
    if order.status != WorkOrder.Status.ACTIVE:
        raise Conflict("order_closed", _("This work order is already closed."), field="place")
    if place is None:
        raise ValidationFailed("place_required", _("Choose the work place."), field="place")
    if start_date <= order.start_date:
        raise ValidationFailed("start_before_current", _("The new order must start after the current one."),
                               field="start_date")
    last_day = start_date - dt.timedelta(days=1)
    if HourEntry.objects.filter(order=order, superseded=False, day__gt=last_day).exists():
        raise ValidationFailed("hours_after_change", _("Hours are recorded under the current order on or after "
                                                       "that day."), field="start_date")
    _check_place(place, current=order)
    before = audit.snapshot(order)
    order.status = WorkOrder.Status.CLOSED
    order.end_date = last_day
    bump(order)
    order.save()
    audit.record(actor=actor, verb="community_order_close", instance=order, before=before,
                 after=audit.snapshot(order))
    timeline.emit("community_order_closed", case=section.case, section=section, actor=actor, number=order.number,
                  end=f"{last_day:%d.%m.%Y}")
    return _issue(actor, details, section, place, start_date, schedule, replaces=order)


def close_active_order(actor: Any, details: CommunityServiceDetails, section: Section, last_day: dt.date) -> None:
    """Close the order's active work order (when the section ends), on ``last_day`` or the last day worked."""
    order = WorkOrder.objects.select_for_update().filter(details=details, status=WorkOrder.Status.ACTIVE).first()
    if order is None:
        return
    logged = HourEntry.objects.filter(order=order, superseded=False).order_by("-day").values_list("day", flat=True)
    end = max(last_day, order.start_date, logged.first() or order.start_date)
    before = audit.snapshot(order)
    order.status = WorkOrder.Status.CLOSED
    order.end_date = end
    bump(order)
    order.save()
    audit.record(actor=actor, verb="community_order_close", instance=order, before=before, after=audit.snapshot(order))
    timeline.emit("community_order_closed", case=section.case, section=section, actor=actor, number=order.number,
                  end=f"{end:%d.%m.%Y}")


@transaction.atomic
def order_document(*, actor: Any, order: WorkOrder) -> WorkOrder:
    """Generate the work order document again (e.g. after a template change); the new version is
    linked from the order, the earlier ones stay on the case."""
    order = lock(order, None)
    details = CommunityServiceDetails.objects.get(pk=order.details_id)
    section = Section.objects.select_related("case").get(pk=details.section_id)
    if not section.is_open:
        raise section_closed()
    attach_order_document(actor, order, details, section)
    return order
