"""Limits and settings of electronic monitoring, as data with their legal source
(docs/electronic-monitoring.md; workflows.md §7).

The KL 61 fractions are the law (not configurable); the technical thresholds (grace, reporting
interval, clock skew, escalation, retention) are the service's choice and configurable.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.policies import Policy, register

EM_KIND = "electronic_monitoring"

MIN_MONTHS = register(Policy(
    key="monitoring.min_months", default=1, unit=_("months"), source=_("KL 61 (2017 text)"),
    description=_("Electronic monitoring on parole lasts at least this many months from fitting the device."),
    configurable=False,
))
MAX_MONTHS = register(Policy(
    key="monitoring.max_months", default=12, unit=_("months"), source=_("KL 61 (2017 text)"),
    description=_("Electronic monitoring on parole lasts at most this many months from fitting the device."),
    configurable=False,
))
# Earliest release (fraction of the sentence) with EM and with ordinary parole, by crime category.
ELIGIBILITY_FRACTIONS = register(Policy(
    key="monitoring.eligibility_fractions",
    default={
        "less_serious": {"em": [1, 3], "parole": [1, 2]},
        "serious": {"em": [1, 2], "parole": [2, 3]},
        "especially_serious": {"em": [2, 3], "parole": [3, 4]},
        "life": {"em_years": 24, "parole_years": 25},
    },
    unit=_("fractions of the sentence"),
    source=_("KL 61 (2017 text)"),
    description=_("Earliest release with electronic monitoring and with ordinary parole: less serious crime 1/3 "
                  "and 1/2; serious crime or a relevant record 1/2 and 2/3; especially serious 2/3 and 3/4; "
                  "life sentence 24 and 25 years."),
    configurable=False,
))
FOLLOWUP_KIND = register(Policy(
    key="monitoring.followup_section_kind", default="supervision_parole", source=_("KL 61 (2017 text)"),
    description=_("The section opened when electronic monitoring ends and ordinary parole supervision follows."),
))
GRACE_MINUTES = register(Policy(
    key="monitoring.grace_minutes", default=10, unit=_("minutes"), source=_("Service practice (default)"),
    description=_("An absence shorter than this (at the start of, or during, a curfew) is not a violation."),
    confirmed=False,
))
REPORTING_SECONDS = register(Policy(
    key="monitoring.reporting_interval_seconds", default=60, unit=_("seconds"),
    source=_("Device protocol (docs/electronic-monitoring.md)"),
    description=_("A base station or GPS unit reports at least this often (a heartbeat when nothing happens)."),
    confirmed=False,
))
BUFFER_SECONDS = register(Policy(
    key="monitoring.reporting_buffer_seconds", default=120, unit=_("seconds"), source=_("Service practice (default)"),
    description=_("No message for the reporting interval plus this buffer is a communication failure; "
                  "the time without messages is 'no data', never compliant."),
    confirmed=False,
))
SKEW_SECONDS = register(Policy(
    key="monitoring.clock_skew_seconds", default=300, unit=_("seconds"), source=_("NIJ Standard-1004.00 (default)"),
    description=_("A device clock this far from the server's is flagged (the message is kept)."),
))
ESCALATE_MINUTES = register(Policy(
    key="monitoring.escalate_after_minutes", default=5, unit=_("minutes"), source=_("Service practice (default)"),
    description=_("An alert nobody acknowledged within this time escalates to the centre's supervisor."),
    confirmed=False,
))
ESCALATE_SECONDARY_MINUTES = register(Policy(
    key="monitoring.escalate_secondary_after_minutes", default=15, unit=_("minutes"),
    source=_("Service practice (default)"),
    description=_("An alert still unacknowledged after this time escalates to the secondary contacts "
                  "(the client's officer and the head of the unit)."),
    confirmed=False,
))
GROUP_HOURS = register(Policy(
    key="monitoring.group_window_hours", default=24, unit=_("hours"), source=_("Service practice (default)"),
    description=_("A new violation of the same kind for the same client joins the open alert of that kind "
                  "raised within this many hours instead of raising another."),
    confirmed=False,
))
CURFEW_DAY_MIN = register(Policy(
    key="monitoring.curfew_min_hours_per_day", default=2, unit=_("hours"),
    source=_("Set by the service (England and Wales: 2 hours)"),
    description=_("A day with a curfew has at least this many curfew hours."), confirmed=False,
))
CURFEW_DAY_MAX = register(Policy(
    key="monitoring.curfew_max_hours_per_day", default=20, unit=_("hours"),
    source=_("Set by the service (England and Wales: 20 hours)"),
    description=_("A day has at most this many curfew hours."), confirmed=False,
))
CURFEW_WEEK_MAX = register(Policy(
    key="monitoring.curfew_max_hours_per_week", default=112, unit=_("hours"),
    source=_("Set by the service (England and Wales: 112 hours in 7 days)"),
    description=_("Seven days have at most this many curfew hours."), confirmed=False,
))
INSTALL_DEADLINE = register(Policy(
    key="monitoring.install_deadline_working_days", default=1, unit=_("working days"),
    source=_("Service practice (default)"),
    description=_("The device is installed within this many working days of the monitoring being planned."),
    confirmed=False,
))
CHECK_DEADLINE = register(Policy(
    key="monitoring.check_deadline_working_days", default=2, unit=_("working days"),
    source=_("Service practice (default)"),
    description=_("A device check visit is made within this many working days of being asked for."),
    confirmed=False,
))
REMOVAL_DEADLINE = register(Policy(
    key="monitoring.removal_deadline_working_days", default=1, unit=_("working days"),
    source=_("Service practice (default)"),
    description=_("The device is removed within this many working days of the end of monitoring."),
    confirmed=False,
))
REVIEW_DEADLINE = register(Policy(
    key="monitoring.review_deadline_working_days", default=1, unit=_("working days"),
    source=_("Service practice (default)"),
    description=_("The client's officer reviews an EM alert within this many working days."),
    confirmed=False,
))
RETENTION_DAYS = register(Policy(
    key="monitoring.retention_days", default=1095, unit=_("days"),
    source=_("Set by the service (personal data kept no longer than needed)"),
    description=_("EM events (locations, device messages) older than this are deleted by the retention job; "
                  "violations and alerts stay with the case file."),
    confirmed=False,
))
PARTITIONS_AHEAD = register(Policy(
    key="monitoring.partitions_ahead_months", default=3, unit=_("months"),
    source=_("Operations (docs/electronic-monitoring.md)"),
    description=_("The partition job keeps this many monthly partitions of the EM event table ready ahead."),
    confirmed=False,
))
