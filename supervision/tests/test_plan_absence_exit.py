import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Section
from core.errors import Conflict, ValidationFailed
from core.models import PolicyOverride
from core.testing.checks import assert_api_access, assert_page_access, client_for
from documents.confirm import CONFIRMED_FORM
from supervision import catalogue, services
from supervision.models import AbsencePermission, PlanGoal, Submission, SupervisionPlan
from supervision.rules import CLOSE_SECTION, PLAN_REVIEW
from supervision.tests.conftest import posted
from tasks.models import Task

pytestmark = pytest.mark.django_db
READERS = ["alice", "bob", "hanna", "rita", "audrey"]
OTHERS = ["carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]
TODAY = timezone.localdate


def _url(name, section, *extra):
    return reverse(f"supervision:{name}", args=[section.case_id, section.pk, *extra])


def _goal(**over):
    return {"need": "education_employment", "goal": "Find work", "measures": "Job centre every week",
            "responsible": "Client and officer", "due_date": dt.date(2027, 3, 1), **over}


def _plan(registered, personas, **over):
    args = {"actor": personas.alice, "section": registered.section, "needs": ["education_employment", "alcohol"],
            "goals": [_goal()], "agreed_on": TODAY() - dt.timedelta(days=1), **over}
    return services.plan_save(**args)


# --- plan ---------------------------------------------------------------------------------------


def test_plan_versions_and_review_tasks(registered, personas):
    first = _plan(registered, personas)
    assert first.number == 1 and first.needs == ["education_employment", "alcohol"]
    agreed = TODAY() - dt.timedelta(days=1)
    task = Task.objects.get(section=registered.section, kind=PLAN_REVIEW)
    assert task.due_date == services.add_months(agreed, 3) == first.review_due
    assert task.status == Task.Status.OPEN
    second = _plan(registered, personas, goals=[_goal(), _goal(need="alcohol", goal="Stop drinking")],
                   change_note="Added an alcohol goal", expected_number=1)
    assert second.number == 2 and second.goals.count() == 2
    first.refresh_from_db()
    assert first.goals.count() == 1 and first.change_note == ""  # the older version is untouched
    tasks = Task.objects.filter(section=registered.section, kind=PLAN_REVIEW)
    assert tasks.filter(status=Task.Status.OPEN).count() == 1
    assert tasks.exclude(status=Task.Status.OPEN).get().pk == task.pk


def test_plan_review_interval_is_a_policy(registered, personas):
    PolicyOverride.objects.create(key="supervision.plan_review_months", value=6, reason="test")
    plan = _plan(registered, personas, agreed_on=dt.date(2026, 1, 31))
    assert plan.review_due == dt.date(2026, 7, 31)


@pytest.mark.parametrize("over, code, field", [
    ({"needs": []}, "needs_required", "needs"),
    ({"needs": ["nonsense"]}, "needs_required", "needs"),
    ({"goals": []}, "goals_required", "goal_1"),
    ({"goals": [_goal(measures="")]}, "measures_required", "measures_1"),
    ({"goals": [_goal(responsible=" ")]}, "responsible_required", "responsible_1"),
    ({"goals": [_goal(due_date=None)]}, "due_date_required", "due_date_1"),
    ({"goals": [_goal(need="drugs")]}, "need_not_chosen", "need_1"),
    ({"agreed_on": dt.date(2999, 1, 1)}, "agreed_on_future", "agreed_on"),
])
def test_plan_bad_input_saves_nothing(registered, personas, over, code, field):
    with pytest.raises(ValidationFailed) as exc:
        _plan(registered, personas, **over)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert not SupervisionPlan.objects.exists() and not PlanGoal.objects.exists()
    assert not Task.objects.filter(kind=PLAN_REVIEW).exists()


def test_plan_change_needs_note_and_current_version(registered, personas):
    _plan(registered, personas)
    with pytest.raises(ValidationFailed) as exc:
        _plan(registered, personas, expected_number=1)
    assert exc.value.code == "change_note_required"
    with pytest.raises(Conflict) as exc2:
        _plan(registered, personas, change_note="x", expected_number=0)
    assert exc2.value.code == "plan_changed"
    assert SupervisionPlan.objects.count() == 1


def test_plan_from_the_page(registered, personas):
    section = registered.section
    client = client_for(personas.alice)
    bad = client.post(_url("plan_save", section), posted("plan", {
        "needs": ["finances"], "goal_1": "Pay debts", "need_1": "finances", "measures_1": "", "responsible_1": "Client",
        "due_date_1": "2027-01-01", "number": 0}))
    assert bad.status_code == 422 and "govuk-error-summary" in bad.content.decode()
    assert not SupervisionPlan.objects.exists()
    ok = client.post(_url("plan_save", section), posted("plan", {
        "needs": ["finances"], "goal_1": "Pay debts", "need_1": "finances", "measures_1": "Budget plan",
        "responsible_1": "Client", "due_date_1": "2027-01-01", "agreed_on": "2026-01-10", "number": 0}))
    assert ok.status_code == 302
    again = client.post(_url("plan_save", section), posted("plan", {
        "needs": ["finances"], "goal_1": "Pay all debts", "need_1": "finances", "measures_1": "Budget plan",
        "responsible_1": "Client", "due_date_1": "2027-01-01", "goal_2": "", "change_note": "Wider goal",
        "number": 1}))
    assert again.status_code == 302
    page = client_for(personas.bob).get(_url("section", section)).content.decode()
    assert "Pay all debts" in page and "Pay debts" in page  # the current and the earlier version


# --- absence ------------------------------------------------------------------------------------


def _absence(registered, personas, start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 16), **over):
    args = {"actor": personas.alice, "section": registered.section, "starts_on": start, "ends_on": end,
            "destination": "Ireland, Dublin", "reason": "Seasonal work", **over}
    return services.absence_request(**args)


