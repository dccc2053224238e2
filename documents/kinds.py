"""Document kinds as data: the letters the service generates from templates, the types of files
officers attach to a case, and the context each template may use (the documented placeholders).

A template's placeholders are checked against :data:`TemplateKind.context_keys` when it is
uploaded (``documents.rendering.check_template``), so a typo never reaches a client's letter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LANGUAGES: dict[str, str | Promise] = {"lv": _("Latvian"), "en": _("English"), "ru": _("Russian")}
DEFAULT_LANGUAGE = "lv"

# Top-level names every template may use (documented in docs/documents.md).
COMMON_CONTEXT = ("person", "case", "unit", "officer", "section", "today")


@dataclass(frozen=True)
class TemplateKind:
    code: str
    label: str | Promise
    extra_context: tuple[str, ...] = ()
    needs_appearance: bool = False
    # Sample values of the extra context (test-rendering an uploaded template); a module passes
    # the real values to ``documents.services.document_generate(extra=...)``.
    samples: Mapping[str, Any] = field(default_factory=dict)

    @property
    def standalone(self) -> bool:
        """True when the generic "create a letter" page can fill it in: it needs no data that only
        its own module has (a warning's violation, a work order, ...)."""
        return set(self.extra_context) <= {"appearance"}

    @property
    def context_keys(self) -> frozenset[str]:
        return frozenset(COMMON_CONTEXT) | frozenset(self.extra_context)


TEMPLATE_KINDS: dict[str, TemplateKind] = {}


def register(kind: TemplateKind) -> TemplateKind:
    TEMPLATE_KINDS[kind.code] = kind
    return kind


CASE_OPENING_NOTICE = register(TemplateKind("case_opening_notice", _("Notice of case opening")))
INVITATION_TO_APPEAR = register(TemplateKind(
    "invitation_to_appear", _("Invitation to appear"), extra_context=("appearance",), needs_appearance=True,
))


def template_kind_choices() -> list[tuple[str, str | Promise]]:
    return [(k.code, k.label) for k in TEMPLATE_KINDS.values()]


def standalone_kind_choices() -> list[tuple[str, str | Promise]]:
    """The letters an officer can create from the case's documents page."""
    return [(k.code, k.label) for k in TEMPLATE_KINDS.values() if k.standalone]


# Types of files attached to a case by hand.
UPLOAD_TYPES: dict[str, str | Promise] = {
    "court_ruling": _("Copy of a court ruling"),
    "prosecutor_decision": _("Prosecutor's decision"),
    "letter": _("Letter"),
    "report": _("Report"),
    "identity_document": _("Copy of an identity document"),
    "other": _("Other document"),
}


def document_type_label(code: str) -> str:
    if code in TEMPLATE_KINDS:
        return str(TEMPLATE_KINDS[code].label)
    return str(UPLOAD_TYPES.get(code, code))


def document_type_choices() -> list[tuple[str, str | Promise]]:
    return [*template_kind_choices(), *UPLOAD_TYPES.items()]
