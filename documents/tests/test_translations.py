"""The documents app's Latvian catalogue is complete, keeps its placeholders and loads."""

import io
import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

PO = Path(settings.BASE_DIR) / "documents/locale/lv/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w+\}")


def test_catalogue_is_complete_and_keeps_placeholders():
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    entries = [m for m in catalog if m.id]
    assert entries
    for message in entries:
        assert message.string, f"untranslated: {message.id!r}"
        assert "fuzzy" not in message.flags, message.id
        assert sorted(PLACEHOLDER.findall(message.id)) == sorted(PLACEHOLDER.findall(message.string)), message.id


def test_strings_are_latvian():
    mo = PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < PO.stat().st_mtime:
        call_command("compile_translations", stdout=io.StringIO())
        trans_real._translations = {}
        trans_real._default = None
    with translation.override("lv"):
        assert translation.gettext("Invitation to appear") == "Uzaicinājums ierasties"
        assert translation.gettext("Letter templates") == "Vēstuļu veidnes"
