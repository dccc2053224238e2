"""Helpers shared by community service's state changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Section
from community.models import CommunityServiceDetails
from core.errors import ValidationFailed


def user_of(actor: Any) -> User | None:
    """The actor as a user to store (a job acts without one)."""
    return actor if getattr(actor, "pk", None) else None


def required(value: str | None, code: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(code, message, field=field)
    return value


def not_future(day: dt.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationFailed(f"{field}_future", _("The date cannot be in the future."), field=field)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def section_closed() -> ValidationFailed:
    return ValidationFailed("section_closed", _("This section is closed."), field="section")


def open_section(details: CommunityServiceDetails) -> Section:
    """The order's section with its case, if still open."""
    section = Section.objects.select_related("case").get(pk=details.section_id)
    if not section.is_open:
        raise section_closed()
    return section
