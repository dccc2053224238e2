"""The value of community-service work: hours × the minimum hourly rate of the month worked.

The rate is the year's monthly minimum wage ÷ the month's normal working hours for a 5-day,
40-hour week, counting public holidays as hours (Ministry of Welfare method; workflows.md §4).
The month's days come from the official calendar (``core.calendar``, the ``holidays`` package):
every working day counts, and so does every public holiday on Monday–Friday; a Saturday made a
working day by a transfer does not add hours, because the weekday it was swapped for is already
counted as a (substituted) day off. January 2024 → 184 h → 3.8043 EUR/h; June 2024 → 160 h →
4.3750 EUR/h.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from core import calendar, policies
from core.errors import ValidationFailed

RATE_PLACES = Decimal("0.0001")
MONEY_PLACES = Decimal("0.01")


@lru_cache(maxsize=256)
def _normal_days(year: int, month: int) -> int:
    days = 0
    for d in range(1, pycalendar.monthrange(year, month)[1] + 1):
        day = dt.date(year, month, d)
        if day.weekday() >= 5:
            continue  # weekends, including transferred working Saturdays (see the module docstring)
        if calendar.is_working_day(day) or calendar.holiday_name(day):
            days += 1
    return days


def normal_hours(year: int, month: int) -> int:
    return _normal_days(year, month) * int(policies.value("community.normal_hours_per_day"))


def minimum_wage(year: int) -> Decimal | None:
    table = policies.value("community.minimum_monthly_wage") or {}
    raw = table.get(str(year))
    return Decimal(str(raw)) if raw not in (None, "") else None


def wage_table() -> list[tuple[int, Decimal, bool]]:
    """(year, monthly wage, confirmed) rows, by year."""
    from community.policies import MINIMUM_WAGE_CONFIRMED_YEARS

    table = policies.value("community.minimum_monthly_wage") or {}
    return sorted((int(y), Decimal(str(v)), y in MINIMUM_WAGE_CONFIRMED_YEARS) for y, v in table.items())


def hourly_rate(year: int, month: int) -> Decimal:
    """The minimum hourly rate of a month, to 4 decimal places."""
    wage = minimum_wage(year)
    if wage is None:
        raise ValidationFailed("minimum_wage_missing", f"No minimum wage recorded for {year}.", field="year")
    return (wage / Decimal(normal_hours(year, month))).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def value_of(hours: Decimal, year: int, month: int) -> Decimal:
    return (Decimal(hours) * hourly_rate(year, month)).quantize(MONEY_PLACES, rounding=ROUND_HALF_UP)
