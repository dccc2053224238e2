import datetime as dt

import pytest
from django.db import connection

from core import registry
from monitoring import ingest, partitions
from monitoring.jobs import create_partitions, escalate, retention
from monitoring.models import Event
from monitoring.tests.conftest import devices_of

pytestmark = pytest.mark.django_db


def test_the_worker_and_the_demo_simulator_are_registered_background_services():
    services = {s.name: s for s in registry.background_services()}
    assert services["em-ingest"].command == "em_ingest"
    assert services["em-ingest"].start == "monitoring.worker.start_embedded"
    assert "em-demo-simulator" in services
    jobs = {j.name for j in registry.periodic_jobs()}
    assert {"monitoring-escalate", "monitoring-partitions", "monitoring-retention"} <= jobs


def test_retention_deletes_old_events_only(equipped):
    d = devices_of(equipped)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=2000)
    new = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    items = [(ingest.sign({"v": 1, "device": d["base"].serial, "seq": n, "t": t.isoformat(), "kind": "heartbeat"},
                          d["base"].key), t, None) for n, t in ((1, old), (2, new))]
    assert ingest.ingest(items).accepted == 2
    retention.apply()
    assert list(Event.objects.values_list("seq", flat=True)) == [2]
    assert escalate.apply().result == {"level_1": 0, "level_2": 0}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions exist on PostgreSQL only")
def test_partitions_are_made_ahead_and_rows_move_out_of_the_default(equipped):
    d = devices_of(equipped)
    far = dt.datetime(2031, 5, 17, 12, tzinfo=dt.UTC)  # no partition yet: lands in the default partition
    item = (ingest.sign({"v": 1, "device": d["base"].serial, "seq": 7, "t": far.isoformat(), "kind": "heartbeat",
                         "sent": dt.datetime.now(dt.UTC).isoformat()}, d["base"].key), dt.datetime.now(dt.UTC), None)
    assert ingest.ingest([item]).accepted == 1
    created = partitions.ensure_partitions(0, today=dt.date(2031, 5, 1))
    assert created == ["monitoring_event_2031_05"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM monitoring_event_2031_05")
        assert cursor.fetchone()[0] == 1
    create_partitions.apply()
    assert create_partitions.apply().result["created"] == []  # the months ahead exist now
    assert partitions.drop_before(dt.datetime(2031, 6, 1, tzinfo=dt.UTC)) >= 1
    assert not Event.objects.exists()
