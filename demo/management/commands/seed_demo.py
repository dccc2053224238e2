"""``manage.py seed_demo [--clients N] [--seed S] [--if-empty]``: deterministic synthetic demo data.

See demo/generate.py and docs/performance.md (the benchmark set is ``--clients 200000``).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.supervision import seed_supervision_summary
from people.models import Person

SMALL_SEED = 5000  # above this the demo makes no community-service network (the benchmark needs none)


class Command(BaseCommand):
    help = "Build deterministic synthetic demo data: organisation, staff, clients, case files, tasks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=300, help="number of clients (default 300)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when clients already exist")
        parser.add_argument("--batch-size", type=int, default=5000, help="rows per bulk batch")

    def handle(self, *args: Any, **options: Any) -> None:
        from demo.generate import seed

        clients = options["clients"]
        if clients < 1:
            raise CommandError("--clients must be at least 1")
        existing = Person.objects.count()
        if existing:
            if options["if_empty"]:
                from accounts.models import OrgUnit
                from demo.generate import demo_logins

                self.stdout.write(f"seed_demo: {existing:,} persons already exist; nothing to seed.")
                self._print_logins(demo_logins({u.code: u for u in OrgUnit.objects.all()}))
                return
            raise CommandError(
                f"The database already holds {existing:,} persons. Seed an empty database "
                "(or pass --if-empty to skip silently)."
            )
        if "load_document_templates" in get_commands():
            call_command("load_document_templates", stdout=self.stdout)
        verbose = options["verbosity"] >= 1 and clients >= 20000
        result = seed(clients=clients, seed=options["seed"], batch_size=options["batch_size"],
                      progress=(lambda msg: self.stdout.write(f"  {msg}")) if verbose else None)
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {result.clients:,} clients ({result.cases_open:,} open case files, "
            f"{result.persons_without_code} without a Latvian personal code), {result.sections:,} sections, "
            f"{result.events:,} timeline events, {result.tasks:,} tasks, {result.inbox_items} inbox items, "
            f"{result.units} units, {result.staff:,} staff accounts in {result.seconds:.1f} s."
        ))
        if clients <= SMALL_SEED and "community" in apps.app_configs:
            from demo.community import seed_community

            made = seed_community()
            self.stdout.write(f"Community service: {made['providers']} work providers, {made['orders']} work orders, "
                              f"{made['hour_entries']} hour entries.")
        if clients <= SMALL_SEED and "supervision" in apps.app_configs:
            self.stdout.write(seed_supervision_summary())
        if clients <= SMALL_SEED:
            from demo.casework import seed_casework

            work = seed_casework()
            self.stdout.write(f"Case work: {work['notes']} case notes, {work['unallocated']} case files to allocate.")
        if clients <= SMALL_SEED and "monitoring" in apps.app_configs:
            from demo.monitoring import seed_monitoring_summary

            self.stdout.write(seed_monitoring_summary())
        if clients <= SMALL_SEED and "evaluation" in apps.app_configs:
            from demo.evaluation import seed_evaluation_summary

            self.stdout.write(seed_evaluation_summary())
        if clients <= SMALL_SEED and "mediation" in apps.app_configs:
            from demo.mediation import seed_mediation_summary

            self.stdout.write(seed_mediation_summary())
        if clients <= SMALL_SEED and "risk" in apps.app_configs:
            from demo.risk import seed_risk_summary

            self.stdout.write(seed_risk_summary())
        self.stdout.write("Sections by function: " + ", ".join(
            f"{kind} {count:,}" for kind, count in sorted(result.kinds.items(), key=lambda kv: -kv[1])))
        self._print_logins(result.logins)

    def _print_logins(self, logins: list[tuple[str, str, str, str]]) -> None:
        self.stdout.write("")
        self.stdout.write("Demo logins:")
        header = ("username", "role", "unit", "password")
        widths = [max(len(str(row[i])) for row in [header, *logins]) for i in range(4)]
        lines = ["Demo logins:"]
        for row in [header, tuple("-" * w for w in widths), *logins]:
            lines.append("  " + "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)))
        for line in lines[1:]:
            self.stdout.write(line)
        # `make run` shows them again once the server is up (manage.py serve --banner-file), last on screen.
        from django.conf import settings

        (settings.BASE_DIR / "var" / "demo-logins.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
