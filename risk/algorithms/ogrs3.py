"""OGRS3, the Offender Group Reconviction Scale version 3: a pure, versioned, explainable function.

Howard, Francis, Soothill & Humphreys (2009), UK Ministry of Justice; the coefficients are the ones the
UK probation service's open-source actuarial code uses. They are *data*: ``data/ogrs3-<version>.json``
(a new version is a new file; a file in use is never edited). The formula::

    y = AGE_SEX(age at the current conviction, sex)
      + (sanctions including the current one == 1 ? first : repeat)
      + copas_coefficient × round(COPAS, 5)
      + OFFENCE(category of the current offence)
    COPAS = ln( (1 + previous sanctions) / (10 + age at current conviction − age at first sanction) )
    P(1 year) = 1 / (1 + exp(−(intercept_1y + y)))
    P(2 years) = 1 / (1 + exp(−(intercept_2y + y)))
    band on the whole 2-year per cent: 0–49 low, 50–74 medium, 75–89 high, 90+ very high

"previous sanctions" are the sanctions before the current one, so ``1 + previous`` is the number of
sanctions including the current one. Percentages are rounded half up to whole per cents.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from risk.algorithms.base import Contribution, InputError, Score

DATA = Path(__file__).parent / "data"
SEXES = ("male", "female")
FIELDS = ("sex", "age", "sanctions", "age_at_first_sanction", "offence_category")


def _whole_percent(p: float) -> int:
    return int(Decimal(repr(p * 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _int(inputs: Mapping[str, Any], name: str) -> int:
    value = inputs.get(name)
    if isinstance(value, bool) or value is None:
        raise InputError(name, "required", f"{name} is required and must be a whole number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if not isinstance(value, int):
        raise InputError(name, "not_a_number", f"{name} must be a whole number")
    return value


@dataclass(frozen=True)
class Ogrs3:
    """One version of OGRS3, built from its coefficient file."""

    code: str
    version: str
    title: str
    source: str
    published: str
    coefficients: Mapping[str, Any]

    @classmethod
    def load(cls, path: Path) -> Ogrs3:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(code=data["model"], version=str(data["version"]), title=data["title"], source=data["source"],
                   published=data.get("published", ""), coefficients=data)

    def input_fields(self) -> tuple[str, ...]:
        return FIELDS

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.coefficients["offence"])

    def age_band(self, age: int) -> tuple[int, str]:
        """The index of the age band and its label ("30–34", "50+")."""
        for index, (low, high) in enumerate(self.coefficients["age_bands"]):
            if age >= low and (high is None or age <= high):
                return index, f"{low}+" if high is None else f"{low}–{high}"
        raise InputError("age", "out_of_range", "age is below the youngest age band")

    def band(self, two_year: int) -> str:
        for name, low, high in self.coefficients["bands"]:
            if low <= two_year <= high:
                return str(name)
        raise ValueError(f"no band for {two_year}")  # pragma: no cover - the bands cover 0..100

    def validate(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        limits = self.coefficients["limits"]
        sex = inputs.get("sex")
        if sex not in SEXES:
            raise InputError("sex", "unknown_value", "sex must be 'male' or 'female'")
        age = _int(inputs, "age")
        if age < limits["min_age"]:
            raise InputError("age", "out_of_range", f"age must be at least {limits['min_age']}")
        if age > limits["max_age"]:
            raise InputError("age", "out_of_range", f"age must be at most {limits['max_age']}")
        sanctions = _int(inputs, "sanctions")
        if sanctions < 1:
            raise InputError("sanctions", "out_of_range", "sanctions counts the current one: at least 1")
        if sanctions > limits["max_sanctions"]:
            raise InputError("sanctions", "out_of_range", f"sanctions must be at most {limits['max_sanctions']}")
        first = _int(inputs, "age_at_first_sanction")
        if first < limits["min_age"]:
            raise InputError("age_at_first_sanction", "out_of_range",
                             f"age_at_first_sanction must be at least {limits['min_age']}")
        if first > age:
            raise InputError("age_at_first_sanction", "after_current",
                             "the first sanction cannot come after the current one (age_at_first_sanction > age)")
        category = inputs.get("offence_category")
        if category not in self.categories:
            raise InputError("offence_category", "unknown_value", "offence_category is not a known category")
        return {"sex": sex, "age": age, "sanctions": sanctions, "age_at_first_sanction": first,
                "offence_category": category}

    def score(self, inputs: Mapping[str, Any]) -> Score:
        clean = self.validate(inputs)
        c = self.coefficients
        index, band_label = self.age_band(clean["age"])
        age_sex = float(c["age_sex"][clean["sex"]][index])
        sanctions = float(c["sanctions"]["first"] if clean["sanctions"] == 1 else c["sanctions"]["repeat"])
        copas_rate = math.log(clean["sanctions"] / (c["copas"]["offset_years"] + clean["age"]
                                                    - clean["age_at_first_sanction"]))
        copas_rate = round(copas_rate, c["copas"]["decimals"])
        copas = c["copas"]["coefficient"] * copas_rate
        offence = float(dict(c["offence"])[clean["offence_category"]])
        y = age_sex + sanctions + copas + offence
        one = 1 / (1 + math.exp(-(c["intercepts"]["one_year"] + y)))
        two = 1 / (1 + math.exp(-(c["intercepts"]["two_year"] + y)))
        two_year = _whole_percent(two)
        breakdown = (
            Contribution("age_sex", f"{clean['sex']}, {band_label}", round(age_sex, 5)),
            Contribution("sanctions", str(clean["sanctions"]), round(sanctions, 5)),
            Contribution("copas", f"{copas_rate:.5f}", round(copas, 5)),
            Contribution("offence_category", clean["offence_category"], round(offence, 5)),
        )
        return Score(model=self.code, version=self.version, one_year=_whole_percent(one), two_year=two_year,
                     band=self.band(two_year), linear_predictor=round(y, 5), breakdown=breakdown, inputs=clean)


@cache
def versions() -> tuple[Ogrs3, ...]:
    """Every shipped version, oldest first."""
    files = sorted(DATA.glob("ogrs3-*.json"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return tuple(Ogrs3.load(p) for p in files)
