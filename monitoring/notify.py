"""Telling the client's officer: each new alert gives the officer a review task (tasks.services)."""

from __future__ import annotations

from typing import Any

from cases.models import Section
from monitoring.rules import REVIEW
from tasks.services import NewTask, tasks_create_many


def officer_review_task(alert: Any) -> None:
    section = Section.objects.select_related("case").get(pk=alert.section_id)
    officer_id = section.responsible_officer_id or section.case.responsible_officer_id
    tasks_create_many(actor=None, rule_code=REVIEW, items=[NewTask(
        unit_id=section.case.responsible_unit_id, case_id=section.case_id, section_id=section.pk,
        assignee_id=officer_id, description=f"alert:{alert.pk}")])
