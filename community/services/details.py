"""The order's details: what the court or prosecutor ordered (one record per section)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cases import timeline
from cases.models import Section
from community.models import (
    CHILD_KIND,
    KINDS,
    ORDER_TYPES_FOR_KIND,
    CommunityServiceDetails,
    RegistrationBasis,
)
from community.selectors import effective_hours, hours_limits
from community.services.common import age_on, not_future, section_closed, user_of
from core import audit, policies
from core.concurrency import bump, lock
from core.errors import Conflict, ValidationFailed


def _check_details(section: Section, order_type: str, ordered_hours: int | None,
                   offence_date: dt.date | None) -> None:
    if order_type not in ORDER_TYPES_FOR_KIND.get(section.kind, ()):
        raise ValidationFailed("order_type_invalid", _("Choose a kind of order that fits this function."),
                               field="order_type")
    if ordered_hours is None:
        raise ValidationFailed("ordered_hours_required", _("Enter the ordered hours."), field="ordered_hours")
    low, high = hours_limits(order_type)
    if not low <= int(ordered_hours) <= high:
        raise ValidationFailed(
            "ordered_hours_out_of_range",
            _("For this kind of order the hours must be from %(low)s to %(high)s.") % {"low": low, "high": high},
            field="ordered_hours", low=low, high=high,
        )
    not_future(offence_date, "offence_date")
    if section.kind == CHILD_KIND:
        if offence_date is None:
            raise ValidationFailed("offence_date_required", _("Enter the date of the offence."), field="offence_date")
        min_age = int(policies.value("community.child_min_age"))
        if age_on(section.case.person.birth_date, offence_date) < min_age:
            raise ValidationFailed(
                "child_too_young",
                _("The child was younger than %(age)s at the offence.") % {"age": min_age},
                field="offence_date", min_age=min_age,
            )


@transaction.atomic
def details_create(*, actor: Any, section: Section, order_type: str, ordered_hours: int | None,
                   registration_basis: str, basis_event_date: dt.date | None, ruling_in_force: dt.date | None,
                   offence_date: dt.date | None = None) -> CommunityServiceDetails:
    """Record what was ordered; the registration-deadline task follows from the timeline event."""
    section = Section.objects.select_for_update().select_related("case", "case__person").get(pk=section.pk)
    if section.kind not in KINDS:
        raise ValidationFailed("section_kind", _("This section is not community service."), field="section")
    if not section.is_open:
        raise section_closed()
    if CommunityServiceDetails.objects.filter(section=section).exists():
        raise Conflict("details_exist", _("The order details are already recorded."), field="section")
    _check_details(section, order_type, ordered_hours, offence_date)
    if registration_basis not in RegistrationBasis.values:
        raise ValidationFailed("registration_basis_invalid", _("Choose what the registration counts from."),
                               field="registration_basis")
    if ruling_in_force is None:
        raise ValidationFailed("ruling_in_force_required", _("Enter the date the ruling took effect."),
                               field="ruling_in_force")
    not_future(ruling_in_force, "ruling_in_force")
    if basis_event_date is None:
        basis_event_date = ruling_in_force if registration_basis == RegistrationBasis.RULING else None
    if basis_event_date is None:
        raise ValidationFailed("basis_event_date_required", _("Enter the date of release."),
                               field="basis_event_date")
    not_future(basis_event_date, "basis_event_date")
    details = CommunityServiceDetails.objects.create(
        section=section, order_type=order_type, ordered_hours=int(ordered_hours or 0),
        registration_basis=registration_basis, basis_event_date=basis_event_date,
        ruling_in_force=ruling_in_force, offence_date=offence_date, created_by=user_of(actor),
    )
    audit.record(actor=actor, verb="community_details_create", instance=details, action="create",
                 after=audit.snapshot(details))
    timeline.emit("community_details_recorded", case=section.case, section=section, actor=actor,
                  ordered_hours=details.ordered_hours, basis=registration_basis,
                  from_date=f"{basis_event_date:%d.%m.%Y}", from_iso=basis_event_date.isoformat())
    return details


@transaction.atomic
def details_update(*, actor: Any, details: CommunityServiceDetails, expected_version: int | None,
                   order_type: str, ordered_hours: int | None, offence_date: dt.date | None,
                   exemplary_work: bool) -> CommunityServiceDetails:
    details = lock(details, expected_version)
    section = Section.objects.select_related("case", "case__person").get(pk=details.section_id)
    if not section.is_open:
        raise section_closed()
    _check_details(section, order_type, ordered_hours, offence_date)
    done = effective_hours(details)
    if ordered_hours is not None and Decimal(ordered_hours) < done:
        raise ValidationFailed("ordered_below_done", _("More hours have already been worked than that."),
                               field="ordered_hours")
    before = audit.snapshot(details)
    details.order_type = order_type
    details.ordered_hours = int(ordered_hours or 0)
    details.offence_date = offence_date
    details.exemplary_work = exemplary_work
    bump(details)
    details.save()
    audit.record(actor=actor, verb="community_details_update", instance=details, before=before,
                 after=audit.snapshot(details))
    timeline.emit("community_details_changed", case=section.case, section=section, actor=actor)
    return details
