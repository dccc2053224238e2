"""Create version 1 of community service's built-in document templates where none exists (safe to rerun)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from community.letters import ensure_all


class Command(BaseCommand):
    help = ("Create version 1 of the community-service templates (work order, submissions to the court on evasion "
            "and on early release; lv, en, ru) where none exists.")

    def handle(self, *args: Any, **options: Any) -> None:
        created = ensure_all()
        self.stdout.write(self.style.SUCCESS(f"{created} template(s) created"))
