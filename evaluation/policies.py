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

DEFAULT_DEADLINE_WORKING_DAYS = register(Policy(
    key="evaluation.default_deadline_working_days",
    default=20,
    unit=_("working days"),
    source=_("Service practice (the requester sets the deadline; the legal default was not "
             "confirmed)"),
    description=_("The delivery deadline of an evaluation report when the request names none, counted in "
                  "working days from the day the request was received."),
    confirmed=False,
))

INVITE_WORKING_DAYS = register(Policy(
    key="evaluation.invite_working_days",
    default=3,
    unit=_("working days"),
    source=_("Service practice (to be confirmed)"),
    description=_("The client is invited to appear within this many working days after the request is "
                  "registered."),
    confirmed=False,
))

VICTIM_CONTACT_WORKING_DAYS = register(Policy(
    key="evaluation.victim_contact_working_days",
    default=3,
    unit=_("working days"),
    source=_("MK 271 (the victim is invited within about 3 working days)"),
    description=_("The victim is contacted within this many working days after the request is registered, "
                  "unless the requester said a victim meeting is undesirable."),
    confirmed=False,
))

REVIEW_WORKING_DAYS = register(Policy(
    key="evaluation.review_working_days",
    default=2,
    unit=_("working days"),
    source=_("Service practice (to be confirmed)"),
    description=_("A senior officer reviews a submitted draft within this many working days."),
    confirmed=False,
))

DUE_SOON_WORKING_DAYS = register(Policy(
    key="evaluation.due_soon_working_days",
    default=3,
    unit=_("working days"),
    source=_("Service practice"),
    description=_("The work lists mark a report due within this many working days as due soon."),
    confirmed=False,
))
