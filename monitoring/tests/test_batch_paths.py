"""The set-based paths of the ingestion (docs/electronic-monitoring.md "Throughput"): the alerts of a batch
written together, the COPY staging, the states locked and saved in bulk, the schedule's day cache and the
zones' bounding boxes — each giving what the per-row paths gave."""

import datetime as dt
import math
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import services as case_services
from monitoring import ingest, services
from monitoring.derive import ZoneSpec
from monitoring.geo import contains
from monitoring.models import Alert, AlertNote, Event, Violation
from monitoring.schedules import ScheduleSpec, Window, periods
from monitoring.tests.conftest import devices_of
from monitoring.tests.helpers import NIGHT0
from monitoring.worker import Worker
from tasks.models import Task

MIDDAY = NIGHT0 - dt.timedelta(hours=6)  # no curfew


def _em_sections(personas, count):
    """``count`` clients, each with an EM section and a base station (serials BS-B0, BS-B1, ...)."""
    from people import services as people_services

    out = []
    for n in range(count):
        person = people_services.person_create(
            actor=personas.alice, personal_code="", first_name="Klients", last_name=f"Nr{n}",
            birth_date=dt.date(1980, 1, 1 + n), sex="M", declared_municipality="LV-RIX",
            declared_address=f"Brīvības iela {n + 1}, Rīga", document_type="passport", document_number=f"P{n:07d}")
        case = case_services.case_open(actor=personas.alice, person=person, responsible_officer=personas.alice)
        section = case_services.section_open(
            actor=personas.alice, case=case, kind="electronic_monitoring", basis_type="prison_request",
            basis_number=f"1-23/{n}", basis_date=dt.date(2025, 9, 1), basis_issuer="Rīgas Centrālcietums",
            start_date=dt.date(2025, 9, 12), registered_on=dt.date(2025, 9, 12))
        base = services.device_create(actor=personas.emil, kind="base", serial=f"BS-B{n}", model="HB-200")
        services.device_assign(actor=personas.alice, section=section, device=base,
                               assigned_at=timezone.now() - dt.timedelta(days=30))
        out.append((section, base))
    ingest.forget()
    return out


def _msg(device, seq, at, kind="heartbeat"):
    body = {"v": 1, "device": device.serial, "seq": seq, "t": at.isoformat(), "kind": kind, "tag": "in"}
    return (ingest.sign(body, device.key), at, None)


def _storm(sections, first_seq):
    """Each base station: a heartbeat, then a strap tamper a minute later (one batch)."""
    items = []
    for _section, base in sections:
        items.append(_msg(base, first_seq, MIDDAY))
        items.append(_msg(base, first_seq + 1, MIDDAY + dt.timedelta(minutes=1), "strap_tamper"))
    return items


@pytest.mark.django_db
def test_an_alert_storm_is_written_with_the_same_queries_whatever_its_size(personas):
    sections = _em_sections(personas, 6)
    assert ingest.ingest(_storm(sections[:1], 1)).alerts == 1  # the policies read (and cached) once
    with CaptureQueriesContext(connection) as two:
        result = ingest.ingest(_storm(sections[1:3], 1))
    assert result.alerts == 2 and result.accepted == 4
    with CaptureQueriesContext(connection) as three:
        result = ingest.ingest(_storm(sections[3:], 1))
    assert result.alerts == 3 and result.accepted == 6
    assert len(three.captured_queries) == len(two.captured_queries)
    with CaptureQueriesContext(connection) as again:  # restored, then a second tamper: joins the open alert
        result = ingest.ingest([m for _section, base in sections[:2] for m in (
            _msg(base, 3, MIDDAY + dt.timedelta(minutes=2), "strap_ok"),
            _msg(base, 4, MIDDAY + dt.timedelta(minutes=3), "strap_tamper"))])
    assert result.alerts == 0
    assert not _alert_inserts(again)
    assert Alert.objects.filter(kind="strap_tamper").count() == 6
    assert AlertNote.objects.filter(action="raised").count() == 6
    assert Task.objects.filter(kind="monitoring.review_alert").count() == 6
    assert sorted(Alert.objects.filter(kind="strap_tamper").values_list("count", flat=True)) == [1, 1, 1, 1, 2, 2]
    for alert in Alert.objects.filter(kind="strap_tamper"):
        assert alert.violations.count() == alert.count
        assert alert.condition_cleared_at is None
        assert Task.objects.filter(description=f"alert:{alert.pk}", section_id=alert.section_id).count() == 1


def _alert_inserts(captured):
    """The statements that only a batch with new alerts runs."""
    return sum(1 for q in captured.captured_queries
               if q["sql"].startswith(('INSERT INTO "monitoring_alert"', 'INSERT INTO "monitoring_alertnote"')))


