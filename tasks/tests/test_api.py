import datetime as dt

import pytest
from django.test import Client

from core.testing.checks import assert_api_access, client_for
from tasks import services
from tasks.models import IncomingDocument, Task
from tasks.tests.factories import pdf

pytestmark = pytest.mark.django_db

NO_TASKS = ["anna", "rolf", "emil", "vera", "walt", "admin", "noah"]


@pytest.fixture
def task(personas, client_case):
    return services.task_create(actor=personas.alice, title="Home visit", unit=personas.org.riga_centre,
                                due_date=dt.date(2026, 1, 20), case=client_case, assignee=personas.alice)


def test_task_list_access_and_filters(personas, task, item):
    assert_api_access("/api/tasks/", personas, allowed=["alice", "bob", "carol", "hanna", "rita", "otto", "audrey"],
                      denied=NO_TASKS)
    mine = client_for(personas.alice).get("/api/tasks/").json()
    assert [t["id"] for t in mine["items"]] == [task.pk] and mine["count"] == 1
    unit = client_for(personas.hanna).get("/api/tasks/?view=unit").json()
    assert {t["id"] for t in unit["items"]} == {task.pk, Task.objects.get(inbox_item=item).pk}
    assert client_for(personas.carol).get("/api/tasks/?view=unit").json()["count"] == 0
    overdue = client_for(personas.hanna).get("/api/tasks/?view=overdue").json()
    assert all(t["overdue"] for t in overdue["items"])


def test_task_list_is_paginated(personas):
    for i in range(55):
        services.task_create(actor=personas.hanna, title=f"T{i}", unit=personas.org.riga_centre,
                             due_date=dt.date(2026, 1, 1), assignee=personas.alice)
    first = client_for(personas.alice).get("/api/tasks/").json()
    assert first["count"] == 55 and len(first["items"]) == 50
    assert len(client_for(personas.alice).get("/api/tasks/?page=2").json()["items"]) == 5


def test_task_detail_access(personas, task):
    assert_api_access(f"/api/tasks/{task.pk}", personas, allowed=["alice", "bob", "hanna", "rita", "audrey"],
                      denied=["carol", "otto", *NO_TASKS])


def test_complete_via_api(personas, task):
    url = f"/api/tasks/{task.pk}/complete"
    assert_api_access(url, personas, allowed=[], denied=["carol", "otto", "audrey", *NO_TASKS], method="post",
                      json={"outcome": "x", "version": 1})
    client = client_for(personas.alice)
    missing = client.post(url, {"outcome": " ", "version": 1}, content_type="application/json")
    assert missing.status_code == 422 and missing.json()["code"] == "outcome_required"
    assert missing.json()["field"] == "outcome"
    ok = client.post(url, {"outcome": "Visited", "version": 1}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "done"
    stale = client.post(url, {"outcome": "Again", "version": 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "concurrent_edit"
    twice = client.post(url, {"outcome": "Again", "version": 2}, content_type="application/json")
    assert twice.status_code == 409 and twice.json()["code"] == "task_not_open"


def test_assign_via_api(personas, task):
    url = f"/api/tasks/{task.pk}/assign"
    assert_api_access(url, personas, allowed=[], denied=["alice", "bob", "carol", "otto", "audrey", *NO_TASKS],
                      method="post", json={"assignee_id": personas.bob.pk, "version": 1})
    client = client_for(personas.hanna)
    other = client.post(url, {"assignee_id": personas.carol.pk, "version": 1}, content_type="application/json")
    assert other.status_code == 422 and other.json()["code"] == "assignee_other_unit"
    ok = client.post(url, {"assignee_id": personas.bob.pk, "version": 1}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["assignee_id"] == personas.bob.pk


def test_inbox_list_and_detail_access(personas, item):
    readers, others = ["alice", "bob", "hanna", "rita"], ["audrey", "anna", "rolf", "emil", "vera", "walt",
                                                          "admin", "noah"]
    assert_api_access("/api/inbox/", personas, allowed=[*readers, "carol", "otto"], denied=others)
    assert client_for(personas.bob).get("/api/inbox/").json()["items"][0]["id"] == item.pk
    assert client_for(personas.carol).get("/api/inbox/").json()["count"] == 0
    assert_api_access(f"/api/inbox/{item.pk}", personas, allowed=readers, denied=["carol", "otto", *others])


def _post(client, data, file=None, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    payload = dict(data)
    if file is not None:
        payload["file"] = file
    return client.post("/api/inbox/", payload, **headers)


BASE = {"kind": "court_ruling", "sender": "Liepājas tiesa", "sender_reference": "K-9", "document_date": "2026-01-05"}


def test_integration_posts_with_token_and_routing(personas, client_case, integration):
    client = Client()
    by_person = _post(client, {**BASE, "hint_personal_code": "161175-19997", "unit_code": "LIEP"}, pdf(),
                      integration["token"])
    assert by_person.status_code == 201, by_person.content
    body = by_person.json()
    assert body["routed_unit_code"] == "RIGA-C" and body["channel"] == "integration"
    item = IncomingDocument.objects.get(pk=body["id"])
    assert item.created_by == integration["user"] and item.hint_personal_code == "16117519997"
    assert Task.objects.filter(inbox_item=item, kind="inbox.open_case_file").exists()
    by_municipality = _post(client, {**BASE, "hint_municipality": "LV-LPX"}, pdf(), integration["token"])
    assert by_municipality.json()["routed_unit_code"] == "LIEP"
    by_code = _post(client, {**BASE, "unit_code": "RIGA-A", "external_id": "DVS-1"}, pdf(), integration["token"])
    assert by_code.json()["routed_unit_code"] == "RIGA-A" and by_code.json()["metadata"] == {"external_id": "DVS-1"}


def test_integration_post_errors(personas, integration):
    client = Client()
    token = integration["token"]
    assert _post(client, {**BASE, "unit_code": "LIEP"}, pdf()).status_code == 401
    scope = _post(client, {**BASE, "unit_code": "LIEP"}, pdf(), integration["readonly_token"])
    assert scope.status_code == 403 and scope.json()["code"] == "token_scope_missing"
    future = _post(client, {**BASE, "unit_code": "LIEP", "document_date": "2999-01-01"}, pdf(), token)
    assert future.status_code == 422 and future.json()["code"] == "document_date_future"
    assert future.json()["field"] == "document_date"
    wrong = _post(client, {**BASE, "unit_code": "LIEP"}, pdf("virus.exe"), token)
    assert wrong.status_code == 422 and wrong.json()["code"] in ("file_type", "file_extension")
    no_file = _post(client, {**BASE, "unit_code": "LIEP"}, None, token)
    assert no_file.status_code == 422 and no_file.json()["code"] == "file_required"
    no_unit = _post(client, BASE, pdf(), token)
    assert no_unit.status_code == 422 and no_unit.json()["code"] == "unit_required"
    bad_kind = _post(client, {**BASE, "unit_code": "LIEP", "kind": "letter"}, pdf(), token)
    assert bad_kind.status_code == 422 and bad_kind.json()["code"] == "kind_unknown"
    assert IncomingDocument.objects.count() == 0 and Task.objects.count() == 0


def test_staff_cannot_post_to_the_integration_endpoint(personas):
    for name in ("alice", "hanna", "admin", "noah"):
        response = _post(client_for(getattr(personas, name)), {**BASE, "unit_code": "LIEP"}, pdf())
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert IncomingDocument.objects.count() == 0
