"""Store version 1 of every module's built-in letter templates (``documents.letters.BUILTIN``) where a
code and language has no template yet. Safe to run again: existing templates are never touched."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from documents.letters import ensure_all_builtin


class Command(BaseCommand):
    help = "Create version 1 of every module's built-in letter templates (lv, en, ru) where none exists."

    def handle(self, *args: Any, **options: Any) -> None:
        created = ensure_all_builtin()
        self.stdout.write(self.style.SUCCESS(f"{created} template(s) created"))
