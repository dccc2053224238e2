"""Supervision benchmark (issue #3): one command.

    flock /tmp/bench.lock .venv/bin/python bench/supervision_bench.py --clients 200000

On PostgreSQL at 127.0.0.1:5432 (user postgres), with the databases of the core benchmark
(``probacija_bench``: ``--clients`` clients, ``probacija_bench_small``: 2,000; made by
``.venv/bin/python bench/run.py``; this script never creates, drops or reseeds them), it

1. migrates both databases and tops up, idempotently and with bulk inserts, the supervision data of
   every open supervision section that has none yet: the term and intensity, the legal duties (and
   an additional duty for some), appointments at the intensity's frequency over the last months with
   outcomes (some clients left overdue, some appointments without an outcome), a future appointment,
   violations with warnings and submissions for a few, and plan versions with goals; then ANALYZE;
2. counts the queries of the supervision caseload page (with its compliance flags; "my clients" and
   "all I can see") at both sizes for the demo user ``officer`` and checks they are equal;
3. (a) starts gunicorn with production settings (bench/run.py's helpers), signs in ``--users``
   officers of different units over real HTTP and requests their caseload page for ``--duration``
   seconds with think time; p95 target 150 ms;
4. (b) times the nightly overdue scan (``supervision.jobs.scan_overdue_contacts_now``) over all open
   supervision sections twice — the first run creates the tasks, the second is the steady state —
   inside a transaction that is rolled back, so the database stays as the top-up left it; target 60 s;
5. writes bench/results/supervision-<timestamp>.json and appends a dated section to
   docs/performance.md (``--no-doc`` to skip).

``--explain`` adds EXPLAIN ANALYZE of the caseload page's slowest queries to the JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PAGES = {"caseload": "/supervision/", "caseload_all": "/supervision/?view=all"}
WEIGHTS = {"caseload": 80, "caseload_all": 20}
TARGET_PAGE_MS = 150
TARGET_SCAN_S = 60
MAX_REQUESTS_PER_USER = 100_000
BATCH = 5000


# === The Django side (run in a subprocess per database: ``_django <command>``) ======================


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()


def topup(seed: int = 3) -> dict[str, Any]:
    """Supervision data for every open supervision section without a registered term (bench data:
    bulk inserts, not the services). Each chunk of sections is one transaction, so a rerun
    continues where an interrupted one stopped."""
    from django.db import transaction
    from django.utils import timezone

    from cases.models import Section
    from supervision import catalogue
    from supervision.models import (
        Appointment,
        Duty,
        PlanGoal,
        Submission,
        SupervisionDetails,
        SupervisionPlan,
        Violation,
        Warning,
    )
    from supervision.policies import SUPERVISION_KINDS
    from supervision.selectors import contact_window_days

    rng = random.Random(seed)
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    started = time.monotonic()
    todo = (Section.objects.open().filter(kind__in=SUPERVISION_KINDS, supervision__isnull=True).order_by("pk")
            .values_list("pk", "kind", "start_date", "planned_end_date", "basis_in_force", "basis_date",
                         "responsible_officer_id", "case__responsible_officer_id"))
    ids = list(todo)
    counts = dict.fromkeys(("sections", "duties", "appointments", "violations", "warnings", "submissions",
                            "plans", "goals"), 0)
    needs = list(catalogue.NEEDS)
    additional = list(catalogue.ADDITIONAL_DUTIES)

    def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)

    for offset in range(0, len(ids), BATCH // 5):
        chunk = ids[offset:offset + BATCH // 5]
        details, duties, appointments, plans = [], [], [], []
        breaches: list[tuple[int, dt.date, int, str]] = []
        for pk, kind, start, planned_end, in_force, basis_date, officer, case_officer in chunk:
            start = start or in_force or basis_date
            end = planned_end if planned_end and planned_end > start else start + dt.timedelta(days=730)
            intensity = rng.choices(("low", "medium", "high"), (30, 50, 20))[0]
            details.append(SupervisionDetails(
                section_id=pk, start_date=start, end_date=end, intensity=intensity,
                sentence_end_date=end if kind in ("supervision_parole", "supervision_parole_em") else None))
            for code in catalogue.LEGAL_DUTIES:
                duties.append(Duty(section_id=pk, code=code, legal=True, start_date=start, end_date=end))
            if rng.random() < 0.3:
                duties.append(Duty(section_id=pk, code=rng.choice(additional), start_date=start, end_date=end,
                                   justification="Riska mazināšana", details="22:00–06:00"))
            officer_id = officer or case_officer
            if officer_id is None or start > today:
                continue
            window = contact_window_days(intensity)
            # About 12 % of clients are left overdue: their contacts stopped some windows ago.
            stop = today - dt.timedelta(days=window * rng.randint(2, 6)) if rng.random() < 0.12 else today
            day = max(start, today - dt.timedelta(days=180)) + dt.timedelta(days=rng.randint(0, window - 1))
            while day < stop:
                hour = rng.randint(8, 16)
                outcome = rng.choices(
                    ("attended_complied", "attended_failed", "failed_to_attend", "acceptable_absence",
                     "unacceptable_absence", "rescheduled_client", ""),
                    (80, 3, 5, 4, 2, 4, 2))[0]
                appointments.append(Appointment(
                    section_id=pk, officer_id=officer_id, kind=rng.choices(("office", "home_visit", "phone"),
                                                                           (70, 15, 15))[0],
                    starts_at=at(day, hour), ends_at=at(day, hour, 30), outcome=outcome,
                    outcome_reason="Slimības lapa" if outcome == "acceptable_absence" else "",
                    outcome_recorded_at=at(day, hour, 45) if outcome else None))
                day += dt.timedelta(days=max(1, window - rng.randint(0, 2)))
            future = today + dt.timedelta(days=rng.randint(1, window))
            appointments.append(Appointment(section_id=pk, officer_id=officer_id, kind="office",
                                            starts_at=at(future, rng.randint(8, 16)),
                                            ends_at=at(future, 17)))
            if rng.random() < 0.08:
                occurred = today - dt.timedelta(days=rng.randint(3, 150))
                breaches.append((pk, max(occurred, start), officer_id,
                                 rng.choices(("duty_breach", "new_offence", "absconding"), (85, 10, 5))[0]))
            if rng.random() < 0.7:
                agreed = min(today, start + dt.timedelta(days=rng.randint(10, 40)))
                plans.append((pk, agreed))
        with transaction.atomic():
            SupervisionDetails.objects.bulk_create(details, batch_size=BATCH)
            Duty.objects.bulk_create(duties, batch_size=BATCH)
            Appointment.objects.bulk_create(appointments, batch_size=BATCH)
            violations = Violation.objects.bulk_create([
                Violation(section_id=pk, kind=kind, occurred_on=day, description="Neieradās uz tikšanos",
                          serious=kind != "duty_breach", recorded_by_id=officer_id)
                for pk, day, officer_id, kind in breaches], batch_size=BATCH)
            warnings = Warning.objects.bulk_create([
                Warning(section_id=v.section_id, violation=v, issued_on=min(today, v.occurred_on + dt.timedelta(days=2)))
                for v in violations if v.kind == "duty_breach" and rng.random() < 0.6], batch_size=BATCH)
            decided = [rng.random() < 0.5 for _ in violations]
            submissions = Submission.objects.bulk_create([
                Submission(section_id=v.section_id, violation=v, addressee="court", purpose="breach",
                           submitted_on=min(today, v.occurred_on + dt.timedelta(days=5)), grounds="Pārkāpumi",
                           decision="no_action" if done else "", decided_on=today if done else None)
                for v, done in zip(violations, decided, strict=True) if v.serious], batch_size=BATCH)
            plan_rows = []
            for pk, agreed in plans:
                plan_rows.append(SupervisionPlan(section_id=pk, number=1, needs=rng.sample(needs, 2), agreed_on=agreed,
                                                 review_due=agreed + dt.timedelta(days=91)))
                if rng.random() < 0.3:
                    second = min(today, agreed + dt.timedelta(days=91))
                    plan_rows.append(SupervisionPlan(section_id=pk, number=2, needs=rng.sample(needs, 2),
                                                     agreed_on=second, review_due=second + dt.timedelta(days=91),
                                                     change_note="Pārskatīts"))
            plan_rows = SupervisionPlan.objects.bulk_create(plan_rows, batch_size=BATCH)
            goals = [PlanGoal(plan=p, position=i, need=p.needs[i], goal="Mērķis", measures="Pasākumi",
                              responsible="klients", due_date=p.review_due) for p in plan_rows for i in range(2)]
            PlanGoal.objects.bulk_create(goals, batch_size=BATCH)
        for key, n in (("sections", len(details)), ("duties", len(duties)), ("appointments", len(appointments)),
                       ("violations", len(violations)), ("warnings", len(warnings)),
                       ("submissions", len(submissions)), ("plans", len(plan_rows)), ("goals", len(goals))):
            counts[key] += n
        print(f"  topped up {offset + len(chunk):,}/{len(ids):,} sections", file=sys.stderr, flush=True)
    result: dict[str, Any] = dict(counts)
    result["seconds"] = round(time.monotonic() - started, 1)
    result["total_open_supervision_sections"] = Section.objects.open().filter(kind__in=SUPERVISION_KINDS).count()
    result["total_appointments"] = Appointment.objects.count()
    return result


def picks(users: int) -> dict[str, Any]:
    """The demo ``officer`` and officers of other units with the largest open supervision caseloads."""
    from django.db.models import Count, Q

    from accounts.models import User
    from supervision.policies import SUPERVISION_KINDS

    open_sup = Q(sections__kind__in=SUPERVISION_KINDS, sections__state__in=("registered", "active", "suspended"))
    rows = (User.objects.filter(is_active=True, home_unit__isnull=False).annotate(n=Count("sections", filter=open_sup))
            .filter(n__gt=0).order_by("-n", "username").values_list("username", "home_unit_id", "n"))
    chosen: list[dict[str, Any]] = []
    units: set[int] = set()
    demo = User.objects.filter(username="officer").first()
    if demo is not None:
        chosen.append({"username": "officer", "sections": None})
        if demo.home_unit_id is not None:
            units.add(demo.home_unit_id)
    for username, unit, n in rows:
        if len(chosen) >= users:
            break
        if unit in units or username == "officer":
            continue
        units.add(unit)
        chosen.append({"username": username, "sections": n})
    return {"users": chosen}


def querycount(explain: bool) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    user = User.objects.get(username="officer")
    client = Client(raise_request_exception=True)
    client.force_login(user)
    out: dict[str, Any] = {}
    for name, url in PAGES.items():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            ms = (time.perf_counter() - started) * 1000
        body = response.content.decode()
        entry: dict[str, Any] = {"url": url, "status": response.status_code, "queries": len(ctx.captured_queries),
                                 "ms": round(ms, 1), "rows": body.count('class="govuk-table__row"') - 1,
                                 "sql_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 1)}
        if explain:
            slowest = sorted((q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")),
                             key=lambda q: -float(q["time"]))[:2]
            plans = []
            for q in slowest:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                    plans.append({"ms": float(q["time"]) * 1000, "sql": q["sql"],
                                  "plan": "\n".join(r[0] for r in cursor.fetchall())})
            entry["explain"] = plans
        out[name] = entry
    return out


def scan() -> dict[str, Any]:
    """Two runs of the nightly overdue scan in a transaction that is rolled back."""
    from django.db import transaction

    from cases.models import Section
    from supervision.jobs import scan_overdue_contacts_now
    from supervision.policies import SUPERVISION_KINDS

    runs = []

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            for _ in range(2):
                started = time.perf_counter()
                result = scan_overdue_contacts_now()
                runs.append({"seconds": round(time.perf_counter() - started, 2), **result})
            raise Rollback
    except Rollback:
        pass
    return {"sections": Section.objects.open().filter(kind__in=SUPERVISION_KINDS).count(), "runs": runs}


def django_main(argv: list[str]) -> None:
    _setup()
    what = argv[0]
    if what == "topup":
        out = topup()
    elif what == "picks":
        out = picks(int(argv[1]))
    elif what == "querycount":
        out = querycount("--explain" in argv)
    elif what == "scan":
        out = scan()
    else:
        raise SystemExit(f"unknown command {what}")
    sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str))


# === The driver ====================================================================================


def side(db: str, *args: str) -> Any:
    import run as core  # bench/run.py

    proc = subprocess.run([core.PY, __file__, "_django", *args], cwd=ROOT, env=core.env_for(db), check=True,
                          text=True, stdout=subprocess.PIPE)
    return json.loads(proc.stdout)


async def virtual_user(client: Any, rng: random.Random, until: float, think: float,
                       timings: dict[str, list[float]], errors: dict[str, int]) -> int:
    import httpx

    pages, weights = list(WEIGHTS), list(WEIGHTS.values())
    done = 0
    while time.monotonic() < until and done < MAX_REQUESTS_PER_USER:
        page = rng.choices(pages, weights)[0]
        started = time.perf_counter()
        try:
            response = await client.get(PAGES[page])
            status = str(response.status_code)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        elapsed = (time.perf_counter() - started) * 1000
        done += 1
        if status == "200" and "govuk-table" in response.text:
            timings[page].append(elapsed)
        else:
            errors[f"{page}:{status}"] = errors.get(f"{page}:{status}", 0) + 1
        if think > 0:
            await asyncio.sleep(min(rng.expovariate(1 / think), think * 5))
    return done


async def load(users: list[dict[str, Any]], duration: float, think: float) -> dict[str, Any]:
    import httpx
    import run as core

    timings: dict[str, list[float]] = {p: [] for p in PAGES}
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
    clients = [httpx.AsyncClient(base_url=core.BASE, timeout=30, limits=limits) for _ in users]
    try:
        await asyncio.gather(*(core.login(c, u["username"]) for c, u in zip(clients, users, strict=True)))
        for c in clients:  # warm-up, not measured
            for url in PAGES.values():
                await c.get(url)
        started = time.monotonic()
        counts = await asyncio.gather(*(virtual_user(c, random.Random(f"sup-{i}"), started + duration, think,
                                                     timings, errors) for i, c in enumerate(clients)))
        elapsed = time.monotonic() - started
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    pages = {}
    for page, values in timings.items():
        p95 = core.percentile(values, 95)
        pages[page] = {"requests": len(values), "p50": round(core.percentile(values, 50), 1), "p95": round(p95, 1),
                       "p99": round(core.percentile(values, 99), 1), "target_p95": TARGET_PAGE_MS,
                       "met": bool(values) and p95 <= TARGET_PAGE_MS}
    return {"think_seconds": think, "duration_seconds": round(elapsed, 1), "requests": sum(counts),
            "requests_per_second": round(sum(counts) / elapsed, 1), "errors": errors, "pages": pages}


def markdown(result: dict[str, Any]) -> str:
    m, big, small = result["machine"], result["topup"]["large"], result["topup"]["small"]
    phase, scan_result = result["load"], result["scan"]
    qs, ql = result["queries"]["small"], result["queries"]["large"]
    lines = [
        f"### {result['date']} — supervision: caseload with compliance flags and the nightly overdue scan, "
        f"{result['clients']:,} clients",
        "",
        f"`bench/supervision_bench.py` (issue #3). Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} RAM, "
        f"PostgreSQL {m['postgresql']}; load average before the run {' / '.join(str(x) for x in m['load_average'])}. "
        f"Data: {big['total_open_supervision_sections']:,} open supervision sections with "
        f"{big['total_appointments']:,} appointments (top-up of this run: {big['sections']:,} sections in "
        f"{big['seconds']} s; small database: {small['total_open_supervision_sections']:,} sections).",
        "",
        f"(a) Caseload page over HTTP, gunicorn {result['gunicorn']['workers']} workers × "
        f"{result['gunicorn']['threads']} threads (production settings), {result['users']} signed-in officers of "
        f"different units, think time {phase['think_seconds']} s, {phase['duration_seconds']} s: "
        f"{phase['requests']:,} requests, {phase['requests_per_second']} requests/s"
        + (f", errors {phase['errors']}" if phase["errors"] else ", no errors") + ".",
        "",
        "| page | requests | p50 ms | p95 ms | p99 ms | target p95 ms | met | queries @ small | queries @ large |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for page, p in phase["pages"].items():
        lines.append(f"| {page} (`{PAGES[page]}`) | {p['requests']:,} | {p['p50']} | {p['p95']} | {p['p99']} | "
                     f"{p['target_p95']} | {'yes' if p['met'] else 'no'} | {qs[page]['queries']} | "
                     f"{ql[page]['queries']} |")
    lines += ["", "(b) Nightly overdue scan over all open supervision sections (in a transaction rolled back "
              "afterwards):", "", "| run | seconds | overdue | tasks created | tasks completed | target s | met |",
              "|---|---:|---:|---:|---:|---:|---|"]
    for i, run in enumerate(scan_result["runs"], start=1):
        label = "first (creates the tasks)" if i == 1 else "second (steady state)"
        lines.append(f"| {label} | {run['seconds']} | {run['overdue']:,} | {run['tasks_created']:,} | "
                     f"{run['tasks_completed']:,} | {TARGET_SCAN_S} | {'yes' if run['seconds'] <= TARGET_SCAN_S else 'no'} |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    import run as core

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200_000, help="clients in --database (for the report)")
    parser.add_argument("--database", default="probacija_bench")
    parser.add_argument("--small-database", default="probacija_bench_small")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (max 600)")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between requests")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--skip-load", action="store_true", help="only the top-up, query counts and the scan")
    parser.add_argument("--no-doc", action="store_true", help="do not append to docs/performance.md")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the caseload's slowest queries")
    args = parser.parse_args()
    for db in (args.small_database, args.database):
        if not core._exists(db):
            raise SystemExit(f"database {db} is missing: create it with `.venv/bin/python bench/run.py` "
                             f"(the core benchmark prepares both), then run this again")
    result: dict[str, Any] = {"date": dt.date.today().isoformat(), "started": dt.datetime.now().isoformat(),
                              "clients": args.clients, "machine": core.machine(),
                              "gunicorn": {"workers": args.workers, "threads": args.threads}, "topup": {}}
    for key, db in (("small", args.small_database), ("large", args.database)):
        core.log(f"migrating {db}")
        core.run([core.PY, "manage.py", "migrate", "--no-input", "-v", "0"], db)
        core.log(f"topping up supervision data in {db}")
        result["topup"][key] = side(db, "topup")
        core.log(f"  {result['topup'][key]}")
        core._analyze(db)
    core.log("counting the caseload page's queries at both sizes")
    result["queries"] = {"small": side(args.small_database, "querycount"),
                         "large": side(args.database, "querycount", *(["--explain"] if args.explain else []))}
    for page in PAGES:
        a, b = result["queries"]["small"][page], result["queries"]["large"][page]
        core.log(f"  {page:13s} {a['queries']} queries @ small, {b['queries']} @ large "
                 f"(one request {b['ms']} ms, SQL {b['sql_ms']} ms, {b['rows']} rows)")
        if a["queries"] != b["queries"]:
            raise SystemExit(f"{page}: the query count depends on the data size ({a['queries']} vs {b['queries']})")
    if not args.skip_load:
        users = side(args.database, "picks", str(args.users))["users"]
        result["users"] = len(users)
        proc = core.start_gunicorn(args.database, args.workers, args.threads)
        try:
            duration = max(5.0, min(args.duration, 600.0))
            core.log(f"(a) caseload: {len(users)} officers, {duration:.0f} s, think time {args.think} s")
            result["load"] = asyncio.run(load(users, duration, args.think))
        finally:
            core.stop_gunicorn(proc)
        for page, p in result["load"]["pages"].items():
            core.log(f"  {page:13s} n={p['requests']} p50={p['p50']} p95={p['p95']} p99={p['p99']} ms "
                     f"{'met' if p['met'] else 'MISSED'}")
        if result["load"]["errors"]:
            core.log(f"  errors: {result['load']['errors']}")
    core.log("(b) the nightly overdue scan over all open supervision sections")
    result["scan"] = side(args.database, "scan")
    for run in result["scan"]["runs"]:
        core.log(f"  {run}")
    result["finished"] = dt.datetime.now().isoformat()
    core.RESULTS.mkdir(parents=True, exist_ok=True)
    out = core.RESULTS / f"supervision-{dt.datetime.now():%Y%m%d-%H%M%S}-{args.clients}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    core.log(f"results: {out.relative_to(ROOT)}")
    if not args.skip_load:
        section = markdown(result)
        print("\n" + section)
        if not args.no_doc:
            core.append_doc(section)
            core.log("appended to docs/performance.md")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_django":
        django_main(sys.argv[2:])
    else:
        main()
