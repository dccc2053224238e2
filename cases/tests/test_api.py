import datetime as dt

import pytest

from accounts.models import ApiToken, Grant, User
from accounts.roles import Role, Scope
from accounts.testing.personas import CASE_NON_READERS, CASE_READERS
from cases import services
from cases.models import Case, CaseEvent, Section
from core.models import ChangeLog
from core.testing.checks import assert_api_access, assert_constant_queries, client_for
from people import services as people_services
from people.models import Person

pytestmark = pytest.mark.django_db

NOT_READERS = sorted(CASE_NON_READERS)


@pytest.fixture
def new_section(section_kind):
    return {"kind": section_kind, "basis_type": "court_ruling", "basis_number": "K30-555-25",
            "basis_date": "2025-10-01", "basis_issuer": "Rīgas pilsētas tiesa", "basis_in_force": "2025-10-12"}


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _foreigner(actor, n: int, municipality: str = "LV-RIX") -> Person:
    return people_services.person_create(
        actor=actor, first_name=f"Klients{n}", last_name="Testa", birth_date=dt.date(1990, 1, 1),
        document_type="passport", document_number=f"P{n:06d}", document_country="LT",
        declared_municipality=municipality,
    )


# --- reading ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["", "/timeline", "/sections"])
def test_case_reads_are_visible_to_case_readers_only(personas, client_case, suffix):
    assert_api_access(f"/api/cases/{client_case.pk}{suffix}", personas, allowed=sorted(CASE_READERS),
                      denied=NOT_READERS)


def test_case_detail_has_the_person_summary_and_sections(personas, client_case):
    body = client_for(personas.bob).get(f"/api/cases/{client_case.pk}").json()
    assert body["registration_number"] == client_case.registration_number
    assert body["person"] == {"id": client_case.person_id, "first_name": "Jānis", "last_name": "Bērziņš",
                              "personal_code": "16117519997", "birth_date": "1975-11-16"}
    assert "declared_address" not in body["person"]
    assert body["unit"]["id"] == personas.org.riga_centre.pk
    assert body["officer"] == {"id": personas.alice.pk, "name": "Alise Ozola"}
    [section] = body["sections"]
    assert section["kind"] == client_case.sections.get().kind
    assert section["state"] == "registered" and section["basis_number"] == "K30-1234-25"
    assert section["responsible_officer"]["id"] == personas.alice.pk
    assert client_for(personas.alice).get(f"/api/cases/{client_case.pk}/sections").json() == body["sections"]


def test_missing_case_is_404(personas, client_case):
    response = client_for(personas.alice).get("/api/cases/999999")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_case_list_shows_only_visible_cases(personas, client_case):
    assert_api_access("/api/cases/", personas, allowed=sorted(CASE_READERS | {"carol", "otto"}),
                      denied=["anna", "rolf", "emil", "vera", "walt", "admin", "noah"])
    body = client_for(personas.hanna).get("/api/cases/").json()
    assert [item["id"] for item in body["items"]] == [client_case.pk]
    assert body["items"][0]["person"]["last_name"] == "Bērziņš"
    assert client_for(personas.carol).get("/api/cases/").json() == {"items": [], "count": 0}


def test_case_list_filters(personas, client_case):
    other = services.case_open(actor=personas.bob, person=_foreigner(personas.bob, 1),
                               responsible_officer=personas.bob)
    hanna = client_for(personas.hanna)

    def ids(**params):
        return [item["id"] for item in hanna.get("/api/cases/", params).json()["items"]]

    assert sorted(ids()) == sorted([client_case.pk, other.pk])
    assert ids(officer=personas.bob.pk) == [other.pk]
    assert ids(unit=personas.org.liepaja.pk) == []
    assert sorted(ids(unit=personas.org.riga_centre.pk, status="open")) == sorted([client_case.pk, other.pk])
    assert ids(status="closed") == []
    assert [i["id"] for i in client_for(personas.bob).get("/api/cases/?mine=true").json()["items"]] == [other.pk]
    assert hanna.get("/api/cases/?mine=true").json()["count"] == 0
    response = hanna.get("/api/cases/?status=lost")
    assert (response.status_code, response.json()["code"]) == (422, "invalid_input")


def test_case_list_pagination(personas, client_case):
    for n in range(3):
        services.case_open(actor=personas.alice, person=_foreigner(personas.alice, n))
    body = client_for(personas.hanna).get("/api/cases/?limit=2&offset=2").json()
    assert body["count"] == 4 and len(body["items"]) == 2


