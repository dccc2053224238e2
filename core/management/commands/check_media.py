"""``manage.py check_media``: every stored file the database refers to is in ``MEDIA_ROOT`` (after a
restore, or to audit shared storage). Prints the missing ones and exits 1 when there are any; with
``--checksums FILE`` writes ``sha256  path`` lines of the referenced files, sorted, for comparing two
copies (``deploy/backup-drill.sh``)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models


class Command(BaseCommand):
    help = "Check that every file the database refers to exists in MEDIA_ROOT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--checksums", default="", help="write sha256 checksums of the referenced files here")

    def handle(self, *args: Any, **options: Any) -> None:
        referenced: set[str] = set()
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.FileField):
                    names = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                    referenced.update(name for name in names.iterator() if name)
        missing = sorted(name for name in referenced if not default_storage.exists(name))
        lines = []
        if options["checksums"]:
            for name in sorted(referenced):
                if name in missing:
                    continue
                digest = hashlib.sha256()
                with default_storage.open(name, "rb") as stored:
                    for chunk in iter(lambda: stored.read(1 << 20), b""):
                        digest.update(chunk)
                lines.append(f"{digest.hexdigest()}  {name}")
            with open(options["checksums"], "w", encoding="utf-8") as out:
                out.write("\n".join(lines) + ("\n" if lines else ""))
        for name in missing:
            self.stdout.write(f"missing: {name}")
        self.stdout.write(f"{len(referenced)} file(s) referenced, {len(missing)} missing")
        if missing:
            raise CommandError(f"{len(missing)} stored file(s) missing from MEDIA_ROOT")
