"""Community-service hours are exact decimals everywhere; the yearly report rounds as the client and
provider pages do; an evasion submission never asks for 0 days; the API shows a passed
enforcement limit (issue 9, item 13)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from community import reports, selectors, services, value
from community.models import EnforcementStep
from community.tests.conftest import open_section, record_details
from core.errors import ValidationFailed
from core.testing.checks import client_for

pytestmark = pytest.mark.django_db


def test_hours_sums_are_exact(personas, order, today):
    for days in (3, 2):
        services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=days), hours="0.1")
    done = selectors.effective_hours(order.details)
    assert done == Decimal("0.2") and str(done) == "0.2"
    section = order.details.section
    client = client_for(personas.alice)
    page = client.get(reverse("community:section", args=[section.case_id, section.pk])).content.decode()
    assert "0,2 / 100" in page and "0,200000000000000" not in page
    caseload = client.get(reverse("community:caseload")).content.decode()
    assert "0,200000000000000" not in caseload and "0,2 / 100" in caseload
    body = client.get(f"/api/community/sections/{section.pk}").json()
    assert body["progress"]["done"] in ("0.2", 0.2) and body["progress"]["remaining"] in ("99.8", 99.8)


def test_exact_hours_drops_float_noise():
    assert value.exact_hours(Decimal("0.200000000000000")) == Decimal("0.2")
    assert str(value.exact_hours(Decimal("8.00"))) == "8"
    assert str(value.exact_hours(Decimal("10"))) == "10"  # never 1E+1
    assert str(value.exact_hours(None)) == "0"


def test_report_rounds_half_up_like_the_pages():
    # June 2024: 700 EUR / 160 h = 4.3750 EUR/h; 0.6 h = 2.625 EUR → 2.63 (half-up), not 2.62 (half-even)
    month = reports.MonthRow(month=6, normal_hours=160, rate=Decimal("4.3750"), adult_hours=Decimal("0.6"))
    assert month.adult_value == Decimal("2.63") == value.value_of(Decimal("0.6"), 2024, 6)


def test_evasion_for_less_than_a_day_is_refused(personas, client_case, place, today):
    details = record_details(personas.alice, open_section(personas.alice, client_case), hours=40)
    order = services.order_issue(actor=personas.alice, details=details, place=place,
                                 start_date=today - dt.timedelta(days=30), schedule="Sestdienās")
    for days, hours in ((20, "8"), (19, "8"), (18, "8"), (17, "8"), (16, "5.5")):
        services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=days), hours=hours)
    services.step_record(actor=personas.alice, details=details, kind=EnforcementStep.Kind.MISSED,
                         day=today - dt.timedelta(days=10))
    services.step_record(actor=personas.alice, details=details, kind=EnforcementStep.Kind.WARNING,
                         day=today - dt.timedelta(days=9))
    with pytest.raises(ValidationFailed) as err:
        services.step_record(actor=personas.alice, details=details, kind=EnforcementStep.Kind.EVASION,
                             day=today - dt.timedelta(days=2))
    assert err.value.code == "conversion_less_than_a_day" and err.value.field == "kind"
    assert "2.5" in err.value.message or "2,5" in err.value.message
    assert not EnforcementStep.objects.filter(kind=EnforcementStep.Kind.EVASION).exists()


def test_api_shows_a_passed_enforcement_limit(personas, client_case, today):
    in_force = today - dt.timedelta(days=800)  # more than 2 years ago
    section = open_section(personas.alice, client_case, in_force=in_force)
    record_details(personas.alice, section)
    body = client_for(personas.alice).get(f"/api/community/sections/{section.pk}").json()
    progress = body["progress"]
    assert progress["limitation_passed"] is True and progress["limitation_warning"] is False
    assert progress["limitation_days_left"] < 0
