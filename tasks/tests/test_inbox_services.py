import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case, CaseEvent, Section
from core.errors import ConcurrentEdit, Conflict, ValidationFailed
from core.models import ChangeLog
from people.models import Person
from tasks import rules, services
from tasks.models import IncomingDocument, Task
from tasks.tests.factories import receive

pytestmark = pytest.mark.django_db
RIGA = ZoneInfo("Europe/Riga")


def test_receiving_creates_the_open_case_file_task(personas):
    item = receive(personas, received_at=dt.datetime(2026, 1, 16, 10, 0, tzinfo=RIGA))
    task = Task.objects.get(inbox_item=item)
    assert task.kind == rules.OPEN_CASE_FILE
    assert task.title == "Open the case file"
    assert task.unit == personas.org.riga_centre
    assert task.assignee is None
    # Friday 16.01.2026; Saturday 17.01.2026 is a transferred working day in Latvia.
    assert task.due_date == dt.date(2026, 1, 19)
    assert item.file_type == "pdf" and len(item.file_sha256) == 64
    assert ChangeLog.objects.filter(verb="inbox_receive", object_id=str(item.pk)).exists()
    assert ChangeLog.objects.filter(verb="task_create", object_id=str(task.pk)).exists()


def test_future_dated_document_is_refused_and_nothing_saved(personas, today):
    with pytest.raises(ValidationFailed) as err:
        receive(personas, document_date=today + dt.timedelta(days=1))
    assert err.value.code == "document_date_future"
    assert err.value.field == "document_date"
    assert IncomingDocument.objects.count() == 0 and Task.objects.count() == 0


@pytest.mark.parametrize("name,content,code", [
    ("ruling.exe", b"MZ\x90\x00binary", "file_type"),
    ("ruling.docx", b"%PDF-1.4 really a pdf", "file_extension"),
    ("empty.pdf", b"", "file_empty"),
])
def test_wrong_file_is_refused(personas, name, content, code):
    with pytest.raises(ValidationFailed) as err:
        receive(personas, file=SimpleUploadedFile(name, content))
    assert err.value.code == code
    assert err.value.field == "file"
    assert IncomingDocument.objects.count() == 0


def test_bad_hint_code_and_region_unit_are_refused(personas):
    with pytest.raises(ValidationFailed) as err:
        receive(personas, hint_personal_code="161175-19990")
    assert err.value.field == "hint_personal_code"
    with pytest.raises(ValidationFailed) as err:
        receive(personas, unit=personas.org.riga_region)
    assert (err.value.code, err.value.field) == ("unit_kind", "routed_unit")


def _register_new(personas, item, section_kind, **kw):
    data = {
        "actor": personas.alice, "item": item, "expected_version": item.version, "section_kind": section_kind,
        "new_person": {"personal_code": "32579461005", "first_name": "Anna", "last_name": "Kalniņa",
                        "birth_date": dt.date(1990, 2, 3), "declared_municipality": "LV-RIX"},
        "responsible_officer": personas.alice,
    }
    data.update(kw)
    return services.inbox_register(**data)


def test_registration_creates_person_case_section_and_completes_the_task(personas, item, section_kind):
    registered = _register_new(personas, item, section_kind)
    assert registered.status == IncomingDocument.Status.REGISTERED
    case = registered.case
    assert case.person.personal_code == "32579461005"
    assert case.responsible_unit == personas.org.riga_centre
    section = registered.section
    assert (section.kind, section.basis_type, section.basis_number, section.basis_issuer, section.basis_date) == (
        section_kind, "court_ruling", "K30-0001-26", "Rīgas pilsētas tiesa", dt.date(2026, 1, 5))
    task = Task.objects.get(inbox_item=item)
    assert (task.status, task.outcome, task.completed_by, task.case) == ("done", "registered", personas.alice, case)
    types = set(CaseEvent.objects.filter(case=case).values_list("type", flat=True))
    assert {"case_opened", "section_opened", "inbox_registered", "task_completed"} <= types
    assert ChangeLog.objects.filter(verb="inbox_register").exists()


def test_registration_reuses_the_existing_case(personas, client_case, section_kind):
    item = receive(personas, hint_personal_code="161175-19997")
    registered = services.inbox_register(
        actor=personas.bob, item=item, expected_version=item.version, section_kind=section_kind,
        person=client_case.person,
    )
    assert registered.case == client_case
    assert Case.objects.count() == 1
    assert Section.objects.filter(case=client_case).count() == 2


def test_failed_registration_leaves_nothing_half_saved(personas, item):
    persons, cases, sections = Person.objects.count(), Case.objects.count(), Section.objects.count()
    with pytest.raises(ValidationFailed) as err:
        _register_new(personas, item, "no_such_kind")
    assert (err.value.code, err.value.field) == ("kind_unknown", "kind")
    assert (Person.objects.count(), Case.objects.count(), Section.objects.count()) == (persons, cases, sections)
    item.refresh_from_db()
    assert item.status == "new"
    assert Task.objects.get(inbox_item=item).status == "open"


def test_officer_of_another_unit_is_refused_beside_the_field(personas, item, section_kind):
    with pytest.raises(ValidationFailed) as err:
        _register_new(personas, item, section_kind, responsible_officer=personas.carol)
    assert (err.value.code, err.value.field) == ("officer_other_unit", "responsible_officer")
    assert Person.objects.count() == 0


def test_registering_twice_or_with_a_stale_version_is_refused(personas, item, section_kind):
    stale = item.version
    _register_new(personas, item, section_kind)
    with pytest.raises(ConcurrentEdit):
        _register_new(personas, item, section_kind, expected_version=stale)
    item.refresh_from_db()
    with pytest.raises(Conflict) as err:
        _register_new(personas, item, section_kind, expected_version=item.version)
    assert err.value.code == "inbox_not_new"


def test_reject_needs_a_reason_and_cancels_the_task(personas, item):
    with pytest.raises(ValidationFailed) as err:
        services.inbox_reject(actor=personas.alice, item=item, reason=" ", expected_version=item.version)
    assert (err.value.code, err.value.field) == ("reason_required", "reason")
    rejected = services.inbox_reject(actor=personas.alice, item=item, reason="Not ours: sent to Liepāja",
                                     expected_version=item.version)
    assert rejected.status == "rejected"
    task = Task.objects.get(inbox_item=item)
    assert (task.status, task.outcome) == ("cancelled", "Not ours: sent to Liepāja")


def test_routing_by_person_municipality_or_unit_code(personas, client_case):
    assert services.route_unit(personal_code="161175-19997") == personas.org.riga_centre
    assert services.route_unit(personal_code="32579461005", municipality="LV-LPX") == personas.org.liepaja
    assert services.route_unit(unit_code="RIGA-A") == personas.org.riga_east
    with pytest.raises(ValidationFailed) as err:
        services.route_unit(unit_code="R-RIGA")
    assert err.value.code == "unit_unknown"
    with pytest.raises(ValidationFailed) as err:
        services.route_unit()
    assert err.value.code == "unit_required"
