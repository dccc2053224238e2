"""Section kinds (one per probation function, workflows.md §1) and closing reasons, as data.

Later modules plug their details into a kind: ``detail_app`` names the app that owns the
kind-specific model (linked one-to-one to ``Section``), ``detail_url`` the view that shows it.
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
        ClosingReason("report_sent", _("Evaluation report sent"), Outcome.SUCCESSFUL),
        ClosingReason("informative_letter", _("Informative letter sent"), Outcome.NEUTRAL),
        ClosingReason("revoked", _("Revoked / sentence executed"), Outcome.UNSUCCESSFUL),
        ClosingReason("new_offence", _("New offence"), Outcome.UNSUCCESSFUL),
        ClosingReason("absconded", _("Absconded"), Outcome.UNSUCCESSFUL),
        ClosingReason("death", _("Death"), Outcome.NEUTRAL),
        ClosingReason("transferred_out", _("Transferred out of jurisdiction"), Outcome.NEUTRAL),
        ClosingReason("other", _("Other"), Outcome.NEUTRAL),
    ]
}

_GENERAL = ("term_expired", "early_discharge", "cancelled_by_court", "revoked", "new_offence", "absconded",
            "death", "transferred_out", "other")


@dataclass(frozen=True)
class SectionKind:
    code: str
    label: str | Promise
    short: str | Promise
    group: str  # evaluation, supervision, community, mediation, programme, monitoring
    closing_reasons: tuple[str, ...] = _GENERAL
    for_children: bool = False
    detail_app: str = ""
    detail_url: str = ""
    basis_types: tuple[str, ...] = field(default_factory=tuple)


class BasisType:
    COURT_RULING = "court_ruling"
    PROSECUTOR_DECISION = "prosecutor_decision"
    PENAL_ORDER = "penal_order"
    EVALUATION_REQUEST = "evaluation_request"
    PRISON_REQUEST = "prison_request"
    MEDIATION_REQUEST = "mediation_request"
    OTHER = "other"

    CHOICES = [
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
    SECTION_KINDS[kind.code] = kind
    return kind


for _kind in [
    SectionKind("evaluation", _("Evaluation report"), _("Evaluation"), "evaluation",
                closing_reasons=("report_sent", "informative_letter", "other")),
    SectionKind("supervision_conditional_release", _("Supervision: conditional release from criminal liability"),
                _("Cond. release"), "supervision"),
    SectionKind("supervision_conditional_sentence", _("Supervision: conditional sentence"),
                _("Cond. sentence"), "supervision"),
    SectionKind("supervision_parole", _("Supervision: parole"), _("Parole"), "supervision"),
    SectionKind("supervision_parole_em", _("Supervision: parole with electronic monitoring"),
                _("Parole + EM"), "supervision"),
    SectionKind("probation_supervision", _("Probation supervision"), _("Prob. supervision"), "supervision"),
    SectionKind("probation_observation", _("Probation observation (child)"), _("Observation"), "supervision",
                for_children=True),
    SectionKind("community_service", _("Community service"), _("Community service"), "community",
                closing_reasons=("completed", "early_discharge", "revoked", "new_offence", "absconded", "death",
                                 "transferred_out", "other")),
    SectionKind("community_work_child", _("Community work (child)"), _("Child community work"), "community",
                for_children=True,
                closing_reasons=("completed", "revoked", "absconded", "death", "transferred_out", "other")),
    SectionKind("mediation", _("Mediation"), _("Mediation"), "mediation",
                closing_reasons=("completed", "other")),
    SectionKind("programme", _("Probation programme"), _("Programme"), "programme",
                closing_reasons=("completed", "revoked", "other")),
    SectionKind("electronic_monitoring", _("Electronic monitoring"), _("EM"), "monitoring"),
]:
    register(_kind)


def attach_details(codes: tuple[str, ...], *, app: str, url_name: str) -> None:
    """A module claims section kinds: their sections link to ``url_name`` (args: case id, section id)."""
    from dataclasses import replace

    for code in codes:
        SECTION_KINDS[code] = replace(SECTION_KINDS[code], detail_app=app, detail_url=url_name)


def kind_choices() -> list[tuple[str, str | Promise]]:
    return [(k.code, k.label) for k in SECTION_KINDS.values()]


def closing_reason_choices(kind_code: str) -> list[tuple[str, str | Promise]]:
    kind = SECTION_KINDS[kind_code]
    return [(code, CLOSING_REASONS[code].label) for code in kind.closing_reasons]
