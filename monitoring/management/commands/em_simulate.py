"""``manage.py em_simulate``: simulated RF (tag + base station) and GPS devices publishing over MQTT.

    manage.py em_simulate --clients 50 --seconds 600 --interval 30

Every client with devices assigned takes part (``--clients`` caps how many); most comply, the others
show one behaviour each: late return, leaving during the curfew, strap tamper, mains power loss, a lost
line with store-and-forward, a skewed clock, duplicates, a GPS exclusion-zone entry.
The demo data (``manage.py seed_demo``) gives the demo EM clients their devices, curfews and zones."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from monitoring import simulator


class Command(BaseCommand):
    help = "Simulate EM devices over MQTT (docs/electronic-monitoring.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=None, help="at most this many clients (default all)")
        parser.add_argument("--seconds", type=float, default=300.0, help="how long to run (default 300)")
        parser.add_argument("--interval", type=int, default=60, help="heartbeat interval in seconds (default 60)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--host", default=None)
        parser.add_argument("--port", type=int, default=None)
        parser.add_argument("--prefix", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = simulator.run_live(clients=options["clients"], duration=options["seconds"],
                                  interval=options["interval"], seed=options["seed"], host=options["host"],
                                  port=options["port"], prefix=options["prefix"])
        self.stdout.write(f"em_simulate: {sent} messages published.")
