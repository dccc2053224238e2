"""The electronic-monitoring ingestion benchmark: one command.

    .venv/bin/python bench/em_bench.py                       # 2,000 events/s for 10 min, then a 10x burst for 60 s
    .venv/bin/python bench/em_bench.py --rate 500 --sustain 60 --burst 10   # a quick look
    .venv/bin/python bench/em_bench.py --profile 2000       # one batch of 2,000 messages under cProfile

On PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres) it

1. creates the database ``probacija_embench`` if missing, migrates it, seeds it (``seed_demo``) and gives
   ``--devices`` open sections a base station (RF) or a GPS unit each, with a nightly curfew;
2. starts its own Mosquitto on a free loopback port, ``--workers`` ingestion workers (``manage.py em_ingest``,
   production settings, one MQTT v5 shared subscription) and ``--publishers`` publisher processes;
3. offers ``--rate`` signed QoS 1 messages a second for ``--sustain`` seconds (heartbeats with the tag's
   presence, GPS fixes, and strap tamper/restore pairs whose alerts give the event-to-alert latency), then
   ten times the rate for ``--burst`` seconds, then nothing until the backlog is cleared;
4. checks that every message the broker accepted is stored exactly once, measures the committed events per
   second by phase, the event-to-alert latency (alert raised − event time, p50/p95/p99), the backlog after the
   burst and how long it took to clear, and the floor: a raw ``COPY`` of the same number of rows into a table
   with the event table's columns and indexes;
5. writes bench/results/em-<timestamp>.json and appends a dated section to docs/performance.md.

Only loopback traffic; every loop is bounded by time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import io
import json
import multiprocessing as mp
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PG = "postgres://postgres@127.0.0.1:5432"
DB = "probacija_embench"
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "performance.md"
SECRET = secrets.token_urlsafe(40)
PREFIX = f"bench-{secrets.token_hex(3)}/em"


def log(msg: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {msg}", flush=True)


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", "DATABASE_URL": f"{PG}/{DB}",
              "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "127.0.0.1", "DATABASE_CONN_MAX_AGE": "600",
              "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1", "EM_DEMO_SIMULATOR": "0"})
    return e


def manage(*args: str, capture: bool = False) -> str:
    proc = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env(), check=True, text=True,
                          stdout=subprocess.PIPE if capture else None)
    return proc.stdout or ""


# --- preparation (runs inside Django: `em_bench.py --setup N`) -------------------------------------------


def setup_devices(count: int) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from cases.models import Section
    from monitoring.models import Device, DeviceAssignment, Schedule, ScheduleWindow
    from monitoring.services import new_key

    have = DeviceAssignment.objects.filter(returned_at__isnull=True, device__serial__startswith="BENCH-").count()
    if have < count:
        sections = list(Section.objects.filter(state__in=Section.OPEN_STATES).exclude(
            em_assignments__isnull=False).order_by("id").values_list("id", flat=True)[:count - have])
        now = timezone.now()
        with transaction.atomic():
            devices = Device.objects.bulk_create([
                Device(kind="gps" if n % 5 == 0 else "base", serial=f"BENCH-{have + n:06d}", model="B-1",
                       status=Device.Status.ASSIGNED, key=new_key()) for n in range(len(sections))])
            DeviceAssignment.objects.bulk_create([
                DeviceAssignment(section_id=s, device=d, kind=d.kind, assigned_at=now - dt.timedelta(days=1))
                for s, d in zip(sections, devices, strict=True)])
            schedules = Schedule.objects.bulk_create([Schedule(section_id=s, valid_from=dt.date(2020, 1, 1))
                                                      for s in sections])
            ScheduleWindow.objects.bulk_create([
                ScheduleWindow(schedule=sc, weekday=d, start=dt.time(22), end=dt.time(6), next_day=True)
                for sc in schedules for d in range(7)])
    rows = list(DeviceAssignment.objects.filter(returned_at__isnull=True, device__serial__startswith="BENCH-")
                .values_list("device__serial", "device__key", "device__kind")[:count])
    print(json.dumps(rows))


def profile_batch(size: int, rounds: int = 4) -> None:
    """``--profile N``: time ``rounds`` batches of ``N`` heartbeats from ``N`` devices through ``ingest.ingest``
    (the first makes the sections' states; the last runs under cProfile), the database as configured."""
    import cProfile
    import pstats

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import connection

    from monitoring import ingest
    from monitoring.models import DeviceAssignment

    rows = list(DeviceAssignment.objects.filter(returned_at__isnull=True, device__serial__startswith="BENCH-")
                .values_list("device__serial", "device__key", "device__kind").order_by("device_id")[:size])
    base = int(time.time() * 1000) * 10
    for n in range(rounds):
        now = dt.datetime.now(dt.UTC)
        batch = []
        for i, (serial, key, kind) in enumerate(rows):
            body: dict[str, Any] = {"v": 1, "device": serial, "seq": base + n, "t": now.isoformat(),
                                    "kind": "fix" if kind == "gps" else "heartbeat"}
            if kind == "gps":
                body.update(lat=56.95, lon=24.11, acc=8.0)
            else:
                body["tag"] = "in"
            if i % 500 == 0 and kind != "gps":
                body["kind"] = "strap_tamper" if n % 2 == 0 else "strap_ok"
            batch.append((_sign(body, bytes.fromhex(key)).encode(), now, serial))
        connection.queries_log.clear()
        profiler = cProfile.Profile() if n == rounds - 1 else None
        started = time.monotonic()
        if profiler:
            profiler.enable()
        result = ingest.ingest(batch)
        if profiler:
            profiler.disable()
        print(f"batch {n + 1}: {len(batch)} messages in {time.monotonic() - started:.3f} s: accepted {result.accepted}, "
              f"duplicates {result.duplicates}, rejected {len(result.rejected)}, alerts {result.alerts}, "
              f"replays {result.replays}; load {loadavg()}", flush=True)
        if profiler:
            pstats.Stats(profiler).sort_stats(os.environ.get("EM_PROFILE_SORT", "cumulative")).print_stats(40)


# --- the broker and the workers ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_broker(tmp: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    conf = tmp / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n"
                    f"max_inflight_messages 0\nmax_queued_bytes 0\n" + ("user root\n" if os.geteuid() == 0 else ""))
    proc = subprocess.Popen(["mosquitto", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("mosquitto did not start")


def start_workers(n: int, port: int, batch: int, tmp: Path) -> list[subprocess.Popen]:
    return [subprocess.Popen([PY, "manage.py", "em_ingest", "--host", "127.0.0.1", "--port", str(port), "--prefix",
                              PREFIX, "--group", "bench", "--client-id", f"bench-w{i}", "--batch", str(batch)],
                             cwd=ROOT, env=env(), stdout=(tmp / f"worker-{i}.log").open("w"), stderr=subprocess.STDOUT)
            for i in range(n)]


def wait_subscribed(port: int, limit: float = 180) -> float:
    """Wait until the workers' shared subscription exists (a loaded machine takes a while to start Django):
    a probe (an unknown device: the worker rejects and acknowledges it) is refused by the broker with "no
    matching subscribers" until then. Messages published before would be dropped, not queued."""
    import paho.mqtt.client as mqtt

    codes: list[int] = []
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"bench-probe-{os.getpid()}",
                         protocol=mqtt.MQTTv5)
    client.on_publish = lambda c, u, mid, reason, props: codes.append(getattr(reason, "value", 0))
    client.connect("127.0.0.1", port, keepalive=60)
    client.loop_start()
    started = time.monotonic()
    try:
        while time.monotonic() - started < limit:
            codes.clear()
            client.publish(f"{PREFIX}/PROBE/events", b"{}", qos=1)
            deadline = time.monotonic() + 5
            while not codes and time.monotonic() < deadline:
                time.sleep(0.05)
            if codes and codes[0] == 0:
                return time.monotonic() - started
            time.sleep(1)
        raise RuntimeError("the ingestion workers did not subscribe")
    finally:
        client.loop_stop()
        client.disconnect()


# --- publishers ------------------------------------------------------------------------------------------


def _sign(body: dict[str, Any], key: bytes) -> str:
    raw = json.dumps(body, sort_keys=True, separators=(",", ":"))
    sig = hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()
    return raw[:-1] + f',"sig":"{sig}"}}'


def publisher(index: int, devices: list[tuple[str, str, str]], port: int, phases: list[tuple[str, float, float]],
              tamper_every: int, accepted: Any, offered: Any, stop_at: float) -> None:
    import paho.mqtt.client as mqtt

    done = {"ok": 0}

    def on_publish(client: Any, userdata: Any, mid: int, reason: Any, properties: Any) -> None:
        if getattr(reason, "value", 0) == 0:
            done["ok"] += 1

    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"bench-p{index}", protocol=mqtt.MQTTv5)
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    client.on_publish = on_publish
    client.connect("127.0.0.1", port, keepalive=60)
    client.loop_start()
    keys = [(serial, bytes.fromhex(key), kind) for serial, key, kind in devices]
    seqs = [int(time.time() * 1000) * 10 + index for _ in keys]
    cursor = 0
    sent = 0
    tamper_open: dict[int, float] = {}
    for _name, rate, seconds in phases:
        start = time.monotonic()
        while time.monotonic() - start < seconds and time.time() < stop_at:
            target = int(rate * (time.monotonic() - start))
            while sent < target and time.monotonic() - start < seconds:
                if len(client._out_messages) > 3000:  # noqa: SLF001 - the broker is behind: wait (paho's queue is O(n))
                    accepted.value = done["ok"]
                    time.sleep(0.01)
                    continue
                i = cursor % len(keys)
                cursor += 1
                serial, key, kind = keys[i]
                seqs[i] += 1
                now = dt.datetime.now(dt.UTC).isoformat()
                if kind == "gps":
                    body = {"v": 1, "device": serial, "seq": seqs[i], "t": now, "kind": "fix", "lat": 56.95,
                            "lon": 24.11, "acc": 8.0}
                elif i in tamper_open and time.monotonic() - tamper_open[i] > 5:
                    del tamper_open[i]
                    body = {"v": 1, "device": serial, "seq": seqs[i], "t": now, "kind": "strap_ok", "tag": "in"}
                elif sent % tamper_every == 0 and i not in tamper_open:
                    tamper_open[i] = time.monotonic()
                    body = {"v": 1, "device": serial, "seq": seqs[i], "t": now, "kind": "strap_tamper", "tag": "in"}
                else:
                    body = {"v": 1, "device": serial, "seq": seqs[i], "t": now, "kind": "heartbeat", "tag": "in"}
                client.publish(f"{PREFIX}/{serial}/events", _sign(body, key), qos=1)
                sent += 1
                offered.value += 1
                if sent % 500 == 0:
                    accepted.value = done["ok"]
            accepted.value = done["ok"]
            time.sleep(0.005)
        sent = 0  # the next phase counts its own target from its start
    deadline = time.time() + 120
    while time.time() < deadline and client._out_messages:  # noqa: SLF001 - wait for the broker's PUBACKs
        accepted.value = done["ok"]
        time.sleep(0.1)
    accepted.value = done["ok"]
    client.loop_stop()
    client.disconnect()


