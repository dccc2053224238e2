import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Section
from core.audit import ChangeLog
from core.errors import ValidationFailed
from mediation import services
from mediation.models import Mediation, Mediator, Meeting, Term
from mediation.tests.conftest import add_victim, held_meeting, pass_gate, register
from tasks.models import Task


def test_register_a_clients_mediation_opens_a_section_and_a_contact_task(personas, mediation):
    assert mediation.number.startswith("IZL-")
    assert mediation.section.kind == "mediation" and mediation.section.case.person == mediation.offender
    task = Task.objects.get(pk=mediation.contact_task_id)
    assert task.kind == services.TASK_CONTACT and task.assignee == personas.alice and task.due_date > mediation.received_on
    assert ChangeLog.objects.filter(verb="mediation_register").exists()


def test_register_without_a_case_file_creates_the_person_only(personas):
    mediation = register(personas.alice, personas.org.riga_centre)
    assert mediation.section is None and not hasattr(mediation.offender, "case")
    # The same personal code with another name is refused, not silently reused.
    with pytest.raises(Exception) as err:
        register(personas.alice, personas.org.riga_centre, data=services.OffenderData(
            first_name="Cits", last_name="Vārds", birth_date=dt.date(1990, 1, 1), personal_code="010190-10001"))
    assert err.value.code == "person_exists_other_data"


def test_implausible_dates_are_refused(personas, client_case, today):
    with pytest.raises(ValidationFailed) as err:
        register(personas.alice, personas.org.riga_centre, offender=client_case.person, received=today + dt.timedelta(days=1))
    assert err.value.field == "received_on"
    with pytest.raises(ValidationFailed) as err:
        register(personas.alice, personas.org.riga_centre, offender=client_case.person,
                 offence_date=dt.date(1970, 1, 1))
    assert err.value.code == "offence_before_birth"
    with pytest.raises(ValidationFailed) as err:
        register(personas.alice, personas.org.riga_centre, offender=client_case.person, started_by="judge")
    assert err.value.code == "started_by_needs_minor"
    assert not Mediation.objects.exists()


def test_a_meeting_before_consent_is_refused(personas, mediation, volunteer_mediator):
    add_victim(personas.alice, mediation, consent=False)
    pass_gate(personas.alice, mediation)
    with pytest.raises(ValidationFailed) as err:
        services.meeting_plan(actor=personas.alice, mediation=mediation, kind="joint", format="online",
                              starts_at=timezone.now() + dt.timedelta(days=3), place="https://meet.example")
    assert err.value.code == "consent_missing" and err.value.field == "starts_at"
    assert "katra cietušā" in err.value.message
    assert not Meeting.objects.exists()


def test_consent_of_every_party_opens_the_gate(personas, mediation):
    victim = add_victim(personas.alice, mediation, consent=False)
    pass_gate(personas.alice, mediation)
    assert Mediation.objects.get(pk=mediation.pk).status == Mediation.Status.REGISTERED
    services.victim_update(actor=personas.alice, victim=victim, expected_version=victim.version,
                           consent_on=mediation.received_on + dt.timedelta(days=3))
    assert Mediation.objects.get(pk=mediation.pk).status == Mediation.Status.IN_PROGRESS
    # The change log names the changed fields of a victim, never their values.
    entry = ChangeLog.objects.filter(verb="victim_update").latest("id")
    assert entry.after == {"fields": ["consent_on"]}


def test_a_minor_victim_consents_through_a_legal_representative(personas, mediation, today):
    with pytest.raises(ValidationFailed) as err:
        add_victim(personas.alice, mediation, birth_date=today - dt.timedelta(days=365 * 12))
    assert err.value.field == "representative_name"
    add_victim(personas.alice, mediation, birth_date=today - dt.timedelta(days=365 * 12),
               representative_name="Inga Liepa")


def test_an_expired_certificate_cannot_be_assigned(personas, mediation, sam, today):
    expired = services.mediator_create(
        actor=sam, kind=Mediator.Kind.VOLUNTEER, first_name="Ēriks", last_name="Vecais",
        unit=personas.org.riga_centre, certified_from=today - dt.timedelta(days=800),
        certified_until=today - dt.timedelta(days=1))
    with pytest.raises(ValidationFailed) as err:
        services.mediation_assign(actor=sam, mediation=mediation, mediator=expired, expected_version=None)
    assert err.value.code == "mediator_not_certified" and err.value.field == "mediator"
    assert Mediation.objects.get(pk=mediation.pk).mediator is None


