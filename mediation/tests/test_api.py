"""The mediation API: persona access of every route, victim-data masking, token scopes, bad input."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Grant
from accounts.roles import Role
from core.audit import SensitiveRead
from core.testing.checks import assert_api_access, assert_constant_queries, client_for
from mediation import services
from mediation.models import Mediation, Meeting
from mediation.tests.conftest import add_victim, held_meeting, register

OUTSIDERS = ["carol", "otto", "anna", "rolf", "emil", "walt", "admin", "noah"]


@pytest.fixture
def cast(personas, sam, mira, staff_mediator):
    personas.sam = sam
    personas.mira = mira
    return personas


def test_read_routes(cast, ready):
    assert_api_access(f"/api/mediation/mediations/{ready.pk}", cast,
                      allowed=["alice", "bob", "hanna", "rita", "audrey", "sam", "vera"], denied=[*OUTSIDERS, "mira"])
    assert_api_access("/api/mediation/mediations", cast,
                      allowed=["alice", "bob", "hanna", "rita", "audrey", "sam", "vera", "mira", "carol", "otto"],
                      denied=["anna", "rolf", "emil", "walt", "admin", "noah"])
    assert_api_access("/api/mediation/mediators", cast, allowed=["sam", "hanna", "otto"],
                      denied=["alice", "bob", "vera", "mira", "rita", "audrey", "carol", "anna", "walt", "noah"])


def test_victim_data_is_null_for_those_without_need(cast, ready):
    url = f"/api/mediation/mediations/{ready.pk}"
    body = client_for(cast.bob).get(url).json()
    assert body["victims"][0]["visible"] is False and body["victims"][0]["last_name"] is None
    assert body["victims"][0]["consent_on"] is not None
    assert not SensitiveRead.objects.filter(user=cast.bob).exists()
    body = client_for(cast.vera).get(url).json()
    assert body["victims"][0]["last_name"] == "Liepa" and body["victims"][0]["phone"] == "+37120000000"
    assert SensitiveRead.objects.filter(user=cast.vera, sensitivity="victim", purpose="api:mediation.detail").exists()


def test_list_query_count(cast):
    def build(n):
        for i in range(n):
            m = register(cast.alice, cast.org.riga_centre, data=services.OffenderData(
                first_name="P", last_name="N", birth_date=dt.date(1980, 1, 1), document_type="pase",
                document_number=f"A{Mediation.objects.count()}"))
            add_victim(cast.alice, m)

    alice = client_for(cast.alice)
    assert_constant_queries(build, lambda: alice.get("/api/mediation/mediations"))


def test_mediators_query_count(cast):
    def build(n):
        for i in range(n):
            services.mediator_create(actor=cast.sam, kind="staff", first_name="M", last_name=f"Q{i}{n}",
                                     unit=cast.org.riga_centre)

    sam = client_for(cast.sam)
    assert_constant_queries(build, lambda: sam.get("/api/mediation/mediators"))


def test_register_over_the_api(cast, client_case, today):
    payload = {"case_id": client_case.pk, "started_by": "offender", "initiator": "Jānis Bērziņš",
               "offence": "Zādzība", "offence_class": "violation", "received_on": (today + dt.timedelta(days=1)).isoformat()}
    # Allowed callers get the future date refused (after the access check): nothing is saved.
    assert_api_access("/api/mediation/mediations", cast, method="post", json=payload, ok_status=(422,),
                      allowed=["alice", "bob", "sam"], denied=["vera", "mira", "rita", "audrey", "anna", "walt", "noah"])
    assert not Mediation.objects.exists()
    response = client_for(cast.alice).post("/api/mediation/mediations", {**payload, "received_on": today.isoformat()},
                                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["case_id"] == client_case.pk
    # Without a case file: the offender's data; a missing field is a 422 with a code.
    response = client_for(cast.alice).post("/api/mediation/mediations", {
        "offender": {"first_name": "Oskars", "last_name": "Zālītis", "birth_date": "1990-01-01",
                     "personal_code": "010190-10001"}, "started_by": "process_director", "initiator": "Policija",
        "offence": "Huligānisms", "offence_class": "violation", "received_on": today.isoformat()},
        content_type="application/json")
    assert response.status_code == 201 and response.json()["case_id"] is None
    response = client_for(cast.alice).post("/api/mediation/mediations", {"started_by": "x"},
                                           content_type="application/json")
    assert response.status_code in (400, 422) and response.json()["code"]


def test_write_routes(cast, ready, volunteer_mediator, today):
    pk = ready.pk
    assert_api_access(f"/api/mediation/mediations/{pk}/assign", cast, method="post",
                      json={"mediator_id": volunteer_mediator.pk, "version": 999}, ok_status=(409,),
                      allowed=["sam", "hanna"], denied=["alice", "bob", "vera", "mira", "rita", "audrey", *OUTSIDERS])
    assert_api_access(f"/api/mediation/mediations/{pk}/gate", cast, method="post",
                      json={"admission_on": "2999-01-01"}, ok_status=(422,),
                      allowed=["alice", "bob", "sam"], denied=["vera", "mira", "rita", "audrey", *OUTSIDERS])
    assert_api_access(f"/api/mediation/mediations/{pk}/victims", cast, method="post",
                      json={"last_name": "Kalns"}, ok_status=(422,),  # meetings may start: victims are fixed
                      allowed=["alice", "sam"], denied=["bob", "vera", "mira", "rita", "audrey", *OUTSIDERS])
    future = (timezone.now() + dt.timedelta(days=400)).isoformat()
    assert_api_access(f"/api/mediation/mediations/{pk}/meetings", cast, method="post",
                      json={"kind": "joint", "starts_at": future, "place": "Birojs"}, ok_status=(422,),
                      allowed=["alice", "bob", "vera"], denied=["mira", "rita", "audrey", *OUTSIDERS])
    assert_api_access(f"/api/mediation/mediations/{pk}/settlement", cast, method="post",
                      json={"signed_on": today.isoformat(), "certified_by": "mediator", "voluntary": True,
                            "consequences_understood": True, "terms": []}, ok_status=(422,),
                      allowed=["alice", "vera"], denied=["mira", "rita", "audrey", *OUTSIDERS])
    assert_api_access(f"/api/mediation/mediations/{pk}/no-settlement", cast, method="post",
                      json={"reason": "nonsense", "ended_on": today.isoformat()}, ok_status=(422,),
                      allowed=["alice", "vera"], denied=["mira", "rita", "audrey", *OUTSIDERS])
    meeting = services.meeting_plan(actor=cast.alice, mediation=ready, kind="joint", format="online",
                                    starts_at=timezone.now() + dt.timedelta(days=1), place="https://meet.example")
    assert_api_access(f"/api/mediation/meetings/{meeting.pk}", cast, method="post", json={"status": "held"},
                      ok_status=(422,), allowed=["alice", "vera"], denied=["mira", "rita", "audrey", *OUTSIDERS])
    held_meeting(cast.alice, ready)
    services.mediation_settle(actor=cast.alice, mediation=ready, expected_version=None, signed_on=today,
                              certified_by="mediator", voluntary=True, consequences_understood=True,
                              terms=[services.NewTerm("Samaksāt", today + dt.timedelta(days=5))])
    term = Mediation.objects.get(pk=pk).settlement.terms.get()
    assert_api_access(f"/api/mediation/terms/{term.pk}", cast, method="post",
                      json={"status": "not_fulfilled", "resolved_on": today.isoformat()}, ok_status=(422,),
                      allowed=["alice", "bob"], denied=["vera", "mira", "rita", "audrey", *OUTSIDERS])
    assert Mediation.objects.get(pk=pk).status == Mediation.Status.SETTLED


def test_meeting_before_consent_over_the_api(cast, mediation):
    add_victim(cast.alice, mediation, consent=False)
    response = client_for(cast.alice).post(f"/api/mediation/mediations/{mediation.pk}/meetings", {
        "kind": "joint", "starts_at": (timezone.now() + dt.timedelta(days=2)).isoformat(), "place": "Birojs"},
        content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "consent_missing" and response.json()["field"] == "starts_at"
    assert not Meeting.objects.exists()


def test_tokens_need_the_write_scope(cast, ready):
    account = account_services.service_account_create(actor=cast.admin, username="ecase", name="E-lieta")
    Grant.objects.create(user=account, role=Role.UNIT_HEAD, scope="national", valid_from=dt.date(2020, 1, 1))
    _, raw = account_services.token_create(actor=cast.admin, account=account, name="t", scopes=["read"])
    client = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"/api/mediation/mediations/{ready.pk}", **auth).status_code == 200
    response = client.post(f"/api/mediation/mediations/{ready.pk}/gate", {}, content_type="application/json", **auth)
    assert response.status_code == 403 and response.json()["code"] == "token_scope_missing"
    # A session without the CSRF token is refused.
    session = Client(enforce_csrf_checks=True)
    session.force_login(cast.alice)
    response = session.post(f"/api/mediation/mediations/{ready.pk}/gate", {}, content_type="application/json")
    assert response.status_code == 403


def test_bad_input_never_a_500(cast, ready):
    alice = client_for(cast.alice)
    fresh = register(cast.alice, cast.org.riga_centre, officer=cast.alice)
    # A time without a zone is local time: accepted (the gate is passed on `ready`).
    response = alice.post(f"/api/mediation/mediations/{ready.pk}/meetings", {
        "kind": "joint", "starts_at": (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S"),
        "place": "Birojs"}, content_type="application/json")
    assert response.status_code == 201, response.content
    response = alice.post(f"/api/mediation/mediations/{fresh.pk}/victims", {
        "last_name": "Liepa", "email": "not-an-address"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "email"
    response = alice.post("/api/mediation/mediations", {
        "offender": {"first_name": "A", "last_name": "B", "birth_date": "1990-01-01", "document_type": "pase",
                     "document_number": "Z1"}, "started_by": "victim", "initiator": "X", "offence": "Y",
        "offence_class": "violation", "received_on": "0001-01-01"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "received_on"
    assert alice.get("/api/mediation/mediations/99999999999999999999").status_code in (404, 422)
