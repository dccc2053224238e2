import datetime as dt

import pytest

from cases import services as case_services
from cases.models import CaseEvent
from core.errors import ConcurrentEdit, Conflict, PermissionDenied, ValidationFailed
from core.models import ChangeLog
from tasks import rules, services
from tasks.models import Task
from tasks.rules import TaskRule, TaskSpec

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(personas, client_case):
    return services.task_create(actor=personas.alice, title="Plan the first meeting", unit=personas.org.riga_centre,
                                due_date=dt.date(2026, 12, 1), case=client_case, assignee=personas.alice)


def test_create_writes_audit_and_timeline(personas, task, client_case):
    assert ChangeLog.objects.filter(verb="task_create", object_id=str(task.pk)).exists()
    assert CaseEvent.objects.filter(case=client_case, type="task_created").exists()


def test_create_refuses_bad_input(personas):
    with pytest.raises(ValidationFailed) as err:
        services.task_create(actor=personas.alice, title=" ", unit=personas.org.riga_centre,
                             due_date=dt.date(2026, 1, 1))
    assert (err.value.code, err.value.field) == ("title_required", "title")
    with pytest.raises(ValidationFailed) as err:
        services.task_create(actor=personas.alice, title="x", unit=personas.org.riga_centre,
                             due_date=dt.date(2026, 1, 1), assignee=personas.anna)
    assert (err.value.code, err.value.field) == ("assignee_cannot_work", "assignee")
    assert Task.objects.count() == 0


def test_complete_needs_an_outcome(personas, task):
    with pytest.raises(ValidationFailed) as err:
        services.task_complete(actor=personas.alice, task=task, outcome="  ", expected_version=task.version)
    assert (err.value.code, err.value.field) == ("outcome_required", "outcome")
    task.refresh_from_db()
    assert task.status == "open" and task.version == 1


def test_complete_once_then_refuse(personas, task, client_case):
    done = services.task_complete(actor=personas.alice, task=task, outcome="Met, plan agreed",
                                  expected_version=task.version)
    assert (done.status, done.outcome, done.completed_by) == ("done", "Met, plan agreed", personas.alice)
    assert done.completed_at is not None and done.version == 2
    event = CaseEvent.objects.get(case=client_case, type="task_completed")
    assert event.data["outcome"] == "Met, plan agreed"
    with pytest.raises(Conflict) as err:
        services.task_complete(actor=personas.alice, task=done, outcome="again", expected_version=done.version)
    assert err.value.code == "task_not_open"


def test_complete_with_stale_version_is_refused(personas, task):
    services.task_assign(actor=personas.hanna, task=task, assignee=personas.bob, expected_version=task.version)
    with pytest.raises(ConcurrentEdit):
        services.task_complete(actor=personas.alice, task=task, outcome="done", expected_version=1)
    task.refresh_from_db()
    assert task.status == "open"


def test_assign_only_within_managed_units(personas, task):
    with pytest.raises(PermissionDenied):
        services.task_assign(actor=personas.alice, task=task, assignee=personas.bob, expected_version=task.version)
    with pytest.raises(ValidationFailed) as err:
        services.task_assign(actor=personas.hanna, task=task, assignee=personas.carol, expected_version=task.version)
    assert (err.value.code, err.value.field) == ("assignee_other_unit", "assignee")
    personas.bob.is_active = False
    personas.bob.save()
    with pytest.raises(ValidationFailed) as err:
        services.task_assign(actor=personas.hanna, task=task, assignee=personas.bob, expected_version=task.version)
    assert err.value.code == "assignee_inactive"
    task.refresh_from_db()
    assert task.assignee == personas.alice
    # The regional head manages every unit of the region.
    moved = services.task_assign(actor=personas.rita, task=task, assignee=personas.hanna,
                                 expected_version=task.version)
    assert moved.assignee == personas.hanna
    assert ChangeLog.objects.filter(verb="task_assign").count() == 1


def test_cancel_by_manager_or_creator_with_reason(personas, task):
    with pytest.raises(PermissionDenied):
        services.task_cancel(actor=personas.bob, task=task, reason="no", expected_version=task.version)
    with pytest.raises(ValidationFailed) as err:
        services.task_cancel(actor=personas.alice, task=task, reason="", expected_version=task.version)
    assert err.value.field == "reason"
    cancelled = services.task_cancel(actor=personas.alice, task=task, reason="Duplicate",
                                     expected_version=task.version)
    assert (cancelled.status, cancelled.outcome) == ("cancelled", "Duplicate")


def test_later_modules_add_rules_on_timeline_events(personas, client_case):
    """A rule subscribed to section_opened creates its task in the same transaction."""
    rule = rules.register(TaskRule(
        code="test.first_meeting", trigger="timeline:section_opened", title="Hold the first meeting",
        deadline_policy="cases.opening_deadline_working_days",
        make=lambda *, case, section, **_: TaskSpec(start=dt.date(2026, 1, 16), unit=case.responsible_unit,
                                                    case=case, section=section,
                                                    assignee=section.responsible_officer),
    ))
    try:
        section = case_services.section_open(
            actor=personas.alice, case=client_case, kind="programme", basis_type="court_ruling",
            basis_number="K-2", basis_date=dt.date(2025, 10, 1), basis_issuer="Tiesa",
        )
        task = Task.objects.get(kind=rule.code)
        assert (task.section, task.case, task.assignee) == (section, client_case, personas.alice)
        assert task.due_date == dt.date(2026, 1, 19)
        assert task.display_title == "Hold the first meeting"
    finally:
        rules.unregister(rule.code)
    case_services.section_open(
        actor=personas.alice, case=client_case, kind="mediation", basis_type="court_ruling",
        basis_number="K-3", basis_date=dt.date(2025, 10, 1), basis_issuer="Tiesa",
    )
    assert Task.objects.filter(kind=rule.code).count() == 1
