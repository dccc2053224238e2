import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from core.errors import Conflict, ValidationFailed
from core.models import PolicyOverride
from outbox.models import Message
from people.models import Contact
from supervision import selectors, services
from supervision.models import Appointment, Duty
from supervision.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_additional_duty_needs_justification_and_stays_within_term(registered, personas):
    section = registered.section
    with pytest.raises(ValidationFailed) as exc:
        services.duty_add(actor=personas.alice, section=section, code="curfew", start_date=dt.date(2025, 10, 1),
                          end_date=None, justification="")
    assert exc.value.code == "justification_required" and exc.value.field == "justification"
    with pytest.raises(ValidationFailed) as exc:
        services.duty_add(actor=personas.alice, section=section, code="curfew", start_date=dt.date(2025, 10, 1),
                          end_date=dt.date(2028, 1, 1), justification="night offences")
    assert exc.value.code == "duty_outside_term"
    with pytest.raises(ValidationFailed) as exc:
        services.duty_add(actor=personas.alice, section=section, code="obey_requirements",
                          start_date=dt.date(2025, 10, 1), end_date=None, justification="x")
    assert exc.value.code == "duty_unknown"
    assert Duty.objects.filter(legal=False).count() == 0
    duty = services.duty_add(actor=personas.alice, section=section, code="curfew", start_date=dt.date(2025, 10, 1),
                             end_date=None, justification="night offences", details="22:00–06:00")
    assert duty.end_date == registered.end_date and duty.source == "MK 107 p.11"
    ended = services.duty_end(actor=personas.alice, duty=duty, end_date=dt.date(2026, 1, 1), reason="progress",
                              expected_version=duty.version)
    assert ended.end_date == dt.date(2026, 1, 1)


def test_overlapping_appointments_for_the_same_officer_are_refused(registered, personas):
    section = registered.section
    first = services.appointment_schedule(took_place=True, actor=personas.alice, section=section, officer=personas.alice,
                                          kind="office", starts_at=at(3, 10), duration_minutes=60)
    with pytest.raises(Conflict) as exc:
        services.appointment_schedule(took_place=True, actor=personas.alice, section=section, officer=personas.alice, kind="phone",
                                      starts_at=at(3, 10) + dt.timedelta(minutes=30), duration_minutes=15)
    assert exc.value.code == "appointment_overlap" and exc.value.field == "starts_at"
    assert Appointment.objects.count() == 1
    # Back to back is fine, and another officer may be busy at the same time.
    services.appointment_schedule(took_place=True, actor=personas.alice, section=section, officer=personas.alice, kind="phone",
                                  starts_at=first.ends_at, duration_minutes=15)
    services.appointment_schedule(took_place=True, actor=personas.alice, section=section, officer=personas.bob, kind="video",
                                  starts_at=at(3, 10), duration_minutes=30)
    # A rescheduled appointment frees its slot.
    services.appointment_record_outcome(actor=personas.alice, appointment=first, outcome="rescheduled_client",
                                        expected_version=first.version)
    services.appointment_schedule(took_place=True, actor=personas.alice, section=section, officer=personas.alice, kind="office",
                                  starts_at=at(3, 10), duration_minutes=30)


def test_outcome_acceptable_absence_needs_reason(registered, personas):
    appointment = services.appointment_schedule(took_place=True, actor=personas.alice, section=registered.section,
                                                officer=personas.alice, kind="office", starts_at=at(5),
                                                duration_minutes=30)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=at(-2), ends_at=at(-2) + dt.timedelta(minutes=30))
    appointment.refresh_from_db()
    with pytest.raises(ValidationFailed) as exc:
        services.appointment_record_outcome(actor=personas.alice, appointment=appointment,
                                            outcome="acceptable_absence", reason="  ", expected_version=1)
    assert exc.value.code == "reason_required" and exc.value.field == "reason"
    appointment.refresh_from_db()
    assert appointment.outcome == "" and appointment.version == 1
    done = services.appointment_record_outcome(actor=personas.alice, appointment=appointment,
                                               outcome="acceptable_absence", reason="sick note",
                                               expected_version=1)
    assert done.outcome_def.attended is False and done.outcome_def.enforceable is False
    with pytest.raises(Conflict):
        services.appointment_record_outcome(actor=personas.alice, appointment=done, outcome="attended_complied",
                                            expected_version=done.version)


def test_future_appointment_outcome_only_rescheduling(registered, personas):
    appointment = services.appointment_schedule(took_place=True, actor=personas.alice, section=registered.section,
                                                officer=personas.alice, kind="office", starts_at=at(5),
                                                duration_minutes=30)
    with pytest.raises(ValidationFailed) as exc:
        services.appointment_record_outcome(actor=personas.alice, appointment=appointment,
                                            outcome="attended_complied", expected_version=1)
    assert exc.value.code == "appointment_future"


