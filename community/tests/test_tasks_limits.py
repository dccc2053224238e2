"""Tasks of enforcement: the court's decision awaited, and the 2-year enforcement limit; the
community-service caseload with the limit warning."""

import datetime as dt

from django.urls import reverse
from stdnum.lv import pvn

from community import jobs, rules, services
from community.tests.conftest import make_client, open_section, record_details
from core import calendar, policies
from core.testing.checks import assert_constant_queries, assert_page_access, client_for
from tasks import rules as task_rules
from tasks.models import Task


def new_code(i):
    base = f"32{i:08d}"  # new-format codes carry no date of birth
    return next(base + str(c) for c in range(10) if pvn.is_valid(base + str(c)))


def _submit(personas, order, today):
    for kind, days in (("missed_session", 10), ("warning", 9)):
        services.step_record(actor=personas.alice, details=order.details, kind=kind, day=today - dt.timedelta(days=days))
    return services.step_record(actor=personas.alice, details=order.details, kind="evasion_submission",
                                day=today - dt.timedelta(days=2))


def test_a_submission_opens_a_task_due_after_the_waiting_period_and_the_decision_completes_it(personas, order, today):
    policy = policies.get("community.court_decision_wait_working_days")
    assert policy.default == 20 and not policy.confirmed and policy.source
    step = _submit(personas, order, today)
    task = Task.objects.get(kind=rules.DECISION_EVASION)
    assert task.section_id == order.details.section_id and task.assignee == personas.alice
    assert task.due_date == calendar.add_working_days(step.day, 20)
    services.submission_decide(actor=personas.alice, step=step, expected_version=step.version, decision="rejected",
                               decided_on=today)
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.outcome == rules.OUTCOME_DECIDED


def test_an_undecided_submission_becomes_an_overdue_task(personas, client_case, place, today):
    details = record_details(personas.alice, open_section(personas.alice, client_case,
                                                          in_force=today - dt.timedelta(days=100)))
    services.order_issue(actor=personas.alice, details=details, place=place, start_date=today - dt.timedelta(days=90),
                         schedule="S")
    services.step_record(actor=personas.alice, details=details, kind="missed_session", day=today - dt.timedelta(days=60))
    services.step_record(actor=personas.alice, details=details, kind="warning", day=today - dt.timedelta(days=59))
    step = services.step_record(actor=personas.alice, details=details, kind="evasion_submission",
                                day=today - dt.timedelta(days=50))
    task = Task.objects.get(kind=rules.DECISION_EVASION)
    assert task.due_date < today and task.is_open  # the tasks module flags it to the officer and the unit head
    assert step.decision == "pending"


def test_the_enforcement_limit_becomes_a_task_once_within_the_warning_period(personas, client_case, today):
    years = 2
    # Ruling took effect 2 years − 80 days ago: the limit passes in 80 days (< 90): a task.
    near = record_details(personas.alice, open_section(personas.alice, client_case,
                                                       in_force=today.replace(year=today.year - years)
                                                       + dt.timedelta(days=80)))
    # Another client whose limit is 200 days away: no task yet.
    far_case = make_client(personas, code=new_code(1))
    record_details(personas.alice, open_section(personas.alice, far_case,
                                                in_force=today.replace(year=today.year - years)
                                                + dt.timedelta(days=200)))
    assert jobs.create_limitation_tasks_now(today) == {"tasks": 1}
    task = Task.objects.get(kind=rules.LIMITATION)
    assert task.section_id == near.section_id and task.assignee == personas.alice
    assert task.due_date == calendar.add_working_days(today, 10)
    assert (near.ruling_in_force.replace(year=near.ruling_in_force.year + 2)).strftime("%d.%m.%Y") in task.description
    # Run again: no duplicate.
    assert jobs.create_limitation_tasks_now(today) == {"tasks": 0}
    # Later the other one comes within the period too.
    assert jobs.create_limitation_tasks_now(today + dt.timedelta(days=115)) == {"tasks": 1}


def test_completion_closes_the_limitation_task(personas, details, place, today):
    services.details_update(actor=personas.alice, details=details, expected_version=details.version,
                            order_type="court_sentence", ordered_hours=40, offence_date=None, exemplary_work=False)
    order = services.order_issue(actor=personas.alice, details=details, place=place,
                                 start_date=today - dt.timedelta(days=20), schedule="S")
    for i in range(5):
        services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=10 - i), hours="8")

    task_rules.fire(rules.LIMITATION_NEAR, actor=None, section=details.section, today=today, until=today)
    services.details_complete(actor=personas.alice, details=details)
    assert Task.objects.get(kind=rules.LIMITATION).status == Task.Status.DONE


def test_caseload_page_access_and_warning(personas, client_case, today):
    url = reverse("community:caseload")
    assert_page_access(url, personas, allowed=["alice", "bob", "hanna", "rita", "carol", "audrey"],
                       denied=["walt", "anna", "admin", "rolf", "emil", "noah"])
    record_details(personas.alice, open_section(personas.alice, client_case,
                                                in_force=today.replace(year=today.year - 2) + dt.timedelta(days=30)))
    page = client_for(personas.alice).get(url)
    assert page.context["near"] == 1 and page.context["passed"] == 0
    assert "govuk-warning-text" in page.content.decode() and client_case.registration_number in page.content.decode()
    # Carol (another region) sees nothing of it, even with "all I can see".
    other = client_for(personas.carol).get(url, {"show": "all"})
    assert other.context["near"] == 0 and client_case.registration_number not in other.content.decode()
    # Bob sees it only under "all I can see" (he is not the officer).
    assert client_for(personas.bob).get(url).context["near"] == 0
    assert client_for(personas.bob).get(url, {"show": "all"}).context["near"] == 1


def test_caseload_queries_are_constant(personas, place, today):
    counter = {"n": 0}

    def build(n):
        for _ in range(n):
            i = counter["n"]
            counter["n"] += 1
            d = record_details(personas.alice, open_section(personas.alice, make_client(personas, code=new_code(i + 10))))
            if i % 2:
                o = services.order_issue(actor=personas.alice, details=d, place=place,
                                         start_date=today - dt.timedelta(days=3), schedule="S")
                services.hours_record(actor=personas.alice, order=o, day=today, hours="3")

    place.capacity = 20
    place.save()
    client = client_for(personas.alice)
    assert_constant_queries(build, lambda: client.get(reverse("community:caseload")),
                            none_in_render=True)
