"""The ingestion path against the real database: idempotency, recomputation, clock skew, rejections."""

import datetime as dt

import pytest

from monitoring import ingest
from monitoring.models import Alert, AlertNote, Event, SectionState, Violation
from monitoring.tests.conftest import devices_of
from monitoring.tests.helpers import NIGHT0, feed, final_violations, raws, scripted_week, shuffled
from tasks.models import Task

pytestmark = pytest.mark.django_db
END = NIGHT0 + dt.timedelta(days=7)


def _reset():
    Violation.objects.all().delete()
    AlertNote.objects.all().delete()
    Alert.objects.all().delete()
    Event.objects.all().delete()
    SectionState.objects.all().delete()


def test_replayed_duplicates_give_one_record_each_and_at_most_one_alert(equipped):
    """10,000 deliveries of 1,000 messages (each ten times, in shuffled batches): 1,000 rows, one tamper alert."""
    d = devices_of(equipped)
    key, serial = d["base"].key, d["base"].serial
    t0 = NIGHT0 + dt.timedelta(hours=-6)  # midday: no curfew
    bodies = []
    for seq in range(1, 1001):
        t = t0 + dt.timedelta(seconds=10 * seq)
        kind = "strap_tamper" if seq == 500 else "heartbeat"
        bodies.append({"v": 1, "device": serial, "seq": seq, "t": t.isoformat(), "kind": kind, "tag": "in"})
    items = [(ingest.sign(b, key), dt.datetime.fromisoformat(b["t"]), None) for b in bodies] * 10
    feed(shuffled(items), batch=500)
    assert Event.objects.count() == 1000
    assert Alert.objects.filter(kind="strap_tamper").count() == 1
    assert Violation.objects.filter(kind="strap_tamper").count() == 1
    assert Task.objects.filter(kind="monitoring.review_alert").count() == 1  # the officer told once


def test_shuffled_messages_give_the_same_violations_as_in_order(equipped):
    outs, keys = scripted_week(equipped)
    items = raws(outs, keys)
    in_order = sorted(items, key=lambda item: item[0]["t"])
    feed(in_order)
    ingest.tick(now=END)
    expected = final_violations(equipped)
    kinds = {v[0] for v in expected}
    assert {"left_during_curfew", "strap_tamper", "mains_lost", "absent_at_curfew_start", "late_return"} <= kinds
    _reset()
    feed(shuffled(items))
    ingest.tick(now=END)
    assert final_violations(equipped) == expected


def test_store_and_forward_arrives_late_and_is_recomputed(equipped):
    """A lost line: heartbeats held by the base and sent in a burst afterwards. On arrival the 'no data' gap
    closes (the communication failure is withdrawn) because the late messages cover it."""
    outs, keys = scripted_week(equipped, behaviours=("line",))
    feed(raws(outs, keys))  # in the order the base sent them: the held ones late
    ingest.tick(now=END)
    got = final_violations(equipped)
    assert ("line_lost", "", ) not in [(k, s) for k, s, *_ in got]  # the base says nothing of the line itself
    assert not [v for v in got if v[0] == "communication_failure" and v[2] < NIGHT0 + dt.timedelta(hours=8)], got
    assert SectionState.objects.get(section=equipped).watermark is not None


def test_skewed_clock_is_flagged_and_corrected_not_dropped(equipped):
    d = devices_of(equipped)
    received = NIGHT0
    body = {"v": 1, "device": d["base"].serial, "seq": 1, "t": (received + dt.timedelta(minutes=10)).isoformat(),
            "sent": (received + dt.timedelta(minutes=10, seconds=2)).isoformat(), "kind": "heartbeat", "tag": "in"}
    result = ingest.ingest([(ingest.sign(body, d["base"].key), received, None)])
    assert result.accepted == 1
    event = Event.objects.get()
    assert event.skewed
    assert event.device_time == received + dt.timedelta(minutes=10)
    assert abs((event.time - (received - dt.timedelta(seconds=2))).total_seconds()) < 1


def test_bad_messages_are_rejected_with_a_code(equipped):
    d = devices_of(equipped)
    good = {"v": 1, "device": d["base"].serial, "seq": 9, "t": NIGHT0.isoformat(), "kind": "heartbeat"}
    forged = dict(ingest.sign(good, d["base"].key), seq=10)
    unknown = ingest.sign({**good, "device": "NOPE-1"}, d["base"].key)
    wrong_kind = ingest.sign({**good, "seq": 11, "kind": "teleported"}, d["base"].key)
    result = ingest.ingest([(b"not json", NIGHT0, None), (forged, NIGHT0, None), (unknown, NIGHT0, None),
                            (wrong_kind, NIGHT0, None), (ingest.sign(good, d["base"].key), NIGHT0, "OTHER")])
    assert [r.code for r in result.rejected] == ["message_malformed", "signature_invalid", "device_unknown",
                                                 "message_invalid", "topic_mismatch"]
    assert Event.objects.count() == 0


def test_unassigned_device_messages_are_kept_without_derivation(equipped, personas):
    from monitoring import services

    spare = services.device_create(actor=personas.emil, kind="base", serial="BS-SPARE", model="HB-200")
    body = {"v": 1, "device": spare.serial, "seq": 1, "t": NIGHT0.isoformat(), "kind": "strap_tamper"}
    assert ingest.ingest([(ingest.sign(body, spare.key), NIGHT0, None)]).accepted == 1
    assert Event.objects.get().section_id is None
    assert not Alert.objects.exists()


def test_a_late_message_inside_a_gap_splits_the_communication_failure(equipped):
    d = devices_of(equipped)
    key, serial = d["base"].key, d["base"].serial
    t0 = NIGHT0 - dt.timedelta(hours=6)  # midday, no curfew

    def hb(seq, minutes):
        t = t0 + dt.timedelta(minutes=minutes)
        return (ingest.sign({"v": 1, "device": serial, "seq": seq, "t": t.isoformat(), "kind": "heartbeat",
                             "tag": "in"}, key), t, None)

    ingest.ingest([hb(n, n) for n in range(1, 6)] + [hb(20, 20)])  # minutes 1–5, then silence until 20
    ingest.ingest([hb(12, 12)])  # the straggler from minute 12
    gaps = sorted((v.started_at, v.cleared_at) for v in Violation.objects.filter(kind="communication_failure",
                                                                                 withdrawn=False))
    assert gaps == [(t0 + dt.timedelta(minutes=8), t0 + dt.timedelta(minutes=12)),
                    (t0 + dt.timedelta(minutes=15), t0 + dt.timedelta(minutes=20))]
