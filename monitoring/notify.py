"""Telling the client's officer: each new alert gives the officer a review task (tasks.services)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cases.models import Section
from monitoring.rules import REVIEW
from tasks.services import NewTask, tasks_create_many


def officer_review_task(alert: Any) -> None:
    officer_review_tasks([alert])


def officer_review_tasks(alerts: Sequence[Any]) -> None:
    """A review task for each new alert, all in one ``tasks_create_many`` (one query for the sections)."""
    sections = Section.objects.select_related("case").in_bulk({a.section_id for a in alerts})
    items = []
    for alert in alerts:
        section = sections[alert.section_id]
        officer_id = section.responsible_officer_id or section.case.responsible_officer_id
        items.append(NewTask(unit_id=section.case.responsible_unit_id, case_id=section.case_id, section_id=section.pk,
                             assignee_id=officer_id, description=f"alert:{alert.pk}"))
    if items:
        tasks_create_many(actor=None, rule_code=REVIEW, items=items)
