"""What a function's job asks of tasks without touching ``tasks.Task``: which sections have a task of
a kind (``section_has_task``, ``sections_with_open_task``), and completing the open tasks of a kind on
a set of sections (``tasks_complete_open(sections=...)``)."""

import datetime as dt

import pytest

from cases.models import CaseEvent, Section
from cases.services import section_open
from core.models import ChangeLog
from tasks.models import Task
from tasks.selectors import section_has_task, sections_with_open_task
from tasks.services import task_create, tasks_complete_open

pytestmark = pytest.mark.django_db
CHECK, OTHER = "test.check", "test.other"


@pytest.fixture
def two_sections(personas, client_case):
    first = Section.objects.get(case=client_case)
    second = section_open(actor=personas.alice, case=client_case, kind=first.kind, basis_type="court_ruling",
                          basis_number="K-2", basis_date=dt.date(2025, 10, 1), basis_issuer="Tiesa",
                          basis_in_force=dt.date(2025, 10, 10))
    return first, second


def _task(personas, section, kind):
    return task_create(actor=personas.alice, title="Check", unit=personas.org.riga_centre,
                       due_date=dt.date(2026, 12, 1), kind=kind, section=section)


def _with(expression):
    return set(Section.objects.filter(expression).values_list("pk", flat=True))


def test_which_sections_have_a_task_of_a_kind(personas, two_sections):
    first, second = two_sections
    _task(personas, first, CHECK)
    _task(personas, second, CHECK)
    _task(personas, first, OTHER)
    assert sections_with_open_task(CHECK) == {first.pk, second.pk}
    assert sections_with_open_task(OTHER) == {first.pk}
    assert sections_with_open_task("test.none") == set()
    assert _with(section_has_task(OTHER)) == {first.pk}
    assert set(Section.objects.exclude(section_has_task(OTHER)).values_list("pk", flat=True)) == {second.pk}
    tasks_complete_open(actor=personas.alice, kinds=[OTHER], section=first, outcome="done")
    assert sections_with_open_task(OTHER) == set()
    assert _with(section_has_task(OTHER)) == {first.pk}  # any status
    assert _with(section_has_task(OTHER, open_only=True)) == set()


def test_complete_open_tasks_on_a_set_of_sections(personas, two_sections):
    first, second = two_sections
    a, b = _task(personas, first, CHECK), _task(personas, second, CHECK)
    other = _task(personas, first, OTHER)
    # A queryset of sections is a subquery: here "those of the two that are the first".
    done = tasks_complete_open(actor=None, kinds=[CHECK], outcome="contact made",
                               sections=Section.objects.filter(pk__in=[first.pk, second.pk]).exclude(pk=second.pk))
    assert done == 1
    assert tasks_complete_open(actor=None, kinds=[CHECK], outcome="closed", sections=[first.pk, second.pk]) == 1
    assert tasks_complete_open(actor=None, kinds=[CHECK], outcome="again", sections=[first.pk, second.pk]) == 0
    rows = {t.pk: (t.status, t.outcome) for t in Task.objects.all()}
    assert rows == {a.pk: ("done", "contact made"), b.pk: ("done", "closed"), other.pk: ("open", "")}
    assert ChangeLog.objects.filter(verb="task_complete", object_id__in=[str(a.pk), str(b.pk)]).count() == 2
    assert CaseEvent.objects.filter(type="task_completed").count() == 2


def test_complete_open_names_what_to_complete(personas):
    with pytest.raises(ValueError):
        tasks_complete_open(actor=None, kinds=[CHECK], outcome="done")