def test_absence_request_and_decision(registered, personas):
    absence = _absence(registered, personas)  # 16 days counting both ends
    assert absence.days == 16 and absence.status == "requested"
    with pytest.raises(ValidationFailed) as exc:
        services.absence_decide(actor=personas.alice, absence=absence, decision="refused", reason="",
                                expected_version=absence.version)
    assert (exc.value.code, exc.value.field) == ("reason_required", "reason")
    absence.refresh_from_db()
    assert absence.status == "requested"
    services.absence_decide(actor=personas.alice, absence=absence, decision="granted",
                            expected_version=absence.version)
    absence.refresh_from_db()
    assert absence.status == "granted" and absence.decided_on == TODAY()
    with pytest.raises(Conflict):
        services.absence_decide(actor=personas.alice, absence=absence, decision="refused", reason="x",
                                expected_version=absence.version)


@pytest.mark.parametrize("over, code, field", [
    ({"end": dt.date(2026, 12, 15)}, "permission_not_needed", "ends_on"),  # exactly 15 days
    ({"end": dt.date(2026, 11, 30)}, "end_before_start", "ends_on"),
    ({"end": None}, "ends_on_required", "ends_on"),
    ({"destination": ""}, "destination_required", "destination"),
    ({"reason": " "}, "reason_required", "reason"),
])
def test_absence_bad_input(registered, personas, over, code, field):
    with pytest.raises(ValidationFailed) as exc:
        _absence(registered, personas, **over)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert not AbsencePermission.objects.exists()


def test_short_absence_gets_a_clear_message_on_the_page(registered, personas):
    response = client_for(personas.alice).post(_url("absence_add", registered.section), posted("absence", {
        "starts_on": "2026-12-01", "ends_on": "2026-12-10", "destination": "Liepāja", "reason": "Holiday"}))
    assert response.status_code == 422
    assert "needs no permission" in response.content.decode() or "nav vajadzīga" in response.content.decode()
    assert not AbsencePermission.objects.exists()


# --- exits --------------------------------------------------------------------------------------


def test_early_termination_submission_tracked_to_decision(registered, personas):
    s = services.submission_make(actor=personas.alice, section=registered.section, addressee="court",
                                 grounds="Full compliance for a year", purpose="early_termination")
    with pytest.raises(ValidationFailed) as exc:
        services.submission_decide(actor=personas.alice, submission=s, decision="sentence_executed",
                                   decided_on=TODAY(), expected_version=s.version)
    assert exc.value.code == "decision_invalid"
    services.submission_decide(actor=personas.alice, submission=s, decision="early_termination_granted",
                               decided_on=TODAY(), expected_version=s.version)
    s.refresh_from_db()
    assert s.decision == "early_termination_granted"
    assert s.decision_label == str(catalogue.TERMINATION_DECISIONS["early_termination_granted"].label)


def test_early_termination_is_not_about_a_violation(registered, personas):
    v = services.violation_record(actor=personas.alice, section=registered.section, kind="duty_breach",
                                  occurred_on=dt.date(2026, 1, 5), description="Missed")
    with pytest.raises(ValidationFailed) as exc:
        services.submission_make(actor=personas.alice, section=registered.section, addressee="court",
                                 grounds="x", purpose="early_termination", violation=v)
    assert exc.value.code == "violation_not_allowed"
    assert not Submission.objects.exists()


