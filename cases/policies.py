from django.utils.translation import gettext_lazy as _

from core.policies import Policy, register

CASE_OPENING_DEADLINE = register(Policy(
    key="cases.opening_deadline_working_days",
    minimum=1,
    maximum=60,
    default=2,
    unit=_("working days"),
    source=_("VPD Law; Cabinet rules on probation client case files"),
    description=_("A case file is opened within this many working days of the document that triggers it."),
))

REGISTRATION_NUMBER_FORMAT = register(Policy(
    key="cases.registration_number_format",
    default="{year}-{seq:06d}",
    source=_("Service practice (not a legal rule); the number never changes once given"),
    description=_("Format of a new case's registration number."),
    confirmed=False,
))
