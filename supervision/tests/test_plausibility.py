"""Implausible supervision records are refused or confirmed explicitly (issue 9, item 11): a
violation dated before the supervision began (it would be printed in the court submission), an
appointment planned in the past (recorded only when the user says it took place)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from core.testing.checks import client_for
from supervision import services
from supervision.models import Appointment, Violation

from .conftest import at, posted

pytestmark = pytest.mark.django_db


def test_violation_before_the_term_is_refused(registered, personas):
    section = registered.section
    client = client_for(personas.alice)
    url = f"/api/supervision/sections/{section.pk}/violations"
    body = {"kind": "duty_breach", "occurred_on": "2020-01-01", "description": "Neieradās"}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("occurred_on_before_start", "occurred_on")
    assert "12.09.2025" in response.json()["message"]
    page = client.post(reverse("supervision:violation_add", args=[section.case_id, section.pk]),
                       posted("violation", body))
    assert page.status_code == 422 and 'id="id_violation-occurred_on-error"' in page.content.decode()
    assert not Violation.objects.exists()
    body["occurred_on"] = "2025-09-12"  # the first day of the term is fine
    assert client.post(url, body, content_type="application/json").status_code == 201


def test_violation_before_the_section_began_without_a_registered_term(section, personas):
    with pytest.raises(Exception) as err:
        services.violation_record(actor=personas.alice, section=section, kind="duty_breach",
                                  occurred_on=dt.date(2025, 9, 11), description="x")
    assert getattr(err.value, "code", None) == "occurred_on_before_start"


def test_appointment_in_the_past_needs_confirmation(registered, personas):
    section = registered.section
    client = client_for(personas.alice)
    url = f"/api/supervision/sections/{section.pk}/appointments"
    body = {"kind": "office", "starts_at": at(-2).isoformat(), "duration_minutes": 30, "remind": False}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("starts_at_past", "starts_at")
    assert not Appointment.objects.exists()
    day = at(-2).date().isoformat()
    page_url = reverse("supervision:appointment_add", args=[section.case_id, section.pk])
    page = client.post(page_url, posted("appointment", {"kind": "phone", "date": day, "time": "10:00",
                                                         "duration_minutes": 15}))
    assert page.status_code == 422 and 'id="id_appointment-date-error"' in page.content.decode()
    assert not Appointment.objects.exists()
    assert client.post(url, {**body, "took_place": True}, content_type="application/json").status_code == 201
    assert client.post(page_url, posted("appointment", {"kind": "phone", "date": day, "time": "12:00",
                                                        "duration_minutes": 15, "took_place": "on"})).status_code == 302
    assert Appointment.objects.count() == 2


def test_confirmed_past_appointment_not_before_the_term(registered, personas):
    with pytest.raises(Exception) as err:
        services.appointment_schedule(
            actor=personas.alice, section=registered.section, officer=personas.alice, kind="office",
            starts_at=dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC), duration_minutes=30, took_place=True)
    assert getattr(err.value, "code", None) == "starts_at_before_start"
