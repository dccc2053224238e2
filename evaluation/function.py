"""Evaluation reports' registration with the function seam (``cases.functions``).

So far the function declares its section kind (opened and closed on the client file like any
section, with its own closing reasons) and the limit on invitations to appear; the request, drafting,
review and sending workflow is built in this app (docs/evaluation-reports.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.functions import Function
from cases.kinds import ClosingReason, Outcome, SectionKind
from evaluation.policies import INVITATION_MAX_DAYS

APP = "evaluation"

FUNCTION = Function(
    app=APP,
    label=_("Evaluation reports"),
    closing_reasons=(
        ClosingReason("report_sent", _("Evaluation report sent"), Outcome.SUCCESSFUL),
        ClosingReason("informative_letter", _("Informative letter sent"), Outcome.NEUTRAL),
    ),
    section_kinds=(
        SectionKind("evaluation", _("Evaluation report"), _("Evaluation"), APP,
                    closing_reasons=("report_sent", "informative_letter", "other"),
                    invitation_limit_policy=INVITATION_MAX_DAYS.key),
    ),
    modules=("evaluation.policies",),
)
