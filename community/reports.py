"""The yearly report of community-service hours and their value, split into adults and minors
(the shape of the figures in kpis.md: "N hours (adults A, minors M), valued at V EUR")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth

from community import value
from community.models import CHILD_KIND, HourEntry


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
        return None if self.rate is None else (hours * self.rate).quantize(value.MONEY_PLACES)

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
class YearReport:
    year: int
    wage: Decimal | None
    months: list[MonthRow] = field(default_factory=list)
    adult_people: int = 0
    minor_people: int = 0

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
    entries = HourEntry.objects.filter(superseded=False, day__gte=dt.date(year, 1, 1), day__lte=dt.date(year, 12, 31))
    if unit_ids is not None:
        entries = entries.filter(details__section__case__responsible_unit_id__in=sorted(unit_ids))
    wage = value.minimum_wage(year)
    rows = {m: MonthRow(month=m, normal_hours=value.normal_hours(year, m),
                        rate=value.hourly_rate(year, m) if wage is not None else None) for m in range(1, 13)}
    grouped = (entries.annotate(m=ExtractMonth("day")).values("m", "details__section__kind")
               .annotate(h=Sum("hours")).order_by())
    for g in grouped:
        row = rows[g["m"]]
        if g["details__section__kind"] == CHILD_KIND:
            row.minor_hours += g["h"]
        else:
            row.adult_hours += g["h"]
    people = {r["details__section__kind"]: r["n"] for r in entries.values("details__section__kind")
              .annotate(n=Count("details__section__case_id", distinct=True)).order_by()}
    return YearReport(year=year, wage=wage, months=[rows[m] for m in range(1, 13)],
                      adult_people=sum(n for k, n in people.items() if k != CHILD_KIND),
                      minor_people=people.get(CHILD_KIND, 0))
