"""Working days in the official Latvian calendar, from the ``holidays`` package.

Public holidays are off, and the Saturdays to which the Cabinet transfers working days are
working days. Never hand-write a holiday list.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

COUNTRY = "LV"


@lru_cache(maxsize=64)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(COUNTRY, years=range(year - 1, year + 3))


def is_working_day(day: dt.date) -> bool:
    return bool(_calendar(day.year).is_working_day(day))


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (``start`` itself is not counted).

    ``add_working_days(Friday, 1)`` is the next Monday unless it is a holiday.
    """
    if n < 0:
        raise ValueError("n must be non-negative")
    if n == 0:
        return start
    return _calendar(start.year).get_nth_working_day(start, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]."""
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def holiday_name(day: dt.date) -> str | None:
    return _calendar(day.year).get(day)
