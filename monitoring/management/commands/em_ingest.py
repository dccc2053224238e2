"""``manage.py em_ingest``: the MQTT ingestion worker as its own process (production; docs/deployment.md)."""

from __future__ import annotations

import logging
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from monitoring.worker import Worker


class Command(BaseCommand):
    help = "Run the EM ingestion worker (MQTT v5 shared subscription, acknowledged after commit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=None)
        parser.add_argument("--port", type=int, default=None)
        parser.add_argument("--prefix", default=None, help="topic prefix (default EM_MQTT_TOPIC_PREFIX, em/v1)")
        parser.add_argument("--group", default=None, help="shared-subscription group (default em-ingest)")
        parser.add_argument("--client-id", default=None, help="a stable id per worker keeps its session")
        parser.add_argument("--batch", type=int, default=None)
        parser.add_argument("--seconds", type=float, default=None, help="stop after this long (tests, benchmarks)")

    def handle(self, *args: Any, **options: Any) -> None:
        logging.basicConfig(level=logging.INFO)
        worker = Worker(host=options["host"], port=options["port"], prefix=options["prefix"], group=options["group"],
                        client_id=options["client_id"], batch=options["batch"])
        signal.signal(signal.SIGTERM, lambda *_: worker.stop.set())
        signal.signal(signal.SIGINT, lambda *_: worker.stop.set())
        self.stdout.write(f"EM ingestion worker {worker.client_id}: {worker.host}:{worker.port} {worker.topic}")
        worker.run(until=options["seconds"])
        self.stdout.write(f"EM ingestion worker stopped: {worker.stats}")
