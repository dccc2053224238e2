"""Task rules of electronic monitoring. The visits (install, check, removal) and the officer's review of
an alert are tasks created by this app's services and the ingestion path through
``tasks.services.tasks_create_many`` (their triggers are fired by nobody else) and completed with
``tasks_complete_open``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from monitoring.policies import CHECK_DEADLINE, INSTALL_DEADLINE, REMOVAL_DEADLINE, REVIEW_DEADLINE
from tasks.rules import TaskRule, register

INSTALL = "monitoring.install_visit"
CHECK = "monitoring.check_visit"
REMOVAL = "monitoring.removal_visit"
REVIEW = "monitoring.review_alert"
VISITS = (INSTALL, CHECK, REMOVAL)


def _none(**_: Any) -> None:
    return None


register(TaskRule(code=INSTALL, trigger="monitoring.visit", title=_("EM: install the devices (home visit)"),
                  deadline_policy=INSTALL_DEADLINE.key, make=_none, source="KL 61; docs/electronic-monitoring.md",
                  completes_with=("installed",)))
register(TaskRule(code=CHECK, trigger="monitoring.visit", title=_("EM: check the devices (home visit)"),
                  deadline_policy=CHECK_DEADLINE.key, make=_none, source="docs/electronic-monitoring.md",
                  completes_with=("checked",)))
register(TaskRule(code=REMOVAL, trigger="monitoring.visit", title=_("EM: remove the devices (home visit)"),
                  deadline_policy=REMOVAL_DEADLINE.key, make=_none, source="KL 61; docs/electronic-monitoring.md",
                  completes_with=("removed",)))
register(TaskRule(code=REVIEW, trigger="monitoring.alert", title=_("EM: review the monitoring alert"),
                  deadline_policy=REVIEW_DEADLINE.key, make=_none,
                  source="electronic-monitoring.md point 7: no sanction without a person's review",
                  completes_with=("reviewed",)))

ESCALATED = "monitoring.escalated_alert"
register(TaskRule(code=ESCALATED, trigger="monitoring.alert", title=_("EM: an alert went unacknowledged — contact the client"),
                  deadline_policy=REVIEW_DEADLINE.key, make=_none, source="electronic-monitoring.md point 6",
                  completes_with=("reviewed",)))
