"""The high-volume write path of EM telemetry (docs/electronic-monitoring.md "Ingestion").

Both transports (the MQTT worker, ``monitoring.worker``; the HTTPS batch endpoint, ``monitoring.api``)
hand raw messages to :func:`ingest`, which in **one transaction**

1. checks each message (format, known device, HMAC signature with the device's key) — a bad one is
   rejected with a code, never stored, never blocking the others;
2. stamps it with the receipt time, measures the device clock's offset and flags it (``skewed``) when
   the offset is over the policy, keeping the message (its event time corrected by the offset);
3. inserts the batch in one statement, ``ON CONFLICT DO NOTHING`` on (device, sequence, device time):
   a replayed message is a no-op, so it can raise no second alert;
4. feeds the new messages to each section's derivation state machine (``monitoring.derive``): the fast
   path continues the saved state; a message older than the state's clock makes the section replay its
   stored messages from shortly before it (recomputation);
5. writes the resulting violation intervals, raises or groups alerts, and creates the officer's review
   task for each new alert (``tasks.services.tasks_create_many``).

Only after the commit does the caller acknowledge the messages (MQTT PUBACK, HTTP 200). There is no
audit row or case-timeline event per message: alerts are the domain summary.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import math
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from core import policies
from monitoring import derive
from monitoring.catalogue import KIND_BY_CODE, KIND_CODES, VIOLATION_KINDS
from monitoring.derive import Change, Machine, Msg, State, ZoneSpec
from monitoring.policies import BUFFER_SECONDS, GRACE_MINUTES, GROUP_HOURS, REPORTING_SECONDS, SKEW_SECONDS
from monitoring.schedules import ScheduleSpec, Window, periods

log = logging.getLogger(__name__)

WARMUP = dt.timedelta(hours=1)  # messages replayed (silently) to rebuild the presence before a replay
ALLOWANCE = dt.timedelta(seconds=15)  # the ticker keeps this far behind the clock for messages in flight
CACHE_SECONDS = 60.0
MAX_FUTURE = dt.timedelta(days=366 * 5)
TICK_CHUNK = 500  # sections the ticker advances per transaction


def canonical(message: dict[str, Any]) -> bytes:
    """The signed bytes: the message without ``sig``, keys sorted, no spaces."""
    return json.dumps({k: v for k, v in message.items() if k != "sig"}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False).encode()


def sign(message: dict[str, Any], key: str) -> dict[str, Any]:
    """``message`` with its ``sig`` (devices and the simulator)."""
    signed = {k: v for k, v in message.items() if k != "sig"}
    signed["sig"] = hmac.new(bytes.fromhex(key), canonical(signed), hashlib.sha256).hexdigest()
    return signed


# --- Caches (per process; services call forget() after a change) --------------------------------


@dataclass(frozen=True)
class DeviceInfo:
    id: int
    key: bytes
    section_id: int | None


@dataclass
class SectionSpec:
    schedules: list[ScheduleSpec]
    zones: list[ZoneSpec]

    def periods(self, start: dt.datetime, end: dt.datetime) -> list[Any]:
        return periods(self.schedules, start, end) if self.schedules else []


_lock = threading.Lock()
_devices: dict[str, DeviceInfo] = {}
_devices_at = 0.0
_sections: dict[int, tuple[float, SectionSpec]] = {}


def forget() -> None:
    """Drop the cached devices and section specs (after an assignment, schedule or zone change)."""
    global _devices_at
    with _lock:
        _devices.clear()
        _devices_at = 0.0
        _sections.clear()


def _load_devices(serials: Iterable[str]) -> dict[str, DeviceInfo]:
    from monitoring.models import Device, DeviceAssignment

    global _devices_at
    now = time.monotonic()
    with _lock:
        if now - _devices_at > CACHE_SECONDS:
            _devices.clear()
            _devices_at = now
        missing = [s for s in set(serials) if s not in _devices]
    if missing:
        rows = {d["serial"]: d for d in Device.objects.filter(serial__in=missing)
                .exclude(status__in=[Device.Status.LOST]).values("id", "serial", "key")}
        sections = dict(DeviceAssignment.objects.filter(device_id__in=[r["id"] for r in rows.values()],
                                                        returned_at__isnull=True)
                        .values_list("device_id", "section_id"))
        with _lock:
            for serial, row in rows.items():
                _devices[serial] = DeviceInfo(row["id"], bytes.fromhex(row["key"]), sections.get(row["id"]))
    with _lock:
        return {s: _devices[s] for s in serials if s in _devices}


def section_specs(section_ids: Iterable[int]) -> dict[int, SectionSpec]:
    """The schedules and zones of many sections (cached; the missing ones in three queries)."""
    from monitoring.models import Schedule, Zone

    now = time.monotonic()
    ids = set(section_ids)
    with _lock:
        found = {i: c[1] for i in ids if (c := _sections.get(i)) is not None and now - c[0] < CACHE_SECONDS}
    missing = ids - set(found)
    if missing:
        from monitoring.models import ScheduleException, ScheduleWindow

        loaded: dict[int, SectionSpec] = {i: SectionSpec([], []) for i in missing}
        windows: dict[int, list[Window]] = defaultdict(list)
        for w in ScheduleWindow.objects.filter(schedule__section_id__in=missing).values_list(
                "schedule_id", "weekday", "start", "end", "next_day", "place"):
            windows[w[0]].append(Window(*w[1:]))
        exceptions: dict[int, list[tuple[dt.date, str, Window | None]]] = defaultdict(list)
        for schedule_id, day, kind, start, end, next_day, place in ScheduleException.objects.filter(
                schedule__section_id__in=missing).values_list("schedule_id", "date", "kind", "start", "end",
                                                              "next_day", "place"):
            window = None
            if kind == "replace" and start is not None and end is not None:
                window = Window(day.weekday(), start, end, next_day, place)
            exceptions[schedule_id].append((day, kind, window))
        for sid, section_id, valid_from, valid_until, tz in Schedule.objects.filter(section_id__in=missing).values_list(
                "id", "section_id", "valid_from", "valid_until", "timezone"):
            loaded[section_id].schedules.append(ScheduleSpec(valid_from, valid_until, tz, tuple(windows[sid]),
                                                             tuple(exceptions[sid])))
        for z in Zone.objects.filter(section_id__in=missing, active=True).values_list("id", "section_id", "kind",
                                                                                      "polygon", "windows"):
            loaded[z[1]].zones.append(ZoneSpec(z[0], z[2], z[3], z[4]))
        with _lock:
            for i, spec in loaded.items():
                _sections[i] = (now, spec)
        found.update(loaded)
    return found


def section_spec(section_id: int) -> SectionSpec:
    return section_specs([section_id])[section_id]


# --- Parsing ------------------------------------------------------------------------------------


@dataclass
class Rejected:
    index: int
    code: str
    message: str


@dataclass
class Record:
    device_id: int
    section_id: int | None
    seq: int
    kind: int
    device_time: dt.datetime
    sent_time: dt.datetime | None
    received_at: dt.datetime
    time: dt.datetime
    fix_time: dt.datetime | None
    lat: float | None
    lon: float | None
    accuracy: float | None
    tag: int | None
    battery: int | None
    skewed: bool
    gateway_id: int | None = None


@dataclass
class Result:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    alerts: int = 0
    replays: int = 0


def _time(value: Any) -> dt.datetime:
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(float(value), tz=dt.UTC)
    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("naive time")
    return parsed.astimezone(dt.UTC)


def parse(raw: bytes | str | dict[str, Any], index: int, received_at: dt.datetime, *, skew: dt.timedelta,
          topic_serial: str | None = None, devices: dict[str, DeviceInfo] | None = None
          ) -> tuple[Record | None, Rejected | None]:
    try:
        message = raw if isinstance(raw, dict) else json.loads(raw)
        if not isinstance(message, dict):
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        return None, Rejected(index, "message_malformed", "The message is not a JSON object.")
    serial = str(message.get("device", ""))
    if topic_serial is not None and serial != topic_serial:
        return None, Rejected(index, "topic_mismatch", "The message names another device than its topic.")
    device = (devices or {}).get(serial)
    if device is None:
        return None, Rejected(index, "device_unknown", "No active device has this serial number.")
    sig = str(message.get("sig", ""))
    expected = hmac.new(device.key, canonical(message), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(sig, expected):
        return None, Rejected(index, "signature_invalid", "The message's signature does not match the device's key.")
    try:
        kind = KIND_CODES[str(message["kind"])]
        seq = int(message["seq"])
        device_time = _time(message["t"])
        sent = _time(message["sent"]) if message.get("sent") is not None else device_time
        fix_time = _time(message["fix_t"]) if message.get("fix_t") is not None else None
        lat = float(message["lat"]) if message.get("lat") is not None else None
        lon = float(message["lon"]) if message.get("lon") is not None else None
        acc = float(message["acc"]) if message.get("acc") is not None else None
        tag = {"in": 1, "out": 0, None: None}[message.get("tag")]
        battery = int(message["bat"]) if message.get("bat") is not None else None
    except (KeyError, ValueError, TypeError):
        return None, Rejected(index, "message_invalid", "A field is missing or has the wrong type.")
    if (not 0 <= seq < 2 ** 63 or (lat is not None and not -90 <= lat <= 90)
            or (lon is not None and not -180 <= lon <= 180) or (battery is not None and not -32768 <= battery < 32768)
            or (acc is not None and not math.isfinite(acc))):
        return None, Rejected(index, "message_invalid", "A field is out of range.")
    offset = received_at - sent
    skewed = abs(offset) > skew
    event_time = device_time + offset if skewed else device_time
    if abs(event_time - received_at) > MAX_FUTURE:
        event_time = received_at
    return Record(device.id, device.section_id, seq, kind, device_time, sent, received_at, event_time, fix_time, lat,
                  lon, acc, tag, battery, skewed), None


# --- Writing ------------------------------------------------------------------------------------

COLUMNS = ("device_id", "section_id", "gateway_id", "seq", "kind", "device_time", "sent_time", "received_at", "time",
           "fix_time", "lat", "lon", "accuracy", "tag", "battery", "skewed")
CHUNK = 1000


PG_TYPES = ("int", "int", "int", "bigint", "smallint", "timestamptz", "timestamptz", "timestamptz", "timestamptz",
            "timestamptz", "float8", "float8", "float8", "smallint", "smallint", "bool")
STAGING = ("CREATE TEMP TABLE IF NOT EXISTS em_event_in ("
           + ", ".join(f"{name} {t}" for name, t in zip(COLUMNS, PG_TYPES, strict=True)) + ")")


def _copy_value(value: Any) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_rows(cursor: Any, sql: str, rows: Iterable[Iterable[Any]]) -> None:
    """``COPY … FROM STDIN`` of ``rows`` through the raw psycopg cursor, the text built in one piece (the
    adapters' per-value escaping is what made the parameter arrays slow)."""
    data = "".join("\t".join(map(_copy_value, row)) + "\n" for row in rows)
    raw = getattr(cursor, "cursor", cursor)
    with raw.copy(sql) as copy:
        copy.write(data)


def pg_ints(values: Iterable[int]) -> str:
    """An integer array literal (``%s::int[]``), built here rather than by the adapter."""
    return "{" + ",".join(str(int(v)) for v in values) + "}"


def _insert(records: Sequence[Record]) -> set[tuple[int, int]]:
    """Insert, skipping replays; the (device, sequence) of the rows actually inserted. PostgreSQL: ``COPY``
    into a session-local staging table, then one ``INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING``
    (COPY alone cannot skip the replays); SQLite: a multi-row VALUES."""
    if connection.vendor == "postgresql":
        names = ",".join(COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(STAGING)
            copy_rows(cursor, f"COPY em_event_in ({names}) FROM STDIN",
                      ((r.device_id, r.section_id, r.gateway_id, r.seq, r.kind, r.device_time, r.sent_time,
                        r.received_at, r.time, r.fix_time, r.lat, r.lon, r.accuracy, r.tag, r.battery, r.skewed)
                       for r in records))  # in COLUMNS' order
            cursor.execute(f"INSERT INTO monitoring_event ({names}) SELECT {names} FROM em_event_in "  # noqa: S608
                           "ON CONFLICT (device_id, seq, device_time) DO NOTHING RETURNING device_id, seq")
            stored = {(int(d), int(s)) for d, s in cursor.fetchall()}
            cursor.execute("DELETE FROM em_event_in")  # empty for the next batch (in this transaction or not)
            return stored
    ops = connection.ops
    inserted: set[tuple[int, int]] = set()
    row_sql = "(" + ",".join(["%s"] * len(COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for first in range(0, len(records), CHUNK):
            chunk = records[first:first + CHUNK]
            params: list[Any] = []
            for r in chunk:
                for name in COLUMNS:
                    value = getattr(r, name)
                    params.append(ops.adapt_datetimefield_value(value) if isinstance(value, dt.datetime) else value)
            sql = (f"INSERT INTO monitoring_event ({','.join(COLUMNS)}) VALUES {','.join([row_sql] * len(chunk))} "  # noqa: S608
                   "ON CONFLICT (device_id, seq, device_time) DO NOTHING RETURNING device_id, seq")  # constant columns
            cursor.execute(sql, params)
            inserted.update((int(d), int(s)) for d, s in cursor.fetchall())
    return inserted


def _msg(r: Record | Any) -> Msg:
    tag = {1: "in", 0: "out"}.get(r.tag) if r.tag is not None else None
    return Msg(time=r.time, kind=KIND_BY_CODE.get(r.kind, ""), device_id=r.device_id, seq=r.seq, tag=tag, lat=r.lat,
               lon=r.lon, received_at=r.received_at)


@dataclass
class Settings:
    grace: dt.timedelta
    timeout: dt.timedelta
    skew: dt.timedelta
    group: dt.timedelta

    @classmethod
    def current(cls) -> Settings:
        return cls(grace=dt.timedelta(minutes=float(policies.value(GRACE_MINUTES.key))),
                   timeout=dt.timedelta(seconds=float(policies.value(REPORTING_SECONDS.key))
                                        + float(policies.value(BUFFER_SECONDS.key))),
                   skew=dt.timedelta(seconds=float(policies.value(SKEW_SECONDS.key))),
                   group=dt.timedelta(hours=float(policies.value(GROUP_HOURS.key))))


def machine_for(section_id: int, state: State | None, settings: Settings, spec: SectionSpec | None = None) -> Machine:
    spec = spec or section_spec(section_id)
    return Machine(periods=spec.periods, zones=spec.zones, grace=settings.grace, timeout=settings.timeout,
                   state=state)


def ingest(raws: Sequence[tuple[bytes | str | dict[str, Any], dt.datetime, str | None]], *,
           gateway_id: int | None = None, settings: Settings | None = None) -> Result:
    """Check, store and derive a batch. ``raws``: (message, receipt time, serial named by the MQTT topic or
    None). One transaction; the caller acknowledges after it returns."""
    settings = settings or Settings.current()
    result = Result()
    serials = []
    bodies: list[bytes | str | dict[str, Any]] = []  # each message decoded once (a bad one kept raw for parse)
    for raw, _received, _topic in raws:
        try:
            body = raw if isinstance(raw, dict) else json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            body = None
        if isinstance(body, dict):
            serials.append(str(body.get("device", "")))
            bodies.append(body)
        else:
            serials.append("")
            bodies.append(raw)
    devices = _load_devices([s for s in serials if s])
    records: list[Record] = []
    seen: set[tuple[int, int, dt.datetime]] = set()
    for index, (body, (_raw, received, topic)) in enumerate(zip(bodies, raws, strict=True)):
        record, rejected = parse(body, index, received, skew=settings.skew, topic_serial=topic, devices=devices)
        if rejected is not None:
            result.rejected.append(rejected)
            continue
        assert record is not None
        record.gateway_id = gateway_id
        key = (record.device_id, record.seq, record.device_time)
        if key in seen:
            result.duplicates += 1
            continue
        seen.add(key)
        records.append(record)
    if not records:
        return result
    with transaction.atomic():
        inserted = _insert(records)
        fresh = [r for r in records if (r.device_id, r.seq) in inserted]
        result.accepted = len(fresh)
        result.duplicates += len(records) - len(fresh)
        by_section: dict[int, list[Record]] = defaultdict(list)
        for r in fresh:
            if r.section_id is not None:
                by_section[r.section_id].append(r)
        if by_section:
            stats = derive_sections(by_section, settings)
            result.alerts, result.replays = stats
    _touch_devices(fresh)  # after the commit: a status, never holding up (or deadlocking) the ingestion
    return result


_last_touch: dict[int, float] = {}


def _touch_devices(records: Sequence[Record]) -> None:
    """Devices' last message and battery, at most every 30 s per device, in one statement (not a write per
    message)."""
    from monitoring.models import Device

    now = time.monotonic()
    latest: dict[int, Record] = {}
    for r in records:
        if r.device_id not in latest or r.received_at > latest[r.device_id].received_at:
            latest[r.device_id] = r
    due = [r for device_id, r in latest.items() if now - _last_touch.get(device_id, 0.0) >= CACHE_SECONDS]
    if not due:
        return
    for r in due:
        _last_touch[r.device_id] = now
    if connection.vendor != "postgresql":
        with_battery = [Device(pk=r.device_id, last_seen_at=r.received_at, battery=max(0, min(100, r.battery)))
                        for r in due if r.battery is not None]
        without = [Device(pk=r.device_id, last_seen_at=r.received_at) for r in due if r.battery is None]
        if with_battery:
            Device.objects.bulk_update(with_battery, ["last_seen_at", "battery"])
        if without:
            Device.objects.bulk_update(without, ["last_seen_at"])
        return
    with connection.cursor() as cursor:
        cursor.execute("UPDATE monitoring_device d SET last_seen_at = v.t, battery = COALESCE(v.b, d.battery) "
                       "FROM unnest(%s::int[], %s::timestamptz[], %s::smallint[]) AS v(id, t, b) WHERE d.id = v.id "
                       "AND d.id IN (SELECT id FROM monitoring_device WHERE id = ANY(%s::int[]) ORDER BY id "
                       "FOR UPDATE SKIP LOCKED)",
                       [[r.device_id for r in due], [r.received_at for r in due],
                        [None if r.battery is None else max(0, min(100, r.battery)) for r in due],
                        [r.device_id for r in due]])


# --- Derivation and its persistence -------------------------------------------------------------


@dataclass
class StateRow:
    """A section's saved machine state (``monitoring.models.SectionState``), as the batch holds it."""

    section_id: int
    state: dict[str, Any]
    watermark: dt.datetime | None = None
    next_due: dt.datetime | None = None


def _locked_states(section_ids: Iterable[int], *, skip_locked: bool = False) -> dict[int, StateRow]:
    """The sections' states, locked for this transaction (in section order: two workers never deadlock on
    them); a missing one is created first. On PostgreSQL three plain statements, no model instances."""
    from monitoring.models import SectionState

    ids = sorted(set(section_ids))
    if not ids:
        return {}
    if connection.vendor != "postgresql":
        existing = set(SectionState.objects.filter(section_id__in=ids).values_list("section_id", flat=True))
        missing = [i for i in ids if i not in existing]
        if missing:
            SectionState.objects.bulk_create([SectionState(section_id=i, state={}) for i in missing],
                                             ignore_conflicts=True)
        qs = SectionState.objects.filter(section_id__in=ids).order_by("section_id")
        if connection.features.has_select_for_update:
            qs = qs.select_for_update(skip_locked=skip_locked)
        return {s.section_id: StateRow(s.section_id, s.state or {}, s.watermark, s.next_due) for s in qs}
    literal = pg_ints(ids)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM monitoring_sectionstate WHERE section_id = ANY(%s::int[])", [literal])
        if cursor.fetchone()[0] < len(ids):
            cursor.execute("INSERT INTO monitoring_sectionstate (section_id, state, updated_at) "
                           "SELECT i, '{}'::jsonb, now() FROM unnest(%s::int[]) AS i ORDER BY i "
                           "ON CONFLICT (section_id) DO NOTHING", [literal])
        lock = "FOR UPDATE SKIP LOCKED" if skip_locked else "FOR UPDATE"
        cursor.execute("SELECT section_id, state FROM monitoring_sectionstate "  # noqa: S608
                       f"WHERE section_id = ANY(%s::int[]) ORDER BY section_id {lock}", [literal])  # constant text
        return {sid: StateRow(sid, (json.loads(state) if isinstance(state, str) else state) or {})
                for sid, state in cursor.fetchall()}


def _recent_gaps(states: dict[int, Any], by_section: dict[int, list[Record]], settings: Settings) -> set[int]:
    """Sections with a late message inside or at the edge of a communication failure: it shortens (or
    splits) that gap, so those replay (one query for the batch). A gap runs from the last message before
    it (its start less the timeout) to the message that cleared it; a late message after that clear, or
    before that last message, changes nothing about it — after an outage nearly every section has such a
    recent gap, and replaying each of them for every straggler stalled the ingestion."""
    from monitoring.models import Violation

    late: dict[int, list[dt.datetime]] = {}
    for sid, records in by_section.items():
        if sid in states and (clock := State.load(states[sid].state).clock) is not None:
            times = [r.time for r in records if r.time < clock]
            if times:
                late[sid] = times
    if not late:
        return set()
    since = min(min(times) for times in late.values())
    gaps = set()
    for sid, started, cleared in (Violation.objects.filter(section_id__in=sorted(late), kind="communication_failure")
                                  .filter(models.Q(cleared_at__isnull=True) | models.Q(cleared_at__gt=since))
                                  .values_list("section_id", "started_at", "cleared_at")):
        if any(started - settings.timeout <= t and (cleared is None or t < cleared) for t in late[sid]):
            gaps.add(sid)
    return gaps


def derive_sections(by_section: dict[int, list[Record]], settings: Settings) -> tuple[int, int]:
    specs = section_specs(by_section)  # held for the whole batch (a slow batch must not outlive the cache)
    states = _locked_states(by_section)
    gaps = _recent_gaps(states, by_section, settings)
    replays = 0
    dirty = []
    outcomes: list[Outcome] = []
    for section_id, records in by_section.items():
        row = states.get(section_id)
        if row is None:
            continue
        state = State.load(row.state)
        msgs = sorted((_msg(r) for r in records), key=lambda m: (m.time, m.device_id, m.seq))
        if state.clock is not None and msgs[0].time < state.clock and section_id not in gaps:
            probe = machine_for(section_id, state, settings, specs.get(section_id))
            msgs = [m for m in msgs if m.time >= state.clock or not probe.changes_nothing(m)]
            if not msgs:
                continue
        if state.clock is None or msgs[0].time >= state.clock:
            machine = machine_for(section_id, state, settings, specs.get(section_id))
            for msg in msgs:
                machine.apply(msg)
            if machine.changes:
                outcomes.append(Outcome(section_id, machine.changes))
        else:
            machine, replaced_from = replay(section_id, msgs[0].time, state, settings)
            outcomes.append(Outcome(section_id, machine.changes, replaced_from, machine.s.open))
            replays += 1
        row.state = machine.s.dump()
        row.watermark = machine.s.clock
        row.next_due = machine.next_due()
        dirty.append(row)
    alerts = persist_many(outcomes, settings)
    _save_states(dirty)
    return alerts, replays


STATE_STAGING = ("CREATE TEMP TABLE IF NOT EXISTS em_state_in (section_id int, state jsonb, watermark timestamptz, "
                 "next_due timestamptz)")


def _save_states(rows: list[StateRow]) -> None:
    """Write the machines' states: ``COPY`` into a staging table and one ``UPDATE … FROM`` on PostgreSQL,
    bulk_update elsewhere."""
    from monitoring.models import SectionState

    if not rows:
        return
    now = timezone.now()
    if connection.vendor != "postgresql":
        SectionState.objects.bulk_update(
            [SectionState(section_id=r.section_id, state=r.state, watermark=r.watermark, next_due=r.next_due,
                          updated_at=now) for r in rows], ["state", "watermark", "next_due", "updated_at"],
            batch_size=500)
        return
    with connection.cursor() as cursor:
        cursor.execute(STATE_STAGING)
        copy_rows(cursor, "COPY em_state_in (section_id, state, watermark, next_due) FROM STDIN",
                  ((r.section_id, json.dumps(r.state), r.watermark, r.next_due) for r in rows))
        cursor.execute("UPDATE monitoring_sectionstate s SET state = v.state, watermark = v.watermark, "
                       "next_due = v.next_due, updated_at = now() FROM em_state_in v WHERE s.section_id = v.section_id")
        cursor.execute("DELETE FROM em_state_in")


def replay(section_id: int, late: dt.datetime, current: State, settings: Settings,
           until: dt.datetime | None = None) -> tuple[Machine, dt.datetime]:
    """Recompute a section from shortly before ``late`` (the oldest new message) from its stored messages:
    rebuild the presence from the messages of the warm-up before, restore the violations already open,
    then run every message since and let time pass to where the section's clock was."""
    from monitoring.models import Event, Violation

    t0 = late - settings.timeout - settings.grace
    warm = Machine(periods=lambda a, b: [], grace=settings.grace, timeout=settings.timeout)
    first_presence: dt.datetime | None = None
    for e in Event.objects.filter(section_id=section_id, time__gte=t0 - WARMUP, time__lt=t0).order_by(
            "time", "device_id", "seq"):
        warm.apply(_msg(e))
        if first_presence is None and warm.s.presence is not None:
            first_presence = warm.s.presence_since
    warm.advance(t0)
    if first_presence is not None and warm.s.presence_since == first_presence:
        # No change seen in the warm-up: the presence began before it (its grace has long run out).
        warm.s.presence_since = t0 - WARMUP - settings.grace
    state = State(clock=t0, presence=warm.s.presence, presence_at=warm.s.presence_at,
                  presence_since=warm.s.presence_since, last_msg=warm.s.last_msg)
    for v in Violation.objects.filter(section_id=section_id, detected_at__lt=t0, withdrawn=False).exclude(
            cleared_at__lt=t0):
        state.open[f"{v.kind}|{v.subject}"] = {"started": v.started_at.isoformat(), "detected": v.detected_at.isoformat()}
    machine = machine_for(section_id, state, settings)
    for e in Event.objects.filter(section_id=section_id, time__gte=t0).order_by("time", "device_id", "seq"):
        machine.apply(_msg(e))
    target = max(x for x in (current.clock, until, machine.s.clock) if x is not None)
    machine.advance(target)
    return machine, t0


def _fold(changes: Iterable[Change]) -> dict[tuple[str, str, dt.datetime], Change]:
    """The final interval of each violation (an open followed by its clear is one closed interval)."""
    out: dict[tuple[str, str, dt.datetime], Change] = {}
    for c in changes:
        key = (c.kind, c.subject, c.started_at)
        prior = out.get(key)
        if prior is not None and c.action == "clear":
            prior.cleared_at, prior.reason = c.cleared_at, c.reason
        else:
            out[key] = Change(c.action, c.kind, c.subject, c.started_at, c.detected_at, c.cleared_at, c.reason,
                              c.received_at)
    return out


@dataclass
class Outcome:
    """What the machine of one section decided in this batch (``replace_from``: it replayed from then)."""

    section_id: int
    changes: list[Change]
    replace_from: dt.datetime | None = None
    open_now: dict[str, Any] | None = None


def persist(section_id: int, changes: list[Change], settings: Settings,
            replace_from: dt.datetime | None = None, open_now: dict[str, Any] | None = None) -> int:
    """Write one section's decisions (see :func:`persist_many`)."""
    return persist_many([Outcome(section_id, changes, replace_from, open_now)], settings)


def persist_many(outcomes: Sequence[Outcome], settings: Settings) -> int:
    """Write the machines' decisions for a batch of sections; returns the number of alerts raised. Set-based:
    one query finds the violations already stored, one INSERT and one UPDATE write them, and the alerts
    are raised together (:func:`_raise_many`). A section that replayed (``replace_from``) also withdraws
    the violations detected since then that the replay did not produce."""
    from monitoring.models import Violation

    folded = {o.section_id: _fold(o.changes) for o in outcomes}
    replays = [o for o in outcomes if o.replace_from is not None]
    keys = [(sid, *key) for sid, items in folded.items() for key in items]
    if not keys and not replays:
        return 0
    now = timezone.now()
    existing: dict[tuple[Any, ...], Any] = {}
    if keys:
        for stored in Violation.objects.filter(section_id__in=sorted({k[0] for k in keys}),
                                               started_at__in=sorted({k[3] for k in keys})):
            existing[(stored.section_id, stored.kind, stored.subject, stored.started_at)] = stored
    create: list[Any] = []
    update: list[Any] = []
    alerting: list[Any] = []
    touched: set[int] = set()
    replaying = {o.section_id for o in replays}
    for section_id, items in folded.items():
        for key, c in items.items():
            v = existing.get((section_id, *key))
            if v is None:
                if c.action == "clear" and section_id not in replaying:
                    continue  # a clear for a violation stored under another start (should not happen)
                v = Violation(section_id=section_id, kind=c.kind, subject=c.subject, started_at=c.started_at,
                              cleared_at=c.cleared_at, clear_reason=c.reason[:20], detected_at=c.detected_at,
                              trigger_received_at=c.received_at)
                create.append(v)
                if VIOLATION_KINDS[c.kind].alerting:
                    alerting.append(v)
                continue
            changed = v.withdrawn or v.cleared_at != c.cleared_at
            v.withdrawn = False
            v.cleared_at = c.cleared_at
            v.clear_reason = c.reason[:20] if c.cleared_at else ""
            if changed:
                update.append(v)
                if v.alert_id is None and VIOLATION_KINDS[c.kind].alerting:
                    alerting.append(v)
            if v.alert_id:
                touched.add(v.alert_id)
    if create:
        Violation.objects.bulk_create(create)
    if update:
        Violation.objects.bulk_update(update, ["withdrawn", "cleared_at", "clear_reason"])
    for o in replays:
        touched |= _withdraw_since(o, set(folded.get(o.section_id, {})))
    raised, alerted = _raise_many(alerting, now, settings)
    touched |= alerted
    if touched:
        _refresh_alerts(touched, now)
    return raised


def _withdraw_since(outcome: Outcome, derived: set[tuple[str, str, dt.datetime]]) -> set[int]:
    """After a replay: reopen what the replay left open, withdraw what it no longer derives; the alerts
    touched."""
    from monitoring.models import Violation

    touched: set[int] = set()
    section_id = outcome.section_id
    for open_key, item in (outcome.open_now or {}).items():
        kind, subject = open_key.split("|", 1)
        started = dt.datetime.fromisoformat(item["started"])
        reopened = Violation.objects.filter(section_id=section_id, kind=kind, subject=subject, started_at=started,
                                            cleared_at__isnull=False).first()
        if reopened is not None:
            reopened.cleared_at, reopened.clear_reason, reopened.withdrawn = None, "", False
            reopened.save(update_fields=["cleared_at", "clear_reason", "withdrawn"])
            if reopened.alert_id:
                touched.add(reopened.alert_id)
    for v in Violation.objects.filter(section_id=section_id, detected_at__gte=outcome.replace_from, withdrawn=False):
        if (v.kind, v.subject, v.started_at) not in derived:
            v.withdrawn = True
            v.cleared_at = v.cleared_at or v.detected_at
            v.clear_reason = "withdrawn"
            v.save(update_fields=["withdrawn", "cleared_at", "clear_reason"])
            if v.alert_id:
                touched.add(v.alert_id)
    return touched


def _raise_many(violations: Sequence[Any], now: dt.datetime, settings: Settings) -> tuple[int, set[int]]:
    """Attach each violation to the open alert of its kind for its client, or raise a new one (a second
    violation of the kind in the same batch joins the first's alert). One locking query for the open alerts,
    one INSERT each for the new alerts, their "raised" notes and the officers' review tasks. Returns the
    number of alerts raised and the ids of every alert given a violation."""
    from monitoring.models import Alert, AlertNote, Violation

    if not violations:
        return 0, set()
    groups: dict[tuple[int, str], Any] = {}
    for alert in (Alert.objects.select_for_update()
                  .filter(section_id__in=sorted({v.section_id for v in violations}),
                          kind__in=sorted({v.kind for v in violations}), raised_at__gte=now - settings.group)
                  .exclude(status=Alert.Status.CLOSED).order_by("raised_at", "id")):
        groups[(alert.section_id, alert.kind)] = alert  # the latest of each (section, kind)
    new: list[Any] = []
    joined: dict[int, Any] = {}
    pairs = []
    for v in violations:
        group = groups.get((v.section_id, v.kind))
        if group is None:
            group = Alert(section_id=v.section_id, kind=v.kind, started_at=v.started_at, raised_at=now,
                          trigger_received_at=v.trigger_received_at, updated_at=now, condition_cleared_at=v.cleared_at)
            groups[(v.section_id, v.kind)] = group
            new.append(group)
        else:
            group.count += 1
            group.condition_cleared_at = None
            group.updated_at = now
            if group.pk is not None:
                joined[group.pk] = group
        pairs.append((v, group))
    if new:
        Alert.objects.bulk_create(new)
        AlertNote.objects.bulk_create([AlertNote(alert_id=a.pk, at=now, action="raised") for a in new])
    if joined:
        Alert.objects.bulk_update(list(joined.values()), ["count", "condition_cleared_at", "updated_at"])
    for v, alert in pairs:
        v.alert_id = alert.pk
    Violation.objects.bulk_update([v for v, _ in pairs], ["alert"])
    if new:
        from monitoring.notify import officer_review_tasks

        officer_review_tasks(new)
    return len(new), {a.pk for _, a in pairs}


def _refresh_alerts(ids: Iterable[int], now: dt.datetime) -> None:
    """An alert's condition is cleared when every violation in it is (withdrawn ones count as cleared):
    one aggregate over the alerts' violations, one UPDATE for those that changed."""
    from monitoring.models import Alert, Violation

    ids = sorted(set(ids))
    summary = {row["alert_id"]: row for row in Violation.objects.filter(alert_id__in=ids).values("alert_id").annotate(
        open_left=models.Count("id", filter=models.Q(cleared_at__isnull=True)), last=models.Max("cleared_at"))}
    changed = []
    for alert in Alert.objects.filter(pk__in=ids):
        row = summary.get(alert.pk)
        cleared = None if row is None or row["open_left"] else row["last"]
        if alert.condition_cleared_at != cleared:
            alert.condition_cleared_at = cleared
            alert.updated_at = now
            changed.append(alert)
    if changed:
        Alert.objects.bulk_update(changed, ["condition_cleared_at", "updated_at"])


def tick(now: dt.datetime | None = None, settings: Settings | None = None) -> int:
    """Let time pass for every section with a state (curfew starts and ends, communication failures,
    presence becoming unknown). Returns the alerts raised."""
    from monitoring.models import SectionState

    settings = settings or Settings.current()
    until = (now or timezone.now()) - ALLOWANCE
    raised = 0
    ids = list(SectionState.objects.filter(next_due__lte=until).values_list("section_id", flat=True))
    specs = section_specs(ids)
    for first in range(0, len(ids), TICK_CHUNK):
        with transaction.atomic():
            rows = _locked_states(ids[first:first + TICK_CHUNK], skip_locked=True)
            dirty = []
            outcomes = []
            for section_id, row in rows.items():
                state = State.load(row.state)
                if state.clock is None or state.clock >= until:
                    continue
                machine = machine_for(section_id, state, settings, specs.get(section_id))
                machine.advance(until)
                if machine.changes:
                    outcomes.append(Outcome(section_id, machine.changes))
                row.state = machine.s.dump()
                row.watermark = machine.s.clock
                row.next_due = machine.next_due()
                dirty.append(row)
            raised += persist_many(outcomes, settings)
            _save_states(dirty)
    return raised


def recompute(section_id: int, since: dt.datetime, until: dt.datetime | None = None,
              settings: Settings | None = None) -> None:
    """Replay a section from ``since`` (a support tool: after a schedule correction, or in tests)."""
    settings = settings or Settings.current()
    with transaction.atomic():
        row = _locked_states([section_id])[section_id]
        state = State.load(row.state)
        machine, t0 = replay(section_id, since + settings.timeout + settings.grace, state, settings, until=until)
        persist(section_id, machine.changes, settings, replace_from=t0, open_now=machine.s.open)
        row.state = machine.s.dump()
        row.watermark = machine.s.clock
        row.next_due = machine.next_due()
        _save_states([row])


__all__ = ["Record", "Rejected", "Result", "Settings", "canonical", "derive", "forget", "ingest", "recompute", "sign",
           "tick"]
