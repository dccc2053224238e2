"""The supervision events on the client's timeline read as words in the reader's language, not
as the codes stored in the event data."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from cases import timeline
from cases.models import CaseEvent
from supervision import services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_supervision_events_name_kinds_outcomes_addressees_and_decisions(registered, personas):
    section = registered.section
    services.intensity_change(actor=personas.alice, details=registered, intensity="low", reason="Jauns risks",
                              expected_version=registered.version)
    starts = timezone.make_aware(dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time(10)))
    appointment = services.appointment_schedule(took_place=True, actor=personas.alice, section=section, officer=personas.alice,
                                                kind="home_visit", starts_at=starts, duration_minutes=30,
                                                remind=False)
    services.appointment_record_outcome(actor=personas.alice, appointment=appointment, outcome="failed_to_attend",
                                        expected_version=appointment.version)
    violation = services.violation_record(actor=personas.alice, section=section, kind="duty_breach",
                                          occurred_on=TODAY - dt.timedelta(days=1), description="Neieradās")
    submission = services.submission_make(actor=personas.alice, section=section, addressee="court", grounds="x",
                                          violation=violation)
    services.submission_decide(actor=personas.alice, submission=submission, decision="no_action",
                               decided_on=TODAY, expected_version=submission.version)
    with translation.override("en"):
        text = {e.type: timeline.describe(e) for e in CaseEvent.objects.filter(section=section)}
    assert text["supervision_intensity_changed"].endswith("→ low: Jauns risks")
    assert text["supervision_appointment_scheduled"].startswith("home visit")
    assert "failed_to_attend" not in text["supervision_appointment_outcome"]
    assert text["supervision_violation"].startswith("breach of a duty") or "duty_breach" not in text[
        "supervision_violation"]
    assert text["supervision_submission"] == "To the court"
    assert "no_action" not in text["supervision_submission_decided"]
    codes = ("home_visit", "failed_to_attend", "duty_breach", "no_action")
    assert not any(code in value for value in text.values() for code in codes), text