@pytest.mark.django_db
def test_two_violations_of_a_kind_in_one_batch_join_one_alert(equipped):
    base = devices_of(equipped)["base"]
    items = [_msg(base, 1, MIDDAY, "strap_tamper"), _msg(base, 2, MIDDAY + dt.timedelta(minutes=1), "strap_ok"),
             _msg(base, 3, MIDDAY + dt.timedelta(minutes=2), "strap_tamper")]
    result = ingest.ingest(items)
    assert result.alerts == 1
    alert = Alert.objects.get(kind="strap_tamper")
    assert alert.count == 2
    assert alert.condition_cleared_at is None  # the second tamper is still open
    assert Violation.objects.filter(alert=alert).count() == 2
    assert Task.objects.filter(kind="monitoring.review_alert").count() == 1
    ingest.ingest([_msg(base, 4, MIDDAY + dt.timedelta(minutes=3), "strap_ok")])
    alert.refresh_from_db()
    assert alert.condition_cleared_at == MIDDAY + dt.timedelta(minutes=3)


@pytest.mark.django_db
def test_a_redelivered_batch_changes_nothing(equipped):
    base = devices_of(equipped)["base"]
    items = [_msg(base, n, MIDDAY + dt.timedelta(seconds=30 * n), "strap_tamper" if n == 5 else "heartbeat")
             for n in range(1, 11)]
    first = ingest.ingest(items)
    snapshot = (list(Event.objects.values_list("device_id", "seq").order_by("seq")),
                list(Violation.objects.values_list("kind", "started_at", "cleared_at", "alert_id")),
                list(Alert.objects.values_list("kind", "count", "condition_cleared_at")))
    again = ingest.ingest(list(reversed(items)))
    assert (first.accepted, first.alerts) == (10, 1)
    assert (again.accepted, again.duplicates, again.alerts) == (0, 10, 0)
    assert snapshot == (list(Event.objects.values_list("device_id", "seq").order_by("seq")),
                        list(Violation.objects.values_list("kind", "started_at", "cleared_at", "alert_id")),
                        list(Alert.objects.values_list("kind", "count", "condition_cleared_at")))


@pytest.mark.django_db
def test_states_survive_the_bulk_save_with_awkward_text(equipped):
    """The states go through COPY's text format on PostgreSQL: backslashes, tabs and newlines come back."""
    awkward = {"clock": None, "open": {"x|a\\b\tc\nd\re": {"started": "2026-01-01T00:00:00+00:00",
                                                             "detected": "2026-01-01T00:00:00+00:00"}}}
    with ingest.transaction.atomic():
        row = ingest._locked_states([equipped.pk])[equipped.pk]
        row.state, row.watermark, row.next_due = awkward, NIGHT0, NIGHT0 + dt.timedelta(minutes=3)
        ingest._save_states([row])
    with ingest.transaction.atomic():
        again = ingest._locked_states([equipped.pk])[equipped.pk]
    assert again.state == awkward
    from monitoring.models import SectionState

    stored = SectionState.objects.get(pk=equipped.pk)
    assert (stored.watermark, stored.next_due) == (NIGHT0, NIGHT0 + dt.timedelta(minutes=3))


def test_copy_values_in_text_format():
    assert ingest._copy_value(None) == "\\N"
    assert ingest._copy_value(True) == "t" and ingest._copy_value(False) == "f"
    assert ingest._copy_value("a\\b\tc\nd\re") == "a\\\\b\\tc\\nd\\re"
    assert ingest._copy_value(NIGHT0) == "2026-03-09T18:00:00+00:00"
    assert ingest._copy_value(56.95) == "56.95" and ingest._copy_value(7) == "7"
    assert ingest.pg_ints([3, 1, 2]) == "{3,1,2}"


@pytest.mark.django_db
def test_out_of_range_fields_are_refused_and_the_rest_stored(equipped):
    base = devices_of(equipped)["base"]
    good = {"v": 1, "device": base.serial, "t": MIDDAY.isoformat(), "kind": "heartbeat"}
    items = [(ingest.sign({**good, "seq": 1, "bat": 10 ** 6}, base.key), MIDDAY, None),
             (ingest.sign({**good, "seq": 2 ** 70}, base.key), MIDDAY, None),
             (ingest.sign({**good, "seq": 3, "acc": "nan"}, base.key), MIDDAY, None),
             (ingest.sign({**good, "seq": 4, "bat": 80}, base.key), MIDDAY, None)]
    result = ingest.ingest(items)
    assert [r.code for r in result.rejected] == ["message_invalid"] * 3
    assert result.accepted == 1
    assert list(Event.objects.values_list("seq", "battery")) == [(4, 80)]


