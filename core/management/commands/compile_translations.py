"""Compile every ``locale/*/LC_MESSAGES/django.po`` to ``.mo`` with Babel (no GNU gettext needed)."""

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile translation catalogues with Babel."

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(settings.BASE_DIR)
        count = 0
        for po_path in sorted(root.glob("*/locale/*/LC_MESSAGES/django.po")) + sorted(
            root.glob("locale/*/LC_MESSAGES/django.po")
        ):
            if ".venv" in po_path.parts or "node_modules" in po_path.parts:
                continue
            with po_path.open("rb") as fh:
                catalog = read_po(fh)
            with po_path.with_suffix(".mo").open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)
            count += 1
        self.stdout.write(f"compiled {count} catalogues")
