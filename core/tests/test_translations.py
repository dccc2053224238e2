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
        ("Probation function", "Probācijas funkcija"),
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


# Django merges all catalogues, so a msgid gets one Latvian translation everywhere (the app listed
# first in INSTALLED_APPS wins). Where apps translate the same msgid differently, one of them is
# silently overridden: that is fine for a mere choice of words (listed here), wrong where the form
# must agree with another noun ("atvērts" task vs "atvērta" case file) — those need a msgid context
# (pgettext / {% trans "…" context "…" %}).
WORDING_VARIANTS = {
    "All I can see", "Basis", "Born", "Case file", "case file", "Contacts", "In force from", "New unit",
    "Officer", "Responsible officer", "not assigned", "Organisation", "Policies",
    "Prison administration request", "There is a problem", "What changed", "due date",
}


def test_no_msgid_is_translated_two_ways_without_a_context() -> None:
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for path in CATALOGUES:
        with path.open("rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            if not isinstance(message.id, str) or not message.id or not isinstance(message.string, str) \
                    or not message.string:
                continue  # the header, plural forms
            seen.setdefault((message.context, message.id), {})[path.relative_to(BASE).parts[0]] = message.string
    clashes = {key[1]: found for key, found in seen.items()
               if len(set(found.values())) > 1 and key[1] not in WORDING_VARIANTS}
    assert not clashes, f"give these msgids a context where the forms differ: {clashes}"


def test_every_policy_text_is_translatable(compiled: None) -> None:
    """A policy's unit, legal source and description are lazy translations, read in the page's
    language (the administrator's policies page); a plain str would stay English."""
    from django.utils.functional import Promise

    from core import policies

    for policy in policies.all_policies():
        for name in ("source", "description", "unit"):
            text = getattr(policy, name)
            if name == "unit" and isinstance(text, str) and text == "":
                continue  # no unit (a format, a choice)
            assert isinstance(text, Promise), (policy.key, name, text)
    with translation.override("lv"):
        upload = policies.get("files.upload_max_megabytes")
        assert str(upload.source).startswith("Dienesta prakse (noklusējums)")
        assert str(policies.get("cases.opening_deadline_working_days").unit) == "darbdienas"
