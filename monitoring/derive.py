"""Violation derivation: a state machine per EM section, fed with device messages in time order and
with the passing of time (timers), emitting violation intervals (opened at, cleared at).

It is state-based: presence (tag in or out of range) is a state carried by every base-station
message, known for the reporting interval plus the buffer after each message and *unknown* (no data)
after that; violations are intervals of states intersected with the schedule's periods, not edges.
The same code serves three paths (``monitoring.ingest``): the fast path continues a section's saved
state with new messages; the ticker advances it with time; a late or out-of-order message makes the
section replay its stored messages from shortly before the late one — so that the same messages in any
order give the same violations.

Every time the machine uses is the messages' or the timers' own (``detected`` is the machine time at
which the violation became certain), never the wall clock, so a replay reproduces the same records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from monitoring import geo
from monitoring.catalogue import DEVICE_CLEARERS, DEVICE_OPENERS
from monitoring.schedules import Period, window_active


@dataclass(frozen=True)
class Msg:
    time: dt.datetime
    kind: str
    device_id: int = 0
    seq: int = 0
    tag: str | None = None  # "in" | "out" | None
    lat: float | None = None
    lon: float | None = None
    received_at: dt.datetime | None = None


@dataclass(frozen=True)
class ZoneSpec:
    id: int
    kind: str  # inclusion | exclusion
    ring: list[list[float]]
    windows: list[dict[str, Any]]
    timezone: str = "Europe/Riga"
    # The ring's bounding box (south, west, north, east): a fix outside it needs no ray cast.
    bbox: tuple[float, float, float, float] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        lats = [p[0] for p in self.ring] or [0.0]
        lons = [p[1] for p in self.ring] or [0.0]
        object.__setattr__(self, "bbox", (min(lats), min(lons), max(lats), max(lons)))

    def contains(self, lat: float, lon: float) -> bool:
        south, west, north, east = self.bbox
        if lat < south or lat > north or lon < west or lon > east:
            return False
        return geo.contains(self.ring, lat, lon)


@dataclass
class Change:
    """Something the machine decided: a violation opened (``cleared`` None) or cleared."""

    action: str  # "open" | "clear" | "closed" (opened and cleared at once)
    kind: str
    subject: str
    started_at: dt.datetime
    detected_at: dt.datetime
    cleared_at: dt.datetime | None = None
    reason: str = ""
    received_at: dt.datetime | None = None


def _iso(t: dt.datetime | None) -> str | None:
    return t.isoformat() if t else None


def _dt(s: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(s) if s else None


@dataclass
class State:
    clock: dt.datetime | None = None
    presence: str | None = None
    presence_at: dt.datetime | None = None  # the last message that told the presence
    presence_since: dt.datetime | None = None
    last_msg: dt.datetime | None = None
    open: dict[str, dict[str, Any]] = field(default_factory=dict)  # "kind|subject" -> {started, detected}

    def dump(self) -> dict[str, Any]:
        return {"clock": _iso(self.clock), "presence": self.presence, "presence_at": _iso(self.presence_at),
                "presence_since": _iso(self.presence_since), "last_msg": _iso(self.last_msg), "open": self.open}

    @classmethod
    def load(cls, data: dict[str, Any] | None) -> State:
        data = data or {}
        return cls(clock=_dt(data.get("clock")), presence=data.get("presence"), presence_at=_dt(data.get("presence_at")),
                   presence_since=_dt(data.get("presence_since")), last_msg=_dt(data.get("last_msg")),
                   open=dict(data.get("open") or {}))


PeriodsFn = Callable[[dt.datetime, dt.datetime], list[Period]]


class Machine:
    def __init__(self, *, periods: PeriodsFn, zones: Iterable[ZoneSpec] = (), grace: dt.timedelta,
                 timeout: dt.timedelta, state: State | None = None) -> None:
        self.periods_fn = periods
        self.zones = list(zones)
        self.grace = grace
        self.timeout = timeout
        self.s = state or State()
        self.changes: list[Change] = []
        self._received: dt.datetime | None = None
        self._fired: set[tuple[str, dt.datetime | None]] = set()  # timers fired at the current clock

    # --- emitting ------------------------------------------------------------------------------
    def _open(self, kind: str, started: dt.datetime, at: dt.datetime, subject: str = "") -> None:
        key = f"{kind}|{subject}"
        if key in self.s.open:
            return
        self.s.open[key] = {"started": _iso(started), "detected": _iso(at)}
        self.changes.append(Change("open", kind, subject, started, at, received_at=self._received))

    def _clear(self, kind: str, at: dt.datetime, reason: str, subject: str = "") -> None:
        key = f"{kind}|{subject}"
        item = self.s.open.pop(key, None)
        if item is None:
            return
        started = _dt(item["started"]) or at
        self.changes.append(Change("clear", kind, subject, started, _dt(item["detected"]) or at, cleared_at=at,
                                   reason=reason, received_at=self._received))

    def is_open(self, kind: str, subject: str = "") -> bool:
        return f"{kind}|{subject}" in self.s.open

    # --- time ----------------------------------------------------------------------------------
    def _timers(self, until: dt.datetime) -> list[tuple[dt.datetime, int, str, Any]]:
        s = self.s
        clock = s.clock
        assert clock is not None
        out: list[tuple[dt.datetime, int, str, Any]] = []
        if s.last_msg is not None and not self.is_open("communication_failure"):
            out.append((s.last_msg + self.timeout, 0, "comm", None))
        if s.presence is not None and s.presence_at is not None:
            out.append((s.presence_at + self.timeout, 1, "unknown", None))
        for p in self.periods_fn(clock - self.grace, until + self.grace):
            out.append((p.start + self.grace, 2, "start", p))
            out.append((p.end, 3, "end", p))
        if s.presence is not None and s.presence_since is not None:
            out.append((s.presence_since + self.grace, 4, "settled", None))
        due = [t for t in out if t[0] <= until and (clock < t[0] or (t[0] == clock and self._key(t) not in self._fired))]
        return sorted(due, key=lambda t: (t[0], t[1]))

    @staticmethod
    def _key(timer: tuple[dt.datetime, int, str, Any]) -> tuple[str, dt.datetime | None]:
        return timer[2], timer[3].start if timer[3] is not None else None

    def advance(self, until: dt.datetime) -> None:
        """Let time pass up to ``until`` (timers fire in order; each may change what fires next)."""
        if self.s.clock is None:
            self.s.clock = until
            return
        self._received = None
        for _ in range(100_000):
            timers = self._timers(until)
            if not timers:
                break
            at, _order, what, period = timers[0]
            if at != self.s.clock:
                self._fired.clear()
            self._fired.add(self._key(timers[0]))
            self.s.clock = at
            self._fire(at, what, period)
        if until > self.s.clock:
            self._fired.clear()
            self.s.clock = until

    def next_due(self, horizon: dt.timedelta = dt.timedelta(days=2)) -> dt.datetime | None:
        """When the next timer fires (within ``horizon``; else the horizon itself, to look again then)."""
        if self.s.clock is None:
            return None
        timers = self._timers(self.s.clock + horizon)
        return timers[0][0] if timers else self.s.clock + horizon

    def _period_at(self, at: dt.datetime) -> Period | None:
        for p in self.periods_fn(at - dt.timedelta(seconds=1), at + dt.timedelta(seconds=1)):
            if p.start <= at < p.end:
                return p
        return None

    def _fire(self, at: dt.datetime, what: str, period: Period | None) -> None:
        s = self.s
        if what == "comm":
            self._open("communication_failure", at, at)
        elif what == "unknown":
            s.presence = None
            s.presence_since = at
        elif what == "start" and period is not None:
            if period.place == "home" and s.presence == "out" and s.presence_since and s.presence_since <= period.start:
                self._open("absent_at_curfew_start", period.start, at)
            elif period.place == "away" and s.presence == "in" and s.presence_since and s.presence_since <= period.start:
                self._open("failed_to_leave", period.start, at)
        elif what == "end" and period is not None:
            for kind in ("absent_at_curfew_start", "left_during_curfew", "failed_to_leave"):
                self._clear(kind, at, "window_ended")
        elif what == "settled":
            # Out (or in) for the whole grace: a departure during a curfew, a stay during a required absence.
            since = s.presence_since
            assert since is not None
            period = self._period_at(since)
            if period is None or at > period.end:
                return
            if period.place == "home" and s.presence == "out" and since > period.start:
                self._open("left_during_curfew", since, at)
            elif period.place == "away" and s.presence == "in" and since > period.start:
                self._open("failed_to_leave", since, at)

    # --- messages ------------------------------------------------------------------------------
    def changes_nothing(self, msg: Msg) -> bool:
        """A message older than the clock that cannot change what was derived: a heartbeat or a fix (no
        zones) telling the same presence the section already had then, inside a stretch with messages on
        both sides closer than the timeout. Several ingestion workers receive a device's messages in
        turn, so such stragglers are common; they are stored, and need no replay."""
        s = self.s
        if msg.kind not in ("heartbeat", "fix") or (msg.kind == "fix" and self.zones):
            return False
        if s.last_msg is None or self.s.open:
            return False
        if msg.tag is not None and (msg.tag != s.presence or s.presence_since is None or msg.time < s.presence_since):
            return False
        return dt.timedelta(0) <= s.last_msg - msg.time < self.timeout / 2

    def apply(self, msg: Msg) -> None:
        """One message, in time order (the caller sorts and sends older ones to a replay)."""
        s = self.s
        if s.clock is None:
            s.clock = msg.time
        self.advance(msg.time)
        self._received = msg.received_at
        if self.is_open("communication_failure"):
            self._clear("communication_failure", msg.time, "message")
        s.last_msg = msg.time if s.last_msg is None else max(s.last_msg, msg.time)
        presence = msg.tag
        if msg.kind == "tag_in_range":
            presence = "in"
        elif msg.kind == "tag_out_of_range":
            presence = "out"
        if presence is not None:
            self._presence(presence, msg.time)
        if msg.kind in DEVICE_OPENERS:
            self._open(DEVICE_OPENERS[msg.kind], msg.time, msg.time)
        if msg.kind in DEVICE_CLEARERS:
            self._clear(DEVICE_CLEARERS[msg.kind], msg.time, "event")
        if msg.kind == "fix" and msg.lat is not None and msg.lon is not None:
            self._zones(msg.time, msg.lat, msg.lon)
        self._received = None

    def _presence(self, presence: str, at: dt.datetime) -> None:
        s = self.s
        s.presence_at = at
        if presence == s.presence:
            return
        previous, s.presence, s.presence_since = s.presence, presence, at
        period = self._period_at(at)
        if presence == "in":
            if self.is_open("absent_at_curfew_start"):
                started = _dt(s.open["absent_at_curfew_start|"]["started"]) or at
                self._clear("absent_at_curfew_start", at, "returned")
                if at > started + self.grace:
                    self.changes.append(Change("closed", "late_return", "", started, at, cleared_at=at,
                                               reason="returned", received_at=self._received))
            self._clear("left_during_curfew", at, "returned")
        elif presence == "out" and previous is not None:
            self._clear("failed_to_leave", at, "left")
        del period

    def _zones(self, at: dt.datetime, lat: float, lon: float) -> None:
        for zone in self.zones:
            subject = str(zone.id)
            kind = "exclusion_zone_entered" if zone.kind == "exclusion" else "inclusion_zone_left"
            if not window_active(zone.windows, at, zone.timezone):
                self._clear(kind, at, "zone_inactive", subject)
                continue
            inside = zone.contains(lat, lon)
            breach = inside if zone.kind == "exclusion" else not inside
            if breach:
                self._open(kind, at, at, subject)
            else:
                self._clear(kind, at, "zone", subject)


def run(messages: Iterable[Msg], *, machine: Machine, until: dt.datetime | None = None) -> list[Change]:
    """Feed ``messages`` (sorted here by time, device, sequence) and let time pass to ``until``."""
    for msg in sorted(messages, key=lambda m: (m.time, m.device_id, m.seq)):
        machine.apply(msg)
    if until is not None:
        machine.advance(until)
    return machine.changes
