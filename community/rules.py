"""Task rules: register the client for community service in time (SIK Art. 133).

The deadline counts from the event the order names: the ruling taking effect (10 working days),
release from prison (10) or parole (3). The rules fire when the officer records the order details
(timeline event ``community_details_recorded``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from tasks.rules import TIMELINE_PREFIX, TaskRule, TaskSpec, register

TRIGGER = f"{TIMELINE_PREFIX}community_details_recorded"
OUTCOME_REGISTERED = "registered"


def _maker(basis: str) -> Any:
    def make(*, case: Any, section: Any, **data: Any) -> TaskSpec | None:
        if data.get("basis") != basis:
            return None
        return TaskSpec(start=dt.date.fromisoformat(data["from_iso"]), unit=case.responsible_unit, case=case,
                        section=section, assignee=section.responsible_officer if section else None)

    return make


REGISTER_AFTER_RULING = register(TaskRule(
    code="community.register_after_ruling", trigger=TRIGGER,
    title=_("Register the client for community service"),
    deadline_policy="community.register_after_ruling_working_days", make=_maker("ruling"),
    source="Sentence Execution Code (SIK) Art. 133", completes_with=(OUTCOME_REGISTERED,),
))
REGISTER_AFTER_RELEASE = register(TaskRule(
    code="community.register_after_release", trigger=TRIGGER,
    title=_("Register the client for community service after release from prison"),
    deadline_policy="community.register_after_release_working_days", make=_maker("release"),
    source="Sentence Execution Code (SIK) Art. 133", completes_with=(OUTCOME_REGISTERED,),
))
REGISTER_AFTER_PAROLE = register(TaskRule(
    code="community.register_after_parole", trigger=TRIGGER,
    title=_("Register the client for community service after parole"),
    deadline_policy="community.register_after_parole_working_days", make=_maker("parole"),
    source="Sentence Execution Code (SIK) Art. 133", completes_with=(OUTCOME_REGISTERED,),
))
