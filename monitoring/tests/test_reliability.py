"""Reliability over real MQTT: the broker restarted mid-stream, the ingestion worker killed with SIGKILL
mid-stream — nothing is lost, nothing is stored twice. Each test runs its own Mosquitto on a free port
(never the machine's broker), with persistence, as a real deployment has."""

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from monitoring.models import Event
from monitoring.simulator import Publisher
from monitoring.tests.conftest import devices_of
from monitoring.worker import Worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.mqtt]
MOSQUITTO = "/usr/sbin/mosquitto"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    def __init__(self, tmp: Path):
        self.port = free_port()
        self.conf = tmp / "mosquitto.conf"
        (tmp / "data").mkdir(exist_ok=True)
        self.conf.write_text(f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
                             f"persistence_location {tmp / 'data'}/\nautosave_interval 1\nmax_queued_messages 0\n"
                             f"log_dest file {tmp / 'mosquitto.log'}\n"
                             # As root mosquitto would drop to its own user, who cannot write under tmp_path.
                             + ("user root\n" if os.geteuid() == 0 else ""))
        self.log = tmp / "mosquitto.log"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([MOSQUITTO, "-c", str(self.conf)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # a restart: the broker saves its sessions and queued messages
            self.proc.wait(10)


@pytest.fixture
def broker(tmp_path):
    if not os.path.exists(MOSQUITTO):
        pytest.skip("Mosquitto is not installed (apt-get install mosquitto)")
    b = Broker(tmp_path)
    b.start()
    yield b
    b.stop()


def messages(section, first, count):
    d = devices_of(section)
    base = d["base"]
    t0 = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    return base.key, [(base.serial, {"v": 1, "device": base.serial, "seq": seq, "kind": "heartbeat", "tag": "in",
                                     "t": (t0 + dt.timedelta(milliseconds=100 * seq)).isoformat()})
                      for seq in range(first, first + count)]


def publish(broker, prefix, key, items):
    pub = Publisher("127.0.0.1", broker.port, prefix, client_id=f"pub-{uuid.uuid4().hex[:8]}")
    for serial, body in items:
        pub.publish(serial, body, key)
    assert pub.flush(60), "the broker did not take every message"
    pub.close()


def wait_subscribed(broker, prefix, timeout=120):
    """Until the worker's shared subscription exists (a loaded machine takes a while to start Django): the
    broker answers a probe with "no matching subscribers" (and drops it) until then."""
    import paho.mqtt.client as mqtt

    codes = []
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"probe-{uuid.uuid4().hex[:8]}",
                         protocol=mqtt.MQTTv5)
    client.on_publish = lambda c, u, mid, reason, props: codes.append(getattr(reason, "value", 0))
    client.connect("127.0.0.1", broker.port, keepalive=60)
    client.loop_start()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            codes.clear()
            client.publish(f"{prefix}/PROBE/events", b"{}", qos=1)  # rejected by the worker (topic mismatch)
            until = time.monotonic() + 5
            while not codes and time.monotonic() < until:
                time.sleep(0.05)
            if codes and codes[0] == 0:
                return
            time.sleep(0.5)
        raise AssertionError("the worker did not subscribe")
    finally:
        client.loop_stop()
        client.disconnect()


def wait_for(count, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = Event.objects.count()
        if n >= count:
            return n
        time.sleep(0.2)
    return Event.objects.count()


def test_broker_restarted_mid_stream_loses_nothing(broker, equipped):
    prefix = f"t-{uuid.uuid4().hex[:8]}/em"
    worker = Worker(host="127.0.0.1", port=broker.port, prefix=prefix, group=f"g{uuid.uuid4().hex[:6]}",
                    client_id=f"w-{uuid.uuid4().hex[:8]}", batch=100, wait_ms=20, tick_seconds=3600)
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    try:
        assert worker.connected.wait(10)
        key, first = messages(equipped, 1, 1500)
        publish(broker, prefix, key, first)
        broker.stop()  # while the worker is still writing and acknowledging
        stored_during = Event.objects.count()
        broker.start()
        _, second = messages(equipped, 1501, 500)
        publish(broker, prefix, key, second)
        assert wait_for(2000) == 2000, (worker.stats, broker.log.read_text()[-3000:])
        assert stored_during <= 2000
    finally:
        worker.stop.set()
        thread.join(15)
    assert Event.objects.values("device_id", "seq").distinct().count() == 2000


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="the killed worker is another process: it needs a database it can share (PostgreSQL)")
def test_worker_killed_with_sigkill_mid_stream_loses_nothing(broker, equipped):
    prefix = f"t-{uuid.uuid4().hex[:8]}/em"
    client_id = f"w-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"}
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "em_ingest", "--host", "127.0.0.1",
               "--port", str(broker.port), "--prefix", prefix, "--group", "kill", "--client-id", client_id,
               "--batch", "200"]

    def worker():
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    first = worker()
    total = 12000
    try:
        key, items = messages(equipped, 1, total)
        wait_subscribed(broker, prefix)  # its session then holds messages while it is down
        sender = threading.Thread(target=publish, args=(broker, prefix, key, items[:10000]))
        sender.start()
        deadline = time.monotonic() + 60
        while Event.objects.count() < 300 and time.monotonic() < deadline:
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        killed_at = Event.objects.count()
        sender.join(60)
        assert 300 <= killed_at < 10000, f"kill the worker mid-stream ({killed_at} stored)"
        publish(broker, prefix, key, items[10000:])  # while no worker runs
        second = worker()
        try:
            assert wait_for(total, timeout=300) == total  # a loaded machine starts Django slowly
        finally:
            second.terminate()
            second.wait(15)
    finally:
        if first.poll() is None:
            first.kill()
    assert Event.objects.values("device_id", "seq").distinct().count() == total
