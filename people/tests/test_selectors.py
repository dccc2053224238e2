import datetime as dt

import pytest

from core.errors import ValidationFailed
from core.testing.checks import client_for
from people.models import Person
from people.selectors import person_by_code

pytestmark = pytest.mark.django_db


def test_person_by_code_takes_either_way_of_writing_the_code(personas, client_case):
    person = client_case.person
    assert person_by_code("161175-19997") == person
    assert person_by_code("16117519997") == person
    assert person_by_code(" 161175 19997 ") == person
    assert person_by_code("32579461005") is None


def test_person_by_code_refuses_an_invalid_code_with_the_reason(db):
    with pytest.raises(ValidationFailed) as err:
        person_by_code("161175-19996")
    assert (err.value.code, err.value.field) == ("personal_code_checksum", "personal_code")


def test_a_birth_date_before_1900_is_refused_also_from_an_old_code(personas, client_case):
    alice = client_for(personas.alice)
    data = {"first_name": "Līga", "last_name": "Ozoliņa", "document_type": "passport", "document_number": "X1",
            "birth_date": "1899-12-31"}
    response = alice.post("/api/persons/", data, content_type="application/json")
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        422, "birth_date_implausible", "birth_date")
    # 010199-05550: an old-format code of someone born on 01.01.1899.
    response = alice.post("/api/persons/", {**data, "birth_date": None, "personal_code": "010199-05550"},
                          content_type="application/json")
    assert response.json()["code"] == "birth_date_implausible"
    assert Person.objects.count() == 1
    response = alice.patch(f"/api/persons/{client_case.person_id}",
                           {"version": client_case.person.version, "birth_date": "1899-01-01"},
                           content_type="application/json")
    assert response.json()["code"] == "birth_date_implausible"
    client_case.person.refresh_from_db()
    assert client_case.person.birth_date == dt.date(1975, 11, 16)
