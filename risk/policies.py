"""Settings of risk and needs assessment and e-testing, as data with their source (risk-models.md).

None of these is fixed by law: each is the service's practice and ships as a default an administrator
may change (``confirmed=False``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.policies import Policy, register

REASSESSMENT_MONTHS = register(Policy(
    key="risk.reassessment_interval_months", default=6, unit=_("months"),
    source=_("Service practice (risk-models.md: reassessment on a schedule, interval configurable)"),
    description=_("A completed risk and needs assessment is due for reassessment after this many months."),
    confirmed=False,
))
REASSESSMENT_DEADLINE = register(Policy(
    key="risk.reassessment_deadline_working_days", default=10, unit=_("working days"),
    source=_("Service practice (risk-models.md: reassessment on events)"),
    description=_("After a new conviction or a violation the client is reassessed within this many working days."),
    confirmed=False,
))
INTENSITY_BY_LEVEL = register(Policy(
    key="risk.intensity_by_level",
    default={"low": "low", "medium": "medium", "high": "high", "very_high": "high"},
    unit=_("supervision intensity per risk level"),
    source=_("Service practice (intensity follows risk)"),
    description=_("The supervision intensity suggested for each assessed risk level; the officer confirms it."),
    confirmed=False,
))
PROGRAMME_LEVELS = register(Policy(
    key="risk.programme_levels", default=["medium", "high", "very_high"], unit=_("risk levels"),
    source=_("Service practice (programmes for medium- and high-risk clients)"),
    description=_("Clients assessed at these levels are flagged as eligible for a probation programme."),
    confirmed=False,
))
CODE_VALID_HOURS = register(Policy(
    key="risk.etesting_code_valid_hours", default=72, unit=_("hours"),
    source=_("Service practice (default)"),
    description=_("A one-time e-testing code expires this many hours after it was issued."),
    confirmed=False,
))
CODE_MAX_ATTEMPTS = register(Policy(
    key="risk.etesting_code_max_attempts", default=5, unit=_("wrong tries"),
    source=_("Service practice (default)"),
    description=_("After this many wrong codes for one questionnaire the questionnaire is locked; the officer "
                  "issues a new code."),
    confirmed=False,
))
ADDRESS_MAX_ATTEMPTS = register(Policy(
    key="risk.etesting_address_max_attempts_per_hour", default=20, unit=_("wrong codes an hour"),
    source=_("Service practice (default)"),
    description=_("One network address may type at most this many unknown codes an hour on the public page."),
    confirmed=False,
))
