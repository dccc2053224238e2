"""Community-service benchmarks (issue #4), on PostgreSQL at 127.0.0.1:5432 (user postgres).

    .venv/bin/python bench/community_bench.py bulk   [--runs 30]          # (a) one day's hours, 100 clients
    .venv/bin/python bench/community_bench.py report [--entries 1000000]  # (b) yearly value report

Both create and migrate the database ``probacija_bench_cs`` if missing and seed it once: the test
personas (core/testing/personas.py), 100 adult clients of Alice placed at one work place (a), and
160 adult + 40 child clients placed at another (b), all through the real services.

(a) posts one day's hours (1 h each) for all 100 clients in ONE request to the real page
    ``/community/places/<id>/hours/`` and to the API ``POST /api/community/places/<id>/hours``
    (Django test client in-process, signed in as Alice, full middleware stack), ``--runs`` times
    each, every run on a fresh day; the entries of the previous invocation are deleted first.
(b) bulk-inserts ``--entries`` hour entries for the year 2025 with one INSERT ... SELECT over
    generate_series (only if the database does not already hold exactly that many), ANALYZEs, then
    times ``community.reports.year_report(2025)`` (national and limited to one region's units) and
    the page ``/community/report/?year=2025`` as the analyst, ``--runs`` times each.

Prints p50/p95/max per measurement and appends a dated section to docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "probacija_bench_cs"
PG = "postgres://postgres@127.0.0.1:5432"
DOC = ROOT / "docs" / "performance.md"
REPORT_YEAR = 2025
TARGET_BULK_MS = 300
TARGET_REPORT_MS = 2000


def ensure_database() -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{DB}"')


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{PG}/{DB}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    call_command("migrate", verbosity=0)


def log(msg: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {msg}", flush=True)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p * (len(ordered) - 1))))]


def summary(name: str, ms: list[float], target: int) -> dict[str, Any]:
    row: dict[str, Any] = {"name": name, "runs": len(ms), "p50": round(statistics.median(ms), 1), "p95": round(pct(ms, 0.95), 1),
           "max": round(max(ms), 1), "target": target}
    row["met"] = row["p95"] <= target
    log(f"{name}: p50 {row['p50']} ms, p95 {row['p95']} ms, max {row['max']} ms (target {target} ms)")
    return row


# --- Seeding ---------------------------------------------------------------------------------------


def _personas() -> Any:
    from accounts.models import User
    from accounts.testing import personas

    if not User.objects.filter(username="alice").exists():
        log("creating personas")
        personas.make_personas()
    return {u.username: u for u in User.objects.filter(username__in=["alice", "anna", "rita"])}


def _clients(alice: Any, place: Any, *, prefix: str, count: int, kind: str, in_force: dt.date,
             start: dt.date) -> None:
    from cases import services as case_services
    from community import services
    from community.models import CommunityServiceDetails
    from people import services as people_services

    have = CommunityServiceDetails.objects.filter(orders__place=place).count()
    child = kind == "community_work_child"
    for i in range(have, count):
        person = people_services.person_create(
            actor=alice, first_name=f"{prefix}{i:03d}", last_name="Bench", sex="M",
            birth_date=dt.date(2010, 3, 1) if child else dt.date(1985, 1, 1) + dt.timedelta(days=i),
            declared_municipality="LV-RIX", declared_address="Elizabetes iela 2, Rīga",
            document_type="passport", document_number=f"BENCH-{prefix}{i:05d}", document_country="LT")
        case = case_services.case_open(actor=alice, person=person, responsible_officer=alice)
        section = case_services.section_open(
            actor=alice, case=case, kind=kind, basis_type="court_ruling", basis_number=f"B-{prefix}-{i}",
            basis_date=in_force - dt.timedelta(days=10), basis_issuer="Rīgas pilsētas tiesa", basis_in_force=in_force)
        details = services.details_create(
            actor=alice, section=section, order_type="child_measure" if child else "court_sentence",
            ordered_hours=40 if child else 280, registration_basis="ruling", basis_event_date=None,
            ruling_in_force=in_force, offence_date=dt.date(2024, 6, 1) if child else None)
        services.order_issue(actor=alice, details=details, place=place, start_date=start, schedule="Katru dienu")


def _place(alice: Any, name: str, capacity: int) -> Any:
    from accounts.models import OrgUnit
    from partners import services
    from partners.models import Place

    place = Place.objects.filter(name=name).first()
    if place is None:
        organisation = services.organisation_create(actor=alice, unit=OrgUnit.objects.get(code="RIGA-C"),
                                                    name=f"{name} (provider)", kind="municipal", status="active",
                                                    stage="agreed")
        place = services.place_add(actor=alice, organisation=organisation, name=name, address="Parka iela 1",
                                   municipality="LV-RIX", kinds_of_work="Sakopšana", capacity=capacity)
    return place


# --- (a) bulk entry ------------------------------------------------------------------------------


def bench_bulk(runs: int) -> dict[str, Any]:
    from django.test import Client
    from django.utils import timezone

    from community.models import HourEntry, WorkOrder

    users = _personas()
    alice = users["alice"]
    today = timezone.localdate()
    place = _place(alice, "Bench bulk place", 100)
    log("seeding 100 clients at the bulk place (once)")
    _clients(alice, place, prefix="A", count=100, kind="community_service", in_force=today - dt.timedelta(days=200),
             start=today - dt.timedelta(days=190))
    order_ids = list(WorkOrder.objects.active().filter(place=place).values_list("pk", flat=True))
    assert len(order_ids) == 100, len(order_ids)
    HourEntry.objects.filter(order_id__in=order_ids).delete()
    client = Client()
    client.force_login(alice)
    client.get(f"/community/places/{place.pk}/hours/")  # warm-up (templates, translations)
    page_ms: list[float] = []
    api_ms: list[float] = []
    for i in range(runs):
        day = today - dt.timedelta(days=1 + i)
        data = {"day": f"{day:%d.%m.%Y}", **{f"hours_{pk}": "1" for pk in order_ids}}
        t0 = time.perf_counter()
        resp = client.post(f"/community/places/{place.pk}/hours/", data)
        page_ms.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 302, (resp.status_code, resp.content[:2000])
    for i in range(runs):
        day = today - dt.timedelta(days=1 + runs + i)
        payload = {"day": day.isoformat(), "rows": [{"order_id": pk, "hours": "1"} for pk in order_ids]}
        t0 = time.perf_counter()
        resp = client.post(f"/api/community/places/{place.pk}/hours", json.dumps(payload),
                           content_type="application/json")
        api_ms.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 201, (resp.status_code, resp.content[:2000])
    count = HourEntry.objects.filter(order_id__in=order_ids).count()
    assert count == 100 * 2 * runs, count
    return {"rows": [summary("bulk page (POST, 100 clients)", page_ms, TARGET_BULK_MS),
                     summary("bulk API (POST, 100 clients)", api_ms, TARGET_BULK_MS)],
            "size": f"100 clients at one work place, {runs} runs each on a fresh day, {count:,} entries written"}


# --- (b) yearly report ---------------------------------------------------------------------------


def _insert_entries(order_ids: list[int], entries: int) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("DELETE FROM community_hourentry WHERE order_id = ANY(%s)", [order_ids])
        cur.execute(
            """
            INSERT INTO community_hourentry (order_id, details_id, day, hours, channel, superseded, reason, created_at)
            SELECT o.id, o.details_id, %s::date + (g %% 365), ((g %% 8) + 1)::numeric / 2, 'officer',
                   (g %% 50 = 0), '', now()
            FROM generate_series(0, %s - 1) AS g
            JOIN (SELECT id, details_id, (row_number() OVER (ORDER BY id)) - 1 AS rn
                  FROM community_workorder WHERE id = ANY(%s)) AS o ON o.rn = g %% %s
            """,
            [dt.date(REPORT_YEAR, 1, 1), entries, order_ids, len(order_ids)],
        )
        cur.execute("ANALYZE community_hourentry")


def bench_report(runs: int, entries: int) -> dict[str, Any]:
    from django.test import Client

    from accounts import roles
    from community import reports
    from community.models import HourEntry, WorkOrder
    from core import access

    users = _personas()
    alice = users["alice"]
    start = dt.date(REPORT_YEAR, 1, 1)
    adults = _place(alice, "Bench report place (adults)", 160)
    children = _place(alice, "Bench report place (children)", 40)
    log("seeding 160 adult + 40 child clients for the report (once)")
    _clients(alice, adults, prefix="R", count=160, kind="community_service", in_force=dt.date(2024, 12, 1),
             start=start)
    _clients(alice, children, prefix="C", count=40, kind="community_work_child", in_force=dt.date(2024, 12, 1),
             start=start)
    order_ids = list(WorkOrder.objects.filter(place__in=[adults, children]).values_list("pk", flat=True))
    if HourEntry.objects.filter(order_id__in=order_ids).count() != entries:
        log(f"inserting {entries:,} hour entries")
        t0 = time.perf_counter()
        _insert_entries(order_ids, entries)
        log(f"inserted in {time.perf_counter() - t0:.1f} s")
    total = HourEntry.objects.count()
    units = access.unit_ids_for(users["rita"], roles.STATS_VIEW)
    reports.year_report(REPORT_YEAR)  # warm-up
    national, regional, page = [], [], []
    result = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = reports.year_report(REPORT_YEAR)
        national.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        reports.year_report(REPORT_YEAR, units)
        regional.append((time.perf_counter() - t0) * 1000)
    client = Client()
    client.force_login(users["anna"])
    for _ in range(runs):
        t0 = time.perf_counter()
        resp = client.get(f"/community/report/?year={REPORT_YEAR}")
        page.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 200, resp.status_code
    assert result is not None and result.hours > 0
    log(f"report: {result.hours} h (adults {result.adult_hours}, minors {result.minor_hours}), "
        f"{result.total_value} EUR")
    return {"rows": [summary("year_report(), national", national, TARGET_REPORT_MS),
                     summary("year_report(), one region's units", regional, TARGET_REPORT_MS),
                     summary("report page (GET, analyst)", page, TARGET_REPORT_MS)],
            "size": f"{total:,} hour entries in the table ({entries:,} of them for {REPORT_YEAR}, every 50th "
                    f"superseded) over 200 clients (160 adults, 40 minors); {runs} runs each; report figure "
                    f"{result.hours} h, {result.total_value} EUR"}


# --- Output ----------------------------------------------------------------------------------------


def append_doc(title: str, out: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    lines = [
        "", f"### {dt.date.today():%Y-%m-%d} — community service: {title}", "",
        f"Command: `.venv/bin/python bench/community_bench.py {out['command']}`. Database `{DB}` on PostgreSQL {pg}; "
        f"Python {platform.python_version()}, {os.cpu_count()} cores, load average before the run "
        f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())}. Django test client in-process (full middleware, "
        "no network).", "",
        f"Data: {out['size']}.", "",
        "| measurement | runs | p50 ms | p95 ms | max ms | target ms | met (p95) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in out["rows"]:
        lines.append(f"| {r['name']} | {r['runs']} | {r['p50']} | {r['p95']} | {r['max']} | {r['target']} | "
                     f"{'yes' if r['met'] else 'no'} |")
    with DOC.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    log(f"appended to {DOC}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("which", choices=["bulk", "report"])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--no-doc", action="store_true", help="do not append to docs/performance.md")
    args = parser.parse_args()
    ensure_database()
    setup_django()
    if args.which == "bulk":
        out = bench_bulk(args.runs)
        out["command"] = f"bulk --runs {args.runs}"
        title = "bulk entry of one day's hours"
    else:
        out = bench_report(args.runs, args.entries)
        out["command"] = f"report --runs {args.runs} --entries {args.entries}"
        title = "yearly value report"
    if not args.no_doc:
        append_doc(title, out)


if __name__ == "__main__":
    main()
