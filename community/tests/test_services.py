import datetime as dt
from decimal import Decimal

import pytest

from cases import services as case_services
from community import selectors, services
from community.models import CommunityServiceDetails, HourEntry, WorkOrder
from community.tests.conftest import make_client, open_section, record_details
from core import calendar
from core.errors import Conflict, DomainError, NotFoundOrForbidden, ValidationFailed
from core.models import ChangeLog
from partners import services as partners
from tasks.models import Task


def _code(exc_info) -> tuple[str, str | None]:
    return exc_info.value.code, exc_info.value.field


# --- Order details ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("order_type", "hours", "ok"), [
    ("court_sentence", 40, True), ("court_sentence", 280, True), ("court_sentence", 39, False),
    ("court_sentence", 281, False), ("penal_order", 140, True), ("penal_order", 141, False),
    ("additional_penalty", 100, True), ("additional_penalty", 101, False),
])
def test_ordered_hours_are_checked_by_kind_of_order(personas, cs_section, order_type, hours, ok):
    if ok:
        assert record_details(personas.alice, cs_section, hours=hours, order_type=order_type).ordered_hours == hours
    else:
        with pytest.raises(ValidationFailed) as exc:
            record_details(personas.alice, cs_section, hours=hours, order_type=order_type)
        assert _code(exc) == ("ordered_hours_out_of_range", "ordered_hours")
        assert not CommunityServiceDetails.objects.exists()
        assert not Task.objects.filter(kind__startswith="community.").exists()


def test_adult_section_refuses_a_child_measure(personas, cs_section):
    with pytest.raises(ValidationFailed) as exc:
        record_details(personas.alice, cs_section, hours=20, order_type="child_measure")
    assert _code(exc) == ("order_type_invalid", "order_type")


def test_child_work_needs_10_to_40_hours_and_age_11_at_the_offence(personas, today):
    case = make_client(personas, code="150312-21001", first="Mārtiņš", birth=dt.date(2012, 3, 15))
    section = open_section(personas.alice, case, kind="community_work_child")
    with pytest.raises(ValidationFailed) as exc:
        record_details(personas.alice, section, hours=41, order_type="child_measure",
                       offence_date=dt.date(2024, 1, 1))
    assert _code(exc) == ("ordered_hours_out_of_range", "ordered_hours")
    with pytest.raises(ValidationFailed) as exc:
        record_details(personas.alice, section, hours=20, order_type="child_measure",
                       offence_date=dt.date(2023, 3, 14))  # one day before the 11th birthday
    assert _code(exc) == ("child_too_young", "offence_date")
    details = record_details(personas.alice, section, hours=10, order_type="child_measure",
                             offence_date=dt.date(2023, 3, 15))
    assert details.ordered_hours == 10


def test_registration_task_counts_working_days_from_the_ruling(personas, cs_section):
    details = record_details(personas.alice, cs_section)
    task = Task.objects.get(kind="community.register_after_ruling")
    assert task.section_id == cs_section.pk and task.assignee_id == personas.alice.pk
    assert task.due_date == calendar.add_working_days(details.ruling_in_force, 10)
    assert ChangeLog.objects.filter(verb="community_details_create", object_id=str(details.pk)).exists()


@pytest.mark.parametrize(("basis", "rule", "days"), [("release", "community.register_after_release", 10),
                                                     ("parole", "community.register_after_parole", 3)])
def test_registration_after_release_or_parole(personas, cs_section, today, basis, rule, days):
    released = today - dt.timedelta(days=3)
    services.details_create(actor=personas.alice, section=cs_section, order_type="court_sentence", ordered_hours=80,
                            registration_basis=basis, basis_event_date=released,
                            ruling_in_force=cs_section.basis_in_force)
    task = Task.objects.get(section=cs_section)
    assert task.kind == rule
    assert task.due_date == calendar.add_working_days(released, days)


def test_release_basis_needs_its_date(personas, cs_section):
    with pytest.raises(ValidationFailed) as exc:
        services.details_create(actor=personas.alice, section=cs_section, order_type="court_sentence",
                                ordered_hours=80, registration_basis="parole", basis_event_date=None,
                                ruling_in_force=cs_section.basis_in_force)
    assert _code(exc) == ("basis_event_date_required", "basis_event_date")


def test_details_only_on_community_sections(personas, client_case):
    supervision = client_case.sections.get()
    with pytest.raises(ValidationFailed) as exc:
        record_details(personas.alice, supervision)
    assert exc.value.code == "section_kind"


# --- Work orders -------------------------------------------------------------------------------------


def test_capacity_is_checked(personas, place, today):
    place.capacity = 1
    place.save()
    d1 = record_details(personas.alice, open_section(personas.alice, make_client(personas)))
    services.order_issue(actor=personas.alice, details=d1, place=place, start_date=today, schedule="S")
    d2 = record_details(personas.alice, open_section(
        personas.alice, make_client(personas, code="020295-11007", first="Ilze", birth=dt.date(1995, 2, 2))))
    with pytest.raises(Conflict) as exc:
        services.order_issue(actor=personas.alice, details=d2, place=place, start_date=today, schedule="S")
    assert _code(exc) == ("place_full", "place")
    assert WorkOrder.objects.count() == 1


def test_changing_place_keeps_history(personas, order, provider, today):
    other = partners.place_add(actor=personas.alice, organisation=provider, name="Bibliotēka", address="Iela 2",
                               municipality="LV-RIX", kinds_of_work="Grāmatu kārtošana", capacity=2)
    new = services.order_change_place(actor=personas.alice, order=order, expected_version=order.version, place=other,
                                      start_date=today, schedule="Svētdienās")
    order.refresh_from_db()
    assert order.status == "closed" and order.end_date == today - dt.timedelta(days=1)
    assert new.replaces_id == order.pk and new.place_id == other.pk and new.status == "active"
    with pytest.raises(Conflict):
        services.order_issue(actor=personas.alice, details=new.details, place=other, start_date=today, schedule="S")


