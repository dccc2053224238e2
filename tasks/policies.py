"""Limits and settings of the management module, as data with their source."""

from django.utils.translation import gettext_lazy as _

from core.policies import Policy, register


def _section_kinds() -> list[tuple[str, object]]:
    from cases.kinds import kind_choices

    return list(kind_choices())


REMINDER_WORKING_DAYS = register(Policy(
    key="tasks.reminder_working_days",
    default=2,
    unit=_("working days"),
    minimum=0,
    maximum=30,
    source=_("Service practice (default)"),
    description=_("An assignee is reminded of an open task this many working days before it is due."),
    confirmed=False,
))

WORKLOAD_WEIGHTS = register(Policy(
    key="tasks.workload_weights",
    default={},
    unit=_("weight per open section"),
    keys=_section_kinds,
    partial=True,
    minimum=0,
    maximum=100,
    source=_("Service practice (default)"),
    description=_("Weights of one open section of a kind in an officer's workload, where the service sets "
                  "its own; kinds not listed weigh what their function declares."),
    confirmed=False,
))
