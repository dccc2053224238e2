"""Client e-testing: a one-time code opens only its own questionnaire, expires, counts wrong tries; the
answers land in the assessment as the client's self-report; the officer sees what was skipped."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.testing.checks import client_for
from risk import services
from risk.models import Assessment, Questionnaire

START = "/risk/e-testing/"


def _open(client, code):
    return client.post(reverse("risk:etest_start"), {"code": code})


def test_the_public_pages_need_no_account_and_speak_russian(db):
    client = Client()
    page = client.get(START)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert 'value="ru"' in page.content.decode()  # the language switch offers Russian
    assert client.get(reverse("risk:etest_question")).status_code == 302  # nothing opened: back to the code
    assert client.get(reverse("risk:etest_done")).status_code == 200


def test_a_code_opens_only_its_questionnaire_and_the_answers_land_in_the_assessment(issued, personas, client_case):
    questionnaire, code = issued
    client = Client()
    response = _open(client, code.lower())  # typed in lower case, with the hyphen
    assert response.status_code == 302 and response["Location"] == reverse("risk:etest_question")
    page = client.get(reverse("risk:etest_question"))
    text = page.content.decode()
    assert "1" in text and questionnaire.items[0]
    # Answer the first, skip the second, answer the rest with 1.
    url = reverse("risk:etest_question")
    assert client.post(url, {"item": questionnaire.items[0], "answer": "2"}).status_code == 302
    assert client.post(url, {"item": questionnaire.items[1], "skip": "1"}).status_code == 302
    # No answer chosen: the error is on the page, nothing saved.
    refused = client.post(url, {"item": questionnaire.items[2]})
    assert refused.status_code == 400 and "govuk-error-summary" in refused.content.decode()
    # An item of another instrument or a value off the scale is refused.
    assert client.post(url, {"item": "ch_previous", "answer": "1"}).status_code == 400
    assert client.post(url, {"item": questionnaire.items[2], "answer": "9"}).status_code == 400
    for item in questionnaire.items[2:]:
        assert client.post(url, {"item": item, "answer": "1"}).status_code == 302
    review = client.get(url + f"?q={len(questionnaire.items)}")
    assert review.status_code == 200
    assert client.post(url, {"submit": "1"})["Location"] == reverse("risk:etest_done")
    assessment = Assessment.objects.get(pk=questionnaire.assessment_id)
    assert assessment.answers[questionnaire.items[0]] == {"value": 2, "by": "client"}
    assert assessment.answers[questionnaire.items[1]] == {"skipped": True, "by": "client"}
    # The session no longer opens anything, and the code does not work twice.
    assert client.get(url).status_code == 302
    assert _open(Client(), code).status_code == 400
    # The officer sees the skipped question, marked.
    officer = client_for(personas.alice)
    detail = officer.get(reverse("risk:questionnaire", args=[questionnaire.pk])).content.decode()
    assert "skipped" in detail or "izlaists" in detail
    form = officer.get(reverse("risk:assessment", args=[assessment.pk])).content.decode()
    assert "app-self-report" in form


def test_wrong_codes_are_counted_and_lock_the_questionnaire(issued):
    questionnaire, code = issued
    key = code.split("-")[0]
    for _ in range(5):
        assert _open(Client(), f"{key}-AAAAAA").status_code == 400
    questionnaire.refresh_from_db()
    assert questionnaire.failed_attempts == 5
    assert _open(Client(), code).status_code == 400  # locked, even with the right code


def test_an_expired_code_does_not_open(issued):
    questionnaire, code = issued
    Questionnaire.objects.filter(pk=questionnaire.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = _open(Client(), code)
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()


def test_a_cancelled_questionnaire_stops_an_open_session(issued, personas):
    questionnaire, code = issued
    client = Client()
    _open(client, code)
    questionnaire.refresh_from_db()
    services.questionnaire_cancel(actor=personas.alice, questionnaire=questionnaire)
    assert client.get(reverse("risk:etest_question")).status_code == 302


def test_unknown_codes_are_limited_per_address(db):
    for _ in range(20):
        _open(Client(), "ZZZZZZ-ZZZZZZ")
    from risk.models import CodeAttempt

    assert CodeAttempt.objects.count() == 20
    assert _open(Client(), "ZZZZZZ-ZZZZZZ").status_code == 400
    assert CodeAttempt.objects.count() == 20  # refused before it is even looked up


def test_a_code_issued_for_one_client_never_shows_another(issued, personas, client_case):
    questionnaire, code = issued
    client = Client()
    _open(client, code)
    page = client.get(reverse("risk:etest_question")).content.decode()
    assert "Bērziņš" not in page and client_case.registration_number not in page
