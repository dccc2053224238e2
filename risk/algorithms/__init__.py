"""The actuarial models: a registry of pure, versioned models (``base.Model``).

``get("ogrs3")`` is the current version of OGRS3, ``get("ogrs3", "1")`` a named one. A locally fitted
model (the research module's logistic regression) registers itself with :func:`register` as another
model or another version of the same interface; every stored score keeps the model and version it came
from, so an old score still reads against the coefficients that made it.
"""

from __future__ import annotations

from risk.algorithms import ogrs3
from risk.algorithms.base import BANDS, Contribution, InputError, Model, Score

_MODELS: dict[str, list[Model]] = {}


def register(model: Model) -> Model:
    versions = _MODELS.setdefault(model.code, [])
    if any(m.version == model.version for m in versions):
        raise ValueError(f"{model.code} version {model.version} registered twice")
    versions.append(model)
    return model


for _version in ogrs3.versions():
    register(_version)


def codes() -> tuple[str, ...]:
    return tuple(_MODELS)


def versions(code: str) -> tuple[Model, ...]:
    return tuple(_MODELS.get(code, ()))


def get(code: str, version: str | None = None) -> Model:
    """The model's ``version``, or its current (last registered) version; ``KeyError`` if unknown."""
    found = _MODELS.get(code)
    if not found:
        raise KeyError(code)
    if version is None:
        return found[-1]
    for model in found:
        if model.version == version:
            return model
    raise KeyError(f"{code} {version}")


__all__ = ["BANDS", "Contribution", "InputError", "Model", "Score", "codes", "get", "register", "versions"]
