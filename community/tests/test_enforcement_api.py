"""The enforcement steps through the API: same services, same access, errors as 4xx JSON."""

import datetime as dt

from cases.models import Section
from community import services
from community.models import EnforcementStep
from core.testing.checks import assert_api_access, client_for

MANAGERS = ["alice", "bob", "hanna", "rita"]
NOT_MANAGERS = ["carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "audrey", "noah"]


def post(user, url, body):
    return client_for(user).post(url, body, content_type="application/json")


def test_step_endpoints_access(personas, order, today):
    section_id = order.details.section_id
    url = f"/api/community/sections/{section_id}/steps"
    # Read: whoever may see the case (the auditor too); write: who may manage the section.
    assert_api_access(url, personas, allowed=["alice", "audrey"], denied=["carol", "walt", "anna", "admin"])
    day = (today - dt.timedelta(days=3)).isoformat()
    assert_api_access(url, personas, method="post", json={"kind": "missed_session", "day": day},
                      allowed=MANAGERS[:1], denied=NOT_MANAGERS, ok_status=(201,))
    assert EnforcementStep.objects.count() == 1
    assert_api_access(f"/api/community/sections/{section_id}/complete", personas, method="post",
                      allowed=[], denied=NOT_MANAGERS)
    post(personas.alice, url, {"kind": "warning", "day": day})
    submission = post(personas.alice, url, {"kind": "evasion_submission", "day": day}).json()
    assert_api_access(f"/api/community/steps/{submission['id']}/decision", personas, method="post",
                      json={"decision": "rejected", "decided_on": today.isoformat()},
                      allowed=["hanna"], denied=NOT_MANAGERS)
    assert EnforcementStep.objects.get(pk=submission["id"]).decision == "rejected"
    assert_api_access("/api/community/steps/999999/decision", personas, method="post",
                      json={"decision": "rejected"}, allowed=[], denied=["alice", "carol"])


def test_missed_warning_evasion_decision_over_the_api(personas, order, today):
    section_id = order.details.section_id
    url = f"/api/community/sections/{section_id}/steps"
    d = lambda n: (today - dt.timedelta(days=n)).isoformat()  # noqa: E731
    bad = post(personas.alice, url, {"kind": "warning", "day": d(3)})
    assert bad.status_code == 422 and bad.json()["code"] == "no_missed_session" and bad.json()["field"] == "kind"
    future = post(personas.alice, url, {"kind": "missed_session", "day": (today + dt.timedelta(days=1)).isoformat()})
    assert future.status_code == 422 and future.json()["code"] == "day_future"
    assert post(personas.alice, url, {"kind": "nonsense", "day": d(3)}).json()["code"] == "kind_invalid"
    assert post(personas.alice, url, {"kind": "missed_session", "day": d(5)}).status_code == 201
    assert post(personas.bob, url, {"kind": "warning", "day": d(4)}).status_code == 201
    submission = post(personas.alice, url, {"kind": "evasion_submission", "day": d(2), "note": "x"})
    body = submission.json()
    assert submission.status_code == 201 and body["decision"] == "pending"
    assert body["conversion_days"] == 25 and body["remaining_hours"] == "100" and body["document_id"]
    again = post(personas.alice, url, {"kind": "evasion_submission", "day": d(1)})
    assert again.status_code == 409 and again.json()["code"] == "submission_pending"
    decide = f"/api/community/steps/{body['id']}/decision"
    assert post(personas.carol, decide, {"decision": "granted", "decided_on": d(0)}).status_code == 404
    assert post(personas.walt, decide, {"decision": "granted", "decided_on": d(0)}).status_code == 404
    stale = post(personas.alice, decide, {"decision": "granted", "decided_on": d(0), "version": body["version"] + 5})
    assert stale.status_code == 409
    early = post(personas.alice, decide, {"decision": "granted", "decided_on": d(3), "version": body["version"]})
    assert early.status_code == 422 and early.json()["code"] == "decided_before_submission"
    done = post(personas.alice, decide, {"decision": "granted", "decided_on": d(0), "version": body["version"]})
    assert done.status_code == 200 and done.json()["decision"] == "granted"
    section = Section.objects.get(pk=section_id)
    assert not section.is_open and section.closing_reason == "revoked"


def test_complete_over_the_api(personas, details, place, today):
    services.details_update(actor=personas.alice, details=details, expected_version=details.version,
                            order_type="court_sentence", ordered_hours=40, offence_date=None, exemplary_work=False)
    order = services.order_issue(actor=personas.alice, details=details, place=place,
                                 start_date=today - dt.timedelta(days=20), schedule="S")
    url = f"/api/community/sections/{details.section_id}/complete"
    early = post(personas.alice, url, {})
    assert early.status_code == 422 and early.json()["code"] == "hours_not_done"
    for i in range(5):
        services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=10 - i), hours="8")
    assert post(personas.carol, url, {}).status_code == 404
    done = post(personas.alice, url, {})
    assert done.status_code == 200 and done.json()["closing_reason"] == "completed"
    again = post(personas.alice, url, {})
    assert again.status_code == 422 and again.json()["code"] == "section_closed"
