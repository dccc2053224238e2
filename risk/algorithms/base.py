"""The interface every actuarial model version implements (pure: no database, no Django).

A model is a *version* of a named model (``ogrs3`` version ``1``; a locally fitted model from the
research module is another name or another version). It takes a mapping of inputs and returns a
:class:`Score`: the probabilities, the band and one :class:`Contribution` per feature, so that an
officer sees why the number is what it is. Bad input raises :class:`InputError` naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

BANDS = ("low", "medium", "high", "very_high")


class InputError(ValueError):
    """One input is missing or out of range; ``field`` names it, ``code`` says what is wrong."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Contribution:
    feature: str  # a code: "age_sex", "sanctions", "copas", "offence_category"
    value: str  # the input as the feature reads it: "male, 30–34", "3", "-1.99243", "theft"
    contribution: float  # what the feature adds to the linear predictor (log-odds)


@dataclass(frozen=True)
class Score:
    model: str
    version: str
    one_year: int  # whole per cent
    two_year: int  # whole per cent
    band: str  # one of BANDS
    linear_predictor: float
    breakdown: tuple[Contribution, ...]
    inputs: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["breakdown"] = [asdict(c) for c in self.breakdown]
        data["inputs"] = dict(self.inputs)
        return data


class Model(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def source(self) -> str: ...

    @property
    def published(self) -> str: ...

    def score(self, inputs: Mapping[str, Any]) -> Score: ...

    def input_fields(self) -> tuple[str, ...]: ...
