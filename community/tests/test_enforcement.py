"""Missed sessions → warning → evasion submission → court decision; early release; completion."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cases import timeline
from cases.models import CaseEvent, Section
from community import selectors, services
from community.models import EnforcementStep, HourEntry, WorkOrder
from community.tests.conftest import open_section, posted, record_details
from core.errors import Conflict, ValidationFailed
from core.testing.checks import assert_page_access, client_for
from documents.confirm import CONFIRMED_FORM

MISSED, WARNING = EnforcementStep.Kind.MISSED, EnforcementStep.Kind.WARNING
EVASION, EARLY = EnforcementStep.Kind.EVASION, EnforcementStep.Kind.EARLY_RELEASE


def step(personas, order, kind, day, note=""):
    return services.step_record(actor=personas.alice, details=order.details, kind=kind, day=day, note=note)


def test_missed_warning_evasion_and_the_court_grants(personas, order, today):
    services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=20), hours="6")
    step(personas, order, MISSED, today - dt.timedelta(days=10))
    step(personas, order, WARNING, today - dt.timedelta(days=9))
    submission = step(personas, order, EVASION, today - dt.timedelta(days=2), "Neierodas")
    # 100 - 6 = 94 h remaining; 94 / 4 = 23.5 → 23 days (a remainder of less than a day is not counted).
    assert submission.remaining_hours == Decimal("94") and submission.conversion_days == 23
    assert submission.decision == EnforcementStep.Decision.PENDING
    assert CaseEvent.objects.filter(type="community_evasion_submitted", data__days=23).exists()
    services.submission_decide(actor=personas.alice, step=submission, expected_version=submission.version,
                               decision="granted", decided_on=today, note="Aizstāts ar īslaicīgu brīvības atņemšanu")
    section = Section.objects.get(pk=order.details.section_id)
    assert not section.is_open and section.closing_reason == "revoked" and section.closed_on == today
    order.refresh_from_db()
    assert order.status == WorkOrder.Status.CLOSED and order.end_date == today


def test_warning_needs_a_missed_session_since_the_last_warning(personas, order, today):
    with pytest.raises(ValidationFailed) as exc:
        step(personas, order, WARNING, today)
    assert exc.value.code == "no_missed_session" and exc.value.field == "kind"
    step(personas, order, MISSED, today - dt.timedelta(days=5))
    step(personas, order, WARNING, today - dt.timedelta(days=4))
    with pytest.raises(ValidationFailed) as exc:
        step(personas, order, WARNING, today)
    assert exc.value.code == "no_missed_session"
    assert EnforcementStep.objects.count() == 2


def test_evasion_needs_a_warning_and_only_one_submission_can_wait(personas, order, today):
    step(personas, order, MISSED, today - dt.timedelta(days=5))
    with pytest.raises(ValidationFailed) as exc:
        step(personas, order, EVASION, today)
    assert exc.value.code == "no_warning"
    step(personas, order, WARNING, today - dt.timedelta(days=4))
    first = step(personas, order, EVASION, today - dt.timedelta(days=1))
    with pytest.raises(Conflict) as exc:
        step(personas, order, EVASION, today)
    assert exc.value.code == "submission_pending"
    assert EnforcementStep.objects.filter(kind=EVASION).count() == 1
    services.submission_decide(actor=personas.alice, step=first, expected_version=first.version,
                               decision="rejected", decided_on=today)
    assert Section.objects.get(pk=order.details.section_id).is_open
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrder.Status.ACTIVE
    with pytest.raises(Conflict) as exc:
        services.submission_decide(actor=personas.alice, step=first, expected_version=None,
                                   decision="granted", decided_on=today)
    assert exc.value.code == "not_pending"


@pytest.mark.parametrize(("kind", "offset", "code"), [
    (MISSED, 1, "day_future"),
    (MISSED, -40, "no_order_on_day"),  # the order started 30 days ago
    (MISSED, -100, "day_before_ruling"),
    ("holiday", 0, "kind_invalid"),
])
def test_bad_steps_are_refused(personas, order, today, kind, offset, code):
    with pytest.raises(ValidationFailed) as exc:
        step(personas, order, kind, today + dt.timedelta(days=offset))
    assert exc.value.code == code
    assert not EnforcementStep.objects.exists()


def test_decision_date_is_checked(personas, order, today):
    step(personas, order, MISSED, today - dt.timedelta(days=5))
    step(personas, order, WARNING, today - dt.timedelta(days=4))
    sub = step(personas, order, EVASION, today - dt.timedelta(days=3))
    for decision, day, code in [("granted", today - dt.timedelta(days=4), "decided_before_submission"),
                                ("granted", today + dt.timedelta(days=1), "decided_on_future"),
                                ("maybe", today, "decision_invalid")]:
        with pytest.raises(ValidationFailed) as exc:
            services.submission_decide(actor=personas.alice, step=sub, expected_version=sub.version,
                                       decision=decision, decided_on=day)
        assert exc.value.code == code
    sub.refresh_from_db()
    assert sub.decision == "pending" and Section.objects.get(pk=order.details.section_id).is_open


def test_early_release_when_eligible(personas, order, today):
    details = order.details
    with pytest.raises(ValidationFailed) as exc:
        step(personas, order, EARLY, today)
    assert exc.value.code == "not_eligible"
    for i in range(7):  # 7 × 8 = 56 ≥ half of 100
        services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=20 - i), hours="8")
    with pytest.raises(ValidationFailed):  # not yet marked as working exemplarily
        step(personas, order, EARLY, today)
    services.details_update(actor=personas.alice, details=details, expected_version=details.version,
                            order_type=details.order_type, ordered_hours=details.ordered_hours,
                            offence_date=None, exemplary_work=True)
    sub = step(personas, order, EARLY, today)
    services.submission_decide(actor=personas.alice, step=sub, expected_version=sub.version, decision="granted",
                               decided_on=today)
    section = Section.objects.get(pk=details.section_id)
    assert section.closing_reason == "early_discharge" and not section.is_open


def test_early_release_does_not_apply_to_children(personas, client_case, today):
    section = open_section(personas.alice, client_case, kind="community_work_child")
    client_case.person.birth_date = dt.date(2010, 1, 1)
    client_case.person.save()
    details = record_details(personas.alice, section, hours=20, order_type="child_measure",
                             offence_date=dt.date(2024, 1, 1))
    with pytest.raises(ValidationFailed) as exc:
        services.step_record(actor=personas.alice, details=details, kind=EARLY, day=today)
    assert exc.value.code == "early_release_not_applicable"


def test_completion_closes_the_section_when_all_hours_are_done(personas, order, today):
    with pytest.raises(ValidationFailed) as exc:
        services.details_complete(actor=personas.alice, details=order.details)
    assert exc.value.code == "hours_not_done"
    for i in range(12):
        services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=25 - i), hours="8")
    services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=5), hours="4")
    assert selectors.effective_hours(order.details) == 100
    section = services.details_complete(actor=personas.alice, details=order.details)
    assert section.closing_reason == "completed" and not section.is_open
    order.refresh_from_db()
    assert order.status == "closed" and order.end_date == today - dt.timedelta(days=5)
    assert CaseEvent.objects.filter(type="community_completed").exists()
    with pytest.raises(ValidationFailed) as exc:
        services.details_complete(actor=personas.alice, details=order.details)
    assert exc.value.code == "section_closed"
    with pytest.raises(ValidationFailed):
        services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=5), hours="1")
    assert HourEntry.objects.count() == 13


def test_step_pages_access_and_errors(personas, order, today):
    section = order.details.section
    url = reverse("community:step_add", args=[section.case_id, section.pk])
    data = posted("step", {"kind": "missed_session", "day": today.isoformat(), "note": "Neieradās"})
    assert_page_access(url, personas, allowed=[], denied=["carol", "otto", "walt", "audrey", "anna", "admin", "vera"],
                       method="post", data=data)
    assert not EnforcementStep.objects.exists()
    warning = posted("step", {"kind": "warning", "day": today.isoformat()})
    response = client_for(personas.alice).post(url, warning)
    assert response.status_code == 422 and 'id="id_step-kind-error"' in response.content.decode()
    assert client_for(personas.bob).post(url, data).status_code == 302
    assert client_for(personas.alice).post(url, warning).status_code == 302
    evasion = posted("step", {"kind": "evasion_submission", "day": today.isoformat()})
    preview = client_for(personas.alice).post(url, evasion)  # the letter first; nothing counts yet
    assert preview.status_code == 200 and not EnforcementStep.objects.filter(kind=EVASION).exists()
    assert client_for(personas.alice).post(url, {**evasion, **CONFIRMED_FORM}).status_code == 302
    sub = EnforcementStep.objects.get(kind=EVASION)
    assert sub.conversion_days == 25  # 100 h ÷ 4
    decide = reverse("community:step_decide", args=[section.case_id, section.pk, sub.pk])
    page = client_for(personas.alice).get(reverse("community:section", args=[section.case_id, section.pk]))
    assert decide in page.content.decode()
    page = client_for(personas.hanna).get(reverse("community:section", args=[section.case_id, section.pk]))
    assert page.status_code == 200 and decide in page.content.decode()  # unit head manages too
    ddata = posted("decision", {"version": sub.version, "decision": "rejected", "decided_on": today.isoformat()})
    assert_page_access(decide, personas, allowed=[], denied=["carol", "walt", "audrey", "anna"], method="post",
                       data=ddata)
    assert client_for(personas.alice).post(decide, ddata).status_code == 302
    sub.refresh_from_db()
    assert sub.decision == "rejected"


def test_complete_page(personas, order, today):
    section = order.details.section
    url = reverse("community:complete", args=[section.case_id, section.pk])
    assert_page_access(url, personas, allowed=[], denied=["carol", "walt", "audrey", "anna"], method="post")
    client_for(personas.alice).post(url)
    assert Section.objects.get(pk=section.pk).is_open  # hours not done: refused, shown as a message
    for i in range(12):
        services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=25 - i), hours="8")
    services.hours_record(actor=personas.alice, order=order, day=today, hours="4")
    page = client_for(personas.alice).get(reverse("community:section", args=[section.case_id, section.pk]))
    assert url in page.content.decode()
    assert client_for(personas.alice).post(url).status_code == 302
    assert Section.objects.get(pk=section.pk).closing_reason == "completed"


def test_decision_reads_in_the_readers_language(personas, order, today):
    step(personas, order, MISSED, today - dt.timedelta(days=5))
    step(personas, order, WARNING, today - dt.timedelta(days=4))
    sub = step(personas, order, EVASION, today - dt.timedelta(days=3))
    services.submission_decide(actor=personas.alice, step=sub, expected_version=sub.version, decision="rejected",
                               decided_on=today)
    event = CaseEvent.objects.get(type="community_submission_decided")
    with translation.override("en"):
        assert timeline.describe(event) == f"{today:%d.%m.%Y}: rejected by the court"
    with translation.override("lv"):
        assert timeline.describe(event) == f"{today:%d.%m.%Y}: tiesa noraidīja"
