"""From a person's criminal history to the inputs of an actuarial model (pure: rows in, a dict out).

OGRS3 reads the *current* conviction (the latest by conviction date), the number of sanctions including
it (every conviction; pending proceedings and withdrawn entries do not count), the age at the current
and at the first conviction, the sex and the offence category of the current conviction (its Criminal
Law article through the article table: the exact "175.2" first, then the article "175")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SEXES = {"M": "male", "F": "female"}


@dataclass(frozen=True)
class Entry:
    article: str
    offence_date: dt.date
    conviction_date: dt.date | None
    kind: str = "conviction"
    withdrawn: bool = False


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def category_of(article: str, table: Mapping[str, str]) -> str | None:
    article = article.strip()
    if article in table:
        return table[article]
    base = article.split(".", 1)[0]
    return table.get(base)


def ogrs3_inputs(*, sex: str, birth_date: dt.date, entries: Iterable[Entry],
                 articles: Mapping[str, str]) -> tuple[dict[str, Any] | None, str]:
    """The OGRS3 inputs, or ``None`` and why it cannot be scored (a code)."""
    convictions = sorted((e for e in entries if e.kind == "conviction" and not e.withdrawn and e.conviction_date),
                         key=lambda e: (e.conviction_date, e.offence_date))
    if not convictions:
        return None, "no_convictions"
    if sex not in SEXES:
        return None, "sex_unknown"
    current, first = convictions[-1], convictions[0]
    assert current.conviction_date is not None and first.conviction_date is not None
    category = category_of(current.article, articles)
    if category is None:
        return None, "article_unmapped"
    age = age_on(birth_date, current.conviction_date)
    if age < 10:
        return None, "too_young"
    return {
        "sex": SEXES[sex],
        "age": age,
        "sanctions": len(convictions),
        "age_at_first_sanction": max(10, age_on(birth_date, first.conviction_date)),
        "offence_category": category,
    }, ""
