"""The yearly report of community-service hours and their value, split into adults and minors
(the shape of the figures in kpis.md: "N hours (adults A, minors M), valued at V EUR")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractMonth

from accounts.models import OrgUnit
from community import value
from community.models import CHILD_KIND, CommunityServiceDetails, HourEntry
from core.db import for_reports


@dataclass
class MonthRow:
    month: int
    normal_hours: int
    rate: Decimal | None
    adult_hours: Decimal = Decimal(0)
    minor_hours: Decimal = Decimal(0)

    @property
    def hours(self) -> Decimal:
        return self.adult_hours + self.minor_hours

    def _value(self, hours: Decimal) -> Decimal | None:
        return None if self.rate is None else value.money(hours, self.rate)

    @property
    def adult_value(self) -> Decimal | None:
        return self._value(self.adult_hours)

    @property
    def minor_value(self) -> Decimal | None:
        return self._value(self.minor_hours)

    @property
    def total_value(self) -> Decimal | None:
        return self._value(self.hours)


@dataclass
class UnitRow:
    """One territorial unit's hours in the year and their value (each month at its own rate)."""

    unit_id: int
    name: str = ""
    adult_hours: Decimal = Decimal(0)
    minor_hours: Decimal = Decimal(0)
    adult_value: Decimal = Decimal(0)
    minor_value: Decimal = Decimal(0)
    people: int = 0

    @property
    def hours(self) -> Decimal:
        return self.adult_hours + self.minor_hours

    @property
    def total_value(self) -> Decimal:
        return self.adult_value + self.minor_value


@dataclass
class YearReport:
    year: int
    wage: Decimal | None
    months: list[MonthRow] = field(default_factory=list)
    adult_people: int = 0
    minor_people: int = 0
    units: list[UnitRow] = field(default_factory=list)

    def _sum(self, attr: str) -> Decimal:
        return sum((getattr(m, attr) or Decimal(0) for m in self.months), Decimal(0))

    @property
    def adult_hours(self) -> Decimal:
        return self._sum("adult_hours")

    @property
    def minor_hours(self) -> Decimal:
        return self._sum("minor_hours")

    @property
    def hours(self) -> Decimal:
        return self.adult_hours + self.minor_hours

    @property
    def adult_value(self) -> Decimal:
        return self._sum("adult_value")

    @property
    def minor_value(self) -> Decimal:
        return self._sum("minor_value")

    @property
    def total_value(self) -> Decimal:
        return self.adult_value + self.minor_value

    @property
    def complete(self) -> bool:
        return self.wage is not None


def year_report(year: int, unit_ids: Iterable[int] | None = None) -> YearReport:
    """Hours worked in ``year`` (current entries only), by month and adult/minor, valued at each
    month's minimum hourly rate. ``unit_ids`` limits it to cases of those units (None = all)."""
    # A yearly report reads the reports replica when one is configured (core/db.py).
    entries = for_reports(HourEntry.objects.filter(superseded=False, day__gte=dt.date(year, 1, 1),
                                                   day__lte=dt.date(year, 12, 31)))
    details = for_reports(CommunityServiceDetails.objects.all())
    if unit_ids is not None:
        details = details.filter(section__case__responsible_unit_id__in=sorted(unit_ids))
        # An explicit id list: PostgreSQL then scans the hours once with a hashed = ANY filter
        # instead of joining them to the sections and cases.
        entries = entries.filter(details_id__in=list(details.values_list("pk", flat=True)))
    wage = value.minimum_wage(year)
    rows = {m: MonthRow(month=m, normal_hours=value.normal_hours(year, m),
                        rate=value.hourly_rate(year, m) if wage is not None else None) for m in range(1, 13)}
    # One scan of the hours table without joins: sums per order details and month (at most 12 rows
    # per client); the kind and the case of each client come from a small second query.
    grouped = list(entries.annotate(m=ExtractMonth("day")).values("details_id", "m").annotate(h=Sum("hours"))
                   .order_by().values_list("details_id", "m", "h"))
    ids = sorted({d for d, _m, _h in grouped})
    who = {pk: (kind, case_id, unit_id) for pk, kind, case_id, unit_id in details.filter(pk__in=ids)
           .values_list("pk", "section__kind", "section__case_id", "section__case__responsible_unit_id")}
    adults: set[int] = set()
    minors: set[int] = set()
    units: dict[int, UnitRow] = {}
    unit_people: dict[int, set[int]] = {}
    unit_months: dict[tuple[int, bool, int], Decimal] = {}
    for details_id, month, raw in grouped:
        hours = value.exact_hours(raw)
        kind, case_id, unit_id = who[details_id]
        unit_people.setdefault(unit_id, set()).add(case_id)
        minor = kind == CHILD_KIND
        key = (unit_id, minor, month)
        unit_months[key] = unit_months.get(key, Decimal(0)) + hours
        if minor:
            rows[month].minor_hours += hours
            minors.add(case_id)
        else:
            rows[month].adult_hours += hours
            adults.add(case_id)
    # Each unit's month is valued like a month of the whole report: its hours × that month's rate.
    for (unit_id, minor, month), hours in unit_months.items():
        unit = units.setdefault(unit_id, UnitRow(unit_id=unit_id))
        rate = rows[month].rate
        worth = value.money(hours, rate) if rate is not None else Decimal(0)
        if minor:
            unit.minor_hours += hours
            unit.minor_value += worth
        else:
            unit.adult_hours += hours
            unit.adult_value += worth
    names = dict(for_reports(OrgUnit.objects.all()).filter(pk__in=sorted(units)).values_list("pk", "name"))
    for unit_id, unit in units.items():
        unit.name = names.get(unit_id, "")
        unit.people = len(unit_people[unit_id])
    return YearReport(year=year, wage=wage, months=[rows[m] for m in range(1, 13)],
                      adult_people=len(adults), minor_people=len(minors),
                      units=sorted(units.values(), key=lambda u: u.name))
