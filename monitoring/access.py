"""EM's permissions and its access chokepoints (missing and forbidden both give 404)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from cases.models import Section
from cases.selectors import access_section
from core.access import has_perm
from monitoring.policies import EM_KIND

VIEW = "monitoring.view"  # a client's EM page (officers in their scope, the centre, auditors)
OPERATE = "monitoring.operate"  # the centre's queue: acknowledge, note, escalate, clear, close
MANAGE = "monitoring.manage"  # EM terms, schedules, zones, device assignments, visits
DEVICES = "monitoring.devices"  # the device inventory and gateways
REVIEW = "monitoring.review"  # the officer's review of an alert and the response
EXPORT = "monitoring.export"  # a client's whole EM history


def em_section(user: Any, section_id: int, perm: str = VIEW, case_id: int | None = None) -> Section:
    return access_section(user, section_id, perm, kinds=(EM_KIND,), case_id=case_id)


def alert_of(user: Any, alert_id: int, perm: str = OPERATE) -> Any:
    from monitoring.models import Alert

    if not has_perm(user, perm):
        raise Http404
    alert = (Alert.objects.visible_to(user, perm)
             .select_related("section", "section__case", "section__case__person", "acknowledged_by", "closed_by",
                             "reviewed_by").filter(pk=alert_id).first())
    if alert is None:
        raise Http404
    return alert


def may(user: Any, perm: str, section: Section) -> bool:
    return has_perm(user, perm) and Section.objects.visible_to(user, perm).filter(pk=section.pk).exists()
