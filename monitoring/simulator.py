"""The device simulator (``manage.py em_simulate``; a small one in ``make run``): RF tags with base
stations and GPS units for the clients that have devices assigned, publishing signed messages over real
MQTT (QoS 1) in the protocol of docs/electronic-monitoring.md.

:func:`script` writes one client's messages for a time range as data (deterministic for a seed), with
the behaviours the centre must handle: curfew compliance, absences (late return, leaving during the
curfew), strap tamper, mains power loss, a lost line with store-and-forward (messages held and sent
late, in a burst), a skewed device clock and duplicate sends. The live simulator and the reliability
tests both use it.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from monitoring import conf
from monitoring.ingest import sign

log = logging.getLogger(__name__)

BEHAVIOURS = ("compliant", "late_return", "left_during", "tamper", "power", "line", "skew", "duplicates", "gps_zone")


@dataclass
class Out:
    """A message to publish: when to publish it (``at``), on which device's topic, and the body."""

    at: dt.datetime
    serial: str
    body: dict[str, Any]


@dataclass
class DeviceRef:
    serial: str
    kind: str  # base | tag | gps
    key: str
    seq: int = 0


@dataclass
class Client:
    base: DeviceRef | None = None
    gps: DeviceRef | None = None
    home: tuple[float, float] = (56.95, 24.11)
    behaviour: str = "compliant"
    outbox: list[Out] = field(default_factory=list)


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _msg(device: DeviceRef, t: dt.datetime, kind: str, *, sent: dt.datetime | None = None, **extra: Any) -> dict[str, Any]:
    device.seq += 1
    body = {"v": 1, "device": device.serial, "seq": device.seq, "t": _iso(t), "sent": _iso(sent or t), "kind": kind}
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def script(client: Client, start: dt.datetime, end: dt.datetime, *, curfew: tuple[int, int] = (22, 6),
           interval: int = 60, seed: int = 1) -> list[Out]:
    """The messages of one client from ``start`` to ``end`` (UTC), for its behaviour. ``curfew`` is the
    local (Europe/Riga) curfew, used to place absences around it."""
    from zoneinfo import ZoneInfo

    rng = random.Random(seed)
    riga = ZoneInfo("Europe/Riga")
    out: list[Out] = []
    base, gps = client.base, client.gps
    presence = "in"
    behaviour = client.behaviour

    def curfew_start(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(curfew[0])).replace(tzinfo=riga).astimezone(dt.UTC)

    day0 = start.astimezone(riga).date()
    cs = curfew_start(day0)
    if cs < start:
        cs = curfew_start(day0 + dt.timedelta(days=1))
    # The one departure from compliance of this client, placed around the first curfew in range.
    plan: dict[str, Any] = {}
    if behaviour == "late_return":
        plan = {"out": cs - dt.timedelta(minutes=30), "in": cs + dt.timedelta(minutes=rng.randint(25, 50))}
    elif behaviour == "left_during":
        leave = cs + dt.timedelta(minutes=rng.randint(40, 80))
        plan = {"out": leave, "in": leave + dt.timedelta(minutes=rng.randint(30, 60))}
    elif behaviour == "tamper":
        plan = {"tamper": cs + dt.timedelta(minutes=15), "tamper_ok": cs + dt.timedelta(minutes=45)}
    elif behaviour == "power":
        plan = {"mains": cs - dt.timedelta(minutes=20), "mains_ok": cs + dt.timedelta(minutes=10)}
    elif behaviour == "line":
        plan = {"line": cs + dt.timedelta(minutes=5), "line_ok": cs + dt.timedelta(minutes=35)}
    held = client.outbox  # kept between calls: the live simulator scripts a window at a time
    t = start
    while t < end:
        if base is not None:
            sent = t + dt.timedelta(minutes=10) if behaviour == "skew" else t
            if "out" in plan and plan["out"] <= t < plan["in"]:
                if presence == "in":
                    presence = "out"
                    out.append(Out(t, base.serial, _msg(base, plan["out"], "tag_out_of_range", sent=sent, tag="out")))
            elif presence == "out":
                presence = "in"
                out.append(Out(t, base.serial, _msg(base, plan["in"], "tag_in_range", sent=sent, tag="in")))
            for event, kind in (("tamper", "strap_tamper"), ("tamper_ok", "strap_ok"), ("mains", "mains_lost"),
                                ("mains_ok", "mains_restored")):
                if event in plan and t <= plan[event] < t + dt.timedelta(seconds=interval):
                    out.append(Out(plan[event], base.serial, _msg(base, plan[event], kind, sent=sent)))
            msg = Out(t, base.serial, _msg(base, t, "heartbeat", sent=sent, tag=presence, bat=90))
            if "line" in plan and plan["line"] <= t < plan["line_ok"]:
                # Store and forward: the base keeps the message and sends it when the line is back.
                held.append(msg)
            else:
                if held:
                    for h in held:
                        h.body["sent"] = _iso(t)
                        out.append(Out(t, h.serial, h.body))
                    held.clear()
                out.append(msg)
            if behaviour == "duplicates" and rng.random() < 0.2:
                out.append(Out(t + dt.timedelta(seconds=1), base.serial, dict(msg.body)))
        if gps is not None:
            lat, lon = client.home
            if behaviour == "gps_zone" and cs <= t < cs + dt.timedelta(minutes=20):
                lat, lon = lat + 0.02, lon + 0.02  # into the exclusion zone the demo gives
            jitter = (rng.uniform(-0.0004, 0.0004), rng.uniform(-0.0004, 0.0004))
            out.append(Out(t, gps.serial, _msg(gps, t, "fix", lat=round(lat + jitter[0], 6),
                                              lon=round(lon + jitter[1], 6), acc=8.0, fix_t=_iso(t), bat=80)))
        t += dt.timedelta(seconds=interval)
    return sorted(out, key=lambda o: o.at)