# --- measurements ----------------------------------------------------------------------------------------


def committed(conn: psycopg.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM monitoring_event WHERE received_at >= %s",
                            (T0,)).fetchone()[0])  # type: ignore[index]


T0 = dt.datetime.now(dt.UTC)


def copy_floor(conn: psycopg.Connection, rows: int) -> dict[str, float]:
    """A raw COPY of ``rows`` rows like the bench's into a table with the event table's columns and indexes."""
    conn.execute("DROP TABLE IF EXISTS em_floor")
    conn.execute("CREATE TABLE em_floor (LIKE monitoring_event INCLUDING DEFAULTS INCLUDING IDENTITY)")
    conn.execute("CREATE UNIQUE INDEX em_floor_once ON em_floor (device_id, seq, device_time)")
    conn.execute("CREATE INDEX em_floor_section ON em_floor (section_id, time)")
    conn.commit()
    now = dt.datetime.now(dt.UTC)
    buf = io.StringIO()
    for n in range(rows):
        t = (now + dt.timedelta(microseconds=n * 500)).isoformat()
        buf.write(f"{n % 5000 + 1}\t{n % 5000 + 1}\t\\N\t{n}\t1\t{t}\t{t}\t{t}\t{t}\t\\N\t\\N\t\\N\t\\N\t1\t\\N\tf\n")
    data = buf.getvalue().encode()
    started = time.monotonic()
    with conn.cursor() as cur, cur.copy(
            "COPY em_floor (device_id, section_id, gateway_id, seq, kind, device_time, sent_time, received_at, time, "
            "fix_time, lat, lon, accuracy, tag, battery, skewed) FROM STDIN") as copy:
        for first in range(0, len(data), 1 << 20):
            copy.write(data[first:first + (1 << 20)])
    conn.commit()
    seconds = time.monotonic() - started
    conn.execute("DROP TABLE em_floor")
    conn.commit()
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}


