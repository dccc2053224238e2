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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from community.policies import MINIMUM_WAGE_CONFIRMED_YEARS
from core import calendar, policies
from core.errors import ValidationFailed

RATE_PLACES = Decimal("0.0001")
MONEY_PLACES = Decimal("0.01")
HOUR_PLACES = Decimal("0.01")


def exact_hours(raw: Any) -> Decimal:
    """Hours as the exact decimal they are (at most 2 places, trailing zeros dropped: 0.2, 7.5, 8).
    A database sum may come back binary-rounded (SQLite sums decimals as floats: 0.200000000000000);
    every sum of hours goes through here before it is compared, shown or sent."""
    hours = Decimal(str(raw if raw is not None else 0)).quantize(HOUR_PLACES, rounding=ROUND_HALF_UP)
    return hours.quantize(Decimal(1)) if hours == hours.to_integral_value() else hours.normalize()


def money(hours: Decimal, rate: Decimal) -> Decimal:
    """The value of ``hours`` at ``rate``, rounded half-up to cents: the one rounding every page,
    report and export uses (a month's hours are valued at once, then the months are added)."""
    return (Decimal(hours) * rate).quantize(MONEY_PLACES, rounding=ROUND_HALF_UP)


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
    table = policies.value("community.minimum_monthly_wage") or {}
    return sorted((int(y), Decimal(str(v)), y in MINIMUM_WAGE_CONFIRMED_YEARS) for y, v in table.items())


def hourly_rate(year: int, month: int) -> Decimal:
    """The minimum hourly rate of a month, to 4 decimal places."""
    wage = minimum_wage(year)
    if wage is None:
        raise ValidationFailed("minimum_wage_missing", f"No minimum wage recorded for {year}.", field="year")
    return (wage / Decimal(normal_hours(year, month))).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def value_of(hours: Decimal, year: int, month: int) -> Decimal:
    return money(hours, hourly_rate(year, month))


@dataclass(frozen=True)
class YearValue:
    """Hours worked in one year and their value (None when that year's wage is not recorded)."""

    year: int
    hours: Decimal
    value: Decimal | None


def value_by_year(entries: QuerySet[Any]) -> list[YearValue]:
    """Sum hour entries (a queryset of ``HourEntry``) per month in the database and value each month
    at its own hourly rate; one grouped query whatever the number of entries."""
    rows = (entries.filter(superseded=False).annotate(y=ExtractYear("day"), m=ExtractMonth("day"))
            .values("y", "m").annotate(h=Sum("hours")).order_by().values_list("y", "m", "h"))
    years: dict[int, list[Any]] = {}
    for year, month, raw in rows:
        hours = exact_hours(raw)
        acc = years.setdefault(year, [Decimal(0), Decimal(0), minimum_wage(year) is not None])
        acc[0] += hours
        if acc[2]:
            acc[1] += value_of(hours, year, month)
    return [YearValue(year=y, hours=exact_hours(h), value=v if ok else None) for y, (h, v, ok) in sorted(years.items())]


def total_value(rows: list[YearValue]) -> tuple[Decimal, Decimal, bool]:
    """(hours, value, complete) over the years; ``complete`` is False when a year could not be valued."""
    return (exact_hours(sum((r.hours for r in rows), Decimal(0))), sum((r.value or Decimal(0) for r in rows), Decimal(0)),
            all(r.value is not None for r in rows))
