"""Persona access of the supervision pages and API routes that had none: the outcome of a contact, the
written warning, the decision on a submission, the decision on an absence and closing over the API
(tests/test_seam.py asks for one per page and route). Those who may manage the section get their bad
input refused (nothing is saved); everybody else gets 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.testing.checks import assert_api_access, assert_page_access
from supervision import services
from supervision.models import Appointment, Warning

pytestmark = pytest.mark.django_db

MANAGERS = ["alice", "bob", "hanna", "rita"]
NOT_MANAGERS = ["audrey", "carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]


def _url(name, section, *extra):
    return reverse(f"supervision:{name}", args=[section.case_id, section.pk, *extra])


@pytest.fixture
def past_contact(registered, personas):
    starts = timezone.now() + dt.timedelta(days=3)
    appointment = services.appointment_schedule(actor=personas.alice, section=registered.section,
                                                officer=personas.alice, kind="office", starts_at=starts,
                                                duration_minutes=30, remind=False)
    when = timezone.now() - dt.timedelta(days=2)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=when, ends_at=when + dt.timedelta(minutes=30))
    appointment.refresh_from_db()
    return appointment


@pytest.fixture
def violation(registered, personas):
    return services.violation_record(actor=personas.alice, section=registered.section, kind="duty_breach",
                                     occurred_on=timezone.localdate() - dt.timedelta(days=2), description="Neieradās")


@pytest.fixture
def submission(registered, personas, violation):
    return services.submission_make(actor=personas.alice, section=registered.section, addressee="court",
                                    grounds="Divreiz brīdināts, turpina nepildīt pienākumus.", violation=violation)


# --- Pages ---------------------------------------------------------------------------------------


def test_outcome_form_posts_need_section_manage_in_scope(registered, past_contact, personas):
    assert_page_access(_url("outcome", registered.section, past_contact.pk), personas, allowed=MANAGERS,
                       denied=NOT_MANAGERS, method="post", data={}, ok_status=(422,))
    past_contact.refresh_from_db()
    assert past_contact.version == 1


def test_warning_button_needs_section_manage_in_scope(registered, violation, personas):
    url = _url("warning", registered.section, violation.pk)
    assert_page_access(url, personas, allowed=MANAGERS, denied=NOT_MANAGERS, method="post", ok_status=(302,))
    assert Warning.objects.filter(violation=violation).count() == 1  # the first one issued it; the others were told


def test_decision_form_posts_need_section_manage_in_scope(registered, submission, personas):
    pending = submission.decision
    assert_page_access(_url("decision", registered.section, submission.pk), personas, allowed=MANAGERS,
                       denied=NOT_MANAGERS, method="post", data={}, ok_status=(422,))
    submission.refresh_from_db()
    assert (submission.decision, submission.version) == (pending, 1)


# --- API -----------------------------------------------------------------------------------------


def test_outcome_over_the_api(past_contact, personas):
    # An acceptable absence needs its reason: refused after the access check.
    assert_api_access(f"/api/supervision/appointments/{past_contact.pk}/outcome", personas, method="post",
                      json={"outcome": "acceptable_absence", "version": 1}, allowed=MANAGERS, denied=NOT_MANAGERS,
                      ok_status=(422,))


def test_submission_decision_over_the_api(submission, personas):
    body = {"decision": "probation_extended", "decided_on": timezone.localdate().isoformat(), "extension_months": 13,
            "version": submission.version}
    assert_api_access(f"/api/supervision/submissions/{submission.pk}/decision", personas, method="post", json=body,
                      allowed=MANAGERS, denied=NOT_MANAGERS, ok_status=(422,))
    submission.refresh_from_db()
    assert submission.version == 1


def test_closing_over_the_api(registered, personas):
    section = registered.section
    section.refresh_from_db()
    assert_api_access(f"/api/supervision/sections/{section.pk}/close", personas, method="post",
                      json={"reason": "no_such_reason", "version": section.version}, allowed=MANAGERS,
                      denied=NOT_MANAGERS, ok_status=(422,))
    section.refresh_from_db()
    assert section.is_open


def test_absence_decision_over_the_api(registered, personas):
    start = timezone.localdate() + dt.timedelta(days=30)
    absence = services.absence_request(actor=personas.alice, section=registered.section,
                                       starts_on=start, ends_on=start + dt.timedelta(days=15),
                                       destination="Ireland, Dublin", reason="Seasonal work")
    # A refusal needs its reason.
    assert_api_access(f"/api/supervision/absences/{absence.pk}/decision", personas, method="post",
                      json={"decision": "refused", "version": absence.version}, allowed=MANAGERS,
                      denied=NOT_MANAGERS, ok_status=(422,))