def test_case_list_query_count_is_constant(personas, client_case):
    counter = iter(range(1000))

    def build(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            case = services.case_open(actor=personas.alice, person=_foreigner(personas.alice, i),
                                      responsible_officer=personas.bob if i % 2 else personas.alice)
            services.section_open(actor=personas.alice, case=case, kind="evaluation",
                                  basis_type="evaluation_request", basis_number=f"E{i}",
                                  basis_date=dt.date(2025, 1, 1), basis_issuer="Prokuratūra")

    hanna = client_for(personas.hanna)
    assert_constant_queries(build, lambda: hanna.get("/api/cases/"))
    assert hanna.get("/api/cases/").json()["count"] == 13


def test_timeline_lists_labelled_events(personas, client_case):
    body = client_for(personas.rita).get(f"/api/cases/{client_case.pk}/timeline").json()
    assert body["count"] == 2
    newest, oldest = body["items"]
    assert oldest["type"] == "case_opened" and oldest["label"] not in ("", "case_opened")
    assert client_case.registration_number in oldest["description"]
    assert oldest["actor"]["id"] == personas.alice.pk
    assert newest["type"] == "section_opened" and newest["section_id"] is not None
    assert "K30-1234-25" in newest["description"]


def test_timeline_query_count_is_constant(personas, client_case):
    def build(n: int) -> None:
        for i in range(n):
            services.case_transfer(actor=personas.hanna, case=Case.objects.get(pk=client_case.pk),
                                   to_unit=personas.org.riga_east if i % 2 == 0 else personas.org.riga_centre,
                                   reason="moved", expected_version=None)

    rita = client_for(personas.rita)
    assert_constant_queries(build, lambda: rita.get(f"/api/cases/{client_case.pk}/timeline"))


# --- opening a case --------------------------------------------------------------------------------

def test_open_a_case_for_a_person_registered_through_the_api(personas):
    alice = client_for(personas.alice)
    person = post(alice, "/api/persons/", {"personal_code": "32579461005", "first_name": "Līga",
                                           "last_name": "Ozoliņa", "birth_date": "1990-01-01",
                                           "declared_municipality": "LV-RIX"}).json()
    # Nobody else may use a person they cannot see.
    assert post(client_for(personas.bob), "/api/cases/", {"person_id": person["id"]}).status_code == 404
    response = post(alice, "/api/cases/", {"person_id": person["id"], "officer": personas.alice.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert case.person_id == person["id"] and case.responsible_unit == personas.org.riga_centre
    assert body["sections"] == [] and body["opened_by"]["id"] == personas.alice.pk
    assert CaseEvent.objects.filter(case=case, type="case_opened").exists()


def test_second_case_is_a_conflict_with_the_first_case_id(personas, client_case):
    response = post(client_for(personas.bob), "/api/cases/", {"person_id": client_case.person_id})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "case_exists" and body["case_id"] == client_case.pk
    assert Case.objects.count() == 1


def test_open_case_access(personas, client_case):
    person = _foreigner(personas.alice, 7)
    url = "/api/cases/"
    assert_api_access(url, personas, method="post", json={"person_id": person.pk}, allowed=["alice"],
                      ok_status=(201,), denied=["audrey", "anna", "rolf", "emil", "vera", "walt", "admin", "noah",
                                                "carol"])
    assert Case.objects.filter(person=person).count() == 1


def test_open_case_bad_input(personas):
    person = _foreigner(personas.carol, 1)  # lives in Rīga, registered by Carol (Liepāja)
    carol = client_for(personas.carol)
    response = post(carol, "/api/cases/", {"person_id": person.pk})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        422, "unit_out_of_scope", "unit")
    response = post(carol, "/api/cases/", {"person_id": person.pk, "unit": personas.org.kurzeme_region.pk})
    assert (response.json()["code"], response.json()["field"]) == ("unit_kind", "unit")
    response = post(carol, "/api/cases/", {"person_id": person.pk, "unit": personas.org.liepaja.pk,
                                           "officer": 999999})
    assert (response.json()["code"], response.json()["field"]) == ("officer_unknown", "officer")
    future = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    response = post(carol, "/api/cases/", {"person_id": person.pk, "unit": personas.org.liepaja.pk,
                                           "opened_on": future})
    assert response.json()["code"] == "opened_on_future"
    response = post(carol, "/api/cases/", {"unit": personas.org.liepaja.pk})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        422, "invalid_input", "person_id")
    assert not Case.objects.exists()
    response = post(carol, "/api/cases/", {"person_id": person.pk, "unit": personas.org.liepaja.pk})
    assert response.status_code == 201


# --- transfer and assignment -----------------------------------------------------------------------

def test_transfer_access(personas, client_case):
    url = f"/api/cases/{client_case.pk}/transfer"
    data = {"to_unit": personas.org.riga_east.pk, "reason": "Client moved", "version": client_case.version}
    assert_api_access(url, personas, method="post", json=data, allowed=["hanna"],
                      denied=sorted(CASE_NON_READERS | {"alice", "bob", "audrey"}))
    client_case.refresh_from_db()
    assert client_case.responsible_unit == personas.org.riga_east
    assert CaseEvent.objects.filter(case=client_case, type="case_transferred").count() == 1


def test_transfer_keeps_the_number(personas, client_case):
    response = post(client_for(personas.rita), f"/api/cases/{client_case.pk}/transfer",
                    {"to_unit": personas.org.liepaja.pk, "to_officer": personas.carol.pk,
                     "reason": "Moved to Liepāja", "version": client_case.version})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["registration_number"] == client_case.registration_number
    assert body["unit"]["id"] == personas.org.liepaja.pk and body["officer"]["id"] == personas.carol.pk
    assert body["version"] == client_case.version + 1


def test_transfer_bad_input_changes_nothing(personas, client_case):
    hanna = client_for(personas.hanna)
    url = f"/api/cases/{client_case.pk}/transfer"
    base = {"to_unit": personas.org.riga_east.pk, "reason": "moved", "version": client_case.version}
    cases = [
        ({**base, "reason": "  "}, 422, "reason_required", "reason"),
        ({**base, "to_unit": personas.org.riga_centre.pk}, 422, "same_unit", "to_unit"),
        ({**base, "to_unit": 999999}, 422, "unit_unknown", "to_unit"),
        ({**base, "version": client_case.version + 5}, 409, "concurrent_edit", None),
        ({k: v for k, v in base.items() if k != "reason"}, 422, "invalid_input", "reason"),
    ]
    for data, status, code, field in cases:
        response = post(hanna, url, data)
        assert response.status_code == status, (data, response.content)
        assert response.json()["code"] == code
        assert response.json().get("field") == field
    client_case.refresh_from_db()
    assert client_case.responsible_unit == personas.org.riga_centre and client_case.version == 1
    assert not ChangeLog.objects.filter(verb="case_transfer").exists()


def test_assign_officer(personas, client_case):
    url = f"/api/cases/{client_case.pk}/assign"
    assert_api_access(url, personas, method="post", json={"officer": personas.bob.pk, "version": 1},
                      allowed=["hanna"], denied=sorted(CASE_NON_READERS | {"alice", "bob", "audrey"}))
    client_case.refresh_from_db()
    assert client_case.responsible_officer == personas.bob and client_case.version == 2
    hanna = client_for(personas.hanna)
    response = post(hanna, url, {"officer": personas.carol.pk, "version": 2})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        422, "officer_other_unit", "officer")
    response = post(hanna, url, {"officer": personas.alice.pk, "version": 1})
    assert (response.status_code, response.json()["code"]) == (409, "concurrent_edit")
    response = post(hanna, url, {"officer": None, "version": 2})
    assert response.status_code == 200 and response.json()["officer"] is None


