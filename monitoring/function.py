"""Electronic monitoring's one registration with the function seam (``cases.functions``): its section
kind, permissions (the EM operator's role gets the centre), pages and landing page, API, jobs and the
ingestion worker as a background service (started by ``manage.py serve`` in the embedded mode, its own
process ``manage.py em_ingest`` in production)."""

from __future__ import annotations

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from cases.functions import Function, Job, Landing, Nav, Panel, Permission
from cases.kinds import GENERAL_REASONS, SectionKind
from core import registry
from monitoring import access

APP = "monitoring"
OFFICERS = (Role.OFFICER, Role.SENIOR_OFFICER, Role.UNIT_HEAD, Role.REGIONAL_HEAD)


def _panel(request, case):  # type: ignore[no-untyped-def]
    from monitoring.selectors import case_panel

    return case_panel(request.user, case)


FUNCTION = Function(
    app=APP,
    label=_("Electronic monitoring"),
    section_kinds=(SectionKind("electronic_monitoring", _("Electronic monitoring"), _("EM"), APP,
                               closing_reasons=(*GENERAL_REASONS, "completed"), detail_app=APP,
                               detail_url="monitoring:section", workload_weight=1.5),),
    permissions=(
        Permission(access.VIEW, _("See clients' electronic monitoring"),
                   roles=(*OFFICERS, Role.EM_OPERATOR, Role.AUDITOR)),
        Permission(access.OPERATE, _("Work the monitoring centre's alert queue"), roles=(Role.EM_OPERATOR,)),
        Permission(access.MANAGE, _("Manage monitoring terms, schedules, zones and devices on clients"),
                   roles=(*OFFICERS, Role.EM_OPERATOR)),
        Permission(access.DEVICES, _("Manage the EM device inventory and gateways"), roles=(Role.EM_OPERATOR,)),
        Permission(access.REVIEW, _("Review EM alerts and decide the response"), roles=OFFICERS),
        Permission(access.EXPORT, _("Export a client's whole EM history"),
                   roles=(Role.EM_OPERATOR, Role.UNIT_HEAD, Role.AUDITOR)),
    ),
    urls="monitoring.urls",
    url_prefix="monitoring/",
    api="monitoring.api.router",
    navigation=(
        Nav("monitoring:queue", _("Monitoring centre"), permission=access.OPERATE, order=15),
        Nav("monitoring:devices", _("EM devices"), permission=access.DEVICES, order=16),
        Nav("monitoring:calculator", _("EM eligibility"), permission=access.REVIEW, order=60),
    ),
    landing=(Landing("monitoring:queue", permission=access.OPERATE, order=5),),
    jobs=(
        Job("monitoring-escalate", "monitoring.escalate", 60.0),
        Job("monitoring-partitions", "monitoring.partitions", crontab(minute="20", hour="1")),
        Job("monitoring-retention", "monitoring.retention", crontab(minute="40", hour="1")),
    ),
    panels=(Panel("em", _("Electronic monitoring"), "monitoring/_panel.html", _panel, permission=access.VIEW,
                  order=40),),
    services=(registry.BackgroundService("em-ingest", "em_ingest", "monitoring.worker.start_embedded"),
              registry.BackgroundService("em-demo-simulator", "em_simulate",
                                         "monitoring.simulator.start_embedded_demo")),
    modules=("monitoring.policies", "monitoring.events", "monitoring.rules", "monitoring.jobs"),
)
