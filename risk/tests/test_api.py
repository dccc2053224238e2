"""The risk API: persona access, the OGRS3 scoring endpoint's contract and its 422s, writes with CSRF."""

import datetime as dt

import pytest
from django.test import Client

from core.testing.checks import assert_api_access, assert_constant_queries, client_for
from risk.models import Conviction

SCORE = "/api/risk/models/ogrs3/score"
BODY = {"sex": "male", "age": 32, "sanctions": 3, "age_at_first_sanction": 20, "offence_category": "theft"}
READERS = ["alice", "bob", "hanna", "rita", "audrey"]
NON_READERS = ["carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]


def test_the_scoring_endpoint(personas):
    assert_api_access(SCORE, personas, method="post", json=BODY, allowed=["alice", "rita", "anna", "rolf", "admin"],
                      denied=["emil", "vera", "walt", "audrey", "noah"])
    body = client_for(personas.alice).post(SCORE, BODY, content_type="application/json").json()
    assert body["model"] == "ogrs3" and body["version"] == "1"
    assert (body["one_year"], body["two_year"], body["band"]) == (22, 36, "low")
    assert [row["feature"] for row in body["breakdown"]] == ["age_sex", "sanctions", "copas", "offence_category"]
    assert body["breakdown"][0] == {"feature": "age_sex", "value": "male, 30–34", "contribution": -1.326}


@pytest.mark.parametrize(("change", "field"), [
    ({"age": 9}, "age"),
    ({"age_at_first_sanction": 33}, "age_at_first_sanction"),
    ({"sanctions": 0}, "sanctions"),
    ({"offence_category": "arson"}, "offence_category"),
    ({"sex": "other"}, "sex"),
    ({"age": "x"}, "age"),
    ({"age": 10**30}, "age"),
])
def test_out_of_range_input_names_the_field(personas, change, field):
    response = client_for(personas.alice).post(SCORE, {**BODY, **change}, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field and response.json()["code"]


def test_missing_field_and_unknown_version(personas):
    body = {k: v for k, v in BODY.items() if k != "sanctions"}
    response = client_for(personas.alice).post(SCORE, body, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "sanctions"
    response = client_for(personas.alice).post(SCORE + "?version=7", BODY, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "version"


def test_versions(personas):
    assert_api_access("/api/risk/models/ogrs3/versions", personas, allowed=["alice", "rolf"], denied=["vera", "noah"])


def test_case_reads(personas, client_case, history, completed):
    case_id = client_case.pk
    for path in (f"/api/risk/cases/{case_id}/scores", f"/api/risk/cases/{case_id}/history",
                 f"/api/risk/cases/{case_id}/assessments"):
        assert_api_access(path, personas, allowed=READERS, denied=NON_READERS)
    scores = client_for(personas.alice).get(f"/api/risk/cases/{case_id}/scores").json()
    assert scores[0]["current"] and scores[0]["inputs"]["sanctions"] == 2
    assessments = client_for(personas.alice).get(f"/api/risk/cases/{case_id}/assessments").json()
    assert assessments[0]["level"] == "high" and assessments[0]["suggested_intensity"] == "high"
    assert assessments[0]["programme_eligible"] is True


def test_history_write_with_csrf(personas, client_case):
    path = f"/api/risk/cases/{client_case.pk}/history"
    entry = {"kind": "conviction", "article": "231", "offence_date": "2024-01-05", "conviction_date": "2024-03-01"}
    assert_api_access(path, personas, method="post", json=entry, allowed=["alice"], ok_status=(201,),
                      denied=["rita", "audrey", "carol", "anna", "rolf", "vera", "admin", "noah"])
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(personas.alice)
    refused = csrf.post(path, entry, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    bad = client_for(personas.alice).post(path, {**entry, "conviction_date": "2023-01-01"},
                                          content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "conviction_date"
    assert Conviction.objects.filter(person=client_case.person).count() == 1


def test_import_over_the_api(personas, client_case):
    rows = [{"register_id": "SR-1", "personal_code": "161175-19997", "kind": "conviction", "article": "175",
             "offence_date": "2021-02-10", "conviction_date": "2021-06-01", "custodial": False}]
    assert_api_access("/api/risk/imports", personas, method="post", json={"rows": rows}, allowed=["admin"],
                      ok_status=(201,), denied=["alice", "hanna", "anna", "rolf", "vera", "noah"])
    bad = client_for(personas.admin).post("/api/risk/imports", {"rows": [{**rows[0], "register_id": "SR-2",
                                                                          "article": "999"}]},
                                          content_type="application/json")
    assert bad.status_code == 422 and bad.json()["code"] == "import_refused"
    assert bad.json()["errors"][0]["field"] == "article"


def test_research_lists_are_pseudonymised_and_constant(personas, client_case, history):
    for path in ("/api/risk/research/scores", "/api/risk/research/history"):
        assert_api_access(path, personas, allowed=["rolf"], denied=["alice", "hanna", "anna", "admin", "vera", "noah"])
        body = client_for(personas.rolf).get(path).json()
        assert body["items"] and all(item["pseudonym"].startswith("P-") for item in body["items"])
        assert "Bērziņš" not in str(body) and "161175" not in str(body)
    assert len({i["pseudonym"] for i in client_for(personas.rolf).get("/api/risk/research/history").json()["items"]}) == 1

    from people import services as people_services
    from risk import services

    made = []

    def build(n):
        for _ in range(n):
            i = len(made)
            person = people_services.person_create(actor=personas.alice, personal_code=None, first_name="Ilze",
                                                   last_name=f"Kalna{i}", birth_date=dt.date(1990, 1, 1), sex="F",
                                                   document_type="passport", document_number=f"R{i:06d}")
            made.append(services.conviction_add(actor=personas.alice, person=person, kind="conviction", article="175",
                                                offence_date=dt.date(2020, 1, 1), conviction_date=dt.date(2020, 2, 1)))

    rolf = client_for(personas.rolf)
    assert_constant_queries(build, lambda: rolf.get("/api/risk/research/scores"))
    assert_constant_queries(build, lambda: rolf.get("/api/risk/research/history"), sizes=(14, 20))
