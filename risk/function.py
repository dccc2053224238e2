"""Risk and needs assessment's one registration with the function seam (cases.functions): permissions,
pages (a tab on the client file, administration, the what-if calculator, the public e-testing page),
API, the daily reassessment scan, the client-file panel and the sensitive fields."""

from __future__ import annotations

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from cases.functions import Function, Job, Nav, Panel, Permission, SensitiveField, Tab
from risk import access

APP = "risk"
OFFICERS = (Role.OFFICER, Role.SENIOR_OFFICER, Role.UNIT_HEAD)
HEADS = (Role.REGIONAL_HEAD,)


def _panel(request, case):  # type: ignore[no-untyped-def]
    from risk.selectors import case_panel

    return case_panel(request.user, case)


FUNCTION = Function(
    app=APP,
    label=_("Risk and needs assessment"),
    permissions=(
        Permission(access.VIEW, _("See clients' risk scores, criminal history and assessments"),
                   roles=(*OFFICERS, *HEADS, Role.AUDITOR)),
        Permission(access.ASSESS, _("Assess clients, record criminal history and issue questionnaires"),
                   roles=OFFICERS),
        Permission(access.SCORE, _("Use the recidivism model calculator"),
                   roles=(*OFFICERS, *HEADS, Role.ANALYST, Role.RESEARCHER, Role.ADMINISTRATOR,
                          Role.INTEGRATION)),
        Permission(access.IMPORT, _("Import Criminal Records Register files"),
                   roles=(Role.ADMINISTRATOR, Role.INTEGRATION)),
        Permission(access.CONFIGURE, _("Manage assessment instruments and the Criminal Law article table"),
                   roles=(Role.ADMINISTRATOR,)),
    ),
    urls="risk.urls",
    url_prefix="risk/",
    api="risk.api.router",
    navigation=(
        Nav("risk:calculator", _("Recidivism model"), permission=access.SCORE, order=62),
        Nav("risk:instruments", _("Assessment instruments"), permission=access.CONFIGURE, order=84),
        Nav("risk:imports", _("Criminal records import"), permission=access.IMPORT, order=85),
        Nav("risk:overrides", _("Risk level overrides"), permission=access.VIEW, order=63),
        Nav("risk:research", _("Risk research data"), permission=access.RESEARCH, order=70),
    ),
    jobs=(Job("risk-reassessments", "risk.scan_reassessments", crontab(hour="5", minute="15")),
          Job("risk-rescore", "risk.rescore", crontab(hour="5", minute="35"))),
    panels=(Panel("risk", _("Risk and needs"), "risk/_panel.html", _panel, permission=access.VIEW, order=30),),
    tabs=(Tab("risk", _("Risk and needs"), "risk:case", permission=access.VIEW, order=30),),
    sensitive_fields=(
        SensitiveField("risk.conviction", "article", "criminal_record"),
        SensitiveField("risk.conviction", "sanction", "criminal_record"),
        SensitiveField("risk.conviction", "offence_date", "criminal_record"),
    ),
    modules=("risk.policies", "risk.events", "risk.rules", "risk.jobs"),
)
