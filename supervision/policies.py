"""Limits and settings of supervision, as data with their legal source (workflows.md §3).

The allowed term of each supervision kind is a row of :data:`PERIOD_RULES`; its bounds are
policies so that a jurisdiction can configure them, and every error names the rule's article.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.policies import Policy, register

REGISTRATION_DEADLINE = register(Policy(
    key="supervision.registration_deadline_working_days",
    minimum=1,
    maximum=60,
    default=10,
    unit=_("working days"),
    source=_("SIK 155; MK 107 p.5"),
    description=_("A supervision client is registered within this many working days of the ruling taking effect."),
))

CLOSING_DEADLINE = register(Policy(
    key="supervision.closing_deadline_working_days",
    minimum=1,
    maximum=60,
    default=5,
    unit=_("working days"),
    source=_("Service practice (default)"),
    description=_("A supervision section is closed within this many working days after its term ends."),
    confirmed=False,
))

CONTACT_FREQUENCY = register(Policy(
    key="supervision.contacts_per_month",
    minimum=1,
    maximum=31,
    keys=(("low", _("low intensity")), ("medium", _("medium intensity")), ("high", _("high intensity"))),
    default={"low": 1, "medium": 2, "high": 3},
    unit=_("contacts a month per intensity"),
    source=_("Service practice (high risk about 3 contacts a month)"),
    description=_("How many attended contacts a month each supervision intensity needs; a client with no "
                  "attended contact within 30 days divided by this number is flagged overdue."),
    confirmed=False,
))

WARNINGS_BEFORE_SUBMISSION = register(Policy(
    key="supervision.warnings_before_submission",
    minimum=1,
    maximum=10,
    default=2,
    unit=_("warnings"),
    source=_("SIK 155; service practice (the number is configurable)"),
    description=_("After this many written warnings a submission to the court or prosecutor is due."),
    confirmed=False,
))

CONVERSION_DAYS = register(Policy(
    key="supervision.conversion_supervision_days_per_prison_day",
    default=2,
    unit=_("supervision days per day of imprisonment"),
    source=_("KL 45¹ (2 days of probation supervision = 1 day of imprisonment)"),
    description=_("Unserved probation supervision is converted to imprisonment at this many days per day."),
    configurable=False,
))

CONVERSION_ROUNDING = register(Policy(
    key="supervision.conversion_rounding",
    default="down",
    choices=("down", "up"),
    source=_("Not settled in the law text used here (default: a remaining odd day is not converted)"),
    description=_("How an odd remaining supervision day is treated in the conversion."),
    confirmed=False,
))

ABSENCE_PERMISSION_DAYS = register(Policy(
    key="supervision.absence_permission_over_days",
    minimum=1,
    maximum=365,
    default=15,
    unit=_("days"),
    source=_("SIK 155"),
    description=_("A client asks the service's permission for an absence longer than this many days."),
))

PLAN_REVIEW_MONTHS = register(Policy(
    key="supervision.plan_review_months",
    minimum=1,
    maximum=24,
    default=3,
    unit=_("months"),
    source=_("Service practice (default; not confirmed against MK 107)"),
    description=_("A supervision plan is reviewed this many months after it was last agreed or changed."),
    confirmed=False,
))


def _months(key: str, default: int, source: str | Promise, what: str | Promise) -> Policy:
    return register(Policy(key=key, default=default, unit=_("months"), source=source, description=what,
                           minimum=1, maximum=120))


@dataclass(frozen=True)
class PeriodRule:
    """The allowed term of one supervision kind. ``min_policy``/``max_policy`` hold months;
    ``remaining_sentence`` means the term is the unserved rest of the sentence (parole)."""

    kind: str
    article: str
    min_policy: str = ""
    max_policy: str = ""
    extended_max_policy: str = ""  # the longer maximum where the law allows it
    at_least_prison_term: bool = False
    prosecutor_fraction_max: bool = False  # a prosecutor may set at most half of the maximum
    remaining_sentence: bool = False


_months("supervision.period.conditional_release.min_months", 3, _("KL 58¹"), _("Shortest conditional release term."))
_months("supervision.period.conditional_release.max_months", 18, _("KL 58¹"), _("Longest conditional release term."))
_months("supervision.period.conditional_sentence.min_months", 6, _("KL 55(3)"),
        _("Shortest probation period of a conditional sentence."))
_months("supervision.period.conditional_sentence.max_months", 60, _("KL 55(3)"),
        _("Longest probation period of a conditional sentence."))
_months("supervision.period.probation_supervision.min_months", 12, _("KL 45¹"),
        _("Shortest probation supervision term."))
_months("supervision.period.probation_supervision.max_months", 36, _("KL 45¹"),
        _("Longest ordinary probation supervision term."))
_months("supervision.period.probation_supervision.extended_max_months", 60, _("KL 45¹"),
        _("Longest probation supervision term where the law allows the longer term."))
register(Policy(
    key="supervision.period.observation.min_months", default=6, unit=_("months"),
    source=_("MK 815 (children's probation observation; confirm against the current text)"),
    description=_("Shortest probation observation term for a child."), confirmed=False,
    minimum=1, maximum=120,
))
register(Policy(
    key="supervision.period.observation.max_months", default=24, unit=_("months"),
    source=_("MK 815 (children's probation observation; confirm against the current text)"),
    description=_("Longest probation observation term for a child."), confirmed=False,
    minimum=1, maximum=120,
))

PERIOD_RULES: dict[str, PeriodRule] = {
    r.kind: r for r in [
        PeriodRule("supervision_conditional_release", "KL 58¹",
                   "supervision.period.conditional_release.min_months",
                   "supervision.period.conditional_release.max_months"),
        PeriodRule("supervision_conditional_sentence", "KL 55(3)",
                   "supervision.period.conditional_sentence.min_months",
                   "supervision.period.conditional_sentence.max_months", at_least_prison_term=True),
        PeriodRule("supervision_parole", "KL 61", remaining_sentence=True),
        PeriodRule("supervision_parole_em", "KL 61", remaining_sentence=True),
        PeriodRule("probation_supervision", "KL 45¹",
                   "supervision.period.probation_supervision.min_months",
                   "supervision.period.probation_supervision.max_months",
                   extended_max_policy="supervision.period.probation_supervision.extended_max_months",
                   prosecutor_fraction_max=True),
        PeriodRule("probation_observation", "MK 815",
                   "supervision.period.observation.min_months", "supervision.period.observation.max_months"),
    ]
}

SUPERVISION_KINDS: tuple[str, ...] = tuple(PERIOD_RULES)

EXTENSION_MAX_MONTHS = register(Policy(
    key="supervision.extension_max_months",
    minimum=1,
    maximum=60,
    default=12,
    unit=_("months"),
    source=_("KL 55 (probation period extended by at most one year)"),
    description=_("The longest extension of a conditional sentence's probation period a court may order."),
))

CONTACT_OVERDUE_DEADLINE = register(Policy(
    key="supervision.contact_overdue_task_working_days",
    minimum=1,
    maximum=60,
    default=2,
    unit=_("working days"),
    source=_("Service practice (default)"),
    description=_("When the nightly scan finds a supervision client without a timely contact, the officer gets a "
                  "task to make contact within this many working days."),
    confirmed=False,
))