def test_reminder_goes_to_the_outbox(registered, personas, django_capture_on_commit_callbacks):
    person = registered.section.case.person
    Contact.objects.create(person=person, kind="mobile", value="+371 20000000", preferred=True)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = services.appointment_schedule(took_place=True, actor=personas.alice, section=registered.section,
                                                    officer=personas.alice, kind="home_visit", starts_at=at(4),
                                                    duration_minutes=45, place="Brīvības iela 1-2")
    message = Message.objects.get()
    assert message.channel == "sms" and message.recipient == "+371 20000000"
    assert message.status == "sent" and message.backend == "outbox" and message.case == registered.section.case
    assert message.reference == f"supervision.appointment:{appointment.pk}"
    assert "Brīvības iela 1-2" in message.body


def test_no_contact_no_reminder(registered, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_schedule(took_place=True, actor=personas.alice, section=registered.section, officer=personas.alice,
                                      kind="office", starts_at=at(4), duration_minutes=45)
    assert not Message.objects.exists()


def test_contact_overdue_follows_intensity_frequency():
    start = dt.date(2026, 1, 1)
    today = dt.date(2026, 1, 20)
    assert selectors.contact_window_days("high") == 10
    assert selectors.contact_window_days("low") == 30
    assert selectors.contact_overdue(intensity="high", start_date=start, last_contact=dt.date(2026, 1, 9),
                                     today=today)
    assert not selectors.contact_overdue(intensity="high", start_date=start, last_contact=dt.date(2026, 1, 10),
                                         today=today)
    assert not selectors.contact_overdue(intensity="low", start_date=start, last_contact=None, today=today)


def test_frequency_is_a_configurable_policy(registered, personas):
    PolicyOverride.objects.create(key="supervision.contacts_per_month", value={"low": 2, "medium": 3, "high": 6})
    cache.clear()
    assert selectors.contact_window_days("high") == 5


def test_compliance_counts_outcomes(registered, personas):
    section = registered.section
    for i, outcome in enumerate(["attended_complied", "attended_complied", "failed_to_attend",
                                 "acceptable_absence"]):
        a = services.appointment_schedule(took_place=True, actor=personas.alice, section=section, officer=personas.alice,
                                          kind="office", starts_at=at(10 + i), duration_minutes=30, remind=False)
        Appointment.objects.filter(pk=a.pk).update(starts_at=at(-10 + i), ends_at=at(-10 + i) + dt.timedelta(hours=1))
        a.refresh_from_db()
        services.appointment_record_outcome(actor=personas.alice, appointment=a, outcome=outcome, reason="ill",
                                            expected_version=a.version)
    c = selectors.compliance(section, registered)
    assert (c.complied, c.failed, c.absences) == (2, 1, 2)
    assert c.last_contact == timezone.localdate() - dt.timedelta(days=9)
    assert c.overdue is False


def test_no_reminder_for_an_appointment_already_past(registered, personas, django_capture_on_commit_callbacks):
    person = registered.section.case.person
    Contact.objects.create(person=person, kind="mobile", value="+371 20000000", preferred=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_schedule(took_place=True, actor=personas.alice, section=registered.section, officer=personas.alice,
                                      kind="office", starts_at=at(-2), duration_minutes=45)
    assert not Message.objects.exists()


@pytest.mark.parametrize(("languages", "words"), [
    (["ru"], ("Служба пробации", "посещение на дому")),
    (["en", "lv"], ("Probation service", "home visit")),
    ([], ("Probācijas dienests", "")),
    (["de"], ("Probācijas dienests", "")),  # no letter language: Latvian, as the letters
])
def test_reminder_is_in_the_clients_language_whoever_sends_it(registered, personas, languages, words,
                                                             django_capture_on_commit_callbacks):
    """Issue #9 item 22: the officer works in English; the client reads Russian (or English, or Latvian)."""
    from django.utils import translation

    person = registered.section.case.person
    person.languages = languages
    person.save(update_fields=["languages"])
    Contact.objects.create(person=person, kind="email", value="klients@example.org", preferred=True)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.appointment_schedule(actor=personas.alice, section=registered.section, officer=personas.alice,
                                      kind="home_visit", starts_at=at(4), duration_minutes=45)
    message = Message.objects.get()
    assert all(word in message.body for word in words), message.body
    assert message.subject == {"ru": "Напоминание о встрече", "en": "Appointment reminder"}.get(
        (languages or ["lv"])[0], "Atgādinājums par tikšanos")
