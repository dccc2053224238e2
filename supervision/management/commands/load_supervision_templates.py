"""Create version 1 of supervision's built-in letter templates where none exists (safe to rerun)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from supervision.letters import _TEXT, WARNING, ensure_template


class Command(BaseCommand):
    help = "Create version 1 of the supervision letter templates (lv, en, ru) where none exists."

    def handle(self, *args: Any, **options: Any) -> None:
        created = sum(ensure_template(WARNING, language) for language in _TEXT)
        self.stdout.write(self.style.SUCCESS(f"{created} template(s) created"))
