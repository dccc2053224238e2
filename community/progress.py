"""Progress and enforcement figures of one community-service order, each showing its working:
hours done and left, the pace against the monthly minimum, the conversion of the remaining hours
to short-term deprivation of liberty, early-release eligibility and the 2-year enforcement limit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from core import policies


@dataclass(frozen=True)
class Conversion:
    remaining: Decimal
    hours_per_day: int
    exact_days: Decimal
    rounding: str
    days: int
    max_days: int
    capped: bool


@dataclass(frozen=True)
class EarlyRelease:
    min_ordered: int
    ordered_ok: bool
    half: Decimal
    served_ok: bool
    exemplary: bool

    @property
    def eligible(self) -> bool:
        return self.ordered_ok and self.served_ok and self.exemplary


@dataclass(frozen=True)
class Limitation:
    from_date: dt.date
    until: dt.date
    days_left: int
    warn: bool
    passed: bool


@dataclass(frozen=True)
class Pace:
    since: dt.date | None
    full_months: int
    minimum_per_month: int
    expected: Decimal
    behind: bool


@dataclass(frozen=True)
class Progress:
    ordered: int
    done: Decimal
    remaining: Decimal
    pace: Pace
    conversion: Conversion
    early_release: EarlyRelease
    limitation: Limitation


def full_months_between(start: dt.date, end: dt.date) -> int:
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def convert(remaining: Decimal) -> Conversion:
    per_day = int(policies.value("community.conversion_hours_per_day"))
    rounding = str(policies.value("community.conversion_rounding"))
    max_days = int(policies.value("community.conversion_max_days"))
    exact = (Decimal(remaining) / per_day).quantize(Decimal("0.01"))
    whole = int((Decimal(remaining) / per_day).to_integral_value(ROUND_CEILING if rounding == "up" else ROUND_FLOOR))
    return Conversion(remaining=Decimal(remaining), hours_per_day=per_day, exact_days=exact, rounding=rounding,
                      days=min(whole, max_days), max_days=max_days, capped=whole > max_days)


def compute(*, ordered: int, done: Decimal, first_order_start: dt.date | None, ruling_in_force: dt.date,
            exemplary: bool, today: dt.date) -> Progress:
    from community.value import exact_hours

    done = exact_hours(done)  # a database sum may be binary-rounded (SQLite)
    remaining = exact_hours(max(Decimal(ordered) - done, Decimal(0)))
    minimum = int(policies.value("community.monthly_minimum_hours"))
    months = full_months_between(first_order_start, today) if first_order_start else 0
    expected = min(Decimal(minimum * months), Decimal(ordered))
    pace = Pace(since=first_order_start, full_months=months, minimum_per_month=minimum, expected=expected,
                behind=done < expected)
    min_ordered = int(policies.value("community.early_release_min_ordered_hours"))
    half = exact_hours(Decimal(ordered) * Decimal(str(policies.value("community.early_release_min_share_served"))))
    early = EarlyRelease(min_ordered=min_ordered, ordered_ok=ordered >= min_ordered, half=half,
                         served_ok=done >= half, exemplary=exemplary)
    until = add_years(ruling_in_force, int(policies.value("community.limitation_years")))
    days_left = (until - today).days
    limitation = Limitation(from_date=ruling_in_force, until=until, days_left=days_left,
                            warn=0 <= days_left <= int(policies.value("community.limitation_warning_days")),
                            passed=days_left < 0)
    return Progress(ordered=ordered, done=done, remaining=remaining, pace=pace, conversion=convert(remaining),
                    early_release=early, limitation=limitation)
