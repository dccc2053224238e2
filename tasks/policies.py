"""Limits and settings of the management module, as data with their source."""

from django.utils.translation import gettext_lazy as _

from core.policies import Policy, register

REMINDER_WORKING_DAYS = register(Policy(
    key="tasks.reminder_working_days",
    default=2,
    unit=_("working days"),
    source=_("Service practice (default)"),
    description=_("An assignee is reminded of an open task this many working days before it is due."),
    confirmed=False,
))

WORKLOAD_WEIGHTS = register(Policy(
    key="tasks.workload_weights",
    default={
        "evaluation": 1.0,
        "supervision_conditional_release": 1.0,
        "supervision_conditional_sentence": 1.0,
        "supervision_parole": 1.25,
        "supervision_parole_em": 1.5,
        "probation_supervision": 1.5,
        "probation_observation": 1.5,
        "community_service": 0.5,
        "community_work_child": 0.75,
        "mediation": 0.75,
        "programme": 0.5,
        "electronic_monitoring": 1.0,
    },
    unit=_("weight per open section"),
    source=_("Service practice (default)"),
    description=_("Weight of one open section of each function in an officer's workload; "
                  "functions not listed weigh 1."),
    confirmed=False,
))
