"""The performance benchmark: one command.

    .venv/bin/python bench/run.py --clients 200000

On PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres) it

1. creates the databases ``probacija_bench`` (``--clients``) and ``probacija_bench_small``
   (``--small-clients``, default 2,000) if missing, migrates them, and seeds each with
   ``manage.py seed_demo`` unless it already holds exactly that many clients (a database of
   another size is dropped and rebuilt: both databases belong to the benchmark), then
   ``VACUUM ANALYZE``;
2. counts the queries of each page at both sizes (Django test client + CaptureQueriesContext,
   bench/django_side.py) and checks they are equal, with ``EXPLAIN ANALYZE`` of each page's slowest
   queries at the large size;
3. measures each page in-process at the large size (median of ``--repeat`` requests): the CPU time
   of the server process, the SQL time, their ratio, and the same for the floor page (a signed-in
   page with the base layout only, bench/urls.py) — ratios that hold across machines;
4. starts gunicorn (production settings plus the floor page, bench/settings.py) on 127.0.0.1:8100, signs in ``--users`` officers of
   different units over real HTTP (login form with its CSRF token, httpx), and for ``--duration``
   seconds per phase requests the caseload, a client file of their own client, search by personal
   code, search by surname prefix and the floor page; phase "steady" has think time between
   requests (``--think`` seconds on average), phase "saturation" none;
5. prints p50/p95/p99 per page and requests/s, writes bench/results/<timestamp>.json and appends a
   dated section to docs/performance.md.

Only loopback traffic; every loop is bounded by time and by a request cap.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import re
import secrets
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "performance.md"
PG = "postgres://postgres@127.0.0.1:5432"
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8100"))
BASE = f"http://{HOST}:{PORT}"
PAGES = ("caseload", "client_file", "search_code", "search_name", "floor")
TARGETS_MS = {"caseload": 150, "client_file": 150, "search_code": 50, "search_name": 50, "floor": 0}
WEIGHTS = {"caseload": 25, "client_file": 35, "search_code": 20, "search_name": 20, "floor": 10}
# The pages measured in-process (bench/django_side.py ``pages``) and their targets (issue #10): CPU
# per request at most CPU_PER_SQL × the page's SQL time and at most CPU_PER_FLOOR × the floor page's
# CPU; SQL at most SQL_MS per page.
INPROCESS_PAGES = ("caseload", "client_file", "search_code", "search_name", "supervision", "community", "tasks")
CPU_PER_SQL, CPU_PER_FLOOR, SQL_MS = 2.0, 15.0, 5.0
MAX_REQUESTS_PER_USER = 100_000
SECRET = secrets.token_urlsafe(40)
PASSWORD = "Probacija-demo-2025"  # demo.generate.DEMO_PASSWORD (this script does not import Django)


def log(msg: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {msg}", flush=True)


def env_for(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{PG}/{db}",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "SECURE_COOKIES": "0",
        "DATABASE_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def run(cmd: list[str], db: str, capture: bool = False) -> str:
    proc = subprocess.run(cmd, cwd=ROOT, env=env_for(db), check=True, text=True,
                          stdout=subprocess.PIPE if capture else None)
    return proc.stdout or ""


def django_side(db: str, *args: str) -> Any:
    return json.loads(run([PY, "bench/django_side.py", *args], db, capture=True))


# --- databases ------------------------------------------------------------------------------------


def _admin_exec(sql: str) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _exists(db: str) -> bool:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,)).fetchone() is not None


def prepare(db: str, clients: int) -> dict[str, Any]:
    """Create, migrate and seed ``db`` at ``clients`` clients (unless it already is). Returns timings."""
    info: dict[str, Any] = {"database": db, "clients": clients}
    if not _exists(db):
        log(f"creating database {db}")
        _admin_exec(f'CREATE DATABASE "{db}"')
    log(f"migrating {db}")
    run([PY, "manage.py", "migrate", "--no-input", "-v", "0"], db)
    have = django_side(db, "status")["clients"]
    if have == clients:
        log(f"{db} already holds {clients:,} clients; VACUUM ANALYZE")
        info["seeded_now"] = False
        _analyze(db)
        return info
    if have:
        log(f"{db} holds {have:,} clients, not {clients:,}: rebuilding it")
        _admin_exec(f'DROP DATABASE "{db}" WITH (FORCE)')
        _admin_exec(f'CREATE DATABASE "{db}"')
        run([PY, "manage.py", "migrate", "--no-input", "-v", "0"], db)
    log(f"seeding {db} with {clients:,} clients")
    started = time.monotonic()
    run([PY, "manage.py", "seed_demo", "--clients", str(clients)], db)
    info["seed_seconds"] = round(time.monotonic() - started, 1)
    info["seeded_now"] = True
    log(f"seeded {db} in {info['seed_seconds']} s; VACUUM ANALYZE")
    _analyze(db)
    return info


def _analyze(db: str) -> None:
    with psycopg.connect(f"{PG}/{db}", autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


# --- load -----------------------------------------------------------------------------------------


def start_gunicorn(db: str, workers: int, threads: int) -> subprocess.Popen:
    cmd = [GUNICORN, "config.wsgi", "--bind", f"{HOST}:{PORT}", "--workers", str(workers), "--threads",
           str(threads), "--worker-class", "gthread", "--timeout", "60", "--log-level", "warning",
           # Longer than a virtual user's think time, so that an idle keep-alive connection is not
           # closed just as the user reuses it (a client-side race, not a server error).
           "--keep-alive", "10"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env_for(db), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{BASE}/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        time.sleep(0.5)
    stop_gunicorn(proc)
    raise SystemExit("gunicorn did not answer /health within 60 s")


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the master and its workers only
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


async def login(client: httpx.AsyncClient, username: str) -> None:
    page = await client.get("/login/")
    match = _CSRF.search(page.text)
    if page.status_code != 200 or not match:
        raise SystemExit(f"login page without a CSRF token (status {page.status_code})")
    response = await client.post("/login/", data={"username": username, "password": PASSWORD,
                                                  "csrfmiddlewaretoken": match.group(1)},
                                 headers={"Referer": f"{BASE}/login/"})
    if response.status_code != 302 or "sessionid" not in client.cookies:
        raise SystemExit(f"login failed for {username} (status {response.status_code})")


def _urls(sample: dict[str, Any]) -> dict[str, str]:
    return {
        "caseload": "/caseload/",
        "client_file": f"/clients/{sample['case_id']}/",
        "search_code": "/search/?" + httpx.QueryParams({"q": sample["code"]}).__str__(),
        "search_name": "/search/?" + httpx.QueryParams({"q": sample["prefix"]}).__str__(),
        "floor": "/bench/floor/",
    }


async def virtual_user(client: httpx.AsyncClient, user: dict[str, Any], rng: random.Random, until: float,
                       think: float, timings: dict[str, list[float]], errors: dict[str, int]) -> int:
    pages, weights = list(WEIGHTS), list(WEIGHTS.values())
    done = 0
    while time.monotonic() < until and done < MAX_REQUESTS_PER_USER:
        page = rng.choices(pages, weights)[0]
        url = _urls(rng.choice(user["samples"]))[page]
        started = time.perf_counter()
        try:
            response = await client.get(url)
            status = str(response.status_code)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        ok = status == "200"
        elapsed = (time.perf_counter() - started) * 1000
        done += 1
        if ok:
            timings[page].append(elapsed)
        else:
            errors[page] = errors.get(page, 0) + 1
            errors[f"{page}:{status}"] = errors.get(f"{page}:{status}", 0) + 1
        if think > 0:
            await asyncio.sleep(min(rng.expovariate(1 / think), think * 5))
    return done


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(pct / 100 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


async def load_phase(users: list[dict[str, Any]], duration: float, think: float, seed: int) -> dict[str, Any]:
    timings: dict[str, list[float]] = {p: [] for p in PAGES}
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
    clients = [httpx.AsyncClient(base_url=BASE, timeout=30, limits=limits, follow_redirects=False) for _ in users]
    try:
        await asyncio.gather(*(login(c, u["username"]) for c, u in zip(clients, users, strict=True)))
        # Warm-up: every page once per user, not measured.
        for c, u in zip(clients, users, strict=True):
            for url in _urls(u["samples"][0]).values():
                await c.get(url)
        started = time.monotonic()
        until = started + duration
        counts = await asyncio.gather(*(
            virtual_user(c, u, random.Random(f"{seed}-{i}"), until, think, timings, errors)
            for i, (c, u) in enumerate(zip(clients, users, strict=True))
        ))
        elapsed = time.monotonic() - started
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    pages = {}
    for page in PAGES:
        values = timings[page]
        pages[page] = {"requests": len(values), "errors": errors.get(page, 0),
                       "p50": round(percentile(values, 50), 1), "p95": round(percentile(values, 95), 1),
                       "p99": round(percentile(values, 99), 1), "target_p95": TARGETS_MS[page],
                       "met": bool(values) and percentile(values, 95) <= TARGETS_MS[page]}
    floor = pages["floor"]["p95"]
    for page in PAGES:
        pages[page]["p95_per_floor"] = round(pages[page]["p95"] / floor, 1) if floor and floor == floor else None
    return {"think_seconds": think, "duration_seconds": round(elapsed, 1), "requests": sum(counts),
            "error_statuses": {k: v for k, v in errors.items() if ":" in k},
            "requests_per_second": round(sum(counts) / elapsed, 1), "pages": pages}


# --- reporting ------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    with psycopg.connect(f"{PG}/postgres") as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    return {"cores": os.cpu_count(), "cpu": model, "load_average": [round(x, 2) for x in os.getloadavg()], "memory": mem, "os": platform.platform(),
            "python": platform.python_version(), "postgresql": pg}


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    big, small = result["databases"]["large"], result["databases"]["small"]
    lines = [
        f"### {result['date']} — {big['clients']:,} clients",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} RAM, PostgreSQL {m['postgresql']}, "
        f"Python {m['python']}; gunicorn {result['gunicorn']['workers']} workers × "
        f"{result['gunicorn']['threads']} threads on the same machine as PostgreSQL and the load generator; "
        f"{result['users']} signed-in officers of different units. Load average before the run "
        f"(other work on the machine): {' / '.join(str(x) for x in m['load_average'])}.",
        "",
    ]
    if big.get("seed_seconds"):
        lines += [f"Seeding {big['clients']:,} clients (`seed_demo`): {big['seed_seconds']:.0f} s.", ""]
    inproc = result.get("inprocess")
    if inproc:
        floor = inproc["pages"]["floor"]
        lines += [
            f"In-process, {big['clients']:,} clients, demo user `officer`, median of {inproc['repeat']} requests "
            f"(CPU: this server process only; SQL: wall time of the queries; render: CPU inside templates). "
            f"Floor page: **{floor['cpu_ms']} ms CPU**, {floor['sql_ms']} ms SQL, {floor['queries']} queries. "
            f"Targets: CPU ≤ {CPU_PER_SQL:g} × SQL, CPU ≤ {CPU_PER_FLOOR:g} × floor, SQL ≤ {SQL_MS:g} ms.",
            "",
            "| page | queries | in render | CPU ms | render ms | SQL ms | SQL executing ms | CPU ÷ SQL | CPU ÷ floor "
            "| slowest query ms | met |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for page in INPROCESS_PAGES:
            p = inproc["pages"][page]
            lines.append(f"| {page} | {p['queries']} | {p['queries_in_render']} | {p['cpu_ms']} | {p['render_cpu_ms']} "
                         f"| {p['sql_ms']} | {p.get('sql_execution_ms', '')} | {p['ratio']} | {p['per_floor']} "
                         f"| {p.get('slowest_ms', '')} | {'yes' if p['met'] else 'no'} |")
        lines += ["", "(SQL ms: wall time of the queries at the client, which grows with the machine's load; SQL "
                  "executing ms: the sum of EXPLAIN ANALYZE execution times of the page's SELECTs, one request.)"]
        lines.append("")
    for name, phase in result["phases"].items():
        lines += [
            f"Phase **{name}** (think time {phase['think_seconds']} s, {phase['duration_seconds']} s): "
            f"{phase['requests']:,} requests, **{phase['requests_per_second']} requests/s**.",
            "",
            "| page | requests | errors | p50 ms | p95 ms | p99 ms | p95 ÷ floor p95 | target p95 ms | met |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for page in PAGES:
            p = phase["pages"][page]
            target = f"{p['target_p95']}" if p["target_p95"] else "—"
            met = ("yes" if p["met"] else "no") if p["target_p95"] else "—"
            lines.append(f"| {page} | {p['requests']:,} | {p['errors']} | {p['p50']} | {p['p95']} | {p['p99']} | "
                         f"{p.get('p95_per_floor')} | {target} | {met} |")
        lines.append("")
    lines += [
        f"Queries per page (demo user `officer`, Django test client), {small['clients']:,} vs "
        f"{big['clients']:,} clients:",
        "",
        f"| page | queries @ {small['clients']:,} | queries @ {big['clients']:,} | equal "
        f"| SQL ms @ {big['clients']:,} | request ms @ {big['clients']:,} |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for page in (*INPROCESS_PAGES, "floor"):
        a = result["queries"]["small"]["pages"][page]
        b = result["queries"]["large"]["pages"][page]
        sql_ms = sum(q["ms"] for q in b["sql"])
        lines.append(f"| {page} | {a['queries']} | {b['queries']} | {'yes' if a['queries'] == b['queries'] else 'NO'} "
                     f"| {sql_ms:.0f} | {b['ms']:.0f} |")
    lines += ["", "(One request by the test client in-process, no load; SQL time as Django measures it.)", ""]
    errors = {f"{name}: {k}": v for name, phase in result["phases"].items()
              for k, v in phase.get("error_statuses", {}).items()}
    if errors:
        lines += ["Errors by status: " + ", ".join(f"{k} × {v}" for k, v in errors.items()), ""]
    return "\n".join(lines)


def inprocess(measured: dict[str, Any], queries: dict[str, Any]) -> dict[str, Any]:
    """The in-process figures with their ratios to the floor page and the targets met or not."""
    floor_cpu = measured["pages"]["floor"]["cpu_ms"] or float("nan")
    for page, p in measured["pages"].items():
        p["per_floor"] = round(p["cpu_ms"] / floor_cpu, 1)
        counted = queries["pages"].get(page, {})
        if "sql_execution_ms" in counted:
            p["sql_execution_ms"] = counted["sql_execution_ms"]
        explained = counted.get("explain") or []
        if explained:
            p["slowest_ms"] = round(explained[0]["ms"], 1)
            p["slowest_plan"] = explained[0]["plan"]
        p["met"] = (p["ratio"] is not None and p["ratio"] <= CPU_PER_SQL and p["per_floor"] <= CPU_PER_FLOOR
                    and p["sql_ms"] <= SQL_MS)
    return measured


def append_doc(section: str) -> None:
    text = DOC.read_text() if DOC.exists() else "# Performance\n\n## Results\n"
    if not text.endswith("\n"):
        text += "\n"
    DOC.write_text(text + "\n" + section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200_000)
    parser.add_argument("--small-clients", type=int, default=2_000)
    parser.add_argument("--database", default="probacija_bench")
    parser.add_argument("--small-database", default="probacija_bench_small")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60, help="seconds per load phase (max 600)")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time of the steady phase")
    parser.add_argument("--phases", default="steady,saturation")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-doc", action="store_true", help="do not append to docs/performance.md")
    parser.add_argument("--explain", action="store_true", help="(always on now) EXPLAIN ANALYZE the slowest queries")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page measured in-process (median)")
    parser.add_argument("--profile", action="store_true", help="keep a cProfile (CPU time) of each page in the JSON")
    args = parser.parse_args()
    duration = max(5.0, min(args.duration, 600.0))

    result: dict[str, Any] = {"date": dt.date.today().isoformat(), "started": dt.datetime.now().isoformat(),
                              "machine": machine(), "users": args.users,
                              "gunicorn": {"workers": args.workers, "threads": args.threads}}
    result["databases"] = {"small": prepare(args.small_database, args.small_clients),
                           "large": prepare(args.database, args.clients)}
    log("counting queries per page at both sizes")
    result["queries"] = {
        "small": django_side(args.small_database, "querycount"),
        "large": django_side(args.database, "querycount", "--explain"),
    }
    log(f"measuring CPU and SQL time per page in-process ({args.repeat} requests each)")
    result["inprocess"] = inprocess(django_side(args.database, "pages", "--repeat", str(args.repeat),
                                                *(["--profile"] if args.profile else [])), result["queries"]["large"])
    for page, p in result["inprocess"]["pages"].items():
        log(f"  {page:12s} CPU {p['cpu_ms']:6.1f} ms (render {p['render_cpu_ms']:5.1f})  SQL {p['sql_ms']:6.1f} ms  "
            f"CPU/SQL {p['ratio']}  CPU/floor {p['per_floor']}  queries {p['queries']} ({p['queries_in_render']} in render)")
    for page in (*INPROCESS_PAGES, "floor"):
        a = result["queries"]["small"]["pages"][page]
        b = result["queries"]["large"]["pages"][page]
        log(f"  {page:12s} {a['queries']:3d} queries @ {args.small_clients:,}  {b['queries']:3d} @ {args.clients:,}"
            f"  (single request {b['ms']} ms, status {b['status']})")
    picks = django_side(args.database, "picks", "--users", str(args.users))["users"]
    if len(picks) < args.users:
        log(f"only {len(picks)} officers with a caseload were found")
    result["users"] = len(picks)
    result["phases"] = {}
    proc = start_gunicorn(args.database, args.workers, args.threads)
    try:
        for name in [p.strip() for p in args.phases.split(",") if p.strip()]:
            think = args.think if name == "steady" else 0.0
            log(f"phase {name}: {len(picks)} users, {duration:.0f} s, think time {think} s")
            phase = asyncio.run(load_phase(picks, duration, think, seed=1))
            result["phases"][name] = phase
            log(f"  {phase['requests']:,} requests, {phase['requests_per_second']} requests/s")
            for page in PAGES:
                p = phase["pages"][page]
                log(f"  {page:12s} n={p['requests']:6d} err={p['errors']:3d} p50={p['p50']:7.1f} "
                    f"p95={p['p95']:7.1f} p99={p['p99']:7.1f} ms  target p95 ≤ {p['target_p95']} "
                    f"{'met' if p['met'] else 'MISSED'}")
    finally:
        stop_gunicorn(proc)
    result["finished"] = dt.datetime.now().isoformat()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{args.clients}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    section = markdown(result)
    print()
    print(section)
    if not args.no_doc:
        append_doc(section)
        log(f"appended to {DOC.relative_to(ROOT)}")
    log(f"results: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
