"""The enforcement steps through the API: warning, submission, decision and closing, with the same
services, access and error codes as the pages."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Section
from core.testing.checks import assert_api_access, client_for
from documents.models import CaseDocument
from supervision import services
from supervision.models import Submission, SupervisionDetails, Warning
from supervision.tests.test_pages import OTHERS, READERS

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
WRITERS = ["alice"]
NOT_WRITERS = ["audrey", "carol", "otto", "anna", "emil", "walt", "admin", "noah"]


def _violation(registered, personas):
    return services.violation_record(actor=personas.alice, section=registered.section, kind="duty_breach",
                                     occurred_on=TODAY - dt.timedelta(days=2), description="Neieradās")


def _post(client, url, body):
    return client.post(url, data=body, content_type="application/json")


def test_warning_through_the_api(registered, personas):
    violation = _violation(registered, personas)
    url = f"/api/supervision/violations/{violation.pk}/warnings"
    future = _post(client_for(personas.alice), url, {"issued_on": (TODAY + dt.timedelta(days=1)).isoformat()})
    assert future.status_code == 422 and future.json()["code"] == "issued_on_future"
    assert future.json()["field"] == "issued_on"
    assert not Warning.objects.exists()
    assert_api_access(url, personas, allowed=WRITERS, denied=NOT_WRITERS, method="post", json={},
                      ok_status=(201,))
    warning = Warning.objects.get()
    assert warning.document is not None and warning.document.document_type == "supervision_warning"
    listed = client_for(personas.alice).get(f"/api/supervision/sections/{registered.section_id}/warnings").json()
    assert [(w["id"], w["violation_id"], w["document_id"]) for w in listed] == [
        (warning.pk, violation.pk, warning.document_id)]
    assert_api_access(f"/api/supervision/sections/{registered.section_id}/warnings", personas, allowed=READERS,
                      denied=OTHERS)
    again = _post(client_for(personas.alice), url, {})
    assert again.status_code == 409 and again.json()["code"] == "warning_exists"
    assert Warning.objects.count() == 1


def test_submission_decision_and_close_through_the_api(registered, personas):
    violation = _violation(registered, personas)
    section_id = registered.section_id
    client = client_for(personas.alice)
    url = f"/api/supervision/sections/{section_id}/submissions"
    body = {"addressee": "court", "grounds": "Divreiz brīdināts, turpina nepildīt pienākumus.",
            "violation_id": violation.pk}
    # Bad input first: nothing is stored.
    bad = _post(client, url, {**body, "grounds": " "})
    assert bad.status_code == 422 and bad.json()["field"] == "grounds"
    foreign = _post(client, url, {**body, "violation_id": violation.pk + 1000})
    assert foreign.status_code == 422 and foreign.json()["field"] == "violation_id"
    assert not Submission.objects.exists()
    assert_api_access(url, personas, allowed=WRITERS, denied=NOT_WRITERS, method="post", json=body,
                      ok_status=(201,))
    submission = Submission.objects.get()
    assert submission.document is not None
    assert CaseDocument.objects.filter(document_type=submission.document.document_type).count() == 2
    again = _post(client, url, body)
    assert again.status_code == 409 and again.json()["code"] == "submission_pending"
    assert_api_access(url, personas, allowed=READERS, denied=OTHERS)

    section = Section.objects.get(pk=section_id)
    close_url = f"/api/supervision/sections/{section_id}/close"
    waiting = _post(client, close_url, {"reason": "term_expired", "version": section.version})
    assert waiting.status_code == 409 and waiting.json()["code"] == "submission_pending"

    decide_url = f"/api/supervision/submissions/{submission.pk}/decision"
    decision = {"decision": "probation_extended", "decided_on": TODAY.isoformat(), "extension_months": 3,
                "version": submission.version}
    for name in NOT_WRITERS:
        assert _post(client_for(getattr(personas, name)), decide_url, decision).status_code == 404
    too_long = _post(client, decide_url, {**decision, "extension_months": 13})
    assert too_long.status_code == 422 and too_long.json()["field"] == "extension_months"
    end_before = SupervisionDetails.objects.get(section_id=section_id).end_date
    decided = _post(client, decide_url, decision)
    assert decided.status_code == 200, decided.content
    assert decided.json()["decision"] == "probation_extended"
    assert SupervisionDetails.objects.get(section_id=section_id).end_date > end_before
    stale = _post(client, decide_url, decision)
    assert stale.status_code == 409

    section.refresh_from_db()
    for name in NOT_WRITERS:
        assert _post(client_for(getattr(personas, name)), close_url,
                     {"reason": "term_expired", "version": section.version}).status_code == 404
    wrong = _post(client, close_url, {"reason": "report_sent", "version": section.version})
    assert wrong.status_code == 422 and wrong.json()["code"] == "closing_reason_invalid"
    closed = _post(client, close_url, {"reason": "term_expired", "version": section.version})
    assert closed.status_code == 200, closed.content
    assert closed.json()["state"] == "closed" and closed.json()["closing_reason"] == "term_expired"
