import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from community import value
from community.progress import add_years, convert, full_months_between
from core.errors import ValidationFailed
from core.models import PolicyOverride


@pytest.mark.django_db
@pytest.mark.parametrize(("month", "hours", "rate"), [(1, 184, "3.8043"), (6, 160, "4.3750")])
def test_2024_hourly_rates_match_the_ministry_examples(month, hours, rate):
    assert value.normal_hours(2024, month) == hours
    assert value.hourly_rate(2024, month) == Decimal(rate)


@pytest.mark.django_db
def test_holidays_count_as_hours_and_transferred_saturdays_do_not_add_any():
    # December 2024: 22 weekdays, of which 24–26 and 31 are holidays and 23, 30 days off moved to
    # the working Saturdays 14 and 28: still 22 × 8 hours.
    assert value.normal_hours(2024, 12) == 176
    # May 2023: 23 weekdays incl. the substituted day off (5 May) and the hockey holiday (29 May).
    assert value.normal_hours(2023, 5) == 184


@pytest.mark.django_db
def test_value_of_hours_uses_the_month_worked():
    assert value.value_of(Decimal("10"), 2024, 1) == Decimal("38.04")
    assert value.value_of(Decimal("10"), 2024, 6) == Decimal("43.75")


@pytest.mark.django_db
def test_a_year_without_a_wage_is_refused():
    with pytest.raises(ValidationFailed) as exc:
        value.hourly_rate(1999, 1)
    assert exc.value.code == "minimum_wage_missing"


@pytest.mark.django_db
def test_conversion_of_remaining_hours_shows_its_rounding():
    c = convert(Decimal("41"))
    assert (c.hours_per_day, c.exact_days, c.days, c.rounding) == (4, Decimal("10.25"), 10, "down")
    assert convert(Decimal("40")).days == 10


@pytest.mark.django_db
def test_conversion_rounding_up_when_the_service_chooses_it():
    PolicyOverride.objects.create(key="community.conversion_rounding", value="up", reason="test")
    cache.clear()
    assert convert(Decimal("41")).days == 11


def test_full_months_and_limit_dates():
    assert full_months_between(dt.date(2024, 1, 31), dt.date(2024, 3, 30)) == 1
    assert full_months_between(dt.date(2024, 1, 15), dt.date(2024, 3, 15)) == 2
    assert add_years(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)
