"""Create version 1 of supervision's built-in letter templates where none exists (safe to rerun)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from supervision.letters import ensure_all


class Command(BaseCommand):
    help = ("Create version 1 of the supervision letter templates (written warning, submissions on a breach and "
            "for early termination; lv, en, ru) where none exists.")

    def handle(self, *args: Any, **options: Any) -> None:
        created = ensure_all()
        self.stdout.write(self.style.SUCCESS(f"{created} template(s) created"))
