"""Curfew schedules in local time: validation of weekly windows (limits are policies) and expansion
into UTC periods. A window ending "the next day" crosses midnight; local times are resolved in the
schedule's IANA zone on each date, so a 22:00–06:00 curfew lasts 7 hours of real time on the night
the clocks go forward and 9 hours on the night they go back (docs/electronic-monitoring.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext as _

from core import policies
from core.errors import ValidationFailed
from monitoring.policies import CURFEW_DAY_MAX, CURFEW_DAY_MIN, CURFEW_WEEK_MAX


@dataclass(frozen=True)
class Window:
    weekday: int
    start: dt.time
    end: dt.time
    next_day: bool = False
    place: str = "home"

    @property
    def minutes(self) -> int:
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute + (1440 if self.next_day else 0)
        return end - start


@dataclass(frozen=True)
class Period:
    start: dt.datetime  # UTC
    end: dt.datetime
    place: str


def zone_info(name: str, field: str = "timezone") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed("timezone_unknown", _("Give an IANA time zone such as Europe/Riga."),
                               field=field) from None


def check_window(window: Window, field: str = "end") -> None:
    if not 0 <= window.weekday <= 6:
        raise ValidationFailed("weekday_invalid", _("Choose a day of the week."), field="weekday")
    minutes = window.minutes
    if minutes < 0:
        raise ValidationFailed("window_negative",
                               _("The window ends before it starts: tick 'ends the next day' for a curfew that "
                                 "crosses midnight."), field=field)
    if minutes == 0:
        raise ValidationFailed("window_empty", _("The window has no length."), field=field)
    if minutes > 1440:
        raise ValidationFailed("window_too_long", _("A window lasts at most 24 hours."), field=field)


def check_windows(windows: list[Window], field: str = "windows") -> None:
    """Each window valid; no two overlap within the week; curfew hours within the daily and weekly limits."""
    for window in windows:
        check_window(window)
    spans = sorted((w.weekday * 1440 + w.start.hour * 60 + w.start.minute, w) for w in windows)
    for (start_a, a), (start_b, _b) in zip(spans, spans[1:], strict=False):
        if start_a + a.minutes > start_b:
            raise ValidationFailed("windows_overlap", _("Two windows overlap."), field=field)
    if spans and spans[-1][0] + spans[-1][1].minutes > 7 * 1440 + spans[0][0]:
        raise ValidationFailed("windows_overlap", _("Two windows overlap."), field=field)
    home = [w for w in windows if w.place == "home"]
    day_min = float(policies.value(CURFEW_DAY_MIN.key))
    day_max = float(policies.value(CURFEW_DAY_MAX.key))
    week_max = float(policies.value(CURFEW_WEEK_MAX.key))
    for weekday in range(7):
        hours = sum(w.minutes for w in home if w.weekday == weekday) / 60
        if hours and not day_min <= hours <= day_max:
            raise ValidationFailed(
                "curfew_day_limit",
                _("A day's curfew must last %(low)s–%(high)s hours (policy); this one lasts %(hours)s.")
                % {"low": f"{day_min:g}", "high": f"{day_max:g}", "hours": f"{hours:g}"}, field=field)
    week = sum(w.minutes for w in home) / 60
    if week > week_max:
        raise ValidationFailed(
            "curfew_week_limit", _("The curfew lasts %(hours)s hours a week; the limit is %(limit)s (policy).")
            % {"hours": f"{week:g}", "limit": f"{week_max:g}"}, field=field)


def _local(day: dt.date, at: dt.time, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, at).replace(tzinfo=tz).astimezone(dt.UTC)


def _instances(day: dt.date, windows: Iterable[Window], tz: ZoneInfo) -> list[Period]:
    out = []
    for w in windows:
        start = _local(day, w.start, tz)
        end = _local(day + dt.timedelta(days=1 if w.next_day else 0), w.end, tz)
        if end > start:
            out.append(Period(start, end, w.place))
    return out


@dataclass(frozen=True)
class ScheduleSpec:
    """A schedule in memory (``monitoring.models.Schedule`` with its windows and exceptions)."""

    valid_from: dt.date
    valid_until: dt.date | None
    timezone: str
    windows: tuple[Window, ...]
    exceptions: tuple[tuple[dt.date, str, Window | None], ...] = ()  # (date, "none"|"replace", window)
    # Each local day's periods, computed once (the derivation asks for the same days thousands of times).
    _days: dict[dt.date, tuple[Period, ...]] = field(default_factory=dict, init=False, compare=False, hash=False,
                                                     repr=False)

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def day(self, day: dt.date, tz: ZoneInfo) -> tuple[Period, ...]:
        """The periods of the windows that start on local ``day`` (exceptions applied; unmerged)."""
        found = self._days.get(day)
        if found is not None:
            return found
        todays: list[Window] = []
        if self.covers(day):
            exception = next(((kind, window) for d, kind, window in self.exceptions if d == day), None)
            if exception is not None:
                kind, window = exception
                todays = [window] if kind == "replace" and window is not None else []
            else:
                todays = [w for w in self.windows if w.weekday == day.weekday()]
        found = tuple(_instances(day, todays, tz))
        if len(self._days) > 400:  # a long-lived spec (the cache holds it for a minute): stay small
            self._days.clear()
        self._days[day] = found
        return found


def spec_of(schedule: Any) -> ScheduleSpec:
    windows = tuple(Window(w.weekday, w.start, w.end, w.next_day, w.place) for w in schedule.windows.all())
    exceptions = tuple(
        (e.date, e.kind, Window(e.date.weekday(), e.start, e.end, e.next_day, e.place) if e.kind == "replace"
         else None) for e in schedule.exceptions.all())
    return ScheduleSpec(schedule.valid_from, schedule.valid_until, schedule.timezone, windows, exceptions)


ONE_DAY = dt.timedelta(days=1)


def periods(specs: Iterable[ScheduleSpec], start: dt.datetime, end: dt.datetime) -> list[Period]:
    """The curfew and required-absence periods (UTC) that overlap [start, end), adjoining periods of the
    same place merged (Monday 22:00–24:00 and Tuesday 00:00–06:00 are one curfew)."""
    out: list[Period] = []
    for spec in specs:
        tz = zone_info(spec.timezone)
        day = start.astimezone(tz).date() - ONE_DAY
        last = end.astimezone(tz).date()
        while day <= last:
            for p in spec.day(day, tz):
                if p.end > start and p.start < end:
                    out.append(p)
            day += ONE_DAY
    if len(out) < 2:
        return out
    out.sort(key=lambda p: (p.start, p.end))
    merged: list[Period] = []
    for p in out:
        if merged and merged[-1].place == p.place and merged[-1].end >= p.start:
            last_p = merged[-1]
            merged[-1] = Period(last_p.start, max(last_p.end, p.end), p.place)
        else:
            merged.append(p)
    return merged


def window_active(windows: list[dict[str, Any]], at: dt.datetime, timezone: str = "Europe/Riga") -> bool:
    """A zone's windows (JSON: weekday, start "HH:MM", end, next_day) in force at ``at``; none: always."""
    if not windows:
        return True
    tz = zone_info(timezone)
    local_day = at.astimezone(tz).date()
    for offset in (0, -1):
        day = local_day + dt.timedelta(days=offset)
        todays = [parse_window(w) for w in windows if int(w["weekday"]) == day.weekday()]
        if any(p.start <= at < p.end for p in _instances(day, todays, tz)):
            return True
    return False


def parse_window(data: dict[str, Any]) -> Window:
    return Window(int(data["weekday"]), dt.time.fromisoformat(str(data["start"])),
                  dt.time.fromisoformat(str(data["end"])), bool(data.get("next_day")), str(data.get("place", "home")))
