"""The KL 61 eligibility calculator: the earliest release with electronic monitoring beside the earliest
ordinary parole, as fractions of the sentence by crime category (policy
``monitoring.eligibility_fractions``), with the working shown.

A fraction of a sentence is counted in days: the sentence runs from its start to the same calendar day
``years``/``months`` later (plus ``days``); the part served is rounded up to a whole day, so the date
given is the first day on which that fraction has been served. A life sentence counts whole years."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _

from core import policies
from core.errors import ValidationFailed
from monitoring.policies import ELIGIBILITY_FRACTIONS

CATEGORIES = ("less_serious", "serious", "especially_serious", "life")


def category_choices() -> list[tuple[str, str]]:
    return [("less_serious", _("Less serious crime")),
            ("serious", _("Serious crime, or a relevant criminal record")),
            ("especially_serious", _("Especially serious crime")),
            ("life", _("Life sentence"))]


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Eligibility:
    category: str
    sentence_start: dt.date
    sentence_end: dt.date | None
    sentence_days: int | None
    em_date: dt.date
    parole_date: dt.date
    working: list[str] = field(default_factory=list)


def _fraction_date(start: dt.date, days: int, frac: Fraction) -> tuple[dt.date, int, str]:
    served = math.ceil(days * frac)
    exact = days * frac
    shown = f"{float(exact):.2f}".rstrip("0").rstrip(".")
    return start + dt.timedelta(days=served), served, shown


def calculate(*, category: str, sentence_start: dt.date | None, years: int = 0, months: int = 0,
              days: int = 0) -> Eligibility:
    if category not in CATEGORIES:
        raise ValidationFailed("category_unknown", _("Choose the category of the crime."), field="category")
    if sentence_start is None:
        raise ValidationFailed("sentence_start_required", _("Enter when the sentence began."), field="sentence_start")
    rules = policies.value(ELIGIBILITY_FRACTIONS.key)
    fmt = "%d.%m.%Y"
    if category == "life":
        em_years, parole_years = int(rules["life"]["em_years"]), int(rules["life"]["parole_years"])
        em = add_months(sentence_start, 12 * em_years)
        parole = add_months(sentence_start, 12 * parole_years)
        return Eligibility(category, sentence_start, None, None, em, parole, [
            _("Life sentence from %(start)s.") % {"start": sentence_start.strftime(fmt)},
            _("With electronic monitoring: after %(n)s years → %(date)s.") % {"n": em_years, "date": em.strftime(fmt)},
            _("Ordinary parole: after %(n)s years → %(date)s.") % {"n": parole_years, "date": parole.strftime(fmt)},
        ])
    if min(years, months, days) < 0:
        raise ValidationFailed("sentence_negative", _("The sentence's length cannot be negative."), field="years")
    end = add_months(sentence_start, 12 * years + months) + dt.timedelta(days=days)
    total = (end - sentence_start).days
    if total <= 0:
        raise ValidationFailed("sentence_length_required", _("Enter the length of the sentence."), field="years")
    em_frac = Fraction(*rules[category]["em"])
    parole_frac = Fraction(*rules[category]["parole"])
    em, em_served, em_exact = _fraction_date(sentence_start, total, em_frac)
    parole, parole_served, parole_exact = _fraction_date(sentence_start, total, parole_frac)
    return Eligibility(category, sentence_start, end, total, em, parole, [
        _("Sentence %(y)s years %(m)s months %(d)s days: %(start)s–%(end)s, %(total)s days.")
        % {"y": years, "m": months, "d": days, "start": sentence_start.strftime(fmt), "end": end.strftime(fmt),
           "total": total},
        _("With electronic monitoring (KL 61): %(frac)s × %(total)s = %(exact)s → %(served)s days served → %(date)s.")
        % {"frac": f"{em_frac.numerator}/{em_frac.denominator}", "total": total, "exact": em_exact,
           "served": em_served, "date": em.strftime(fmt)},
        _("Ordinary parole (KL 61): %(frac)s × %(total)s = %(exact)s → %(served)s days served → %(date)s.")
        % {"frac": f"{parole_frac.numerator}/{parole_frac.denominator}", "total": total, "exact": parole_exact,
           "served": parole_served, "date": parole.strftime(fmt)},
    ])
