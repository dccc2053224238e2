import datetime as dt

import pytest

from accounts.models import ApiToken, Grant, User
from accounts.roles import Role, Scope
from accounts.testing.personas import CASE_NON_READERS, CASE_READERS
from cases.models import CaseEvent
from core import permissions
from core.models import ChangeLog, SensitiveRead
from core.testing.checks import assert_api_access, assert_constant_queries, client_for
from people.models import Person

pytestmark = pytest.mark.django_db

NEW_PERSON = {
    "personal_code": "32579461005", "first_name": "Līga", "last_name": "Ozoliņa", "birth_date": "1990-01-01",
    "sex": "F", "declared_municipality": "LV-RIX", "declared_address": "Elizabetes iela 10, Rīga",
}


def _token(user: User, scopes: list[str]) -> str:
    prefix, raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="dvs", prefix=prefix, token_hash=ApiToken.hash(raw), scopes=scopes)
    return raw


@pytest.fixture
def service_account(personas):
    """An integration account that may read and edit Rīga centre's clients."""
    user = User.objects.create_user(username="dvs", is_service_account=True, home_unit=personas.org.riga_centre)
    Grant.objects.create(user=user, role=Role.UNIT_HEAD, scope=Scope.UNIT, org_unit=personas.org.riga_centre,
                         valid_from=dt.date(2020, 1, 1))
    return user


# --- reading ---------------------------------------------------------------------------------------

def test_person_detail_is_visible_to_case_readers_only(personas, client_case):
    assert_api_access(f"/api/persons/{client_case.person_id}", personas,
                      allowed=sorted(CASE_READERS), denied=sorted(CASE_NON_READERS))