# --- sections --------------------------------------------------------------------------------------

def test_open_section(personas, client_case, new_section):
    url = f"/api/cases/{client_case.pk}/sections"
    assert_api_access(url, personas, method="post", json=new_section, allowed=["bob"], ok_status=(201,),
                      denied=sorted(CASE_NON_READERS | {"audrey"}))
    section = Section.objects.get(kind=new_section["kind"])
    assert section.responsible_officer == personas.alice  # the case's officer by default
    assert CaseEvent.objects.filter(section=section, type="section_opened").exists()


def test_section_basis_date_in_the_future_is_refused(personas, client_case, new_section):
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    response = post(client_for(personas.alice), f"/api/cases/{client_case.pk}/sections",
                    {**new_section, "basis_date": future})
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("basis_date_future", "basis_date")
    assert client_case.sections.count() == 1
    assert ChangeLog.objects.filter(verb="section_open").count() == 1  # the fixture's section only


@pytest.mark.parametrize("change, code, field", [
    ({"kind": "astrology"}, "kind_unknown", "kind"),
    ({"basis_type": "rumour"}, "basis_type_unknown", "basis_type"),
    ({"basis_issuer": ""}, "basis_issuer_required", "basis_issuer"),
    ({"basis_in_force": "2025-09-01"}, "basis_in_force_before_date", "basis_in_force"),
    ({"responsible_officer": 999999}, "officer_unknown", "responsible_officer"),
    ({"basis_date": "not a date"}, "invalid_input", "basis_date"),
    ({"basis_number": None}, "invalid_input", "basis_number"),
])
def test_section_bad_input(personas, client_case, new_section, change, code, field):
    response = post(client_for(personas.alice), f"/api/cases/{client_case.pk}/sections", {**new_section, **change})
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert client_case.sections.count() == 1


