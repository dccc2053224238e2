"""Mediation's rules as data, each with its source (workflows.md §5).

Deadlines the law does not fix are ``confirmed=False`` defaults the service chose; an administrator may
change them on the policies page.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.policies import Policy, register

PRIOR_SETTLEMENT_MONTHS = register(Policy(
    key="mediation.prior_settlement_months",
    default=12,
    unit=_("months"),
    source=_("Criminal Law (KL) Art. 58(2)"),
    description=_("Release from criminal liability on a settlement is not possible when the person was already "
                  "released on a settlement for an intentional offence within this many months: the mediation "
                  "page warns about such a case."),
    configurable=False,
))

MAJORITY_AGE = register(Policy(
    key="mediation.majority_age",
    default=18,
    unit=_("years"),
    source=_("Civil Law Art. 219; Criminal Procedure Law (KPL) Art. 381(2) (minor offenders)"),
    description=_("A party younger than this is a minor: a minor victim takes part through a legal "
                  "representative; a juvenile conference is held only for a minor offender."),
    configurable=False,
))

CONTACT_PARTIES_DAYS = register(Policy(
    key="mediation.contact_parties_working_days",
    default=5,
    unit=_("working days"),
    source=_("Service practice (MK 347); a default, not fixed by law"),
    description=_("After a mediation is registered, the parties are contacted (invited) within this many "
                  "working days: a task for the responsible officer."),
    confirmed=False,
))

REPORT_RESULT_DAYS = register(Policy(
    key="mediation.report_result_working_days",
    default=3,
    unit=_("working days"),
    source=_("Criminal Procedure Law (KPL) Art. 381; service practice; a default"),
    description=_("After the mediation ends (settlement or none), its result is reported to the process "
                  "director within this many working days: a task for the responsible officer."),
    confirmed=False,
))

TERM_CHECK_DAYS = register(Policy(
    key="mediation.term_check_working_days",
    default=2,
    unit=_("working days"),
    source=_("Service practice; a default"),
    description=_("Whether a term of the settlement was fulfilled is checked within this many working days "
                  "after its deadline: a task for the responsible officer."),
    confirmed=False,
))

MAX_TERM_MONTHS = register(Policy(
    key="mediation.max_term_months",
    default=24,
    unit=_("months"),
    source=_("Service practice; a default (a settlement's terms are meant to be fulfilled within the process)"),
    description=_("A term of a settlement may not be due later than this many months after signing."),
    confirmed=False,
))
