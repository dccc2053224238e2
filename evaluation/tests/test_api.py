"""The evaluation-report API: the e-case integration posting requests (required fields named, the unit
by rule, the deadline and its task), reading back their status with a scoped token, and the officers'
routes — persona access for every route, victim data masking, the bad inputs of the issue."""

import datetime as dt

import pytest
from django.test import Client

from accounts import services as account_services
from core.testing.checks import assert_api_access, assert_constant_queries, client_for
from evaluation.models import EvaluationRequest, Invitation, Status
from evaluation.tests.conftest import pdf_file, written
from tasks.models import Task

pytestmark = pytest.mark.django_db

READERS = ["alice", "bob", "hanna", "rita", "audrey"]
NON_READERS = ["carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]
MANAGERS = ["alice", "bob", "hanna", "rita"]
NOT_MANAGERS = ["carol", "otto", "audrey", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]


def _form(today, **overrides):
    data = {
        "external_id": "E-1", "requester_kind": "court", "requester_name": "Rīgas pilsētas tiesa",
        "request_number": "T-9", "case_number": "11816000999", "offence": "KL 175. panta pirmā daļa",
        "request_date": (today - dt.timedelta(days=1)).isoformat(), "person_contacts": "tālr. 20000001",
        "victim_meeting_undesirable": "false", "victim_name": "Pēteris Cietušais",
        "personal_code": "161175-19997", "first_name": "Jānis", "last_name": "Bērziņš",
        "declared_municipality": "LV-RIX", "declared_address": "Brīvības iela 1", "file": pdf_file(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def ecase(personas, court):
    personas.ecase = court  # for assert_api_access
    return court


def test_post_request_access(personas, ecase, today):
    # Everyone else gets 404 whatever the body; the integration gets its answer.
    assert_api_access("/api/evaluation/requests", personas, method="post", form=_form(today), allowed=["ecase"],
                      denied=[*READERS, *NON_READERS], ok_status=(201,))
    ev = EvaluationRequest.objects.get()
    assert ev.section.case.person.personal_code == "16117519997"
    assert ev.unit == personas.org.riga_centre and ev.request_document.document_type == "letter"
    assert not ev.deadline_from_request
    assert Task.objects.get(kind="evaluation.deliver").due_date == ev.deadline


def test_missing_fields_are_named(personas, ecase, today):
    response = client_for(ecase).post("/api/evaluation/requests", _form(
        today, case_number="", offence=None, victim_meeting_undesirable=None, file=None))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "request_incomplete"
    assert body["missing"] == ["case_number", "offence", "victim_meeting_undesirable", "file"]
    assert not EvaluationRequest.objects.exists()


def test_same_request_twice_is_a_conflict(personas, ecase, today):
    client = client_for(ecase)
    assert client.post("/api/evaluation/requests", _form(today)).status_code == 201
    response = client.post("/api/evaluation/requests", _form(today))
    assert response.status_code == 409 and response.json()["code"] == "request_exists"


def test_prison_request_to_the_unit_covering_the_prison(personas, ecase, today):
    response = client_for(ecase).post("/api/evaluation/requests", _form(
        today, requester_kind="prison", requester_name="Liepājas cietums", prison_code="liepaja",
        personal_code="", birth_date="1980-01-01", first_name="Ivars", last_name="Ozols",
        document_type="passport", document_number="LT1234567", document_country="LT", declared_municipality="", deadline=(today + dt.timedelta(days=15)).isoformat()))
    assert response.status_code == 201, response.content
    ev = EvaluationRequest.objects.get()
    assert ev.unit == personas.org.liepaja and ev.section.case.responsible_unit == personas.org.liepaja
    assert ev.deadline == today + dt.timedelta(days=15)


def test_token_posts_and_reads_back_status(personas, today):
    account = account_services.service_account_create(actor=personas.admin, username="eliet", name="E-lieta")
    from accounts.models import Grant
    from accounts.roles import Role

    Grant.objects.create(user=account, role=Role.INTEGRATION, scope="national", valid_from=dt.date(2020, 1, 1))
    _t, raw = account_services.token_create(actor=personas.admin, account=account, name="t",
                                            scopes=["read", "evaluation:write"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    posted = Client(enforce_csrf_checks=True).post("/api/evaluation/requests", _form(today), **headers)
    assert posted.status_code == 201, posted.content
    rid = posted.json()["id"]
    status = Client(enforce_csrf_checks=True).get(f"/api/evaluation/submitted/{rid}", **headers)
    assert status.status_code == 200 and status.json()["status"] == "registered"
    # Without the write scope the post is refused.
    _t, read_only = account_services.token_create(actor=personas.admin, account=account, name="r", scopes=["read"])
    refused = Client().post("/api/evaluation/requests", _form(today, external_id="E-2"),
                            HTTP_AUTHORIZATION=f"Bearer {read_only}")
    assert refused.status_code == 403 and refused.json()["code"] == "token_scope_missing"


def test_submitted_status_only_for_the_poster(personas, ecase, ev_request):
    assert_api_access(f"/api/evaluation/submitted/{ev_request.pk}", personas, allowed=[],
                      denied=[*READERS, *NON_READERS, "ecase"])


def test_read_routes_access_and_victim_masking(personas, ev_request, ecase):
    assert_api_access(f"/api/evaluation/requests/{ev_request.pk}", personas, allowed=READERS, denied=NON_READERS)
    assert_api_access("/api/evaluation/requests", personas, allowed=[*READERS, "carol", "otto"],
                      denied=["anna", "rolf", "emil", "vera", "walt", "admin", "noah"])
    assert client_for(personas.alice).get(f"/api/evaluation/requests/{ev_request.pk}").json()["victim_name"] == \
        "Anna Kalna"
    # The regional head sees the case but not the class "victim".
    body = client_for(personas.rita).get(f"/api/evaluation/requests/{ev_request.pk}").json()
    assert body["victim_name"] is None and body["victim_contacts"] is None
    listed = client_for(personas.rita).get("/api/evaluation/requests").json()["items"]
    assert listed[0]["victim_name"] is None


def test_write_routes_access(personas, ev_request, sam, today):
    rid = ev_request.pk
    future = (today + dt.timedelta(days=11)).isoformat()
    assert_api_access(f"/api/evaluation/requests/{rid}/invitations", personas, method="post",
                      json={"appearance_date": future, "appearance_time": "10:00"}, allowed=MANAGERS,
                      denied=NOT_MANAGERS, ok_status=(422,))
    assert not Invitation.objects.exists()
    assert_api_access(f"/api/evaluation/requests/{rid}/steps", personas, method="post",
                      json={"kind": "check", "source": "police", "day": future, "summary": "x"},
                      allowed=MANAGERS, denied=NOT_MANAGERS, ok_status=(422,))
    assert_api_access(f"/api/evaluation/requests/{rid}/sections", personas, method="put",
                      json={"version": 999, "sections": {"offence": "x"}}, allowed=MANAGERS, denied=NOT_MANAGERS,
                      ok_status=(409,))
    assert_api_access(f"/api/evaluation/requests/{rid}/submit", personas, method="post",
                      json={"version": ev_request.version, "reviewer_id": sam.pk}, allowed=MANAGERS,
                      denied=NOT_MANAGERS, ok_status=(422,))
    assert_api_access(f"/api/evaluation/requests/{rid}/review", personas, method="post",
                      json={"version": ev_request.version, "decision": "approved"}, allowed=["hanna"],
                      denied=["alice", "bob", "carol", "otto", "audrey", "anna", "rolf", "emil", "vera", "walt",
                              "admin", "noah"], ok_status=(409,))
    assert_api_access(f"/api/evaluation/requests/{rid}/finish", personas, method="post",
                      json={"version": ev_request.version, "end_state": "withdrawn"}, allowed=MANAGERS,
                      denied=NOT_MANAGERS, ok_status=(422,))
    ev_request.refresh_from_db()
    assert ev_request.status == Status.REGISTERED and ev_request.sections == {}


def test_api_bad_inputs(personas, ev_request, today, templates_loaded):
    alice = client_for(personas.alice)
    rid = ev_request.pk
    response = alice.post(f"/api/evaluation/requests/{rid}/invitations", {
        "appearance_date": (today + dt.timedelta(days=11)).isoformat(), "appearance_time": "10:00"},
        content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "appearance_too_late"
    response = alice.post(f"/api/evaluation/requests/{rid}/invitations", {
        "appearance_date": (today + dt.timedelta(days=2)).isoformat(), "appearance_time": "10:00+05:39"},
        content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "appearance_time_offset"
    response = alice.post(f"/api/evaluation/requests/{rid}/finish", {"version": ev_request.version,
                                                                    "end_state": "withdrawn"},
                          content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "end_state_unknown"
    response = alice.put(f"/api/evaluation/requests/{rid}/sections", {"version": ev_request.version,
                                                                     "sections": {"nonsense": "x"}},
                         content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "section_unknown"


def test_workflow_over_the_api(personas, ev_request, sam, today, templates_loaded):
    alice, reviewer = client_for(personas.alice), client_for(sam)
    rid = ev_request.pk
    body = alice.put(f"/api/evaluation/requests/{rid}/sections", {"version": ev_request.version,
                                                                 "sections": written(ev_request)},
                     content_type="application/json").json()
    body = alice.post(f"/api/evaluation/requests/{rid}/submit", {"version": body["version"], "reviewer_id": sam.pk},
                      content_type="application/json").json()
    assert body["status"] == "in_review"
    body = reviewer.post(f"/api/evaluation/requests/{rid}/review", {"version": body["version"],
                                                                   "decision": "approved"},
                         content_type="application/json").json()
    assert body["status"] == "approved"
    response = alice.post(f"/api/evaluation/requests/{rid}/finish", {"version": body["version"], "end_state": "report"},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "report_sent"
    assert response.json()["on_time"] is True
    year = today.year
    rows = client_for(personas.hanna).get(f"/api/evaluation/timeliness/{year}").json()["items"]
    assert rows[0]["sent"] == 1 and rows[0]["share"] == 100.0


def test_timeliness_access_and_constant_queries(personas, today):
    url = f"/api/evaluation/timeliness/{today.year}"
    assert_api_access(url, personas, allowed=["hanna", "rita", "otto", "anna"],
                      denied=["alice", "bob", "carol", "audrey", "rolf", "emil", "vera", "walt", "admin", "noah"])
    assert client_for(personas.anna).get("/api/evaluation/timeliness/1").status_code == 422


def test_request_list_constant_queries(personas, today):
    from evaluation.tests.test_pages import _builder

    alice = client_for(personas.alice)
    assert_constant_queries(_builder(personas, today), lambda: alice.get("/api/evaluation/requests"))


def test_timeliness_list_constant_queries(personas, today):
    anna = client_for(personas.anna)
    assert_constant_queries(lambda n: None, lambda: anna.get(f"/api/evaluation/timeliness/{today.year}"))