# --- Hours log ---------------------------------------------------------------------------------------


def test_hours_recorded_by_the_officer(personas, order, today):
    entry = services.hours_record(actor=personas.alice, order=order, day=today, hours="4")
    assert entry.channel == "officer" and entry.hours == Decimal("4")
    assert ChangeLog.objects.filter(verb="community_hours_record", object_id=str(entry.pk)).exists()


@pytest.mark.parametrize(("offset", "hours", "code", "field"), [
    (1, "2", "day_future", "day"),
    (-31, "2", "day_before_order", "day"),
    (0, "9", "daily_cap", "hours"),
    (0, "0", "hours_invalid", "hours"),
    (0, "-1", "hours_invalid", "hours"),
    (0, "abc", "hours_invalid", "hours"),
])
def test_bad_hours_are_refused(personas, order, today, offset, hours, code, field):
    with pytest.raises(ValidationFailed) as exc:
        services.hours_record(actor=personas.alice, order=order, day=today + dt.timedelta(days=offset), hours=hours)
    assert _code(exc) == (code, field)
    assert not HourEntry.objects.exists()


def test_daily_cap_counts_what_is_already_recorded(personas, order, today):
    services.hours_record(actor=personas.alice, order=order, day=today, hours="6")
    with pytest.raises(ValidationFailed) as exc:
        services.hours_record(actor=personas.alice, order=order, day=today, hours="3")
    assert exc.value.code == "daily_cap"


def test_never_beyond_the_ordered_total(personas, details, order, today):
    details.ordered_hours = 40
    details.save()
    for i in range(5):
        services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=i), hours="8")
    with pytest.raises(ValidationFailed) as exc:
        services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=6), hours="1")
    assert _code(exc) == ("beyond_order", "hours")
    assert selectors.effective_hours(details) == 40


def test_no_hours_for_a_closed_section(personas, cs_section, order, today):
    case_services.section_close(actor=personas.alice, section=cs_section, reason="other", closed_on=today,
                                expected_version=None)
    with pytest.raises(ValidationFailed) as exc:
        services.hours_record(actor=personas.alice, order=order, day=today, hours="2")
    assert exc.value.code == "section_closed"


def test_bulk_is_all_or_nothing(personas, order, place, today):
    d2 = record_details(personas.alice, open_section(
        personas.alice, make_client(personas, code="020295-11007", first="Ilze", birth=dt.date(1995, 2, 2))))
    o2 = services.order_issue(actor=personas.alice, details=d2, place=place, start_date=today, schedule="S")
    with pytest.raises(ValidationFailed) as exc:
        services.hours_record_bulk(actor=personas.alice, day=today - dt.timedelta(days=1),
                                   rows=[(order.pk, "4"), (o2.pk, "4")], place=place)
    assert exc.value.code == "day_before_order" and exc.value.extra["order_id"] == o2.pk
    assert not HourEntry.objects.exists()
    created = services.hours_record_bulk(actor=personas.alice, day=today, rows=[(order.pk, "4"), (o2.pk, "3.5")],
                                         place=place)
    assert [e.hours for e in created] == [Decimal("4"), Decimal("3.5")]


def test_supervisor_records_only_for_his_provider(personas, order, walt_link, today, provider):
    entry = services.hours_record(actor=personas.walt, order=order, day=today, hours="3")
    assert entry.channel == "supervisor"
    walt_link.active = False
    walt_link.save()
    with pytest.raises(NotFoundOrForbidden):
        services.hours_record(actor=personas.walt, order=order, day=today - dt.timedelta(days=1), hours="3")


def test_officer_in_another_region_cannot_record(personas, order, today):
    with pytest.raises(NotFoundOrForbidden):
        services.hours_record(actor=personas.carol, order=order, day=today, hours="3")
    with pytest.raises(DomainError):
        services.hours_record(actor=personas.anna, order=order, day=today, hours="3")


def test_correction_is_a_new_audited_entry(personas, order, details, today):
    entry = services.hours_record(actor=personas.alice, order=order, day=today, hours="8")
    new = services.hours_correct(actor=personas.alice, entry=entry, hours="5", reason="Aizgāja agrāk")
    entry.refresh_from_db()
    assert entry.superseded and new.corrects_id == entry.pk and new.hours == Decimal("5")
    assert selectors.effective_hours(details) == Decimal("5")
    assert ChangeLog.objects.filter(verb="community_hours_supersede", object_id=str(entry.pk)).exists()
    with pytest.raises(Conflict):
        services.hours_correct(actor=personas.alice, entry=entry, hours="4", reason="x")
    with pytest.raises(ValidationFailed) as exc:
        services.hours_correct(actor=personas.alice, entry=new, hours="4", reason=" ")
    assert exc.value.code == "reason_required"


def test_supervisor_link_needs_the_role(personas, provider):
    with pytest.raises(ValidationFailed) as exc:
        services.supervisor_link(actor=personas.alice, provider=provider, user=personas.bob)
    assert exc.value.code == "not_a_supervisor"
    assert services.supervisor_link(actor=personas.alice, provider=provider, user=personas.walt).active


def test_the_first_work_order_completes_the_registration_task(personas, cs_section, place, today):
    details = record_details(personas.alice, cs_section)
    task = Task.objects.get(kind="community.register_after_ruling")
    assert task.status == Task.Status.OPEN
    services.order_issue(actor=personas.alice, details=details, place=place, start_date=today, schedule="Sestdienās")
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
