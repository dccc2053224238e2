"""Community-service rules as data, each with its legal source (workflows.md §4).

Limits the law fixes are ``configurable=False``; values the service chooses, or that were not
confirmed against the current text, are ``confirmed=False`` defaults an administrator may change.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.policies import Policy, register

# --- Ordered hours by the kind of order -----------------------------------------------------------

HOURS_COURT_SENTENCE = register(Policy(
    key="community.hours.court_sentence",
    minimum=1,
    maximum=1000,
    default=[40, 280],
    unit=_("hours (minimum, maximum)"),
    source=_("Criminal Law (KL) Art. 40(1)"),
    description=_("Community service imposed by a court as the basic sentence: minimum and maximum hours."),
))

HOURS_PENAL_ORDER = register(Policy(
    key="community.hours.penal_order",
    minimum=1,
    maximum=1000,
    default=[40, 140],
    unit=_("hours (minimum, maximum)"),
    source=_("Criminal Procedure Law (KPL) Art. 420(2) with KL Art. 40(1)"),
    description=_("Community service in a prosecutor's penal order: minimum and maximum hours."),
    confirmed=False,
))

HOURS_ADDITIONAL_PENALTY = register(Policy(
    key="community.hours.additional_penalty",
    minimum=1,
    maximum=1000,
    default=[40, 100],
    unit=_("hours (minimum, maximum)"),
    source=_("Criminal Law (KL) Art. 40(2) (additional penalty to a conditional sentence)"),
    description=_("Community service as an additional penalty: minimum and maximum hours."),
))

HOURS_CHILD_MEASURE = register(Policy(
    key="community.hours.child_measure",
    minimum=1,
    maximum=1000,
    default=[10, 40],
    unit=_("hours (minimum, maximum)"),
    source=_("Law on the Application of Compulsory Measures of a Correctional Nature to Children, Art. 6(2)¹ "
             "(to be confirmed against the current text)"),
    description=_("Community work as an educational coercive measure for a child: minimum and maximum hours."),
    confirmed=False,
))

CHILD_MIN_AGE = register(Policy(
    key="community.child_min_age",
    minimum=7,
    maximum=18,
    default=11,
    unit=_("years"),
    source=_("Law on the Application of Compulsory Measures of a Correctional Nature to Children, Art. 6 "
             "(to be confirmed against the current text)"),
    description=_("A child must be at least this old at the offence for community work to be ordered."),
    confirmed=False,
))

# The policy holding the hours limits of each kind of order.
HOURS_POLICY_FOR_ORDER_TYPE = {
    "court_sentence": HOURS_COURT_SENTENCE.key,
    "penal_order": HOURS_PENAL_ORDER.key,
    "additional_penalty": HOURS_ADDITIONAL_PENALTY.key,
    "child_measure": HOURS_CHILD_MEASURE.key,
}

# --- Registration deadlines (working days) ---------------------------------------------------------

REGISTER_AFTER_RULING = register(Policy(
    key="community.register_after_ruling_working_days",
    minimum=1,
    maximum=60,
    default=10,
    unit=_("working days"),
    source=_("Sentence Execution Code (SIK) Art. 133"),
    description=_("The client is registered for community service within this many working days of the "
                  "ruling taking effect."),
))

REGISTER_AFTER_RELEASE = register(Policy(
    key="community.register_after_release_working_days",
    minimum=1,
    maximum=60,
    default=10,
    unit=_("working days"),
    source=_("Sentence Execution Code (SIK) Art. 133"),
    description=_("The client is registered within this many working days of release from prison."),
))

REGISTER_AFTER_PAROLE = register(Policy(
    key="community.register_after_parole_working_days",
    minimum=1,
    maximum=60,
    default=3,
    unit=_("working days"),
    source=_("Sentence Execution Code (SIK) Art. 133"),
    description=_("The client is registered within this many working days of conditional early release "
                  "(parole)."),
))

# --- Execution ---------------------------------------------------------------------------------------

DAILY_CAP = register(Policy(
    key="community.daily_hours_cap",
    minimum=1,
    maximum=24,
    default=8,
    unit=_("hours per day"),
    source=_("Cabinet Regulation No. 119 on community service (service default; to be confirmed)"),
    description=_("A client may not be credited with more hours than this on one day."),
    confirmed=False,
))

MONTHLY_MINIMUM = register(Policy(
    key="community.monthly_minimum_hours",
    minimum=0,
    maximum=200,
    default=10,
    unit=_("hours per month"),
    source=_("Service practice (default; to be confirmed)"),
    description=_("The pace expected of a client: at least this many hours each full month after the first "
                  "work order."),
    confirmed=False,
))

CONVERSION_HOURS_PER_DAY = register(Policy(
    key="community.conversion_hours_per_day",
    default=4,
    unit=_("hours per day of deprivation of liberty"),
    source=_("Criminal Law (KL) Art. 40(5)"),
    description=_("On evasion the court replaces the remaining hours with short-term deprivation of liberty: "
                  "this many hours count as one day."),
    configurable=False,
))

CONVERSION_MAX_DAYS = register(Policy(
    key="community.conversion_max_days",
    minimum=1,
    maximum=365,
    default=90,
    unit=_("days"),
    source=_("Criminal Law (KL) Art. 40(5) and Art. 39 (at most three months; counted here as 90 days)"),
    description=_("The converted deprivation of liberty is at most this long."),
    confirmed=False,
))

CONVERSION_ROUNDING = register(Policy(
    key="community.conversion_rounding",
    default="down",
    unit=_("rounding of a remainder of fewer hours than one day"),
    source=_("Not stated in KL Art. 40(5); default in the convicted person's favour (a remainder is not "
             "counted), to be confirmed"),
    description=_("How a remainder of fewer hours than make one day is treated: 'down' drops it, 'up' "
                  "counts it as a whole day."),
    confirmed=False,
    choices=("down", "up"),
))

EARLY_RELEASE_MIN_ORDERED = register(Policy(
    key="community.early_release_min_ordered_hours",
    minimum=0,
    maximum=1000,
    default=80,
    unit=_("hours"),
    source=_("Criminal Law (KL) Art. 40(4)"),
    description=_("Early release may be proposed only where at least this many hours were ordered."),
))

EARLY_RELEASE_SHARE = register(Policy(
    key="community.early_release_min_share_served",
    minimum=0,
    maximum=1,
    default=0.5,
    unit=_("share of ordered hours"),
    source=_("Criminal Law (KL) Art. 40(4)"),
    description=_("Early release may be proposed once at least this share of the ordered hours is served."),
))

LIMITATION_YEARS = register(Policy(
    key="community.limitation_years",
    default=2,
    unit=_("years"),
    source=_("Criminal Law (KL) Art. 62(1)(1)"),
    description=_("Community service can no longer be enforced this many years after the ruling took effect."),
    configurable=False,
))

LIMITATION_WARNING_DAYS = register(Policy(
    key="community.limitation_warning_days",
    minimum=1,
    maximum=730,
    default=90,
    unit=_("days"),
    source=_("Service practice (default)"),
    description=_("The enforcement limit is flagged this many days before it passes."),
    confirmed=False,
))

LIMITATION_TASK_WORKING_DAYS = register(Policy(
    key="community.limitation_task_working_days",
    minimum=1,
    maximum=60,
    default=10,
    unit=_("working days"),
    source=_("Service practice (default)"),
    description=_("When the enforcement limit comes within the warning period, the officer gets a task to act on "
                  "it, due this many working days later."),
    confirmed=False,
))

COURT_DECISION_WAIT_WORKING_DAYS = register(Policy(
    key="community.court_decision_wait_working_days",
    minimum=1,
    maximum=250,
    default=20,
    unit=_("working days"),
    source=_("Service practice (default); no time limit for the court's decision found in the sources "
             "(to be confirmed)"),
    description=_("How long the officer waits for the court's decision on a community-service submission before "
                  "the follow-up task is due."),
    confirmed=False,
))

# --- Value of the work -------------------------------------------------------------------------------

MINIMUM_WAGE = register(Policy(
    key="community.minimum_monthly_wage",
    minimum=1,
    maximum=100000,
    key_pattern=r"^(19|20)[0-9]{2}$",
    default={"2023": "620", "2024": "700", "2025": "740", "2026": "780"},
    unit=_("EUR per month, by year"),
    source=_("Cabinet Regulation No. 656 of 24.11.2015 on the minimum monthly wage, as amended "
             "(2024: 700 EUR per seed 003; other years to be confirmed)"),
    description=_("The monthly minimum wage of each year, used to value community-service hours."),
    confirmed=False,
))

# Which years of the wage table were checked against a source (the rest are to be confirmed).
MINIMUM_WAGE_CONFIRMED_YEARS = frozenset({"2024"})

NORMAL_HOURS_PER_DAY = register(Policy(
    key="community.normal_hours_per_day",
    default=8,
    unit=_("hours"),
    source=_("Labour Law Art. 131 (40-hour, 5-day week); Ministry of Welfare method for the monthly "
             "minimum hourly rate"),
    description=_("Normal working hours of one day of a 5-day, 40-hour week."),
    configurable=False,
))
