"""Cover and allocation (issue #9 items 21 and 14): the unit head's allocation queue, several case
files given at once, cover for an absent officer (access for the period, logged)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role, Scope
from accounts.testing.personas import make_user
from cases import selectors, services
from cases.models import Case, CoverPeriod
from core import access
from core.errors import Conflict, ValidationFailed
from core.models import ChangeLog
from core.testing.checks import assert_constant_queries, assert_page_access, client_for
from people import services as people_services

pytestmark = pytest.mark.django_db

HEADS = {"hanna", "rita", "otto"}
NOT_HEADS = {"alice", "bob", "carol", "anna", "rolf", "emil", "vera", "walt", "admin", "noah", "audrey"}
TODAY = timezone.localdate


def _unallocated(personas, n: int, start: int = 0) -> list[Case]:
    cases = []
    for i in range(start, start + n):
        person = people_services.person_create(
            actor=personas.hanna, first_name=f"Klients{i}", last_name="Rindā", birth_date=dt.date(1990, 1, 1),
            document_type="passport", document_number=f"Q{i:06d}", document_country="LT",
            declared_municipality="LV-RIX")
        cases.append(services.case_open(actor=personas.hanna, person=person))
    return cases


@pytest.fixture
def olga(personas):
    """An officer of Alice's unit who sees only her own caseload (an own-scope grant)."""
    return make_user("olga", Role.OFFICER, unit=personas.org.riga_centre, scope=Scope.OWN, first_name="Olga",
                     last_name="Kalna")


def test_pages_access(personas, client_case):
    for name in ("allocation", "cover"):
        assert_page_access(reverse(name), personas, allowed=HEADS, denied=NOT_HEADS)
    cover = services.cover_set(actor=personas.hanna, absent_officer=personas.alice, cover_officer=personas.bob,
                               starts_on=TODAY(), ends_on=TODAY() + dt.timedelta(days=3))
    # Otto heads another region's unit: this cover is not his to end.
    assert_page_access(reverse("cover_end", args=[cover.pk]), personas, method="post", data={"version": 1},
                       allowed={"hanna"}, denied=NOT_HEADS | {"otto"}, ok_status=(302,))


def test_the_queue_shows_unallocated_cases_and_several_are_given_at_once(personas, client_case):
    queued = _unallocated(personas, 3)
    client = client_for(personas.hanna)
    page = client.get(reverse("allocation")).content.decode()
    assert all(c.registration_number in page for c in queued)
    assert client_case.registration_number not in page  # Alice's, allocated
    assert queued[0].registration_number not in client_for(personas.otto).get(reverse("allocation")).content.decode()
    data = {"officer": personas.bob.pk, "cases": [queued[0].pk, queued[1].pk],
            **{f"version-{c.pk}": c.version for c in queued}}
    response = client.post(reverse("allocation"), data)
    assert response.status_code == 302
    assert [Case.objects.get(pk=c.pk).responsible_officer_id for c in queued] == [personas.bob.pk, personas.bob.pk,
                                                                                   None]
    assert ChangeLog.objects.filter(verb="case_assign_officer").count() == 2
    assert list(selectors.unallocated(personas.hanna)) == [queued[2]]


def test_allocation_is_all_or_nothing_and_refuses_an_officer_of_another_unit(personas, client_case):
    queued = _unallocated(personas, 2)
    with pytest.raises(ValidationFailed) as error:
        services.cases_allocate(actor=personas.rita, cases=[(c, c.version) for c in queued], officer=personas.carol)
    assert error.value.code == "officer_other_unit" and queued[0].registration_number in error.value.message
    stale = Case.objects.get(pk=queued[1].pk)
    with pytest.raises(Conflict):
        services.cases_allocate(actor=personas.hanna, cases=[(queued[0], queued[0].version), (stale, 99)],
                                officer=personas.bob)
    assert not Case.objects.filter(pk__in=[c.pk for c in queued], responsible_officer__isnull=False).exists()
    response = client_for(personas.hanna).post(reverse("allocation"), {"officer": personas.bob.pk})
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()


def test_a_transferred_case_lands_in_the_receiving_heads_queue(personas, client_case):
    services.case_transfer(actor=personas.rita, case=client_case, to_unit=personas.org.riga_east,
                           reason="Dzīvesvietas maiņa", expected_version=client_case.version)
    head = make_user("ivars", Role.UNIT_HEAD, unit=personas.org.riga_east)
    assert client_case.registration_number in client_for(head).get(reverse("allocation")).content.decode()


