"""Supervision's one registration with the function seam (``cases.functions``): its section kinds,
pages, API, navigation, jobs and the modules that register its policies, timeline events, task rules
and letters."""

from __future__ import annotations

from celery.schedules import crontab
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import CASE_VIEW
from cases.functions import Function, Job, Nav
from cases.kinds import SectionKind

APP = "supervision"
PAGE = "supervision:section"


def _kind(code: str, label: str | Promise, short: str | Promise, weight: float, *, for_children: bool = False) -> SectionKind:
    return SectionKind(code, label, short, APP, for_children=for_children, detail_app=APP, detail_url=PAGE,
                       workload_weight=weight)


FUNCTION = Function(
    app=APP,
    label=_("Supervision"),
    section_kinds=(
        _kind("supervision_conditional_release", _("Supervision: conditional release from criminal liability"),
              _("Cond. release"), 1.0),
        _kind("supervision_conditional_sentence", _("Supervision: conditional sentence"), _("Cond. sentence"), 1.0),
        _kind("supervision_parole", _("Supervision: parole"), _("Parole"), 1.25),
        _kind("supervision_parole_em", _("Supervision: parole with electronic monitoring"), _("Parole + EM"), 1.5),
        _kind("probation_supervision", _("Probation supervision"), _("Prob. supervision"), 1.5),
        _kind("probation_observation", _("Probation observation (child)"), _("Observation"), 1.5, for_children=True),
    ),
    urls="supervision.urls",
    url_prefix="supervision/",
    api="supervision.api.router",
    navigation=(Nav("supervision:caseload", _("Supervision"), permission=CASE_VIEW, order=20),),
    jobs=(
        Job("supervision-registration-tasks", "supervision.create_registration_tasks",
            crontab(minute="15", hour="6")),
        Job("supervision-overdue-scan", "supervision.scan_overdue_contacts", crontab(minute="30", hour="2")),
    ),
    modules=("supervision.policies", "supervision.events", "supervision.rules", "supervision.letters",
             "supervision.jobs"),
)
