"""The derivation state machine on its own (no database): state-based, grace, no data, paired clears,
zones, schedules across midnight and DST."""

import datetime as dt

from monitoring.derive import Machine, Msg, ZoneSpec, run
from monitoring.schedules import ScheduleSpec, Window, periods

UTC = dt.UTC
GRACE = dt.timedelta(minutes=10)
TIMEOUT = dt.timedelta(minutes=3)
NIGHTS = ScheduleSpec(dt.date(2026, 1, 1), None, "Europe/Riga", tuple(Window(d, dt.time(22), dt.time(6), True)
                                                                      for d in range(7)))


def machine(spec=NIGHTS, zones=()):
    return Machine(periods=lambda a, b: periods([spec], a, b), zones=zones, grace=GRACE, timeout=TIMEOUT)


def night(day=10, hour=20, minute=0):
    # 2026-03-10: Riga is UTC+2, so the curfew 22:00 local starts at 20:00 UTC.
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def heartbeats(start, end, presence, every=60, first_seq=0):
    out, t, seq = [], start, first_seq
    while t < end:
        seq += 1
        out.append(Msg(t, "heartbeat", 1, seq, tag=presence(t)))
        t += dt.timedelta(seconds=every)
    return out


def intervals(changes):
    out = {}
    for c in changes:
        key = (c.kind, c.subject, c.started_at)
        if c.action == "clear" and key in out:
            out[key] = (out[key][0], c.cleared_at)
        else:
            out[key] = (c.detected_at, c.cleared_at)
    return {(k[0], k[2], v[1]) for k, v in out.items()}


def test_absent_at_curfew_start_then_late_return():
    back = night(hour=20, minute=35)
    msgs = heartbeats(night(hour=19), night(hour=21), lambda t: "in" if t >= back or t < night(hour=19, minute=30)
                      else "out")
    changes = run(msgs, machine=machine(), until=night(hour=21))
    assert intervals(changes) == {("absent_at_curfew_start", night(), back), ("late_return", night(), back)}
    opened = next(c for c in changes if c.kind == "absent_at_curfew_start")
    assert opened.detected_at == night() + GRACE  # known only when the grace ran out


def test_absence_shorter_than_grace_is_no_violation():
    msgs = heartbeats(night(hour=21), night(hour=23), lambda t: "out" if night(hour=21, minute=30) <= t
                      < night(hour=21, minute=35) else "in")
    assert run(msgs, machine=machine(), until=night(hour=23)) == []


def test_left_during_curfew_cleared_on_return():
    leave, back = night(hour=21, minute=0), night(hour=21, minute=40)
    msgs = heartbeats(night(hour=19, minute=50), night(hour=22), lambda t: "out" if leave <= t < back else "in")
    assert intervals(run(msgs, machine=machine(), until=night(hour=22))) == {("left_during_curfew", leave, back)}


def test_no_heartbeat_is_no_data_never_compliant():
    """Out of range, then silence: the presence becomes unknown (no absence is claimed), and the silence is a
    communication failure cleared by the next message."""
    msgs = heartbeats(night(hour=19), night(hour=19, minute=40), lambda t: "out")
    msgs += heartbeats(night(hour=21), night(hour=21, minute=5), lambda t: "in", first_seq=100)
    got = intervals(run(msgs, machine=machine(), until=night(hour=21, minute=10)))
    last = night(hour=19, minute=39)
    assert ("communication_failure", last + TIMEOUT, night(hour=21)) in got
    assert not any(kind == "absent_at_curfew_start" for kind, *_ in got)


def test_failed_to_leave_during_a_required_absence():
    spec = ScheduleSpec(dt.date(2026, 1, 1), None, "Europe/Riga",
                        (Window(1, dt.time(9), dt.time(17), False, "away"),))  # Tuesday 10.03.2026
    start = dt.datetime(2026, 3, 10, 7, 0, tzinfo=UTC)  # 09:00 Riga
    msgs = heartbeats(start - dt.timedelta(hours=1), start + dt.timedelta(hours=2),
                      lambda t: "in" if t < start + dt.timedelta(minutes=50) else "out")
    got = intervals(run(msgs, machine=machine(spec), until=start + dt.timedelta(hours=2)))
    assert got == {("failed_to_leave", start, start + dt.timedelta(minutes=50))}


def test_tamper_and_its_paired_clear():
    t = night(hour=12)
    msgs = [Msg(t, "heartbeat", 1, 1, tag="in"), Msg(t + dt.timedelta(seconds=30), "strap_tamper", 1, 2),
            Msg(t + dt.timedelta(seconds=60), "heartbeat", 1, 3, tag="in"),
            Msg(t + dt.timedelta(seconds=90), "strap_ok", 1, 4)]
    got = intervals(run(msgs, machine=machine(), until=t + dt.timedelta(seconds=100)))
    assert got == {("strap_tamper", t + dt.timedelta(seconds=30), t + dt.timedelta(seconds=90))}


def test_exclusion_zone_entered_and_left():
    ring = [[56.96, 24.12], [56.96, 24.14], [56.98, 24.14], [56.98, 24.12], [56.96, 24.12]]
    zone = ZoneSpec(7, "exclusion", ring, [])
    t = night(hour=12)
    msgs = [Msg(t, "fix", 2, 1, lat=56.95, lon=24.11), Msg(t + dt.timedelta(minutes=1), "fix", 2, 2, lat=56.97, lon=24.13),
            Msg(t + dt.timedelta(minutes=2), "fix", 2, 3, lat=56.95, lon=24.11)]
    changes = run(msgs, machine=machine(zones=[zone]), until=t + dt.timedelta(minutes=2))
    assert [(c.action, c.kind, c.subject) for c in changes] == [
        ("open", "exclusion_zone_entered", "7"), ("clear", "exclusion_zone_entered", "7")]


def test_curfew_across_midnight_and_both_dst_changes():
    # Riga: clocks go forward at 03:00 on 29.03.2026 and back at 04:00 on 25.10.2026.
    spring = periods([NIGHTS], dt.datetime(2026, 3, 28, 12, tzinfo=UTC), dt.datetime(2026, 3, 29, 12, tzinfo=UTC))
    autumn = periods([NIGHTS], dt.datetime(2026, 10, 24, 12, tzinfo=UTC), dt.datetime(2026, 10, 25, 12, tzinfo=UTC))
    assert [(p.end - p.start) for p in spring] == [dt.timedelta(hours=7)]
    assert spring[0].start == dt.datetime(2026, 3, 28, 20, tzinfo=UTC)  # 22:00 EET
    assert spring[0].end == dt.datetime(2026, 3, 29, 3, tzinfo=UTC)  # 06:00 EEST
    assert [(p.end - p.start) for p in autumn] == [dt.timedelta(hours=9)]


def test_adjoining_windows_are_one_curfew_and_exceptions_apply():
    spec = ScheduleSpec(dt.date(2026, 1, 1), None, "Europe/Riga",
                        (Window(0, dt.time(20), dt.time(0), True), Window(1, dt.time(0), dt.time(7))),
                        ((dt.date(2026, 3, 16), "none", None),))
    got = periods([spec], dt.datetime(2026, 3, 8, tzinfo=UTC), dt.datetime(2026, 3, 18, tzinfo=UTC))
    # Monday 9.3 20:00 – Tuesday 07:00 is one curfew; Monday 16.3 has none (the change), so only Tuesday's
    # own window 00:00–07:00 remains that night.
    assert [p.end - p.start for p in got] == [dt.timedelta(hours=11), dt.timedelta(hours=7)]
    assert got[1].start == dt.datetime(2026, 3, 16, 22, tzinfo=UTC)
