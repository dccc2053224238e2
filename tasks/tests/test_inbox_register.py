"""The inbox's guided registration registers clients through ``cases.services.client_register``:
the same rules as the client registration page and the API."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.kinds import SECTION_KINDS
from cases.models import Case, Section
from core.errors import Conflict, ValidationFailed
from core.testing.checks import client_for
from people import services as people_services
from people.models import Person
from tasks import services
from tasks.models import IncomingDocument, Task
from tasks.tests.factories import receive

pytestmark = pytest.mark.django_db

# Any function for adults will do: the registration does not depend on it.
KIND = next(code for code, kind in SECTION_KINDS.items() if not kind.for_children)
CODE = "32579461005"
NEW_PERSON = {"personal_code": CODE, "first_name": "Anna", "last_name": "Kalniņa", "birth_date": dt.date(1990, 2, 3),
              "declared_municipality": "LV-RIX"}


def _register(personas, item, actor=None, **kw):
    kw.setdefault("to_allocation_queue", True)  # no officer chosen: the unit head allocates
    return services.inbox_register(actor=actor or personas.alice, item=item, expected_version=item.version,
                                   section_kind=KIND, **kw)


def _nothing_registered(item, persons: int, cases: int) -> None:
    assert (Person.objects.count(), Case.objects.count(), Section.objects.count()) == (persons, cases, 0)
    item.refresh_from_db()
    assert item.status == IncomingDocument.Status.NEW
    assert Task.objects.get(inbox_item=item).status == Task.Status.OPEN


def test_a_new_person_with_a_registered_code_and_the_same_names_is_that_person(personas, item):
    person = people_services.person_create(actor=personas.bob, **NEW_PERSON)  # no case file yet
    registered = _register(personas, item, new_person={**NEW_PERSON, "first_name": "ANNA"})
    assert registered.case.person == person and Person.objects.count() == 1
    assert registered.case.responsible_unit == personas.org.riga_centre
    assert Task.objects.get(inbox_item=item).status == Task.Status.DONE


def test_a_new_person_with_a_clients_code_and_the_same_names_adds_to_their_case(personas, client_case):
    item = receive(personas, hint_personal_code="161175-19997")
    registered = _register(personas, item, actor=personas.bob, new_person={
        "personal_code": "161175-19997", "first_name": "Janis", "last_name": "Berzins"})
    assert registered.case == client_case and Case.objects.count() == 1
    assert registered.section.case == client_case


@pytest.mark.parametrize("change,code,field", [
    ({"last_name": "Kalniņš"}, "person_exists_other_names", "last_name"),
    ({"birth_date": dt.date(1990, 3, 2)}, "person_exists_other_birth_date", "birth_date"),
])
def test_a_new_person_with_a_registered_code_and_other_names_is_refused(personas, item, change, code, field):
    people_services.person_create(actor=personas.bob, **NEW_PERSON)
    with pytest.raises(Conflict) as err:
        _register(personas, item, new_person={**NEW_PERSON, **change})
    assert (err.value.code, err.value.field) == (code, field)
    _nothing_registered(item, persons=1, cases=0)


def test_the_case_file_opens_only_in_the_registrars_units(personas, item):
    # The document is routed to Rīga centre, but the client lives in Liepāja: Alice may not open it there.
    with pytest.raises(ValidationFailed) as err:
        _register(personas, item, new_person={**NEW_PERSON, "declared_municipality": "LV-LPX"})
    assert (err.value.code, err.value.field) == ("unit_out_of_scope", "responsible_unit")
    assert "Liepājas TSV" in err.value.message
    _nothing_registered(item, persons=0, cases=0)
    # A known person without a case file, too.
    person = people_services.person_create(actor=personas.carol, **{**NEW_PERSON, "declared_municipality": "LV-LPX"})
    with pytest.raises(ValidationFailed) as err:
        _register(personas, item, person=person)
    assert err.value.code == "unit_out_of_scope"
    _nothing_registered(item, persons=1, cases=0)


def test_implausible_dates_of_a_new_person_are_refused(personas, item):
    with pytest.raises(ValidationFailed) as err:
        _register(personas, item, new_person={**NEW_PERSON, "birth_date": dt.date(1899, 12, 31)})
    assert (err.value.code, err.value.field) == ("birth_date_implausible", "birth_date")
    _nothing_registered(item, persons=0, cases=0)


# --- the page ---------------------------------------------------------------------------------------


def _form(item, **person):
    data = {"new": "1", "version": item.version, "section_kind": KIND, "basis_type": "court_ruling",
            "person-personal_code": CODE, "person-first_name": "Anna", "person-last_name": "Kalniņa",
            "person-birth_date": "1990-02-03", "person-sex": "F", "person-declared_municipality": "LV-RIX",
            "to_allocation_queue": "on"}
    data.update({f"person-{k}": v for k, v in person.items()})
    return data


def test_the_page_shows_other_names_beside_the_field_and_offers_the_registered_person(personas, item):
    people_services.person_create(actor=personas.bob, **NEW_PERSON)
    url = reverse("tasks:register_details", args=[item.pk])
    response = client_for(personas.alice).post(url, _form(item, last_name="Kalniņš"))
    assert response.status_code == 422
    assert response.context["person_form"].errors["last_name"]
    html = response.content.decode()
    assert 'id="id_person-last_name-error"' in html
    assert f"{url}?code={CODE}" in html
    _nothing_registered(item, persons=1, cases=0)
    assert client_for(personas.alice).get(url, {"code": CODE}).status_code == 200
    assert client_for(personas.alice).get(url, {"person": str(10**20)}).status_code == 404


def test_the_page_refuses_a_unit_out_of_scope(personas, item):
    url = reverse("tasks:register_details", args=[item.pk])
    response = client_for(personas.alice).post(url, _form(item, declared_municipality="LV-LPX"))
    assert response.status_code == 422
    assert "Liepājas TSV" in " ".join(response.context["form"].non_field_errors())
    assert "govuk-error-summary" in response.content.decode()
    _nothing_registered(item, persons=0, cases=0)
    assert client_for(personas.alice).post(url, _form(item)).status_code == 302
    item.refresh_from_db()
    assert item.case.responsible_unit == personas.org.riga_centre


def test_the_page_refuses_an_implausible_birth_date_beside_the_field(personas, item):
    url = reverse("tasks:register_details", args=[item.pk])
    response = client_for(personas.alice).post(url, _form(item, birth_date="1899-12-31"))
    assert response.status_code == 422
    assert 'id="id_person-birth_date-error"' in response.content.decode()
    _nothing_registered(item, persons=0, cases=0)


def test_a_new_case_is_never_left_without_an_officer_unless_the_queue_is_chosen(personas, item):
    """Issue #9 item 14: no officer chosen and no queue chosen is refused beside the officer field."""
    url = reverse("tasks:register_details", args=[item.pk])
    data = _form(item)
    del data["to_allocation_queue"]
    response = client_for(personas.alice).post(url, data)
    assert response.status_code == 422
    assert 'id="id_responsible_officer-error"' in response.content.decode()
    _nothing_registered(item, persons=0, cases=0)
    assert client_for(personas.alice).post(url, {**data, "responsible_officer": personas.bob.pk}).status_code == 302
    item.refresh_from_db()
    assert item.case.responsible_officer == personas.bob


def test_a_case_left_to_the_queue_is_in_the_unit_heads_allocation_queue(personas, item):
    registered = _register(personas, item, new_person=NEW_PERSON)
    assert registered.case.responsible_officer is None
    page = client_for(personas.hanna).get(reverse("allocation")).content.decode()
    assert registered.case.registration_number in page