def test_close_section(personas, client_case):
    section = client_case.sections.get()
    url = f"/api/cases/{client_case.pk}/sections/{section.pk}/close"
    data = {"reason": "term_expired", "version": section.version, "note": "Served"}
    assert_api_access(url, personas, method="post", json=data, allowed=["alice"],
                      denied=sorted(CASE_NON_READERS | {"audrey"}))
    section.refresh_from_db()
    assert section.state == "closed" and section.closing_reason == "term_expired" and section.version == 2
    response = client_for(personas.alice).get(f"/api/cases/{client_case.pk}/sections").json()
    assert response[0]["outcome"] == "successful" and response[0]["closing_reason_label"]


def test_close_section_bad_input(personas, client_case):
    section = client_case.sections.get()
    alice = client_for(personas.alice)
    url = f"/api/cases/{client_case.pk}/sections/{section.pk}/close"
    response = post(alice, url, {"reason": "report_sent", "version": section.version})
    assert (response.status_code, response.json()["code"]) == (422, "closing_reason_invalid")
    response = post(alice, url, {"reason": "term_expired", "version": section.version + 1})
    assert (response.status_code, response.json()["code"]) == (409, "concurrent_edit")
    response = post(alice, url, {"reason": "term_expired"})
    assert (response.status_code, response.json()["field"]) == (422, "version")
    other = services.case_open(actor=personas.alice, person=_foreigner(personas.alice, 3))
    response = post(alice, f"/api/cases/{other.pk}/sections/{section.pk}/close",
                    {"reason": "term_expired", "version": section.version})
    assert response.status_code == 404
    section.refresh_from_db()
    assert section.state == "registered" and section.version == 1


# --- tokens and the OpenAPI document ---------------------------------------------------------------

def _token(user: User, scopes: list[str]) -> str:
    prefix, raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="court", prefix=prefix, token_hash=ApiToken.hash(raw), scopes=scopes)
    return f"Bearer {raw}"


def test_token_needs_cases_write_for_writes(personas, client_case, client, new_section):
    account = User.objects.create_user(username="court", is_service_account=True)
    Grant.objects.create(user=account, role=Role.SENIOR_OFFICER, scope=Scope.UNIT,
                         org_unit=personas.org.riga_centre, valid_from=dt.date(2020, 1, 1))
    read = _token(account, ["read"])
    body = client.get("/api/cases/", HTTP_AUTHORIZATION=read).json()
    assert [item["id"] for item in body["items"]] == [client_case.pk]
    url = f"/api/cases/{client_case.pk}/sections"
    response = client.post(url, new_section, content_type="application/json", HTTP_AUTHORIZATION=read)
    assert (response.status_code, response.json()["code"]) == (403, "token_scope_missing")
    assert client_case.sections.count() == 1
    write = _token(account, ["read", "cases:write"])
    response = client.post(url, new_section, content_type="application/json", HTTP_AUTHORIZATION=write)
    assert response.status_code == 201
    assert ChangeLog.objects.get(verb="section_open", object_id=str(response.json()["id"])).channel == "api"
    # A token's user sees only what its grants allow.
    other = services.case_open(actor=personas.carol, person=_foreigner(personas.carol, 9, "LV-LPX"))
    assert client.get(f"/api/cases/{other.pk}", HTTP_AUTHORIZATION=read).status_code == 404


def test_openapi_document_lists_the_endpoints(client, personas):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, method in [
        ("/api/persons/", "get"), ("/api/persons/", "post"), ("/api/persons/{person_id}", "get"),
        ("/api/persons/{person_id}", "patch"), ("/api/cases/", "get"), ("/api/cases/", "post"),
        ("/api/cases/{case_id}", "get"), ("/api/cases/{case_id}/transfer", "post"),
        ("/api/cases/{case_id}/assign", "post"), ("/api/cases/{case_id}/timeline", "get"),
        ("/api/cases/{case_id}/sections", "get"), ("/api/cases/{case_id}/sections", "post"),
        ("/api/cases/{case_id}/sections/{section_id}/close", "post"),
    ]:
        assert method in paths[path], (path, method)
    assert "422" in paths["/api/cases/"]["post"]["responses"]
    assert client_for(personas.alice).get("/api/docs").status_code == 200
