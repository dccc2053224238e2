"""Mediation's one registration with the function seam (``cases.functions``): its section kind, the
permissions it gives to roles, the victim fields of the sensitive class "victim", pages, API, navigation,
the landing pages of mediators and volunteer mediators, and its modules (policies, timeline events,
letters)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from cases.functions import Function, Landing, Nav, Permission, SensitiveField
from cases.kinds import SectionKind
from core.sensitivity import Sensitivity
from mediation.access import CONDUCT, COORDINATE, MANAGE, VIEW

APP = "mediation"

_VICTIM_FIELDS = ("first_name", "last_name", "personal_code", "birth_date", "phone", "email", "address",
                  "representative_name", "representative_contact", "statement")


def _is_a_mediator(user: Any) -> bool:
    from mediation.models import Mediator

    return Mediator.objects.filter(user_id=user.pk).exists()


FUNCTION = Function(
    app=APP,
    label=_("Mediation"),
    section_kinds=(
        SectionKind("mediation", _("Mediation"), _("Mediation"), APP, closing_reasons=("completed", "other"),
                    detail_app=APP, detail_url="mediation:section", workload_weight=0.75),
    ),
    permissions=(
        Permission(VIEW, _("See mediations"),
                   roles=(Role.OFFICER, Role.SENIOR_OFFICER, Role.UNIT_HEAD, Role.REGIONAL_HEAD, Role.MEDIATOR,
                          Role.VOLUNTEER, Role.AUDITOR)),
        Permission(MANAGE, _("Register mediations, record consent, outcome and fulfilment"),
                   roles=(Role.OFFICER, Role.SENIOR_OFFICER, Role.UNIT_HEAD)),
        Permission(CONDUCT, _("Conduct the mediations assigned to me"), roles=(Role.MEDIATOR, Role.VOLUNTEER)),
        Permission(COORDINATE, _("Coordinate mediation: the mediators' register and assignment"),
                   roles=(Role.SENIOR_OFFICER, Role.UNIT_HEAD)),
    ),
    sensitive_fields=tuple(SensitiveField("mediation.victim", f, Sensitivity.VICTIM) for f in _VICTIM_FIELDS),
    urls="mediation.urls",
    url_prefix="mediation/",
    api="mediation.api.router",
    navigation=(
        Nav("mediation:list", _("Mediation"), permission=MANAGE, order=40),
        Nav("mediation:mine", _("My mediations"), permission=CONDUCT, order=10),
        Nav("mediation:mediators", _("Mediators"), permission=COORDINATE, order=41),
    ),
    landing=(
        # A staff or volunteer mediator lands on the mediations assigned to them.
        Landing("mediation:mine", permission=CONDUCT, order=5, when=_is_a_mediator),
        Landing("mediation:mine", permission=CONDUCT, order=6),
    ),
    modules=("mediation.policies", "mediation.events", "mediation.letters"),
)
