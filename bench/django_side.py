"""The Django half of the benchmark, run by bench/run.py in a subprocess per database
(DATABASE_URL and DJANGO_SETTINGS_MODULE come from the environment).

    python bench/django_side.py status              -> {"clients": N}
    python bench/django_side.py picks --users 20    -> officers of different units with samples
    python bench/django_side.py querycount [--explain] -> queries per page for the demo "officer"
    python bench/django_side.py pages [--repeat 30] [--profile] -> CPU and SQL time per page, in-process

Prints one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import OrgUnit, User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from cases.models import Case  # noqa: E402
from core.text import fold  # noqa: E402
from people.models import Person  # noqa: E402


def status() -> dict[str, Any]:
    return {"clients": Person.objects.filter(case__isnull=False).count()}


def _samples(officer: User, rng: random.Random, count: int = 10) -> list[dict[str, Any]]:
    cases = list(
        Case.objects.filter(responsible_officer=officer, status=Case.Status.OPEN, person__personal_code__isnull=False)
        .select_related("person").order_by("pk")[:200]
    )
    rng.shuffle(cases)
    out = []
    for case in cases[:count]:
        last = case.person.last_name
        prefix = last[: rng.randint(3, min(5, len(last)))]
        out.append({"case_id": case.pk, "code": case.person.personal_code_display, "prefix": prefix,
                    "prefix_folded": fold(prefix)})
    return out


def picks(users: int, seed: int) -> dict[str, Any]:
    """One officer per unit (the demo "officer" first), each with samples from their own caseload."""
    rng = random.Random(seed)
    chosen: list[User] = []
    demo = User.objects.filter(username="officer").first()
    if demo is not None:
        chosen.append(demo)
    units = OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT).order_by("code")
    for unit in units:
        if len(chosen) >= users:
            break
        if demo is not None and unit.pk == demo.home_unit_id:
            continue
        officer = (
            User.objects.filter(home_unit=unit, grants__role=Role.OFFICER, is_active=True)
            .annotate(open_cases=Count("cases", filter=Q(cases__status=Case.Status.OPEN)))
            .filter(open_cases__gt=0).order_by("username").first()
        )
        if officer is not None:
            chosen.append(officer)
    result = []
    for officer in chosen:
        samples = _samples(officer, rng)
        if samples:
            result.append({"username": officer.username, "unit": officer.home_unit.name if officer.home_unit else "",
                           "samples": samples})
    return {"users": result}


PAGES = ("caseload", "client_file", "search_code", "search_name", "supervision", "community", "tasks", "floor")


def page_urls(sample: dict[str, Any]) -> dict[str, str]:
    from urllib.parse import quote

    return {
        "caseload": "/caseload/",
        "client_file": f"/clients/{sample['case_id']}/",
        "search_code": f"/search/?q={quote(sample['code'])}",
        "search_name": f"/search/?q={quote(sample['prefix'])}",
        "supervision": "/supervision/",
        "community": "/community/",
        "tasks": "/tasks/",
        # The floor: a signed-in page with the base layout and nothing else (bench/urls.py).
        "floor": "/bench/floor/",
    }


def _explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def _execution_ms(plan: str) -> float:
    for line in reversed(plan.splitlines()):
        if line.startswith("Execution Time:"):
            return float(line.split(":")[1].split()[0])
    return 0.0


def querycount(username: str, explain: bool) -> dict[str, Any]:
    user = User.objects.get(username=username)
    sample = _samples(user, random.Random(1), count=1)[0]
    client = Client(raise_request_exception=True)
    client.force_login(user)
    result: dict[str, Any] = {"username": username, "sample": sample, "pages": {}}
    for name, url in page_urls(sample).items():
        client.get(url)  # warm caches (policies, content types) once
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        queries = [{"sql": q["sql"], "ms": float(q["time"]) * 1000} for q in ctx.captured_queries]
        entry: dict[str, Any] = {"url": url, "status": response.status_code, "queries": len(queries),
                                 "ms": round(elapsed, 1), "sql": queries}
        if explain and connection.vendor == "postgresql":
            selects = [q for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
            plans = {id(q): _explain(q["sql"]) for q in selects}
            slowest = sorted(selects, key=lambda q: -q["ms"])[:3]
            entry["explain"] = [{"ms": q["ms"], "sql": q["sql"], "plan": plans[id(q)]} for q in slowest]
            # What the database itself spent on the page's SELECTs (EXPLAIN ANALYZE "Execution Time"):
            # unlike the wall time at the client, it hardly grows with the machine's load.
            entry["sql_execution_ms"] = round(sum(_execution_ms(plan) for plan in plans.values()), 2)
        result["pages"][name] = entry
    return result


class _SqlTimer:
    """Times every query of the connection (wall clock, as the database answers it), and counts those
    run while a template renders (there should be none: the view hands the template plain data)."""

    def __init__(self) -> None:
        self.count = 0
        self.ms = 0.0
        self.in_render = 0
        self.rendering = False

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - started) * 1000
            self.count += 1
            self.in_render += self.rendering


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def pages(username: str, repeat: int, profile: bool) -> dict[str, Any]:
    """Per page, the median over ``repeat`` requests of the CPU time of this process (the server's
    work: middleware, view, ORM, templates; not PostgreSQL's), the SQL time, their ratio, the CPU time
    spent rendering templates and the queries run during rendering. Then, with ``profile``, the top of
    a cProfile of 10 requests per page."""
    import cProfile
    import io
    import pstats

    from django.template.backends.django import Template as BackendTemplate

    user = User.objects.get(username=username)
    sample = _samples(user, random.Random(1), count=1)[0]
    client = Client(raise_request_exception=True)
    client.force_login(user)
    timer = _SqlTimer()
    render_cpu = [0.0]
    original_render = BackendTemplate.render

    def timed_render(self: Any, *args: Any, **kwargs: Any) -> Any:
        outer = not timer.rendering
        started = time.process_time()
        timer.rendering = True
        try:
            return original_render(self, *args, **kwargs)
        finally:
            if outer:
                timer.rendering = False
                render_cpu[0] += (time.process_time() - started) * 1000

    BackendTemplate.render = timed_render  # type: ignore[method-assign]
    result: dict[str, Any] = {"username": username, "repeat": repeat, "pages": {}}
    with connection.execute_wrapper(timer):
        for name, url in page_urls(sample).items():
            for _ in range(3):  # warm caches (policies, content types, templates)
                status_code = client.get(url).status_code
            cpu, sql, render, counts, in_render = [], [], [], [], []
            for _ in range(repeat):
                timer.count, timer.ms, timer.in_render, render_cpu[0] = 0, 0.0, 0, 0.0
                started = time.process_time()
                client.get(url)
                cpu.append((time.process_time() - started) * 1000)
                sql.append(timer.ms)
                render.append(render_cpu[0])
                counts.append(timer.count)
                in_render.append(timer.in_render)
            entry: dict[str, Any] = {
                "url": url, "status": status_code, "queries": max(counts), "queries_in_render": max(in_render),
                "cpu_ms": round(_median(cpu), 2), "sql_ms": round(_median(sql), 2),
                "render_cpu_ms": round(_median(render), 2),
            }
            entry["ratio"] = round(entry["cpu_ms"] / entry["sql_ms"], 2) if entry["sql_ms"] else None
            if profile:
                prof = cProfile.Profile(time.process_time)
                prof.enable()
                for _ in range(10):
                    client.get(url)
                prof.disable()
                out = io.StringIO()
                pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(25)
                entry["profile"] = out.getvalue()
            result["pages"][name] = entry
    BackendTemplate.render = original_render  # type: ignore[method-assign]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["status", "picks", "querycount", "pages"])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--username", default="officer")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    if args.what == "status":
        out = status()
    elif args.what == "picks":
        out = picks(args.users, args.seed)
    elif args.what == "pages":
        out = pages(args.username, args.repeat, args.profile)
    else:
        out = querycount(args.username, args.explain)
    sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
