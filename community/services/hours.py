"""The hours log: one day's hours of one client, of several clients at one place (all or nothing),
and corrections (an entry is never edited: a correction supersedes it). Officers who manage the
section, or the work provider's linked supervisor, may enter hours; the service decides who, so the
pages and the API obey the same rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from cases import timeline
from community.models import HourEntry, WorkOrder
from community.selectors import supervised_provider_ids
from community.services.common import required, user_of
from community.value import exact_hours
from core import audit, policies
from core.errors import Conflict, NotFoundOrForbidden, ValidationFailed
from partners.models import Place


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationFailed("hours_invalid", _("Enter the hours as a number."), field="hours") from None
    if not hours.is_finite() or hours != hours.quantize(Decimal("0.01")):
        raise ValidationFailed("hours_invalid", _("Enter the hours as a number."), field="hours")
    return hours


def channel_for(actor: Any, orders: Iterable[WorkOrder]) -> str:
    """Who may record hours for these orders: the organisation's linked supervisor (all the orders at
    places of organisations they supervise), or an officer who manages every order's section. Anyone
    else: not found."""
    orders = list(orders)
    providers = set(supervised_provider_ids(actor))
    if providers and all(o.place.organisation_id in providers for o in orders):
        return HourEntry.Channel.SUPERVISOR
    visible = set(WorkOrder.objects.visible_to(actor, roles.SECTION_MANAGE)
                  .filter(pk__in=[o.pk for o in orders]).values_list("pk", flat=True))
    if len(visible) == len({o.pk for o in orders}):
        return HourEntry.Channel.OFFICER
    raise NotFoundOrForbidden()


def _validate_entry(order: WorkOrder, day: dt.date | None, hours: Decimal, *, done: Decimal, ordered: int,
                    that_day: Decimal, section_open: bool, allow_zero: bool = False) -> None:
    if not section_open:
        raise ValidationFailed("section_closed", _("This section is closed."), field="day")
    if day is None:
        raise ValidationFailed("day_required", _("Enter the day."), field="day")
    if day > timezone.localdate():
        raise ValidationFailed("day_future", _("Hours cannot be recorded for a day in the future."), field="day")
    if day < order.start_date:
        raise ValidationFailed("day_before_order", _("The day is before the work order started."), field="day")
    if order.end_date is not None and day > order.end_date:
        raise ValidationFailed("day_after_order", _("The day is after the work order ended."), field="day")
    if hours < 0 or (hours == 0 and not allow_zero):
        raise ValidationFailed("hours_invalid", _("Enter more than 0 hours."), field="hours")
    cap = Decimal(str(policies.value("community.daily_hours_cap")))
    if that_day + hours > cap:
        raise ValidationFailed("daily_cap", _("No more than %(cap)s hours can be credited for one day.")
                               % {"cap": cap}, field="hours", cap=str(cap))
    if done + hours > ordered:
        raise ValidationFailed("beyond_order", _("That is more than the %(left)s hours left to work.")
                               % {"left": max(Decimal(ordered) - done, Decimal(0))}, field="hours")


def _record(actor: Any, order: WorkOrder, day: dt.date, hours: Decimal, channel: str,
            corrects: HourEntry | None = None, reason: str = "") -> HourEntry:
    entry = HourEntry.objects.create(order=order, details_id=order.details_id, day=day, hours=hours, channel=channel,
                                     corrects=corrects, reason=reason, entered_by=user_of(actor))
    audit.record(actor=actor, verb="community_hours_record" if corrects is None else "community_hours_correct",
                 instance=entry, action="create", after=audit.snapshot(entry))
    return entry


def _sums(details_ids: list[int], day: dt.date | None) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    live = HourEntry.objects.filter(details_id__in=details_ids, superseded=False)
    totals = {d: exact_hours(s) for d, s in live.values("details_id").annotate(s=Sum("hours"))
              .values_list("details_id", "s")}
    daily = {d: exact_hours(s) for d, s in live.filter(day=day).values("details_id").annotate(s=Sum("hours"))
             .values_list("details_id", "s")} if day else {}
    return totals, daily


def _orders_for_update(ids: list[int]) -> dict[int, WorkOrder]:
    orders = WorkOrder.objects.select_for_update(of=("self",)).select_related(
        "place", "details", "details__section", "details__section__case").filter(pk__in=ids)
    return {o.pk: o for o in orders}


@transaction.atomic
def hours_record(*, actor: Any, order: WorkOrder, day: dt.date | None, hours: Any) -> HourEntry:
    """One day's hours of one client."""
    return hours_record_bulk(actor=actor, day=day, rows=[(order.pk, hours)])[0]


