import datetime as dt

import pytest

from cases import services
from cases.models import Case, CaseEvent, Section
from core.errors import ConcurrentEdit, Conflict, ValidationFailed
from core.models import ChangeLog
from people import services as people_services

pytestmark = pytest.mark.django_db


def test_second_case_for_the_same_client_is_refused_and_links_the_first(personas, client_case):
    with pytest.raises(Conflict) as err:
        services.case_open(actor=personas.bob, person=client_case.person)
    assert err.value.code == "case_exists"
    assert err.value.extra["case_id"] == client_case.pk
    assert client_case.registration_number in err.value.message
    assert Case.objects.count() == 1


def test_case_goes_to_the_unit_covering_the_declared_residence(personas):
    person = people_services.person_create(
        actor=personas.carol, personal_code="32579461005", first_name="Līga", last_name="Ozoliņa",
        birth_date=dt.date(1990, 1, 1), declared_municipality="LV-LPX", actual_municipality="LV-RIX",
    )
    case = services.case_open(actor=personas.carol, person=person)
    assert case.responsible_unit == personas.org.liepaja


def test_transfer_keeps_the_number_and_writes_the_timeline(personas, client_case):
    number = client_case.registration_number
    moved = services.case_transfer(actor=personas.hanna, case=client_case, to_unit=personas.org.liepaja,
                                   reason="Client moved to Liepāja", expected_version=client_case.version)
    assert moved.registration_number == number
    assert moved.responsible_unit == personas.org.liepaja
    event = CaseEvent.objects.filter(case=moved, type="case_transferred").get()
    assert event.data["reason"] == "Client moved to Liepāja"
    log = ChangeLog.objects.filter(verb="case_transfer").get()
    assert log.before["responsible_unit_id"] == personas.org.riga_centre.pk
    assert log.after["responsible_unit_id"] == personas.org.liepaja.pk


def test_transfer_with_a_stale_version_is_refused(personas, client_case):
    services.case_transfer(actor=personas.hanna, case=client_case, to_unit=personas.org.riga_east,
                           reason="moved", expected_version=client_case.version)
    with pytest.raises(ConcurrentEdit):
        services.case_transfer(actor=personas.hanna, case=client_case, to_unit=personas.org.liepaja,
                               reason="moved again", expected_version=client_case.version)
    client_case.refresh_from_db()
    assert client_case.responsible_unit == personas.org.riga_east


def test_ruling_dated_in_the_future_is_refused(personas, client_case, section_kind):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    with pytest.raises(ValidationFailed) as err:
        services.section_open(actor=personas.alice, case=client_case, kind=section_kind,
                              basis_type="court_ruling", basis_number="K1", basis_date=tomorrow,
                              basis_issuer="Tiesa")
    assert err.value.code == "basis_date_future"
    assert err.value.field == "basis_date"
    assert Section.objects.filter(kind=section_kind).count() == 0


def test_closing_needs_a_reason_of_the_function(personas, client_case, section_kind):
    section = services.section_open(actor=personas.alice, case=client_case, kind=section_kind,
                                    basis_type="court_ruling", basis_number="K1", basis_date=dt.date(2025, 1, 1),
                                    basis_issuer="Tiesa")
    with pytest.raises(ValidationFailed) as err:  # a shared reason, but not one of this kind's
        services.section_close(actor=personas.alice, section=section, reason="completed",
                               expected_version=section.version)
    assert err.value.code == "closing_reason_invalid"
    closed = services.section_close(actor=personas.alice, section=section, reason="term_expired",
                                    expected_version=section.version)
    assert closed.state == "closed" and closed.outcome == "successful"