def test_missing_person_looks_like_a_forbidden_one(personas, client_case):
    response = client_for(personas.alice).get("/api/persons/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_person_list_shows_only_visible_persons(personas, client_case):
    assert_api_access("/api/persons/", personas, allowed=sorted(CASE_READERS | {"carol", "otto"}),
                      denied=["anna", "rolf", "emil", "vera", "walt", "admin", "noah"])
    body = client_for(personas.hanna).get("/api/persons/").json()
    assert body["count"] == 1
    assert body["items"][0]["id"] == client_case.person_id
    assert body["items"][0]["case"]["registration_number"] == client_case.registration_number
    assert "declared_address" not in body["items"][0]
    assert client_for(personas.carol).get("/api/persons/").json() == {"items": [], "count": 0}


def test_person_list_and_search_query_count_is_constant(personas, client_case):
    from cases import services as case_services
    from people import services as people_services

    counter = iter(range(1000))

    def build(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            person = people_services.person_create(
                actor=personas.alice, first_name=f"Jānis{i}", last_name="Bērziņš", birth_date=dt.date(1980, 1, 1),
                document_type="passport", document_number=f"LT{i:05d}")
            case_services.case_open(actor=personas.alice, person=person, responsible_unit=personas.org.riga_centre)

    hanna = client_for(personas.hanna)
    assert_constant_queries(build, lambda: hanna.get("/api/persons/"))
    assert_constant_queries(build, lambda: hanna.get("/api/persons/", {"q": "berz"}))
    assert hanna.get("/api/persons/", {"q": "berz"}).json()["count"] == 25  # the client + 2 x 12 built


@pytest.mark.parametrize("query", ["berz", "BĒRZIŅŠ jān", "janis berz", "161175", "161175-19997"])
def test_search_finds_the_client_by_name_or_code(personas, client_case, query):
    body = client_for(personas.alice).get("/api/persons/", {"q": query}).json()
    assert [item["id"] for item in body["items"]] == [client_case.person_id]


def test_search_by_case_number_and_no_match(personas, client_case):
    alice = client_for(personas.alice)
    body = alice.get("/api/persons/", {"q": client_case.registration_number}).json()
    assert body["count"] == 1
    assert alice.get("/api/persons/", {"q": "ozols"}).json()["count"] == 0
    # Carol (another region) searching the exact code learns nothing.
    assert client_for(personas.carol).get("/api/persons/", {"q": "161175-19997"}).json()["count"] == 0


def test_address_is_shown_and_the_read_is_logged(personas, client_case):
    body = client_for(personas.alice).get(f"/api/persons/{client_case.person_id}").json()
    assert body["declared_address"] == "Brīvības iela 1-2, Rīga"
    assert body["declared_municipality"] == "LV-RIX"
    assert body["case"]["id"] == client_case.pk
    read = SensitiveRead.objects.get(user=personas.alice)
    assert read.sensitivity == "address"
    assert read.purpose == "api:persons.detail"
    assert read.object_id == str(client_case.person_id)


def test_address_is_redacted_for_a_role_without_the_address_class(personas, client_case, monkeypatch):
    monkeypatch.setitem(permissions._ROLE_SENSITIVITY, Role.REGIONAL_HEAD, set())
    body = client_for(personas.rita).get(f"/api/persons/{client_case.person_id}").json()
    assert body["first_name"] == "Jānis"
    for field in ("declared_municipality", "declared_address", "actual_municipality", "actual_address"):
        assert body[field] is None
    assert not SensitiveRead.objects.filter(user=personas.rita).exists()


# --- creating --------------------------------------------------------------------------------------

def test_create_person(personas):
    response = client_for(personas.alice).post("/api/persons/", NEW_PERSON, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get(pk=body["id"])
    assert person.personal_code == "32579461005" and person.code_format == "new"
    assert body["declared_address"] == "Elizabetes iela 10, Rīga"
    assert body["case"] is None and body["version"] == 1
    assert ChangeLog.objects.filter(verb="person_create", object_id=str(person.pk), channel="api").exists()


def test_create_person_takes_the_birth_date_from_an_old_code(personas):
    data = {"personal_code": "010180-12347", "first_name": "Anna", "last_name": "Kalēja",
            "document_type": "", "sex": "F"}
    response = client_for(personas.alice).post("/api/persons/", data, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["birth_date"] == "1980-01-01"


def test_create_needs_the_edit_permission(personas):
    assert_api_access("/api/persons/", personas, method="post", json=NEW_PERSON, allowed=["alice"],
                      ok_status=(201,), denied=["audrey", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"])
    assert Person.objects.count() == 1


def test_invalid_personal_code_checksum(personas):
    data = {**NEW_PERSON, "personal_code": "32579461006"}
    response = client_for(personas.alice).post("/api/persons/", data, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "personal_code_checksum"
    assert response.json()["field"] == "personal_code"
    assert not Person.objects.exists()
    assert not ChangeLog.objects.filter(verb="person_create").exists()


def test_duplicate_personal_code_is_a_conflict(personas, client_case):
    data = {**NEW_PERSON, "personal_code": "161175-19997", "birth_date": "1975-11-16"}
    response = client_for(personas.alice).post("/api/persons/", data, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "person_exists"
    assert Person.objects.count() == 1


def test_missing_field_is_invalid_input(personas):
    data = {k: v for k, v in NEW_PERSON.items() if k != "first_name"}
    response = client_for(personas.alice).post("/api/persons/", data, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input" and body["field"] == "first_name"
    assert not Person.objects.exists()


def test_foreigner_without_code_needs_a_document(personas):
    data = {"first_name": "John", "last_name": "Smith", "birth_date": "1980-05-05", "citizenship": "GB"}
    response = client_for(personas.alice).post("/api/persons/", data, content_type="application/json")
    assert response.status_code == 422
    assert response.json() | {"message": ""} == {"code": "identity_required", "field": "document_number",
                                                   "message": ""}
    data |= {"document_type": "passport", "document_number": "123456789", "document_country": "GB"}
    response = client_for(personas.alice).post("/api/persons/", data, content_type="application/json")
    assert response.status_code == 201
    assert Person.objects.get().personal_code is None


def test_future_birth_date_and_too_long_names_are_refused(personas):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    data = {**NEW_PERSON, "birth_date": future}
    alice = client_for(personas.alice)
    response = alice.post("/api/persons/", data, content_type="application/json")
    assert response.json()["code"] == "birth_date_future"
    response = alice.post("/api/persons/", {**NEW_PERSON, "last_name": "x" * 101}, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "last_name"
    assert not Person.objects.exists()


# --- changing --------------------------------------------------------------------------------------

def test_patch_changes_only_the_fields_sent(personas, client_case):
    person = client_case.person
    url = f"/api/persons/{person.pk}"
    response = client_for(personas.alice).patch(url, {"version": person.version, "first_name": "Jānis Pēteris"},
                                                content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["first_name"] == "Jānis Pēteris" and body["last_name"] == "Bērziņš"
    assert body["version"] == person.version + 1
    assert CaseEvent.objects.filter(case=client_case, type="person_updated").exists()
    assert SensitiveRead.objects.filter(user=personas.alice, purpose="api:persons.update").exists()


def test_patch_access(personas, client_case):
    person = client_case.person
    url = f"/api/persons/{person.pk}"
    assert_api_access(url, personas, method="patch", json={"version": person.version, "sex": "M"},
                      allowed=["alice"], denied=sorted(CASE_NON_READERS | {"audrey"}))
    person.refresh_from_db()
    assert person.version == 2


def test_patch_with_a_stale_version_is_a_conflict_and_changes_nothing(personas, client_case):
    person = client_case.person
    url = f"/api/persons/{person.pk}"
    hanna = client_for(personas.hanna)
    assert hanna.patch(url, {"version": person.version, "actual_address": "Lāčplēša 5"},
                       content_type="application/json").status_code == 200
    response = hanna.patch(url, {"version": person.version, "first_name": "Pēteris"},
                           content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "concurrent_edit"
    person.refresh_from_db()
    assert person.first_name == "Jānis" and person.actual_address == "Lāčplēša 5" and person.version == 2


def test_patch_bad_code_and_missing_version(personas, client_case):
    person = client_case.person
    url = f"/api/persons/{person.pk}"
    alice = client_for(personas.alice)
    response = alice.patch(url, {"version": person.version, "personal_code": "161175-19998", "first_name": "X"},
                           content_type="application/json")
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("personal_code_checksum", "personal_code")
    response = alice.patch(url, {"first_name": "X"}, content_type="application/json")
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (422, "invalid_input",
                                                                                         "version")
    response = alice.patch(url, {"version": person.version, "birth_date": None}, content_type="application/json")
    assert response.json()["code"] == "birth_date_required"
    person.refresh_from_db()
    assert person.first_name == "Jānis" and person.version == 1 and person.personal_code == "16117519997"


# --- tokens ----------------------------------------------------------------------------------------

def test_token_reads_with_read_scope_and_writes_only_with_persons_write(personas, client_case, service_account,
                                                                        client):
    read_only = {"HTTP_AUTHORIZATION": f"Bearer {_token(service_account, ['read'])}"}
    response = client.get(f"/api/persons/{client_case.person_id}", **read_only)
    assert response.status_code == 200
    assert response.json()["personal_code"] == "16117519997"
    response = client.post("/api/persons/", NEW_PERSON, content_type="application/json", **read_only)
    assert response.status_code == 403
    assert response.json()["code"] == "token_scope_missing"
    assert Person.objects.count() == 1

    writer = {"HTTP_AUTHORIZATION": f"Bearer {_token(service_account, ['read', 'persons:write'])}"}
    response = client.post("/api/persons/", NEW_PERSON, content_type="application/json", **writer)
    assert response.status_code == 201
    assert ChangeLog.objects.get(verb="person_create", object_id=str(response.json()["id"])).actor == service_account


def test_token_without_read_scope_and_unknown_tokens(personas, client_case, service_account, client):
    no_read = {"HTTP_AUTHORIZATION": f"Bearer {_token(service_account, ['inbox:write'])}"}
    response = client.get(f"/api/persons/{client_case.person_id}", **no_read)
    assert (response.status_code, response.json()["code"]) == (403, "token_scope_missing")
    response = client.get("/api/persons/", HTTP_AUTHORIZATION="Bearer pl_nothing_here")
    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")
    raw = _token(service_account, ["read"])
    ApiToken.objects.filter(token_hash=ApiToken.hash(raw)).update(revoked_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    assert client.get("/api/persons/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
