"""Load the built-in letter templates (documents/letters.py) as version 1 where a code and
language has no template yet. Safe to run again: existing templates are never touched."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand

from documents import services
from documents.letters import LETTERS, build_docx
from documents.models import DocumentTemplate


class Command(BaseCommand):
    help = "Create version 1 of the built-in letter templates (lv, en, ru) where none exists."

    def handle(self, *args: Any, **options: Any) -> None:
        created = 0
        for (code, language), (title, _blocks) in LETTERS.items():
            if DocumentTemplate.objects.filter(code=code, language=language).exists():
                continue
            upload = SimpleUploadedFile(f"{code}-{language}.docx", build_docx(code, language),
                                        content_type="application/octet-stream")
            services.template_upload(actor=None, code=code, language=language, title=title, upload=upload,
                                     change_note="Built-in template (load_document_templates)")
            created += 1
            self.stdout.write(f"created {code} [{language}] v1")
        self.stdout.write(self.style.SUCCESS(f"{created} template(s) created, {len(LETTERS) - created} already present"))
