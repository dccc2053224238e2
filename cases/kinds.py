"""Section kinds, closing reasons and basis document types, as data.

The kinds are not listed here: each probation function declares its own section kinds (and any
closing reasons of its own) in its function registration (``cases.functions``). ``detail_app``
names the app that owns a kind's detail model, ``detail_url`` the page that shows it (URL args:
case id, section id).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Outcome:
    SUCCESSFUL = "successful"
    UNSUCCESSFUL = "unsuccessful"
    NEUTRAL = "neutral"

    LABELS = {SUCCESSFUL: _("successful"), UNSUCCESSFUL: _("unsuccessful"), NEUTRAL: _("neutral")}


@dataclass(frozen=True)
class ClosingReason:
    code: str
    label: str | Promise
    outcome: str


# The taxonomy follows Recidiviz's (workflows.md §1); transfers between officers are not outcomes.
CLOSING_REASONS: dict[str, ClosingReason] = {
    r.code: r
    for r in [
        ClosingReason("term_expired", _("Term expired"), Outcome.SUCCESSFUL),
        ClosingReason("early_discharge", _("Early discharge"), Outcome.SUCCESSFUL),
        ClosingReason("cancelled_by_court", _("Cancelled by the court"), Outcome.SUCCESSFUL),
        ClosingReason("completed", _("Completed"), Outcome.SUCCESSFUL),
        ClosingReason("revoked", _("Revoked / sentence executed"), Outcome.UNSUCCESSFUL),
        ClosingReason("new_offence", _("New offence"), Outcome.UNSUCCESSFUL),
        ClosingReason("absconded", _("Absconded"), Outcome.UNSUCCESSFUL),
        ClosingReason("death", _("Death"), Outcome.NEUTRAL),
        ClosingReason("transferred_out", _("Transferred out of jurisdiction"), Outcome.NEUTRAL),
        ClosingReason("other", _("Other"), Outcome.NEUTRAL),
    ]
}

GENERAL_REASONS = ("term_expired", "early_discharge", "cancelled_by_court", "revoked", "new_offence", "absconded",
            "death", "transferred_out", "other")


def add_closing_reason(reason: ClosingReason) -> None:
    existing = CLOSING_REASONS.get(reason.code)
    if existing is not None and existing != reason:
        raise ValueError(f"closing reason {reason.code} registered twice with different definitions")
    CLOSING_REASONS[reason.code] = reason


@dataclass(frozen=True)
class SectionKind:
    code: str
    label: str | Promise
    short: str | Promise
    group: str  # the function app that owns the kind
    closing_reasons: tuple[str, ...] = GENERAL_REASONS
    for_children: bool = False
    detail_app: str = ""
    detail_url: str = ""  # URL name of the section page (args: case id, section id)
    basis_types: tuple[str, ...] = field(default_factory=tuple)
    workload_weight: float = 1.0  # the default of the workload policy (tasks.workload_weights)
    # A policy capping the days between sending an invitation to appear and the appointment (0: none).
    invitation_limit_policy: str = ""


class BasisType:
    COURT_RULING = "court_ruling"
    PROSECUTOR_DECISION = "prosecutor_decision"
    PENAL_ORDER = "penal_order"
    EVALUATION_REQUEST = "evaluation_request"
    PRISON_REQUEST = "prison_request"
    MEDIATION_REQUEST = "mediation_request"
    OTHER = "other"

    CHOICES: list[tuple[str, str | Promise]] = [
        (COURT_RULING, _("Court ruling")),
        (PROSECUTOR_DECISION, _("Prosecutor's decision")),
        (PENAL_ORDER, _("Prosecutor's penal order")),
        (EVALUATION_REQUEST, _("Request for an evaluation report")),
        (PRISON_REQUEST, _("Prison administration request")),
        (MEDIATION_REQUEST, _("Request or application for mediation")),
        (OTHER, _("Other document")),
    ]


SECTION_KINDS: dict[str, SectionKind] = {}


def register(kind: SectionKind) -> SectionKind:
    """Called by ``cases.functions.register`` for each kind a function declares."""
    existing = SECTION_KINDS.get(kind.code)
    if existing is not None and existing != kind:
        raise ValueError(f"section kind {kind.code} registered twice with different definitions")
    unknown = [code for code in kind.closing_reasons if code not in CLOSING_REASONS]
    if unknown:
        raise ValueError(f"section kind {kind.code}: unknown closing reasons {unknown}")
    SECTION_KINDS[kind.code] = kind
    return kind


def add_basis_type(code: str, label: str | Promise) -> None:
    if code not in dict(BasisType.CHOICES):
        BasisType.CHOICES.append((code, label))


def kind_choices() -> list[tuple[str, str | Promise]]:
    return [(k.code, k.label) for k in SECTION_KINDS.values()]


def closing_reason_choices(kind_code: str) -> list[tuple[str, str | Promise]]:
    kind = SECTION_KINDS[kind_code]
    return [(code, CLOSING_REASONS[code].label) for code in kind.closing_reasons]
