import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.testing.checks import assert_api_access, assert_constant_queries, assert_page_access, client_for
from supervision import selectors, services
from supervision.models import Appointment
from supervision.tests.conftest import at
from supervision.tests.test_pages import CASEWORKERS, NO_CASEWORK, _client

pytestmark = pytest.mark.django_db


def _plan(section, personas, agreed_on):
    return services.plan_save(actor=personas.alice, section=section, needs=["finances"], agreed_on=agreed_on,
                              goals=[{"need": "finances", "goal": "Pay debts", "measures": "Budget",
                                      "responsible": "Client", "due_date": dt.date(2027, 1, 1)}])


def test_vitals_shares_and_due_this_week(registered, personas):
    today = timezone.localdate()
    rows = selectors.vitals(personas.alice, all_officers=False, today=today)
    assert [(r.clients, r.timely_contact, r.timely_review) for r in rows] == [(1, 0, 0)]
    # A contact attended yesterday, a plan agreed today and an appointment later this week.
    a = services.appointment_schedule(actor=personas.alice, section=registered.section, officer=personas.alice,
                                      kind="office", starts_at=at(1), duration_minutes=30, remind=False)
    Appointment.objects.filter(pk=a.pk).update(starts_at=at(-1), ends_at=at(-1) + dt.timedelta(minutes=30))
    a.refresh_from_db()
    services.appointment_record_outcome(actor=personas.alice, appointment=a, outcome="attended_complied",
                                        expected_version=a.version)
    _plan(registered.section, personas, today)
    monday = today - dt.timedelta(days=today.weekday())
    services.appointment_schedule(actor=personas.alice, section=registered.section, officer=personas.alice,
                                  kind="phone", starts_at=timezone.make_aware(dt.datetime.combine(
                                      monday + dt.timedelta(days=6), dt.time(23, 0))),
                                  duration_minutes=15, remind=False)
    row = selectors.vitals(personas.alice, all_officers=False, today=today)[0]
    assert (row.clients, row.timely_contact, row.timely_review, row.contact_share, row.review_share) == (1, 1, 1,
                                                                                                       100, 100)
    assert row.due_this_week == 1
    # A plan review past due is not timely.
    later = today + dt.timedelta(days=200)
    row = selectors.vitals(personas.alice, all_officers=False, today=later)[0]
    assert row.timely_review == 0 and row.timely_contact == 0


def test_vitals_page_access_per_officer_and_constant_queries(registered, personas):
    url = reverse("supervision:vitals")
    assert_page_access(url, personas, allowed=CASEWORKERS, denied=NO_CASEWORK)
    head = client_for(personas.hanna)
    assert_constant_queries(lambda n: _client(personas, n), lambda: head.get(url))
    page = head.get(url).content.decode()
    assert str(personas.alice) in page
    assert str(personas.alice) not in client_for(personas.carol).get(url).content.decode()
    own = selectors.vitals(personas.bob, all_officers=False)
    assert own == []  # an officer sees only his own caseload; Bob has none


def test_vitals_api(registered, personas):
    assert_api_access("/api/supervision/vitals", personas, allowed=CASEWORKERS, denied=NO_CASEWORK)
    rows = client_for(personas.hanna).get("/api/supervision/vitals").json()
    assert rows[0]["officer_id"] == personas.alice.pk and rows[0]["clients"] == 1
