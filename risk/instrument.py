"""Assessment instruments as data: the file format, its checks and the scoring (pure, no database).

An instrument version is one JSON document (``risk/instruments/<code>-<version>.json``; the format is
documented in docs/risk.md)::

    {"format": 1, "code": "adult-general", "version": 1, "kind": "adult" | "minor" | "test",
     "title": {"lv": …, "en": …, "ru": …}, "description": {…},
     "scales": {"problem": {"options": [{"value": 0, "label": {…}}, …]}},
     "needs": {"employment": {"lv": …, "en": …, "ru": …}, …},
     "domains": [{"code": …, "title": {…}, "need": <a key of needs>, "need_at": 0.5, "weight": 1,
                  "items": [{"code": …, "text": {…}, "scale": <a key of scales>,
                             "self_report": false, "reverse": false}]}],
     "levels": [{"level": "low", "min": 0}, {"level": "medium", "min": 12}, …]}

Scoring: an item scores its answer's value, or (``reverse``, a protective factor) the scale's highest
value minus it; a domain scores the sum of its items times its ``weight``; the total is the sum of the
domains; the level is the last of ``levels`` whose ``min`` the total reaches; a domain whose score is at
least ``need_at`` of its maximum flags its ``need``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from risk.algorithms.base import BANDS

SHIPPED = Path(__file__).parent / "instruments"
KINDS = ("adult", "minor", "test")
LANGUAGES = ("lv", "en", "ru")


class DefinitionError(ValueError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class AnswerError(ValueError):
    def __init__(self, item: str, message: str) -> None:
        super().__init__(f"{item}: {message}")
        self.item = item
        self.message = message


def _texts(value: Any, path: str) -> None:
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) and value[lang].strip()
                                              for lang in LANGUAGES):
        raise DefinitionError(path, "needs a text in each of lv, en and ru")


def check(definition: Any) -> dict[str, Any]:
    """The definition if its shape is right, else :class:`DefinitionError` naming the place."""
    if not isinstance(definition, dict):
        raise DefinitionError("$", "an instrument is a JSON object")
    if definition.get("format") != 1:
        raise DefinitionError("format", "must be 1")
    code = definition.get("code")
    if not isinstance(code, str) or not code or len(code) > 40 or not code.replace("-", "").isalnum():
        raise DefinitionError("code", "letters, digits and hyphens, at most 40")
    if definition.get("kind") not in KINDS:
        raise DefinitionError("kind", f"one of {', '.join(KINDS)}")
    _texts(definition.get("title"), "title")
    scales = definition.get("scales")
    if not isinstance(scales, dict) or not scales:
        raise DefinitionError("scales", "at least one scale")
    for name, scale in scales.items():
        options = scale.get("options") if isinstance(scale, dict) else None
        if not isinstance(options, list) or len(options) < 2:
            raise DefinitionError(f"scales.{name}", "at least two options")
        values = []
        for i, option in enumerate(options):
            if not isinstance(option, dict) or type(option.get("value")) is not int or option["value"] < 0:
                raise DefinitionError(f"scales.{name}.options[{i}]", "value must be a whole number ≥ 0")
            _texts(option.get("label"), f"scales.{name}.options[{i}].label")
            values.append(option["value"])
        if len(set(values)) != len(values):
            raise DefinitionError(f"scales.{name}", "values must differ")
    needs = definition.get("needs") or {}
    if not isinstance(needs, dict):
        raise DefinitionError("needs", "an object of need codes")
    for name, label in needs.items():
        _texts(label, f"needs.{name}")
    domains = definition.get("domains")
    if not isinstance(domains, list) or not domains:
        raise DefinitionError("domains", "at least one domain")
    seen: set[str] = set()
    for d, domain in enumerate(domains):
        where = f"domains[{d}]"
        if not isinstance(domain, dict) or not isinstance(domain.get("code"), str):
            raise DefinitionError(where, "a domain needs a code")
        _texts(domain.get("title"), f"{where}.title")
        if domain.get("need") is not None and domain["need"] not in needs:
            raise DefinitionError(f"{where}.need", "not one of needs")
        need_at = domain.get("need_at", 0.5)
        if not isinstance(need_at, (int, float)) or not 0 < need_at <= 1:
            raise DefinitionError(f"{where}.need_at", "a share between 0 and 1")
        weight = domain.get("weight", 1)
        if not isinstance(weight, (int, float)) or weight <= 0:
            raise DefinitionError(f"{where}.weight", "a positive number")
        items = domain.get("items")
        if not isinstance(items, list) or not items:
            raise DefinitionError(f"{where}.items", "at least one item")
        for i, item in enumerate(items):
            at = f"{where}.items[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("code"), str) or not item["code"]:
                raise DefinitionError(at, "an item needs a code")
            if item["code"] in seen:
                raise DefinitionError(at, f"item code {item['code']} used twice")
            seen.add(item["code"])
            if item.get("scale") not in scales:
                raise DefinitionError(f"{at}.scale", "not one of scales")
            _texts(item.get("text"), f"{at}.text")
    levels = definition.get("levels")
    if not isinstance(levels, list) or not levels:
        raise DefinitionError("levels", "at least one level")
    previous = -1.0
    for i, level in enumerate(levels):
        if not isinstance(level, dict) or level.get("level") not in BANDS:
            raise DefinitionError(f"levels[{i}].level", f"one of {', '.join(BANDS)}")
        if not isinstance(level.get("min"), (int, float)) or level["min"] <= previous:
            raise DefinitionError(f"levels[{i}].min", "a number above the previous level's")
        previous = float(level["min"])
    if levels[0]["min"] != 0:
        raise DefinitionError("levels[0].min", "the first level starts at 0")
    return definition


def shipped() -> list[dict[str, Any]]:
    """The instruments that come with the system (loaded by the data migration and the demo)."""
    return [check(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(SHIPPED.glob("*.json"))]


def items(definition: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [item for domain in definition["domains"] for item in domain["items"]]


def self_report_items(definition: Mapping[str, Any]) -> list[str]:
    return [item["code"] for item in items(definition) if item.get("self_report")]


def options(definition: Mapping[str, Any], item: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(definition["scales"][item["scale"]]["options"])


def text(value: Mapping[str, str], language: str) -> str:
    return value.get(language) or value.get("en") or next(iter(value.values()), "")


@dataclass(frozen=True)
class DomainScore:
    code: str
    score: float
    maximum: float
    need: str | None
    flagged: bool


@dataclass(frozen=True)
class Result:
    total: float
    maximum: float
    level: str
    domains: tuple[DomainScore, ...]
    needs: tuple[str, ...]
    unanswered: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "maximum": self.maximum, "level": self.level,
                "domains": [asdict(d) for d in self.domains], "needs": list(self.needs),
                "unanswered": list(self.unanswered)}


def value_of(answer: Any) -> int | None:
    """An answer as stored: ``{"value": 2, "by": "officer"}``, or a bare number; ``None`` if unanswered."""
    if isinstance(answer, dict):
        answer = answer.get("value")
    return answer if type(answer) is int else None


def check_answer(definition: Mapping[str, Any], item_code: str, value: Any) -> int:
    item = next((i for i in items(definition) if i["code"] == item_code), None)
    if item is None:
        raise AnswerError(item_code, "not an item of this instrument")
    allowed = {o["value"] for o in options(definition, item)}
    if type(value) is not int or value not in allowed:
        raise AnswerError(item_code, "not one of the item's answers")
    return value


def score(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> Result:
    """Score the answers (unanswered items count 0 and are listed in ``unanswered``)."""
    domains = []
    unanswered = []
    total = maximum = 0.0
    for domain in definition["domains"]:
        weight = float(domain.get("weight", 1))
        d_score = d_max = 0.0
        for item in domain["items"]:
            top = max(o["value"] for o in options(definition, item))
            value = value_of(answers.get(item["code"]))
            if value is None:
                unanswered.append(item["code"])
                value_score = 0
            else:
                value_score = top - value if item.get("reverse") else value
            d_score += value_score
            d_max += top
        d_score *= weight
        d_max *= weight
        need = domain.get("need")
        flagged = bool(need) and d_max > 0 and d_score / d_max >= float(domain.get("need_at", 0.5))
        domains.append(DomainScore(domain["code"], d_score, d_max, need, flagged))
        total += d_score
        maximum += d_max
    level = definition["levels"][0]["level"]
    for row in definition["levels"]:
        if total >= row["min"]:
            level = row["level"]
    needs = tuple(dict.fromkeys(d.need for d in domains if d.flagged and d.need))
    return Result(total=total, maximum=maximum, level=level, domains=tuple(domains), needs=needs,
                  unanswered=tuple(unanswered))