def test_close_with_taxonomy_reason(registered, personas):
    section = Section.objects.get(pk=registered.section_id)
    assert Task.objects.filter(section=section, kind=CLOSE_SECTION, status=Task.Status.OPEN).exists()
    with pytest.raises(ValidationFailed) as exc:
        services.supervision_close(actor=personas.alice, section=section, reason="report_sent",
                                   expected_version=section.version)
    assert exc.value.code == "closing_reason_invalid"
    pending = services.submission_make(actor=personas.alice, section=section, addressee="court", grounds="x",
                                       purpose="early_termination")
    with pytest.raises(Conflict) as exc2:
        services.supervision_close(actor=personas.alice, section=section, reason="early_discharge",
                                   expected_version=section.version)
    assert exc2.value.code == "submission_pending"
    services.submission_decide(actor=personas.alice, submission=pending, decision="early_termination_granted",
                               decided_on=TODAY(), expected_version=pending.version)
    section.refresh_from_db()
    services.supervision_close(actor=personas.alice, section=section, reason="early_discharge",
                               expected_version=section.version)
    section.refresh_from_db()
    assert not section.is_open and section.closing_reason == "early_discharge"
    assert not Task.objects.filter(section=section, kind=CLOSE_SECTION, status=Task.Status.OPEN).exists()
    with pytest.raises(Conflict):
        _absence(registered, personas)


def test_close_and_termination_from_the_page(registered, personas):
    section = Section.objects.get(pk=registered.section_id)
    client = client_for(personas.alice)
    bad = client.post(_url("close", section), posted("close", {"reason": "nonsense", "version": section.version}))
    assert bad.status_code == 422
    ok = client.post(_url("termination_add", section), {**posted("termination", {"addressee": "court", "grounds": "Complied"}), **CONFIRMED_FORM})
    assert ok.status_code == 302 and Submission.objects.get().purpose == "early_termination"
    s = Submission.objects.get()
    client.post(_url("decision", section, s.pk), posted("decision", {
        "decision": "early_termination_granted", "decided_on": TODAY().isoformat(), "version": s.version}))
    assert Submission.objects.get().decision == "early_termination_granted"
    section.refresh_from_db()
    done = client.post(_url("close", section), posted("close", {"reason": "early_discharge",
                                                                 "version": section.version}))
    assert done.status_code == 302
    section.refresh_from_db()
    assert section.closing_reason == "early_discharge"


@pytest.mark.parametrize("name", ["plan_save", "absence_add", "termination_add", "close"])
def test_new_write_pages_need_section_manage_in_scope(name, registered, personas):
    assert_page_access(_url(name, registered.section), personas, allowed=["alice", "bob", "hanna", "rita"],
                       denied=["audrey", "carol", "otto", "anna", "noah"], method="post", ok_status=(422,))


def test_absence_decision_page_access(registered, personas):
    absence = _absence(registered, personas)
    url = _url("absence_decide", registered.section, absence.pk)
    assert_page_access(url, personas, allowed=["alice", "bob", "hanna", "rita"],
                       denied=["audrey", "carol", "otto", "anna", "noah"], method="post", ok_status=(422,))


def test_api_plan_and_absences(registered, personas):
    section = registered.section
    _plan(registered, personas)
    assert_api_access(f"/api/supervision/sections/{section.pk}/plans", personas, allowed=READERS, denied=OTHERS)
    assert_api_access(f"/api/supervision/sections/{section.pk}/absences", personas, allowed=READERS, denied=OTHERS)
    body = {"starts_on": "2027-01-01", "ends_on": "2027-02-01", "destination": "Oslo", "reason": "Work"}
    assert_api_access(f"/api/supervision/sections/{section.pk}/absences", personas, allowed=["alice"],
                      denied=["audrey", "carol", "noah"], method="post", json=body, ok_status=(201,))
    client = client_for(personas.alice)
    plans = client.get(f"/api/supervision/sections/{section.pk}/plans").json()
    assert plans[0]["number"] == 1 and plans[0]["goals"][0]["need"] == "education_employment"
    short = client.post(f"/api/supervision/sections/{section.pk}/absences",
                        data={**body, "ends_on": "2027-01-05"}, content_type="application/json")
    assert short.status_code == 422 and short.json()["code"] == "permission_not_needed"
    absence = AbsencePermission.objects.first()
    url = f"/api/supervision/absences/{absence.pk}/decision"
    assert client_for(personas.carol).post(url, data={"decision": "granted", "version": absence.version},
                                           content_type="application/json").status_code == 404
    bad = client.post(url, data={"decision": "refused", "version": absence.version}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "reason"
    ok = client.post(url, data={"decision": "granted", "version": absence.version}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "granted"
