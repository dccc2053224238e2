"""Evaluation reports' registration with the function seam (``cases.functions``): the section kind with
its closing reasons and the invitation limit, the permissions (review, the integration's submit), pages,
API, navigation, landing pages, the client-file panel and the modules that register policies, timeline
events, task rules and letters (docs/evaluation-reports.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.roles import CASE_VIEW, Role
from cases.functions import Function, Nav, Panel, Permission, SensitiveField
from cases.kinds import ClosingReason, Outcome, SectionKind
from core.sensitivity import Sensitivity
from evaluation import perms
from evaluation.policies import INVITATION_MAX_DAYS

APP = "evaluation"


def _panel(request, case):  # type: ignore[no-untyped-def]
    from evaluation.selectors import panel_context

    return panel_context(request.user, case)


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
                    invitation_limit_policy=INVITATION_MAX_DAYS.key,
                    detail_app=APP, detail_url="evaluation:section"),
    ),
    permissions=(
        Permission(perms.REVIEW, _("Review and countersign evaluation reports"),
                   roles=(Role.SENIOR_OFFICER, Role.UNIT_HEAD)),
        Permission(perms.SUBMIT, _("Post evaluation report requests (e-case integration)"),
                   roles=(Role.INTEGRATION,)),
    ),
    sensitive_fields=(
        SensitiveField("evaluation.evaluationrequest", "victim_name", Sensitivity.VICTIM),
        SensitiveField("evaluation.evaluationrequest", "victim_contacts", Sensitivity.VICTIM),
        SensitiveField("evaluation.evaluationrequest", "victim_representative", Sensitivity.VICTIM),
    ),
    urls="evaluation.urls",
    url_prefix="evaluation/",
    api="evaluation.api.router",
    navigation=(
        Nav("evaluation:mine", _("Evaluation reports"), permission=CASE_VIEW, order=25),
    ),
    panels=(Panel("evaluation", _("Evaluation reports"), "evaluation/_panel.html", _panel, permission=CASE_VIEW,
                  order=40),),
    modules=("evaluation.policies", "evaluation.events", "evaluation.rules", "evaluation.letters"),
)
