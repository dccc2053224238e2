"""The nightly overdue scan: set-based, idempotent, the same rule as the caseload flag."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import CaseEvent
from cases.services import case_open, section_close, section_open
from core import registry
from core.models import ChangeLog
from people.services import person_create
from supervision import jobs, selectors, services
from supervision.jobs import overdue_sections, scan_overdue_contacts_now
from supervision.rules import CONTACT_OVERDUE
from supervision.tests.conftest import at
from tasks.models import Task

pytestmark = pytest.mark.django_db


def _more_clients(personas, n, start=0):
    for i in range(start, start + n):
        person = person_create(actor=personas.alice, personal_code="", first_name=f"Skenēts{i}", last_name="Tests",
                               birth_date=dt.date(1990, 1, 1), sex="M", declared_municipality="LV-RIX",
                               document_type="passport", document_number=f"SC{i:06d}")
        case = case_open(actor=personas.alice, person=person, responsible_officer=personas.alice)
        section = section_open(actor=personas.alice, case=case, kind="probation_supervision",
                               basis_type="court_ruling", basis_number=f"S{i}", basis_date=dt.date(2025, 9, 1),
                               basis_issuer="Tiesa", basis_in_force=dt.date(2025, 9, 12))
        services.supervision_register(actor=personas.alice, section=section, start_date=dt.date(2025, 9, 12),
                                      end_date=dt.date(2027, 9, 12), intensity="low")


def test_scan_creates_a_task_once_and_completes_it_after_a_contact(registered, personas):
    section = registered.section
    assert selectors.compliance(section, registered).overdue
    result = scan_overdue_contacts_now()
    assert result["overdue"] == 1 and result["tasks_created"] == 1
    task = Task.objects.get(kind=CONTACT_OVERDUE)
    assert task.section == section and task.is_open and task.assignee_id is not None
    assert task.due_date > timezone.localdate()
    assert ChangeLog.objects.filter(verb="task_create", object_id=str(task.pk)).exists()
    assert CaseEvent.objects.filter(type="task_created", section=section).exists()
    assert scan_overdue_contacts_now()["tasks_created"] == 0  # idempotent
    appointment = services.appointment_schedule(took_place=True, actor=personas.alice, section=section, officer=personas.alice,
                                                kind="office", starts_at=at(-1), duration_minutes=30, remind=False)
    services.appointment_record_outcome(actor=personas.alice, appointment=appointment, outcome="attended_complied",
                                        expected_version=appointment.version)
    assert not selectors.compliance(section, registered).overdue
    result = scan_overdue_contacts_now()
    assert result == {"overdue": 0, "tasks_created": 0, "tasks_completed": 1, "appointments_awaiting_outcome": 0}
    task.refresh_from_db()
    assert task.status == "done" and task.outcome == "contact made"


def test_scan_completes_the_task_of_a_closed_section_and_counts_missing_outcomes(registered, personas):
    section = registered.section
    services.appointment_schedule(took_place=True, actor=personas.alice, section=section, officer=personas.alice, kind="phone",
                                  starts_at=at(-2), duration_minutes=15, remind=False)
    assert scan_overdue_contacts_now()["appointments_awaiting_outcome"] == 1
    section.refresh_from_db()
    section_close(actor=personas.alice, section=section, reason="term_expired", expected_version=section.version)
    result = scan_overdue_contacts_now()
    assert result["overdue"] == 0 and result["tasks_completed"] == 1
    assert Task.objects.get(kind=CONTACT_OVERDUE).outcome == "closed"


def test_scan_agrees_with_the_caseload_flag(registered, personas):
    """The set-based query and selectors.contact_overdue are one rule: at the window's edge too."""
    _more_clients(personas, 1)
    today = timezone.localdate()
    for days_ago in (9, 10, 11, 40):  # high intensity: 10 days
        flagged = {s.pk for s in overdue_sections(today)}
        expected = {d.section_id for d in registered.__class__.objects.all()
                    if selectors.compliance(d.section, d).overdue}
        assert flagged == expected
        appointment = services.appointment_schedule(took_place=True,
            actor=personas.alice, section=registered.section, officer=personas.alice, kind="office",
            starts_at=at(-days_ago, hour=8 + days_ago % 8), duration_minutes=15, remind=False)
        services.appointment_record_outcome(actor=personas.alice, appointment=appointment,
                                            outcome="attended_complied", expected_version=appointment.version)
    for check in (today, today + dt.timedelta(days=10), today + dt.timedelta(days=11)):
        flagged = {s.pk for s in overdue_sections(check)}
        last = selectors.compliance(registered.section, registered).last_contact
        expected_overdue = selectors.contact_overdue(intensity="high", start_date=registered.start_date,
                                                     last_contact=last, today=check)
        assert (registered.section_id in flagged) == expected_overdue


def test_scan_queries_do_not_grow_with_the_sections(registered, personas):
    assert scan_overdue_contacts_now()["tasks_created"] == 1  # policies now cached
    _more_clients(personas, 1)
    with CaptureQueriesContext(connection) as small:
        assert scan_overdue_contacts_now()["tasks_created"] == 1
    _more_clients(personas, 4, start=1)
    with CaptureQueriesContext(connection) as large:
        assert scan_overdue_contacts_now()["tasks_created"] == 4
    assert len(large) == len(small)


def test_scan_completes_in_batches_with_the_outcome_of_each(registered, personas, monkeypatch):
    """Resolved tasks are completed a batch of sections at a time: each batch gives "contact made" to
    the still open sections and "closed" to the others."""
    _more_clients(personas, 2)
    assert scan_overdue_contacts_now()["tasks_created"] == 3
    monkeypatch.setattr(jobs, "BATCH", 1)
    sections = [d.section for d in registered.__class__.objects.select_related("section").order_by("section_id")]
    for hour, section in enumerate(sections[:2], start=9):
        appointment = services.appointment_schedule(took_place=True, actor=personas.alice, section=section, officer=personas.alice,
                                                    kind="office", starts_at=at(-1, hour), duration_minutes=30,
                                                    remind=False)
        services.appointment_record_outcome(actor=personas.alice, appointment=appointment,
                                            outcome="attended_complied", expected_version=appointment.version)
    section_close(actor=personas.alice, section=sections[2], reason="term_expired",
                  expected_version=sections[2].version)
    assert scan_overdue_contacts_now()["tasks_completed"] == 3
    outcomes = dict(Task.objects.filter(kind=CONTACT_OVERDUE).values_list("section_id", "outcome"))
    assert outcomes == {sections[0].pk: "contact made", sections[1].pk: "contact made", sections[2].pk: "closed"}
    assert not Task.objects.filter(kind=CONTACT_OVERDUE, status="open").exists()


def test_scan_is_in_the_beat_schedule():
    tasks = {entry["task"] for entry in registry.beat_schedule().values()}
    assert "supervision.scan_overdue_contacts" in tasks
