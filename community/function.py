"""Community service's one registration with the function seam (``cases.functions``): its section
kinds, pages, API, navigation, landing pages, jobs and the modules that register its policies,
timeline events, task rules, letters, jobs and its use of partner organisations
(``community.work_providers``: the clients placed at each place, its panel on the organisation page)."""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from accounts.roles import CASE_VIEW, STATS_VIEW
from cases.functions import Function, Job, Landing, Nav
from cases.kinds import SectionKind
from community.models import ADULT_KIND, CHILD_KIND
from community.selectors import supervised_provider_ids

APP = "community"
PAGE = "community:section"


def _supervises_a_provider(user: Any) -> bool:
    return bool(supervised_provider_ids(user))


FUNCTION = Function(
    app=APP,
    label=_("Community service"),
    section_kinds=(
        SectionKind(ADULT_KIND, _("Community service"), _("Community service"), APP,
                    closing_reasons=("completed", "early_discharge", "revoked", "new_offence", "absconded", "death",
                                     "transferred_out", "other"),
                    detail_app=APP, detail_url=PAGE, workload_weight=0.5),
        SectionKind(CHILD_KIND, _("Community work (child)"), _("Child community work"), APP,
                    for_children=True,
                    closing_reasons=("completed", "revoked", "absconded", "death", "transferred_out", "other"),
                    detail_app=APP, detail_url=PAGE, workload_weight=0.75),
    ),
    urls="community.urls",
    url_prefix="community/",
    api="community.api.router",
    navigation=(
        Nav("community:caseload", _("Community service"), permission=CASE_VIEW, order=30),
        Nav("community:report", _("Reports"), permission=STATS_VIEW, order=70),
    ),
    landing=(
        # A work-provider supervisor lands on the work places they supervise (one not yet linked to a
        # provider has no page, and lands on "no pages available").
        Landing("community:supervisor", permission=None, order=10, when=_supervises_a_provider),
        Landing("community:report", permission=STATS_VIEW, order=60),
    ),
    jobs=(Job("community-limitation-tasks", "community.create_limitation_tasks", crontab(minute="20", hour="6")),),
    modules=("community.policies", "community.events", "community.rules", "community.letters", "community.jobs",
             "community.work_providers"),
)