def test_a_volunteer_needs_certificate_dates(personas, sam):
    with pytest.raises(ValidationFailed) as err:
        services.mediator_create(actor=sam, kind="volunteer", first_name="A", last_name="B",
                                 unit=personas.org.riga_centre)
    assert err.value.field == "certified_from"


def test_juvenile_conference_only_for_a_minor_offender(personas, ready):
    with pytest.raises(ValidationFailed) as err:
        services.meeting_plan(actor=personas.alice, mediation=ready, kind="juvenile_conference", format="in_person",
                              starts_at=timezone.now() + dt.timedelta(days=3), place="Birojs")
    assert err.value.code == "conference_needs_minor"


def test_settlement_with_terms_followed_up_by_tasks_then_closed(personas, ready, today):
    held_meeting(personas.vera, ready)
    settlement = services.mediation_settle(
        actor=personas.vera, mediation=ready, expected_version=None, signed_on=today, certified_by="mediator",
        voluntary=True, consequences_understood=True,
        terms=[services.NewTerm("Samaksāt 200 EUR", today + dt.timedelta(days=30)),
               services.NewTerm("Atvainoties rakstiski", today + dt.timedelta(days=7))])
    ready.refresh_from_db()
    assert ready.status == Mediation.Status.SETTLED
    terms = list(settlement.terms.all())
    assert all(Task.objects.get(pk=t.task_id).kind == services.TASK_TERM for t in terms)
    assert Task.objects.get(pk=ready.report_task_id).status == Task.Status.OPEN
    assert Task.objects.get(pk=ready.contact_task_id).status == Task.Status.DONE
    for term in terms:
        services.term_record(actor=personas.alice, term=term, status=Term.Status.FULFILLED, resolved_on=today,
                             expected_version=term.version)
    ready.refresh_from_db()
    assert ready.status == Mediation.Status.CLOSED
    assert Section.objects.get(pk=ready.section_id).state == Section.State.CLOSED
    assert all(Task.objects.get(pk=t.task_id).status == Task.Status.DONE for t in terms)


def test_settlement_refusals(personas, ready, today):
    with pytest.raises(ValidationFailed) as err:  # no meeting held yet
        services.mediation_settle(actor=personas.alice, mediation=ready, expected_version=None, signed_on=today,
                                  certified_by="mediator", voluntary=True, consequences_understood=True,
                                  terms=[services.NewTerm("x", today)])
    assert err.value.code == "no_meeting_held"
    held_meeting(personas.alice, ready)
    for kwargs, code in [
        ({"voluntary": False}, "voluntary_required"),
        ({"terms": []}, "terms_required"),
        ({"terms": [services.NewTerm("x", today - dt.timedelta(days=1))]}, "term_due_before_signed"),
        ({"terms": [services.NewTerm("x", today + dt.timedelta(days=3000))]}, "term_due_too_late"),
        ({"certified_by": "nobody"}, "certified_by_invalid"),
    ]:
        args = {"signed_on": today, "certified_by": "mediator", "voluntary": True, "consequences_understood": True,
                    "terms": [services.NewTerm("x", today)]}
        args.update(kwargs)
        with pytest.raises(ValidationFailed) as err:
            services.mediation_settle(actor=personas.alice, mediation=ready, expected_version=None, **args)
        assert err.value.code == code
    assert Mediation.objects.get(pk=ready.pk).status == Mediation.Status.IN_PROGRESS


def test_no_settlement_needs_a_coded_reason_and_closes_the_section(personas, ready, today):
    with pytest.raises(ValidationFailed) as err:
        services.mediation_end_without_settlement(actor=personas.alice, mediation=ready, expected_version=None,
                                                  reason="whatever", ended_on=today)
    assert err.value.field == "reason"
    services.mediation_end_without_settlement(actor=personas.alice, mediation=ready, expected_version=None,
                                              reason="victim_refused", ended_on=today)
    ready.refresh_from_db()
    assert ready.status == Mediation.Status.NOT_SETTLED and ready.section.state == Section.State.CLOSED
    assert Task.objects.get(pk=ready.report_task_id).kind == services.TASK_REPORT


def test_prior_settlement_for_an_intentional_offence_is_found(personas, ready, today, client_case):
    held_meeting(personas.alice, ready)
    services.mediation_settle(actor=personas.alice, mediation=ready, expected_version=None,
                              signed_on=today - dt.timedelta(days=1), certified_by="mediator", voluntary=True,
                              consequences_understood=True, terms=[services.NewTerm("x", today)])
    second = register(personas.alice, personas.org.riga_centre, offender=client_case.person,
                      criminal_case_number="11816009999")  # another offence: the same one is refused
    assert [m.pk for m in services.prior_settlements(second)] == [ready.pk]
