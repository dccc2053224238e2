"""Who may do what with a mediation, in one place.

* ``access_mediation(user, id, *perms)``: the mediation if the user holds one of ``perms`` over it (by
  scope: unit, region, national, or "own" = the responsible officer or the assigned mediator), else 404.
* ``victims_visible(user, mediation)``: victim data (class "victim") is shown to the assigned officer,
  the assigned mediator (also a volunteer), and holders of a role that may see victim data and coordinates
  mediations or audits; everyone else who can see the mediation (a colleague standing in, the offender's
  supervising officer) sees "Victim 1" instead. Each showing is logged (``core.audit.log_sensitive_read``).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from core import audit, sensitivity
from core.access import has_perm, principal
from core.permissions import AUDIT_VIEW
from mediation.models import Mediation, Mediator

VIEW = "mediation.view"
MANAGE = "mediation.manage"
CONDUCT = "mediation.conduct"
COORDINATE = "mediation.coordinate"


def visible(user: Any, *perms: str) -> Any:
    """Mediations the user holds any of ``perms`` over."""
    qs = Mediation.objects.none()
    for perm in perms:
        qs = qs | Mediation.objects.visible_to(user, perm)
    return qs


def access_mediation(user: Any, mediation_id: int, *perms: str) -> Mediation:
    perms = perms or (VIEW,)
    if not any(has_perm(user, p) for p in perms):
        raise Http404
    mediation = (visible(user, *perms).filter(pk=mediation_id)
                 .select_related("unit", "responsible_officer", "mediator", "offender", "section", "section__case")
                 .first())
    if mediation is None:
        raise Http404
    return mediation


def may(user: Any, perm: str, mediation: Mediation) -> bool:
    return has_perm(user, perm) and Mediation.objects.visible_to(user, perm).filter(pk=mediation.pk).exists()


def may_work(user: Any, mediation: Mediation) -> bool:
    """May plan meetings and record the outcome: the officers managing it, or its assigned mediator."""
    return mediation.is_open and (may(user, MANAGE, mediation) or may(user, CONDUCT, mediation))


def is_assigned_mediator(user: Any, mediation: Mediation) -> bool:
    return bool(mediation.mediator_id and mediation.mediator and mediation.mediator.user_id
                and mediation.mediator.user_id == getattr(user, "pk", None))


def victims_visible(user: Any, mediation: Mediation) -> bool:
    uid = getattr(user, "pk", None)
    if uid is None:
        return False
    if is_assigned_mediator(user, mediation):
        return True
    if not sensitivity.can_see(user, sensitivity.Sensitivity.VICTIM):
        return False
    if mediation.responsible_officer_id == uid:
        return True
    p = principal(user)
    return (p.can(COORDINATE) and may(user, COORDINATE, mediation)) or p.can(AUDIT_VIEW)


def log_victim_reads(user: Any, victims: list[Any], purpose: str) -> None:
    for victim in victims:
        audit.log_sensitive_read(user=user, sensitivity=sensitivity.Sensitivity.VICTIM, instance=victim,
                                 purpose=purpose)


def mediators_for(user: Any) -> Any:
    return Mediator.objects.visible_to(user, COORDINATE)
