"""The typed domain timeline of a case (like Saleor's OrderEvent).

Each event type is declared once with a label and a sentence template; apps add their own with
:func:`register`. Services append events with :func:`emit`, inside their transaction. Rules that
react to events (tasks created by rules) subscribe with :func:`on`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.kinds import CLOSING_REASONS, SECTION_KINDS, BasisType
from cases.models import CaseEvent, CaseNote
from core import context


@dataclass(frozen=True)
class EventType:
    code: str
    label: str | Promise
    template: str | Promise  # formatted with the event's data, e.g. "to {to_unit}"
    # Labels for this type's own data keys (codes of the module's catalogues); they take
    # precedence over the shared VALUE_LABELS, where e.g. "kind" is the section kind.
    values: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)


EVENT_TYPES: dict[str, EventType] = {}
_LISTENERS: dict[str, list[Callable[..., None]]] = {}


def register(code: str, label: str | Promise, template: str | Promise = "",
             values: Mapping[str, Callable[[Any], str]] | None = None) -> EventType:
    event_type = EventType(code, label, template, dict(values or {}))
    EVENT_TYPES[code] = event_type
    return event_type


def on(code: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Subscribe a rule to an event type. Listeners run inside the emitting transaction."""

    def decorator(fn: Callable[..., None]) -> Callable[..., None]:
        _LISTENERS.setdefault(code, []).append(fn)
        return fn

    return decorator


def emit(code: str, *, case: Any, actor: Any, section: Any = None, **data: Any) -> Any:
    if code not in EVENT_TYPES:
        raise ValueError(f"unknown timeline event type {code}")
    event = CaseEvent.objects.create(
        case=case,
        section=section,
        type=code,
        actor=actor if getattr(actor, "pk", None) else None,
        data=data,
        request_id=context.current().request_id,
    )
    for listener in _LISTENERS.get(code, []):
        listener(event=event, case=case, section=section, actor=actor, **data)
    return event


# Event data stores codes, not words, so that the timeline reads in the reader's language.
# A data key listed here is turned into its label when the event is shown.
VALUE_LABELS: dict[str, Callable[[Any], str]] = {}


def value_label(key: str) -> Callable[[Callable[[Any], str]], Callable[[Any], str]]:
    def decorator(fn: Callable[[Any], str]) -> Callable[[Any], str]:
        VALUE_LABELS[key] = fn
        return fn

    return decorator


@value_label("kind")
def _kind_label(code: Any) -> str:
    kind = SECTION_KINDS.get(code)
    return str(kind.label) if kind else str(code)


@value_label("reason")
def _reason_label(code: Any) -> str:
    reason = CLOSING_REASONS.get(code)
    return str(reason.label) if reason else str(code)


@value_label("basis_type")
def _basis_label(code: Any) -> str:
    return str(dict(BasisType.CHOICES).get(code, code))


def emit_many(code: str, *, actor: Any, items: list[tuple[Any, Any, dict[str, Any]]]) -> list[Any]:
    """``emit`` for a batch: ``items`` are (case, section, data); one INSERT, then each listener
    runs for each event, as with ``emit``."""
    if code not in EVENT_TYPES:
        raise ValueError(f"unknown timeline event type {code}")
    request_id = context.current().request_id
    actor_obj = actor if getattr(actor, "pk", None) else None
    events = CaseEvent.objects.bulk_create([
        CaseEvent(case=case, section=section, type=code, actor=actor_obj, data=data, request_id=request_id)
        for case, section, data in items
    ])
    for event, (case, section, data) in zip(events, items, strict=True):
        for listener in _LISTENERS.get(code, []):
            listener(event=event, case=case, section=section, actor=actor, **data)
    return events


def describe(event: Any) -> str:
    event_type = EVENT_TYPES.get(event.type)
    if event_type is None:
        return event.type
    labels = {**VALUE_LABELS, **event_type.values}
    data = {key: labels[key](value) if key in labels else value for key, value in event.data.items()}
    try:
        return str(event_type.template).format(**data) if event_type.template else ""
    except (KeyError, IndexError, ValueError):
        return ""


def label(event: Any) -> str:
    event_type = EVENT_TYPES.get(event.type)
    return str(event_type.label) if event_type else event.type


register("case_opened", _("Case opened"), _("Registration number {registration_number}, unit {unit}"))
register("case_transferred", _("Case transferred"), _("From {from_unit} to {to_unit}. Reason: {reason}"))
register("officer_assigned", _("Responsible officer changed"), _("{from_officer} → {to_officer}"))
register("case_closed", _("Case closed"), "")
register("case_reopened", _("Case reopened"), "")
register("section_opened", _("Section opened"), _("{kind}: {basis_type} {basis_number} of {basis_date}"))
register("section_updated", _("Section updated"), _("{kind}"))
register("section_closed", _("Section closed"), _("{kind}: {reason}"))
register("person_updated", _("Personal data updated"), _("Changed: {fields}"))
register("case_note", _("Case note"), _("{note_kind} of {date}"),
         values={"note_kind": lambda code: str(dict(CaseNote.Kind.choices).get(code, code))})