@transaction.atomic
def hours_record_bulk(*, actor: Any, day: dt.date | None, rows: list[tuple[int, Any]],
                      place: Place | None = None) -> list[HourEntry]:
    """One day's hours for several clients (e.g. everyone at one work place). All or nothing: the
    first bad row stops the whole batch, and its error names the row's order in ``order_id``."""
    rows = [(int(order_id), value) for order_id, value in rows if str(value).strip() not in ("", "None")]
    if not rows:
        raise ValidationFailed("rows_required", _("Enter the hours of at least one client."), field="hours")
    ids = [order_id for order_id, _value in rows]
    if len(set(ids)) != len(ids):
        raise ValidationFailed("row_duplicate", _("Each client can appear only once."), field="hours")
    orders = _orders_for_update(ids)
    if len(orders) != len(set(ids)):
        raise NotFoundOrForbidden()
    if place is not None and any(o.place_id != place.pk for o in orders.values()):
        raise NotFoundOrForbidden()
    channel = channel_for(actor, orders.values())
    totals, daily = _sums([o.details_id for o in orders.values()], day)
    checked = []
    for order_id, value in rows:
        order = orders[order_id]
        try:
            hours = _hours(value)
            _validate_entry(order, day, hours, done=totals.get(order.details_id) or Decimal(0),
                            ordered=order.details.ordered_hours, that_day=daily.get(order.details_id) or Decimal(0),
                            section_open=order.details.section.is_open)
        except ValidationFailed as exc:
            exc.extra["order_id"] = order_id
            raise
        checked.append((order, hours))
    assert day is not None
    # One INSERT each for the entries, their change-log rows and their timeline events; every entry
    # still gets its own change-log row and timeline event.
    created = HourEntry.objects.bulk_create([
        HourEntry(order=order, details_id=order.details_id, day=day, hours=hours, channel=channel,
                  entered_by=user_of(actor)) for order, hours in checked])
    audit.record_many(actor=actor, verb="community_hours_record", instances=list(created))
    timeline.emit_many("community_hours_recorded", actor=actor, items=[
        (order.details.section.case, order.details.section, {"hours": str(hours), "day": f"{day:%d.%m.%Y}"})
        for order, hours in checked])
    return created


@transaction.atomic
def hours_correct(*, actor: Any, entry: HourEntry, hours: Any, reason: str) -> HourEntry:
    """Replace an entry with a corrected one (0 hours = entered by mistake); both stay in the log.
    Officers only: a supervisor enters hours but does not correct them."""
    entry = HourEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.superseded:
        raise Conflict("entry_superseded", _("This entry has already been corrected."), field="hours")
    order = _orders_for_update([entry.order_id])[entry.order_id]
    if channel_for(actor, [order]) != HourEntry.Channel.OFFICER:
        raise NotFoundOrForbidden()
    reason = required(reason, "reason_required", _("Give the reason for the correction."), "reason")
    new_hours = _hours(hours)
    totals, daily = _sums([order.details_id], entry.day)
    _validate_entry(order, entry.day, new_hours, done=(totals.get(order.details_id) or Decimal(0)) - entry.hours,
                    ordered=order.details.ordered_hours,
                    that_day=(daily.get(order.details_id) or Decimal(0)) - entry.hours,
                    section_open=order.details.section.is_open, allow_zero=True)
    before = audit.snapshot(entry)
    HourEntry.objects.filter(pk=entry.pk).update(superseded=True)
    entry.superseded = True
    audit.record(actor=actor, verb="community_hours_supersede", instance=entry, before=before,
                 after=audit.snapshot(entry))
    new = _record(actor, order, entry.day, new_hours, HourEntry.Channel.OFFICER, corrects=entry, reason=reason[:300])
    section = order.details.section
    timeline.emit("community_hours_corrected", case=section.case, section=section, actor=actor,
                  day=f"{entry.day:%d.%m.%Y}", old_hours=str(entry.hours), hours=str(new_hours), reason=reason)
    return new