def latency(conn: psycopg.Connection) -> dict[str, Any]:
    row = conn.execute(
        "SELECT count(*), percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY "
        "extract(epoch FROM a.raised_at - v.started_at)), max(extract(epoch FROM a.raised_at - v.started_at)) "
        "FROM monitoring_alert a JOIN monitoring_violation v ON v.alert_id = a.id "
        "WHERE a.kind = 'strap_tamper' AND a.raised_at >= %s AND v.started_at = a.started_at", (T0,)).fetchone()
    assert row is not None
    n, pcts, worst = row
    return {"alerts": n, "p50_s": round(pcts[0], 3) if pcts else None, "p95_s": round(pcts[1], 3) if pcts else None,
            "p99_s": round(pcts[2], 3) if pcts else None, "max_s": round(float(worst), 3) if worst else None}


def set_database(name: str) -> None:
    global DB
    DB = name


def prepare(args: argparse.Namespace) -> list[Any]:
    """Create, migrate and seed the database; the bench devices (serial, key, kind)."""
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB,)).fetchone() is None:
            admin.execute(f'CREATE DATABASE "{DB}"')
    log(f"migrating and seeding {DB}")
    manage("migrate", "--noinput", "-v", "0")
    manage("seed_demo", "--clients", str(int(args.devices * 1.6)), "--if-empty", "-v", "0", capture=True)
    devices = json.loads(subprocess.run([PY, __file__, "--database", DB, "--setup", str(args.devices)], cwd=ROOT,
                                        env=env(), check=True, text=True, stdout=subprocess.PIPE).stdout)
    log(f"{len(devices)} devices; load average {loadavg()} on {os.cpu_count()} cores")
    return devices


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=int, default=2000)
    parser.add_argument("--sustain", type=int, default=600)
    parser.add_argument("--burst", type=int, default=60)
    parser.add_argument("--burst-factor", type=int, default=10)
    parser.add_argument("--devices", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--publishers", type=int, default=3)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--tamper-every", type=int, default=2000, help="one tamper per this many messages")
    parser.add_argument("--drain-limit", type=int, default=900, help="seconds to wait for the backlog to clear")
    parser.add_argument("--no-doc", action="store_true", help="do not append to docs/performance.md")
    parser.add_argument("--profile", type=int, default=0, help="profile one batch of this many messages")
    parser.add_argument("--database", default=DB, help=f"the PostgreSQL database (default {DB})")
    parser.add_argument("--setup", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--profile-inside", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    set_database(args.database)
    if args.setup:
        setup_devices(args.setup)
        return
    if args.profile_inside:
        profile_batch(args.profile_inside)
        return
    devices = prepare(args)
    if args.profile:
        subprocess.run([PY, __file__, "--database", DB, "--profile-inside", str(args.profile)], cwd=ROOT, env=env(),
                       check=True)
        return
    tmp = Path(tempfile.mkdtemp(prefix="em-bench-"))
    broker, port = start_broker(tmp)
    workers = start_workers(args.workers, port, args.batch, tmp)
    log(f"workers subscribed after {wait_subscribed(port):.1f} s")
    time.sleep(2)  # the other workers' subscriptions (one is enough for nothing to be dropped)
    phases = [("sustain", args.rate / args.publishers, args.sustain),
              ("burst", args.rate * args.burst_factor / args.publishers, args.burst)]
    share = [devices[i::args.publishers] for i in range(args.publishers)]
    accepted = [mp.Value("q", 0) for _ in range(args.publishers)]
    offered = [mp.Value("q", 0) for _ in range(args.publishers)]
    stop_at = time.time() + args.sustain + args.burst + 60
    procs = [mp.Process(target=publisher, args=(i, share[i], port, phases, args.tamper_every, accepted[i], offered[i],
                                                stop_at)) for i in range(args.publishers)]
    global T0
    T0 = dt.datetime.now(dt.UTC)
    for p in procs:
        p.start()
    samples: list[tuple[float, int, int]] = []
    result: dict[str, Any] = {"date": dt.date.today().isoformat(), "machine": platform.platform(),
                              "cores": os.cpu_count(), "load_before": loadavg(), "args": vars(args)}
    started = time.monotonic()
    with psycopg.connect(f"{PG}/{DB}") as conn:
        conn.autocommit = True
        loads = []
        while any(p.is_alive() for p in procs):
            time.sleep(5)
            n = committed(conn)
            samples.append((time.monotonic() - started, n, sum(a.value for a in accepted)))
            loads.append(os.getloadavg()[0])
            log(f"t={samples[-1][0]:6.0f}s accepted {samples[-1][2]:>9,} committed {n:>9,} "
                f"backlog {samples[-1][2] - n:>8,} load {loadavg()}")
        total = sum(a.value for a in accepted)
        burst_end = args.sustain + args.burst
        backlog_at_burst_end = next((acc - n for t, n, acc in samples if t >= burst_end), None)
        drain_started = time.monotonic()
        n = committed(conn)
        while n < total and time.monotonic() - drain_started < args.drain_limit:
            time.sleep(2)
            n = committed(conn)
        cleared_after = round(time.monotonic() - started - burst_end, 1) if n >= total else None
        distinct = conn.execute("SELECT count(DISTINCT (device_id, seq)) FROM monitoring_event WHERE received_at >= %s",
                                (T0,)).fetchone()[0]  # type: ignore[index]

        def rate_between(a: float, b: float) -> float:
            inside = [(t, c) for t, c, _ in samples if a <= t <= b]
            if len(inside) < 2:
                return 0.0
            return round((inside[-1][1] - inside[0][1]) / (inside[-1][0] - inside[0][0]))

        result.update({
            "accepted_by_broker": total, "offered": sum(o.value for o in offered), "stored": n,
            "stored_distinct": distinct, "unstored_at_end": total - n,
            "sustain_committed_per_s": rate_between(10, args.sustain),
            "burst_offered_per_s": round(args.rate * args.burst_factor),
            "burst_committed_per_s": rate_between(args.sustain, burst_end),
            "backlog_at_burst_end": backlog_at_burst_end, "backlog_cleared_after_burst_s": cleared_after,
            "latency": latency(conn), "load_during_max": round(max(loads), 2) if loads else None,
            "load_during_mean": round(sum(loads) / len(loads), 2) if loads else None,
        })
        log("COPY floor")
        result["copy_floor"] = copy_floor(conn, min(max(n, 100_000), 1_500_000))
        if result["sustain_committed_per_s"]:
            result["ingest_to_copy_ratio"] = round(result["copy_floor"]["rows_per_s"] / result["sustain_committed_per_s"], 1)
    for w in workers:
        w.terminate()
    for w in workers:
        try:
            w.wait(60)
        except subprocess.TimeoutExpired:  # still in a batch: the measurements are taken, stop it
            w.kill()
            w.wait(10)
    broker.terminate()
    broker.wait(10)
    for i in range(len(workers)):
        tail = (tmp / f"worker-{i}.log").read_text(errors="replace").strip().splitlines()[-1:]
        log(f"worker {i}: {tail[0] if tail else ''}")
    shutil.rmtree(tmp, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"em-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=1))
    log(json.dumps(result, indent=1))
    if not args.no_doc:
        append_doc(result)


def append_doc(r: dict[str, Any]) -> None:
    lat = r["latency"]
    backlog = r["backlog_at_burst_end"]
    cleared = (f"{backlog:,} messages, cleared {r['backlog_cleared_after_burst_s']} s after the burst"
               if r["backlog_cleared_after_burst_s"] is not None else
               f"{backlog:,} messages, not cleared within the {r['args']['drain_limit']} s drain limit"
               if backlog is not None else "none")
    text = f"""
### EM ingestion run of {r['date']}

`bench/em_bench.py {' '.join(f'--{k.replace("_", "-")} {v}' for k, v in r['args'].items() if k in ('rate', 'sustain', 'burst', 'devices', 'workers', 'publishers'))}`
on {r['machine']}, {r['cores']} cores shared with other work (load average before {r['load_before']}; during the
run mean {r['load_during_mean']}, max {r['load_during_max']}).

| figure | value |
|---|---|
| messages accepted by the broker | {r['accepted_by_broker']:,} |
| stored / distinct (device, sequence) | {r['stored']:,} / {r['stored_distinct']:,} (still queued in the broker at the end: {r['unstored_at_end']:,}) |
| sustained, committed with violations derived | {r['sustain_committed_per_s']:,} events/s over {r['args']['sustain']} s (offered {r['args']['rate']:,}/s) |
| burst offered / committed | {r['burst_offered_per_s']:,}/s for {r['args']['burst']} s / {r['burst_committed_per_s']:,}/s |
| backlog at the end of the burst, cleared after | {cleared} |
| event-to-alert latency (tamper), p50 / p95 / p99 / max | {lat['p50_s']} / {lat['p95_s']} / {lat['p99_s']} / {lat['max_s']} s ({lat['alerts']} alerts) |
| floor: raw `COPY` of {r['copy_floor']['rows']:,} rows (same columns and indexes) | {r['copy_floor']['rows_per_s']:,} rows/s |
| ratio COPY / ingestion | {r.get('ingest_to_copy_ratio')} |
"""
    with DOC.open("a") as fh:
        fh.write(text)


if __name__ == "__main__":
    main()