def test_allocation_page_has_a_constant_query_count(personas):
    client = client_for(personas.hanna)
    made = [0]

    def build(n):
        _unallocated(personas, n, start=made[0])
        made[0] += n

    assert_constant_queries(build, lambda: client.get(reverse("allocation")))


def test_cover_gives_the_caseload_and_tasks_for_the_period_and_is_logged(personas, client_case, olga):
    from tasks import services as task_services

    task = task_services.task_create(actor=personas.alice, title="Piezvanīt klientam", unit=personas.org.riga_centre,
                                     due_date=TODAY() + dt.timedelta(days=2), case=client_case,
                                     assignee=personas.alice)
    olga_client = client_for(olga)
    assert olga_client.get(reverse("case_detail", args=[client_case.pk])).status_code == 404
    response = client_for(personas.hanna).post(reverse("cover"), {
        "absent_officer": personas.alice.pk, "cover_officer": olga.pk, "reason": "Atvaļinājums",
        "starts_on": TODAY().strftime("%d.%m.%Y"), "ends_on": (TODAY() + dt.timedelta(days=7)).strftime("%d.%m.%Y")})
    assert response.status_code == 302
    cover = CoverPeriod.objects.get()
    assert ChangeLog.objects.filter(verb="cover_set", object_id=str(cover.pk)).exists()
    olga = type(olga).objects.get(pk=olga.pk)  # a fresh principal, as on the next request
    olga_client = client_for(olga)
    caseload = olga_client.get(reverse("caseload")).content.decode()
    assert client_case.registration_number in caseload and "Alise" in caseload
    assert olga_client.get(reverse("case_detail", args=[client_case.pk])).status_code == 200
    assert task.title in olga_client.get(reverse("tasks:mine")).content.decode()
    # Ended: access stops at once.
    response = client_for(personas.hanna).post(reverse("cover_end", args=[cover.pk]), {"version": cover.version})
    assert response.status_code == 302
    assert ChangeLog.objects.filter(verb="cover_end", object_id=str(cover.pk)).exists()
    assert client_for(olga).get(reverse("case_detail", args=[client_case.pk])).status_code == 404


def test_cover_in_the_future_or_past_gives_nothing_today(personas, client_case, olga):
    services.cover_set(actor=personas.hanna, absent_officer=personas.alice, cover_officer=olga,
                       starts_on=TODAY() + dt.timedelta(days=1), ends_on=TODAY() + dt.timedelta(days=5))
    assert access.principal(type(olga).objects.get(pk=olga.pk)).acting_for == frozenset()
    assert selectors.covered_officers(olga, TODAY() + dt.timedelta(days=2)) == [personas.alice.pk]


@pytest.mark.parametrize(("change", "code"), [
    ({"cover_officer": "alice"}, "cover_self"),
    ({"ends_on": -1}, "ends_before_start"),
    ({"starts_on": -10, "ends_on": -2}, "ends_on_past"),
    ({"ends_on": 200}, "cover_too_long"),
    ({"absent_officer": "carol"}, "unit_out_of_scope"),
])
def test_bad_cover_is_refused(personas, change, code):
    data = {"absent_officer": personas.alice, "cover_officer": personas.bob, "starts_on": TODAY(),
            "ends_on": TODAY() + dt.timedelta(days=3)}
    for key, value in change.items():
        data[key] = getattr(personas, value) if isinstance(value, str) else TODAY() + dt.timedelta(days=value)
    with pytest.raises(ValidationFailed) as error:
        services.cover_set(actor=personas.hanna, **data)
    assert error.value.code == code
    assert not CoverPeriod.objects.exists()


def test_overlapping_cover_is_refused(personas, olga):
    services.cover_set(actor=personas.hanna, absent_officer=personas.alice, cover_officer=personas.bob,
                       starts_on=TODAY(), ends_on=TODAY() + dt.timedelta(days=5))
    with pytest.raises(Conflict) as error:
        services.cover_set(actor=personas.hanna, absent_officer=personas.alice, cover_officer=olga,
                           starts_on=TODAY() + dt.timedelta(days=5), ends_on=TODAY() + dt.timedelta(days=9))
    assert error.value.code == "cover_overlap"
