"""The Latvian catalogues of core, cases, people and the project-level templates are complete and load."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from asgiref.local import Local
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

BASE = Path(settings.BASE_DIR)
# Every app's Latvian catalogue and the project-level one.
CATALOGUES = sorted(BASE.glob("*/locale/lv/LC_MESSAGES/django.po")) + [BASE / "locale/lv/LC_MESSAGES/django.po"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w+\}|%[sdif]")


@pytest.fixture(scope="module")
def compiled() -> Iterator[None]:
    """Build the .mo files (make does it before the suite; this covers a bare pytest run) and drop
    Django's cached catalogues so the fresh ones are read."""
    stale = [po for po in CATALOGUES
             if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    if stale:
        call_command("compile_translations", stdout=io.StringIO())
    # Django's private catalogue caches; django-stubs leaves them out of the module's stub.
    trans_real._translations = {}  # type: ignore[attr-defined]
    trans_real._default = None  # type: ignore[attr-defined]
    trans_real._active = Local()  # type: ignore[attr-defined]
    yield


@pytest.mark.parametrize(
    ("source", "latvian"),
    [
        ("My caseload", "Mani klienti"),
        ("Search clients", "Meklēt klientus"),
        ("Sign out", "Iziet"),
        ("Search", "Meklēt"),
        ("Case file", "Klienta lieta"),
        ("Transfer to another unit", "Nodot citai struktūrvienībai"),
        ("Personal code", "Personas kods"),
        ("Timeline", "Notikumu vēsture"),
        ("Community service", "Sabiedriskais darbs"),
    ],
)
def test_key_strings_are_latvian(compiled: None, source: str, latvian: str) -> None:
    with translation.override("lv"):
        assert translation.gettext(source) == latvian
    with translation.override("en"):
        assert translation.gettext(source) == source


@pytest.mark.parametrize(("n", "expected"), [(1, "1 lieta"), (21, "21 lieta"), (2, "2 lietas"),
                                             (11, "11 lietas"), (0, "0 lietu")])
def test_plural_forms_follow_latvian_rules(compiled: None, n: int, expected: str) -> None:
    with translation.override("lv"):
        assert translation.ngettext("%(n)s case", "%(n)s cases", n) % {"n": n} == expected


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(BASE)))
def test_catalogue_is_complete(path: Path) -> None:
    with path.open("rb") as fh:
        catalog = read_po(fh)
    assert str(catalog.locale) == "lv"
    assert catalog.num_plurals == 3
    assert not catalog.fuzzy
    messages = [m for m in catalog if m.id]
    assert messages
    for message in messages:
        assert "fuzzy" not in message.flags, message.id
        strings: tuple[str, ...]
        if isinstance(message.id, tuple):
            plural = message.string
            assert isinstance(plural, tuple) and len(plural) == 3 and all(plural), message.id
            strings = plural
            expected = sorted(PLACEHOLDER.findall(message.id[1]))
        else:
            assert isinstance(message.id, str), message.id
            assert message.string and isinstance(message.string, str), message.id
            strings = (message.string,)
            expected = sorted(PLACEHOLDER.findall(message.id))
        for text in strings:
            assert sorted(PLACEHOLDER.findall(text)) == expected, (message.id, text)
