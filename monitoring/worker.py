"""The MQTT ingestion worker: a long-running process (``manage.py em_ingest``; in the embedded mode a
thread of ``manage.py serve``).

* MQTT v5, a persistent session (clean start off, session expiry), the shared subscription
  ``$share/<group>/<prefix>/+/events`` at QoS 1: several workers split the devices' messages, and
  messages that arrive while a worker is down wait in the broker.
* Manual acknowledgement: a message is acknowledged (PUBACK) only after the batch that holds it has
  been committed (``monitoring.ingest.ingest``). A worker killed mid-batch has acknowledged nothing of
  it; the broker delivers it again and the replay is a no-op. ``Receive Maximum`` bounds how many
  unacknowledged messages the broker sends at once (the back-pressure).
* It recovers by itself: paho reconnects to the broker with back-off; a database error closes the
  connection, waits and retries the same batch; acknowledgements for a connection that has since
  dropped are not sent (the broker redelivers those messages).
* Between batches the worker lets time pass for the sections (``ingest.tick``: curfew starts,
  communication failures) — one worker per installation does this, chosen by a PostgreSQL advisory lock.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connection
from django.utils import timezone

from monitoring import conf, ingest

log = logging.getLogger(__name__)
TICK_LOCK = 7_300_013  # pg advisory lock key of the ticking worker
# Seconds between keep-alive pings. A broker that is killed or restarted closes the connection at once;
# the keep-alive only finds a silent network failure. Short values made busy workers on a loaded machine
# drop their connection (the PINGRESP came late) and then store every unacknowledged message twice.
KEEPALIVE = 60


@dataclass
class Inbound:
    payload: bytes
    received_at: Any
    serial: str
    mid: int
    qos: int
    generation: int


class Worker:
    def __init__(self, *, host: str | None = None, port: int | None = None, prefix: str | None = None,
                 group: str | None = None, client_id: str | None = None, batch: int | None = None,
                 wait_ms: int | None = None, tick_seconds: float | None = None) -> None:
        self.host = host or conf.get("EM_MQTT_HOST")
        self.port = int(port or conf.get("EM_MQTT_PORT"))
        self.prefix = (prefix or conf.get("EM_MQTT_TOPIC_PREFIX")).rstrip("/")
        self.group = group or conf.get("EM_MQTT_SHARE_GROUP")
        self.client_id = client_id or conf.get("EM_MQTT_CLIENT_ID") or f"em-ingest-{socket.gethostname()}-{os.getpid()}"
        self.batch = int(batch or conf.get("EM_INGEST_BATCH"))
        self.wait = float(wait_ms if wait_ms is not None else conf.get("EM_INGEST_WAIT_MS")) / 1000
        self.tick_seconds = float(tick_seconds if tick_seconds is not None else conf.get("EM_TICK_SECONDS"))
        self.inbox: queue.Queue[Inbound] = queue.Queue()
        self.stop = threading.Event()
        self.connected = threading.Event()
        self.generation = 0
        self.stats = {"received": 0, "committed": 0, "duplicates": 0, "rejected": 0, "acked": 0, "db_retries": 0,
                      "stale_dropped": 0}
        self.client: Any = None
        self._ticker = False
        self._last_tick = 0.0

    @property
    def receive_maximum(self) -> int:
        """How many unacknowledged messages the broker may send: at least two batches, so that the next batch
        fills while this one is being committed (with only one, the worker waits for the broker after every
        commit); at most MQTT's 65,535."""
        return max(1, min(65535, max(int(conf.get("EM_MQTT_RECEIVE_MAXIMUM")), 2 * self.batch)))

    @property
    def topic(self) -> str:
        return f"$share/{self.group}/{self.prefix}/+/events"

    # --- MQTT --------------------------------------------------------------------------------
    def _connect(self) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=self.client_id, protocol=mqtt.MQTTv5,
                             manual_ack=True)
        if conf.get("EM_MQTT_USERNAME"):
            client.username_pw_set(conf.get("EM_MQTT_USERNAME"), conf.get("EM_MQTT_PASSWORD") or None)
        if conf.get("EM_MQTT_TLS"):
            client.tls_set()
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.reconnect_delay_set(min_delay=1, max_delay=15)
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = int(conf.get("EM_MQTT_SESSION_SECONDS"))
        props.ReceiveMaximum = self.receive_maximum
        client.connect_async(self.host, self.port, keepalive=KEEPALIVE, clean_start=False, properties=props)
        client.loop_start()
        self.client = client

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if getattr(reason, "is_failure", False):
            log.warning("MQTT connection refused: %s", reason)
            return
        self.generation += 1
        client.subscribe(self.topic, qos=1)
        self.connected.set()
        log.info("EM ingestion connected to %s:%s, subscribed to %s", self.host, self.port, self.topic)

    def _on_disconnect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        self.connected.clear()
        if not self.stop.is_set():
            log.warning("EM ingestion lost the broker (%s); reconnecting", reason)

    def _on_message(self, client: Any, userdata: Any, msg: Any) -> None:
        parts = msg.topic.split("/")
        serial = parts[-2] if len(parts) >= 2 else ""
        self.stats["received"] += 1
        self.inbox.put(Inbound(msg.payload, timezone.now(), serial, msg.mid, msg.qos, self.generation))

    # --- the loop ----------------------------------------------------------------------------
    def _drain(self) -> list[Inbound]:
        items: list[Inbound] = []
        try:
            items.append(self.inbox.get(timeout=0.2))
        except queue.Empty:
            return items
        deadline = time.monotonic() + self.wait
        while len(items) < self.batch:
            remaining = deadline - time.monotonic()
            try:
                items.append(self.inbox.get(timeout=max(remaining, 0)) if remaining > 0 else self.inbox.get_nowait())
            except queue.Empty:
                break
        return self._current(items)

    def _current(self, items: list[Inbound]) -> list[Inbound]:
        """Without the QoS 1 messages of a connection that has since dropped: they could not be acknowledged
        and the broker delivers them again on the new connection (the persistent session), so storing them
        now would only be repeated as duplicates."""
        current = [i for i in items if i.qos == 0 or i.generation == self.generation]
        self.stats["stale_dropped"] += len(items) - len(current)
        return current

    def _commit(self, items: list[Inbound]) -> None:
        """Write the batch, retrying database failures until it is committed (nothing is acknowledged before)."""
        delay = 0.5
        while not self.stop.is_set():
            try:
                result = ingest.ingest([(i.payload, i.received_at, i.serial) for i in items])
            except (OperationalError, InterfaceError) as exc:
                self.stats["db_retries"] += 1
                log.warning("EM ingestion: database unavailable (%s); retrying in %.1f s", exc, delay)
                self._reset_db()
                time.sleep(delay)
                delay = min(delay * 2, 10.0)
                continue
            except DatabaseError:
                log.exception("EM ingestion: database error; retrying")
                self._reset_db()
                time.sleep(delay)
                continue
            self.stats["committed"] += result.accepted
            self.stats["duplicates"] += result.duplicates
            self.stats["rejected"] += len(result.rejected)
            for rejected in result.rejected[:5]:
                log.warning("EM message rejected (%s): %s", rejected.code, rejected.message)
            return

    def _reset_db(self) -> None:
        with contextlib.suppress(Exception):  # the connection is gone either way
            connection.close()

    def _ack(self, items: list[Inbound]) -> None:
        for item in items:
            if item.qos > 0 and item.generation == self.generation and self.client is not None:
                self.client.ack(item.mid, item.qos)
                self.stats["acked"] += 1

    def _maybe_tick(self) -> None:
        now = time.monotonic()
        if now - self._last_tick < self.tick_seconds:
            return
        self._last_tick = now
        try:
            self._ticker = self._take_tick_lock()
            if self._ticker:
                ingest.tick()
        except (OperationalError, InterfaceError):
            self._ticker = False
            self._reset_db()

    def _take_tick_lock(self) -> bool:
        if connection.vendor != "postgresql":
            return True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [TICK_LOCK])
            return bool(cursor.fetchone()[0])

    def run(self, *, until: float | None = None) -> None:
        """Run until ``stop`` is set (or ``until`` seconds have passed)."""
        started = time.monotonic()
        self._connect()
        try:
            while not self.stop.is_set():
                if until is not None and time.monotonic() - started > until:
                    break
                items = self._drain()
                if items:
                    close_old_connections()
                    self._commit(items)
                    self._ack(items)
                # Time passes for the sections only when this worker is caught up: with a backlog, the messages
                # still queued would all arrive "late" and make every section replay.
                if len(items) < self.batch and self.inbox.empty():
                    self._maybe_tick()
        finally:
            if self.client is not None:
                self.client.loop_stop()
                self.client.disconnect()


_embedded: Worker | None = None


def start_embedded() -> None:
    """``manage.py serve`` (embedded mode): the worker in a daemon thread."""
    global _embedded
    if _embedded is not None:
        return
    _embedded = Worker()
    threading.Thread(target=_embedded.run, name="em-ingest", daemon=True).start()