def test_each_days_periods_are_cached_and_give_what_a_fresh_expansion_gives():
    windows = tuple(Window(d, dt.time(22), dt.time(6), True) for d in range(5)) + (
        Window(5, dt.time(9), dt.time(12), False, "away"), Window(6, dt.time(20), dt.time(23, 30)))
    exceptions = ((dt.date(2026, 3, 28), "none", None),
                  (dt.date(2026, 10, 24), "replace", Window(5, dt.time(21), dt.time(7), True)))

    def spec():
        return ScheduleSpec(dt.date(2026, 3, 1), dt.date(2026, 11, 30), "Europe/Riga", windows, exceptions)

    cached = spec()
    rng = random.Random(3)
    for _ in range(400):
        # around both DST changes (29 March, 25 October 2026) and the validity's ends
        base = rng.choice([dt.datetime(2026, 3, 28, tzinfo=dt.UTC), dt.datetime(2026, 10, 24, tzinfo=dt.UTC),
                           dt.datetime(2026, 2, 27, tzinfo=dt.UTC), dt.datetime(2026, 11, 29, tzinfo=dt.UTC)])
        start = base + dt.timedelta(minutes=rng.randrange(0, 4 * 1440))
        end = start + dt.timedelta(minutes=rng.randrange(1, 3 * 1440))
        assert periods([cached], start, end) == periods([spec()], start, end)
    assert cached._days  # the days were kept


def test_a_zones_bounding_box_gives_what_the_ray_cast_gives():
    ring = [[56.94, 24.10], [56.96, 24.10], [56.97, 24.13], [56.95, 24.15], [56.94, 24.10]]
    zone = ZoneSpec(1, "exclusion", ring, [])
    rng = random.Random(5)
    for _ in range(2000):
        lat, lon = 56.93 + rng.random() * 0.05, 24.09 + rng.random() * 0.07
        assert zone.contains(lat, lon) == contains(ring, lat, lon)
    assert zone.bbox == (56.94, 24.10, 56.97, 24.15)
    assert not zone.contains(math.inf, 24.12)


def test_the_worker_lets_two_batches_be_in_flight(settings):
    settings.EM_MQTT_RECEIVE_MAXIMUM = 100
    assert Worker(batch=2000).receive_maximum == 4000
    assert Worker(batch=50000).receive_maximum == 65535
    settings.EM_MQTT_RECEIVE_MAXIMUM = 10000
    assert Worker(batch=1000).receive_maximum == 10000


def test_messages_of_a_dropped_connection_are_left_to_the_redelivery():
    from monitoring.worker import Inbound

    worker = Worker(batch=10)
    worker.generation = 2
    items = [Inbound(b"{}", NIGHT0, "S", mid, qos, generation)
             for mid, qos, generation in [(1, 1, 1), (2, 1, 2), (3, 0, 1), (4, 1, 1)]]
    for item in items:
        worker.inbox.put(item)
    assert [i.mid for i in worker._drain()] == [2, 3]  # 1 and 4 will come again on the new connection
    assert worker.stats["stale_dropped"] == 2


@pytest.mark.django_db
def test_a_straggler_after_a_closed_gap_needs_no_replay(equipped):
    """After an outage every section has a recent communication failure; a late message after the message
    that closed it changes nothing about it, so it is stored without replaying the section."""
    base = devices_of(equipped)["base"]

    def hb(seq, minutes):
        return _msg(base, seq, MIDDAY + dt.timedelta(minutes=minutes))

    ingest.ingest([hb(n, n) for n in range(1, 6)] + [hb(20, 20), hb(22, 22)])  # a gap 8–20
    before = sorted(Violation.objects.values_list("kind", "started_at", "cleared_at", "withdrawn"))
    assert before == [("communication_failure", MIDDAY + dt.timedelta(minutes=8), MIDDAY + dt.timedelta(minutes=20),
                       False)]
    result = ingest.ingest([hb(21, 21)])  # late, but after the gap closed
    assert (result.accepted, result.replays) == (1, 0)
    result = ingest.ingest([hb(12, 12)])  # late and inside the gap: replays and splits it
    assert (result.accepted, result.replays) == (1, 1)
    assert sorted((v.started_at, v.cleared_at) for v in Violation.objects.filter(withdrawn=False)) == [
        (MIDDAY + dt.timedelta(minutes=8), MIDDAY + dt.timedelta(minutes=12)),
        (MIDDAY + dt.timedelta(minutes=15), MIDDAY + dt.timedelta(minutes=20))]
