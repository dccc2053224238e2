from django.utils.translation import gettext_lazy as _

from core.policies import Policy, register

EVALUATION_INVITATION_MAX_DAYS = register(Policy(
    key="documents.evaluation_invitation_max_days",
    default=10,
    unit=_("days"),
    source=_("Cabinet Regulation No. 271 (MK 271), p. 13: the appearance date is no later than 10 days "
             "after the invitation is sent (workflows.md §2)"),
    description=_("For an evaluation report, the client is invited to appear at most this many days after "
                  "the invitation is sent."),
))
