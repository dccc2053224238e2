"""Registering a client: one service (``cases.services.client_register``) behind the page, the API
and the inbox, with the same rules everywhere."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken, Grant, User
from accounts.roles import Role, Scope
from accounts.testing.personas import make_user
from cases import services
from cases.models import Case, CaseEvent
from core.errors import Conflict, ValidationFailed
from core.models import ChangeLog
from core.testing.checks import assert_page_access, client_for
from people import services as people_services
from people.models import Person

pytestmark = pytest.mark.django_db

CODE = "32579461005"  # a new-format code: no date of birth in it
PERSON = {"personal_code": CODE, "first_name": "Līga", "last_name": "Ozoliņa", "birth_date": dt.date(1990, 1, 1),
          "sex": "F", "declared_municipality": "LV-RIX", "declared_address": "Elizabetes iela 10, Rīga"}
CASE_OPENERS = ["alice", "bob", "carol", "hanna", "rita", "otto"]
NOT_CASE_OPENERS = ["audrey", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]


def _registered(actor, **changes) -> Person:
    """A person registered (e.g. through ``POST /api/persons/``) who has no case file yet."""
    return people_services.person_create(actor=actor, **{**PERSON, **changes})


def _national_officer(personas) -> User:
    return make_user("nora", Role.SENIOR_OFFICER, unit=personas.org.liepaja, scope=Scope.NATIONAL)


# --- the service ------------------------------------------------------------------------------------


def test_a_new_client_gets_the_person_and_the_case_in_one_step(personas):
    registration = services.client_register(actor=personas.alice, default_officer=personas.alice, **PERSON)
    assert registration.person_created and registration.case_opened
    case = registration.case
    assert case.person.personal_code == CODE and case.person.created_by == personas.alice
    assert (case.responsible_unit, case.responsible_officer, case.opened_by) == (
        personas.org.riga_centre, personas.alice, personas.alice)
    assert ChangeLog.objects.filter(verb="person_create", object_id=str(case.person_id)).exists()
    assert ChangeLog.objects.filter(verb="case_open", object_id=str(case.pk)).exists()
    assert CaseEvent.objects.filter(case=case, type="case_opened").exists()


def test_a_refused_case_leaves_no_person_behind(personas):
    with pytest.raises(ValidationFailed) as err:
        services.client_register(actor=personas.carol, **PERSON)  # lives in Rīga; Carol works in Liepāja
    assert (err.value.code, err.value.field) == ("unit_out_of_scope", "responsible_unit")
    assert "Rīgas centra TSV" in err.value.message
    assert not Person.objects.exists() and not Case.objects.exists()


def test_a_registered_person_with_the_same_names_is_registered(personas):
    person = _registered(personas.alice)
    # Case and diacritics do not matter; the date of birth, when given, must be the registered one.
    registration = services.client_register(
        actor=personas.bob, **{**PERSON, "first_name": "LIGA", "last_name": "ozolina", "declared_address": "Cita 1"})
    assert not registration.person_created and registration.case_opened
    assert registration.person == person and Person.objects.count() == 1
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.declared_address) == (
        "Līga", "Ozoliņa", "Elizabetes iela 10, Rīga")  # the registered data is kept
    assert registration.case.person == person


@pytest.mark.parametrize("change,code,field", [
    ({"last_name": "Kalniņa"}, "person_exists_other_names", "last_name"),
    ({"first_name": "Anna"}, "person_exists_other_names", "first_name"),
    ({"birth_date": dt.date(1991, 1, 1)}, "person_exists_other_birth_date", "birth_date"),
])
def test_a_registered_code_with_other_names_is_refused_naming_the_field(personas, change, code, field):
    person = _registered(personas.alice)
    # Alice registered the person, so she may see them: the message names them and the answer points to them.
    with pytest.raises(Conflict) as err:
        services.client_register(actor=personas.alice, **{**PERSON, **change})
    assert (err.value.code, err.value.field, err.value.extra["person_id"]) == (code, field, person.pk)
    assert ("Līga Ozoliņa" in err.value.message) == (field != "birth_date")
    # Bob may not see a person without a case file whom he did not register: nothing about them is told.
    with pytest.raises(Conflict) as err:
        services.client_register(actor=personas.bob, **{**PERSON, **change})
    assert (err.value.code, err.value.field) == (code, field)
    assert "person_id" not in err.value.extra
    assert "Līga" not in err.value.message and "Ozoliņa" not in err.value.message and "1990" not in err.value.message
    assert Person.objects.count() == 1 and not Case.objects.exists()


def test_a_client_with_a_case_file_is_a_conflict_naming_it(personas, client_case):
    same = {"personal_code": "161175-19997", "first_name": "Jānis", "last_name": "Bērziņš"}
    for kwargs in (same, {"person": client_case.person}):
        with pytest.raises(Conflict) as err:
            services.client_register(actor=personas.bob, **kwargs)
        assert (err.value.code, err.value.extra["case_id"]) == ("case_exists", client_case.pk)
    # The inbox adds a section to the existing case file instead.
    registration = services.client_register(actor=personas.bob, reuse_case=True, **same)
    assert (registration.case, registration.case_opened, registration.person_created) == (client_case, False, False)
    assert Case.objects.count() == 1


def test_the_actor_opens_case_files_only_in_their_own_units(personas):
    org = personas.org
    # A unit officer: only their unit, also when they choose the unit.
    with pytest.raises(ValidationFailed) as err:
        services.client_register(actor=personas.alice, responsible_unit=org.liepaja, **PERSON)
    assert (err.value.code, err.value.field) == ("unit_out_of_scope", "responsible_unit")
    # A regional head: the units of the region.
    with pytest.raises(ValidationFailed) as err:
        services.client_register(actor=personas.rita, responsible_unit=org.liepaja, **PERSON)
    assert err.value.code == "unit_out_of_scope"
    assert services.client_register(actor=personas.rita, responsible_unit=org.riga_east,
                                    **PERSON).case.responsible_unit == org.riga_east
    # National scope: anywhere. Without the permission: nowhere.
    nora = _national_officer(personas)
    other = {**PERSON, "personal_code": "", "document_type": "passport", "document_number": "LT1"}
    assert services.client_register(actor=nora, **other).case.responsible_unit == org.riga_centre
    with pytest.raises(ValidationFailed) as err:
        services.client_register(actor=personas.anna, **{**other, "document_number": "LT2"})
    assert err.value.code == "unit_out_of_scope"


def test_the_officer_works_in_the_case_files_unit(personas):
    with pytest.raises(ValidationFailed) as err:
        services.client_register(actor=personas.alice, responsible_officer=personas.carol, **PERSON)
    assert (err.value.code, err.value.field) == ("officer_other_unit", "responsible_officer")
    # The default officer (the page's signed-in user) is taken only if they work in the case's unit.
    case = services.client_register(actor=personas.rita, default_officer=personas.rita, **PERSON).case
    assert case.responsible_officer is None


@pytest.mark.parametrize("change,code,field", [
    ({"birth_date": dt.date(1899, 12, 31)}, "birth_date_implausible", "birth_date"),
    ({"birth_date": "tomorrow"}, "birth_date_future", "birth_date"),
    ({"personal_code": "010199-05550", "birth_date": None}, "birth_date_implausible", "birth_date"),  # born 1899
    ({"opened_on": "tomorrow"}, "opened_on_future", "opened_on"),
    ({"opened_on": dt.date(1989, 12, 31)}, "opened_on_before_birth", "opened_on"),
])
def test_implausible_dates_are_refused(personas, change, code, field):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = {**PERSON, **{k: tomorrow if v == "tomorrow" else v for k, v in change.items()}}
    with pytest.raises(ValidationFailed) as err:
        services.client_register(actor=personas.alice, **data)
    assert (err.value.code, err.value.field) == (code, field)
    assert not Person.objects.exists() and not Case.objects.exists()


def test_the_person_or_their_data_not_both(personas, client_case):
    with pytest.raises(TypeError):
        services.client_register(actor=personas.alice, person=client_case.person, **PERSON)
    with pytest.raises(TypeError):
        services.client_register(actor=personas.alice, nickname="Jancis", **PERSON)


# --- the page ---------------------------------------------------------------------------------------

FORM = {**PERSON, "birth_date": "1990-01-01"}


def test_the_page_registers_a_registered_person_with_the_same_names(personas):
    person = _registered(personas.alice)
    response = client_for(personas.bob).post(reverse("case_new"), {**FORM, "first_name": "Liga"}, follow=True)
    case = Case.objects.get()
    assert case.person == person and Person.objects.count() == 1
    assert response.redirect_chain[-1][0] == reverse("case_detail", args=[case.pk])
    assert "jau bija reģistrēta" in response.content.decode()  # the message, in Latvian


def test_the_page_shows_other_names_beside_the_field_and_offers_the_registered_person(personas):
    person = _registered(personas.alice)
    response = client_for(personas.alice).post(reverse("case_new"), {**FORM, "last_name": "Kalniņa"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_last_name-error"' in html and 'href="#id_last_name"' in html
    assert "Ar šo personas kodu ir reģistrēta persona Līga Ozoliņa" in html
    assert f'{reverse("case_new")}?person={person.pk}' in html
    assert not Case.objects.exists()
    # Bob may not see the person: the error, without their name or a link.
    response = client_for(personas.bob).post(reverse("case_new"), {**FORM, "last_name": "Kalniņa"})
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_last_name-error"' in html
    assert "Ozoliņa" not in html and "?person=" not in html


def test_choosing_the_registered_person_opens_their_case_file(personas):
    person = _registered(personas.alice)
    url = f'{reverse("case_new")}?person={person.pk}'
    page = client_for(personas.alice).get(url)
    assert page.status_code == 200 and "Līga Ozoliņa" in page.content.decode()
    response = client_for(personas.alice).post(url, {"responsible_officer": personas.bob.pk})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("case_detail", args=[case.pk])
    assert (case.person, case.responsible_officer) == (person, personas.bob)


def test_the_registered_person_page_access(personas):
    person = _registered(personas.alice)
    url = f'{reverse("case_new")}?person={person.pk}'
    # Only who may see the person (here: who registered them); a case opener who may not gets 404.
    assert_page_access(url, personas, allowed=["alice"], denied=[p for p in CASE_OPENERS + NOT_CASE_OPENERS
                                                                 if p != "alice"])
    assert_page_access(f'{reverse("case_new")}?person=999999', personas, allowed=[], denied=["alice"])
    assert_page_access(f'{reverse("case_new")}?person=x', personas, allowed=[], denied=["alice"])
    assert_page_access(f'{reverse("case_new")}?person={10**20}', personas, allowed=[], denied=["alice"])


def test_the_registered_person_page_links_an_existing_case_file(personas, client_case):
    url = f'{reverse("case_new")}?person={client_case.person_id}'
    page = client_for(personas.bob).get(url)
    html = page.content.decode()
    assert reverse("case_detail", args=[client_case.pk]) in html and "<form method=\"post\"" not in html
    response = client_for(personas.bob).post(url, {})
    assert response.status_code == 400 and Case.objects.count() == 1


def test_the_page_links_an_existing_case_only_for_who_may_see_it(personas, client_case):
    data = {"personal_code": "161175-19997", "first_name": "Jānis", "last_name": "Bērziņš", "sex": "M"}
    response = client_for(personas.carol).post(reverse("case_new"), data)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert response.context["existing_case"] is None
    assert reverse("case_detail", args=[client_case.pk]) not in response.content.decode()


def test_the_page_refuses_a_unit_out_of_scope_beside_the_field(personas):
    response = client_for(personas.carol).post(reverse("case_new"), FORM)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_responsible_unit-error"' in html and "Rīgas centra TSV" in html
    assert not Person.objects.exists()
    response = client_for(personas.carol).post(reverse("case_new"), {**FORM, "responsible_unit": personas.org.liepaja.pk})
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.responsible_unit, case.responsible_officer) == (personas.org.liepaja, personas.carol)


def test_the_page_refuses_implausible_birth_dates_beside_the_field(personas):
    for birth in ("1899-12-31", (timezone.localdate() + dt.timedelta(days=1)).isoformat()):
        response = client_for(personas.alice).post(reverse("case_new"), {**FORM, "birth_date": birth})
        assert response.status_code == 400
        assert 'id="id_birth_date-error"' in response.content.decode()
    assert not Person.objects.exists()


# --- the API ----------------------------------------------------------------------------------------

API_PERSON = {**PERSON, "birth_date": "1990-01-01"}


def csrf_client(user) -> tuple[Client, str]:
    """A session client that enforces CSRF, as a browser does, with the token it must send."""
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))  # the sign-in form sets the csrftoken cookie
    client.force_login(user)
    return client, client.cookies["csrftoken"].value


def register(user, data, *, csrf: bool = True):
    client, token = csrf_client(user)
    headers = {"X-CSRFToken": token} if csrf else {}
    return client.post("/api/cases/register", data, content_type="application/json", headers=headers)


def test_the_api_registers_a_client(personas):
    response = register(personas.alice, {**API_PERSON, "officer": personas.bob.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert body["person"]["personal_code"] == CODE and body["unit"]["id"] == personas.org.riga_centre.pk
    assert (case.responsible_officer, case.opened_by) == (personas.bob, personas.alice)
    assert ChangeLog.objects.get(verb="case_open").channel == "api"


def test_the_api_needs_the_csrf_token_with_a_session(personas):
    response = register(personas.alice, API_PERSON, csrf=False)
    assert (response.status_code, response.json()["code"]) == (403, "csrf_failed")
    assert not Person.objects.exists()


def test_the_api_applies_the_registration_rules(personas, client_case):
    person = _registered(personas.alice)
    same = register(personas.bob, {**API_PERSON, "first_name": "LĪGA"})
    assert same.status_code == 201 and same.json()["person"]["id"] == person.pk
    assert Person.objects.count() == 2  # the client's and Līga's: nobody new

    other = {**API_PERSON, "personal_code": "161175-19997", "first_name": "Jānis", "birth_date": "1975-11-16"}
    body = register(personas.bob, other).json()  # Jānis Ozoliņa: Alice's client is Jānis Bērziņš
    assert (body["code"], body["field"]) == ("person_exists_other_names", "last_name")
    assert "Bērziņš" in body["message"] and body["person_id"] == client_case.person_id  # Bob may see him
    assert register(personas.carol, other).json().keys() == {"code", "message", "field"}

    response = register(personas.bob, {**other, "last_name": "Bērziņš"})
    assert (response.status_code, response.json()["code"], response.json()["case_id"]) == (
        409, "case_exists", client_case.pk)

    new = {**API_PERSON, "personal_code": "", "document_type": "passport", "document_number": "LT7"}
    response = register(personas.carol, new)
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        422, "unit_out_of_scope", "unit")
    response = register(personas.alice, {**new, "officer": personas.carol.pk})
    assert (response.json()["code"], response.json()["field"]) == ("officer_other_unit", "officer")
    assert Case.objects.count() == 2


@pytest.mark.parametrize("change,code,field", [
    ({"birth_date": "1899-12-31"}, "birth_date_implausible", "birth_date"),
    ({"opened_on": "2999-01-01"}, "opened_on_future", "opened_on"),
    ({"opened_on": "1989-01-01"}, "opened_on_before_birth", "opened_on"),
])
def test_the_api_refuses_implausible_dates(personas, change, code, field):
    response = register(personas.alice, {**API_PERSON, **change})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (422, code, field)
    assert not Person.objects.exists()


def test_the_register_endpoint_access(personas):
    units = {"rita": personas.org.riga_east}  # a regional head's home is the region
    for n, name in enumerate(CASE_OPENERS):
        user = getattr(personas, name)
        data = {**API_PERSON, "personal_code": "", "document_type": "passport", "document_number": f"LV{n}",
                "unit": (units.get(name) or user.home_unit).pk}
        response = register(user, data)
        assert response.status_code == 201, (name, response.content)
    for name in NOT_CASE_OPENERS:
        response = register(getattr(personas, name), {**API_PERSON, "unit": personas.org.riga_centre.pk})
        assert (response.status_code, response.json()["code"]) == (404, "not_found"), name
    anonymous = Client(enforce_csrf_checks=True).post("/api/cases/register", API_PERSON,
                                                      content_type="application/json")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "unauthenticated")
    assert Case.objects.count() == len(CASE_OPENERS)


def test_a_token_registers_with_cases_and_persons_write(personas):
    account = User.objects.create_user(username="court", is_service_account=True,
                                       home_unit=personas.org.riga_centre)
    Grant.objects.create(user=account, role=Role.SENIOR_OFFICER, scope=Scope.UNIT,
                         org_unit=personas.org.riga_centre, valid_from=dt.date(2020, 1, 1))

    def token(scopes):
        prefix, raw = ApiToken.generate()
        ApiToken.objects.create(user=account, name="court", prefix=prefix, token_hash=ApiToken.hash(raw),
                                scopes=scopes)
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/cases/register", API_PERSON, content_type="application/json",
                           **token(["read", "cases:write"]))
    assert (response.status_code, response.json()["code"], response.json()["scope"]) == (
        403, "token_scope_missing", "persons:write")
    response = client.post("/api/cases/register", API_PERSON, content_type="application/json",
                           **token(["read", "cases:write", "persons:write"]))
    assert response.status_code == 201
    assert Case.objects.get().opened_by == account


def test_opening_a_case_for_a_known_person_goes_through_the_same_rules(personas):
    person = _registered(personas.carol)  # lives in Rīga, registered by Carol (Liepāja)
    client, token = csrf_client(personas.carol)

    def post(data):
        return client.post("/api/cases/", data, content_type="application/json", HTTP_X_CSRFTOKEN=token)

    assert (post({"person_id": person.pk}).json()["code"]) == "unit_out_of_scope"
    response = post({"person_id": person.pk, "unit": personas.org.liepaja.pk, "officer": personas.alice.pk})
    assert (response.json()["code"], response.json()["field"]) == ("officer_other_unit", "officer")
    response = post({"person_id": person.pk, "unit": personas.org.liepaja.pk, "opened_on": "1980-01-01"})
    assert response.json()["code"] == "opened_on_before_birth"
    response = post({"person_id": person.pk, "unit": personas.org.liepaja.pk, "officer": personas.carol.pk})
    assert response.status_code == 201
    response = post({"person_id": person.pk, "unit": personas.org.liepaja.pk})
    assert (response.status_code, response.json()["case_id"]) == (409, Case.objects.get().pk)


def test_absurd_ids_are_invalid_input_not_a_database_error(personas):
    for field in ("unit", "officer"):
        response = register(personas.alice, {**API_PERSON, field: 2**64})
        assert (response.status_code, response.json()["code"], response.json()["field"]) == (
            422, "invalid_input", field)
    client, token = csrf_client(personas.alice)
    response = client.post("/api/cases/", {"person_id": 2**63}, content_type="application/json",
                           headers={"X-CSRFToken": token})
    assert (response.status_code, response.json()["code"]) == (422, "invalid_input")
    assert not Person.objects.exists()
