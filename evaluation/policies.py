"""Limits of the evaluation-report work, as data with their legal source (workflows.md §2)."""

from django.utils.translation import gettext_lazy as _

from core.policies import Policy, register

INVITATION_MAX_DAYS = register(Policy(
    key="evaluation.invitation_max_days",
    default=10,
    unit=_("days"),
    source=_("Cabinet Regulation No. 271 (MK 271), p. 13: the appearance date is no later than 10 days "
             "after the invitation is sent"),
    description=_("For an evaluation report, the client is invited to appear at most this many days after "
                  "the invitation is sent."),
))