def load_clients(limit: int | None = None, seed: int = 1) -> list[Client]:
    """The clients with devices assigned now, each with a behaviour (most compliant)."""
    from monitoring.models import DeviceAssignment

    rng = random.Random(seed)
    clients: dict[int, Client] = {}
    for a in (DeviceAssignment.objects.filter(returned_at__isnull=True).select_related("device")
              .order_by("section_id", "kind")):
        client = clients.setdefault(a.section_id, Client())
        ref = DeviceRef(a.device.serial, a.device.kind, a.device.key, seq=int(time.time() * 1000) % 10**12)
        if a.device.kind == "base":
            client.base = ref
        elif a.device.kind == "gps":
            client.gps = ref
    out = list(clients.values())[:limit] if limit else list(clients.values())
    for n, client in enumerate(out):
        client.behaviour = "compliant" if rng.random() < 0.6 else BEHAVIOURS[1 + n % (len(BEHAVIOURS) - 1)]
    return out


class Publisher:
    """A paho MQTT v5 client publishing signed messages at QoS 1, as the device protocol asks: a message is
    kept until the broker acknowledges it with reason code 0. Reason code 16 ("no matching subscribers":
    no ingestion worker is subscribed, e.g. just after a broker restart) means keep it and send it again —
    the device's store-and-forward buffer, so a message is never dropped between device and database."""

    RETRY_SECONDS = 0.5

    def __init__(self, host: str | None = None, port: int | None = None, prefix: str | None = None,
                 client_id: str = "") -> None:
        import paho.mqtt.client as mqtt

        self.prefix = (prefix or conf.get("EM_MQTT_TOPIC_PREFIX")).rstrip("/")
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
        self.client.max_inflight_messages_set(1000)
        self.client.max_queued_messages_set(0)
        if conf.get("EM_MQTT_USERNAME"):
            self.client.username_pw_set(conf.get("EM_MQTT_USERNAME"), conf.get("EM_MQTT_PASSWORD") or None)
        self.client.reconnect_delay_set(1, 10)
        self.client.on_publish = self._on_publish
        self._lock = threading.Lock()
        self.pending: dict[int, tuple[str, str]] = {}  # mid -> (topic, payload) not yet accepted
        self.retry: list[tuple[str, str]] = []
        self._early: dict[int, int] = {}
        self.sent = 0
        self.client.connect(host or conf.get("EM_MQTT_HOST"), int(port or conf.get("EM_MQTT_PORT")), keepalive=30)
        self.client.loop_start()

    def _on_publish(self, client: Any, userdata: Any, mid: int, reason: Any, properties: Any) -> None:
        code = getattr(reason, "value", 0)
        with self._lock:
            item = self.pending.pop(mid, None)
            if item is None:
                self._early[mid] = code  # acknowledged before _send registered it
            elif code != 0:
                self.retry.append(item)

    def _send(self, topic: str, payload: str) -> None:
        info = self.client.publish(topic, payload, qos=1)  # never under self._lock: paho calls back under its own
        with self._lock:
            code = self._early.pop(info.mid, None)
            if code is None:
                self.pending[info.mid] = (topic, payload)
            elif code != 0:
                self.retry.append((topic, payload))

    def publish(self, serial: str, body: dict[str, Any], key: str) -> None:
        import json

        self._send(f"{self.prefix}/{serial}/events", json.dumps(sign(body, key), separators=(",", ":")))
        self.sent += 1

    def flush(self, timeout: float = 60.0) -> bool:
        """Wait until the broker accepted every message (resending those it had no subscriber for)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                retry, self.retry = self.retry, []
                waiting = len(self.pending)
            for topic, payload in retry:
                self._send(topic, payload)
            if not retry and not waiting:
                return True
            time.sleep(self.RETRY_SECONDS if retry else 0.01)
        return False

    def close(self) -> None:
        self.flush(10)
        self.client.loop_stop()
        self.client.disconnect()


def publish_all(outs: Iterable[Out], keys: dict[str, str], publisher: Publisher) -> int:
    n = 0
    for o in outs:
        publisher.publish(o.serial, o.body, keys[o.serial])
        n += 1
        if n % 500 == 0:
            publisher.flush()
    publisher.flush()
    return n


def run_live(*, clients: int | None, duration: float, interval: int = 60, seed: int = 1,
             stop: threading.Event | None = None, host: str | None = None, port: int | None = None,
             prefix: str | None = None) -> int:
    """Publish the clients' messages as time passes (each client's script, a window at a time)."""
    stop = stop or threading.Event()
    publisher = Publisher(host, port, prefix)
    sent = 0
    started = time.monotonic()
    try:
        roster = load_clients(clients, seed)
        keys = {ref.serial: ref.key for c in roster for ref in (c.base, c.gps) if ref is not None}
        window = dt.timedelta(seconds=interval)
        now = dt.datetime.now(dt.UTC)
        round_no = 0
        while not stop.is_set() and time.monotonic() - started < duration:
            round_no += 1
            batch: list[Out] = []
            for n, client in enumerate(roster):
                batch += script(client, now, now + window, interval=interval, seed=seed * 1000 + n + round_no)
            for out in sorted(batch, key=lambda o: o.at):
                delay = (out.at - dt.datetime.now(dt.UTC)).total_seconds()
                if delay > 0 and stop.wait(min(delay, interval)):
                    break
                publisher.publish(out.serial, out.body, keys[out.serial])
                sent += 1
            publisher.flush(30)
            now += window
            if now > dt.datetime.now(dt.UTC) and stop.wait((now - dt.datetime.now(dt.UTC)).total_seconds()):
                break
    finally:
        publisher.close()
    return sent


def start_embedded_demo() -> None:
    """``make run``: a small live simulator for the demo clients (EM_DEMO_SIMULATOR, on by default)."""
    if not conf.get("EM_DEMO_SIMULATOR"):
        return

    def loop() -> None:
        while True:
            try:
                run_live(clients=20, duration=3600 * 24, interval=30)
            except Exception:  # noqa: BLE001 - the demo keeps trying (e.g. no broker yet)
                log.warning("EM demo simulator: no broker at %s:%s; retrying in 30 s", conf.get("EM_MQTT_HOST"),
                            conf.get("EM_MQTT_PORT"))
                time.sleep(30)

    threading.Thread(target=loop, name="em-demo-simulator", daemon=True).start()
