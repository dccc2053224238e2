"""Reads of risk assessment, each starting from the access layer (``visible_to``)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cases.models import Case
from core import policies
from core.access import has_perm
from risk import access
from risk.models import LEVEL_LABELS, Assessment, Conviction, Questionnaire, RiskScore
from risk.policies import INTENSITY_BY_LEVEL, PROGRAMME_LEVELS

FEATURE_LABELS = {
    "age_sex": lambda: _("Age and sex"),
    "sanctions": lambda: _("Sanctions including the current one"),
    "copas": lambda: _("Rate of offending (Copas rate)"),
    "offence_category": lambda: _("Current offence"),
}
SEX_WORDS = {"male": lambda: _("man"), "female": lambda: _("woman")}


def feature_label(code: str) -> str:
    fn = FEATURE_LABELS.get(code)
    return fn() if fn else code


def value_words(feature: str, value: str) -> str:
    """A breakdown value in the reader's words ("vīrietis, 30–34", "zādzība")."""
    from risk.models import CATEGORY_LABELS

    if feature == "age_sex" and ", " in value:
        sex, band = value.split(", ", 1)
        return f"{SEX_WORDS[sex]() if sex in SEX_WORDS else sex}, {band}"
    if feature == "offence_category":
        return str(CATEGORY_LABELS.get(value, value))
    return value


def breakdown_rows(breakdown: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"label": feature_label(row["feature"]), "value": value_words(row["feature"], str(row["value"])),
             "contribution": row["contribution"], "feature": row["feature"]} for row in breakdown]


def history_of(user: Any, case: Case) -> QuerySet[Conviction]:
    return Conviction.objects.visible_to(user, access.VIEW).filter(person_id=case.person_id).select_related(
        "created_by")


def assessments_of(user: Any, case: Case) -> QuerySet[Assessment]:
    return Assessment.objects.visible_to(user, access.VIEW).filter(case=case).select_related(
        "instrument", "completed_by", "created_by")


def questionnaires_of(user: Any, case: Case) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.visible_to(user, access.VIEW).filter(case=case).select_related(
        "instrument", "issued_by")


def current_score(user: Any, case: Case) -> RiskScore | None:
    return RiskScore.objects.visible_to(user, access.VIEW).filter(person_id=case.person_id, current=True).first()


def latest_assessment(user: Any, case: Case) -> Assessment | None:
    return assessments_of(user, case).filter(status=Assessment.Status.COMPLETED).order_by(
        "-assessed_on", "-completed_at").first()


def consequences(level: str) -> dict[str, Any]:
    """What a level means for the other functions: the suggested supervision intensity and whether the
    client is eligible for a probation programme (policies)."""
    intensity = (policies.value(INTENSITY_BY_LEVEL.key) or {}).get(level, "")
    return {"intensity": intensity, "intensity_label": str(LEVEL_LABELS.get(intensity, intensity)),
            "programme_eligible": level in (policies.value(PROGRAMME_LEVELS.key) or [])}


def case_panel(user: Any, case: Case) -> dict[str, Any] | None:
    if not has_perm(user, access.VIEW):
        return None
    score = current_score(user, case)
    assessment = latest_assessment(user, case)
    return {"case": case, "score": score, "assessment": assessment,
            "consequences": consequences(assessment.level) if assessment else None}


def pseudonym(person_id: int) -> str:
    """A stable pseudonym of a person for research: the same person always reads the same, and it cannot
    be turned back into an id without the server's key."""
    digest = hmac.new(f"{settings.SECRET_KEY}:risk-research".encode(), str(person_id).encode(), hashlib.sha256)
    return "P-" + digest.hexdigest()[:12].upper()


def supervision_advice(user: Any, case: Case) -> Any:
    """The latest completed assessment's suggestion for the client's supervision (``cases.advice``): the
    intensity its level calls for (policy ``risk.intensity_by_level``) and the needs it found. Nothing for
    a user who may not see assessments."""
    from django.urls import reverse
    from django.utils.formats import date_format

    from cases.advice import Advice

    if not has_perm(user, access.VIEW):
        return None
    assessment = latest_assessment(user, case)
    if assessment is None or not assessment.level:
        return None
    source = _("Risk and needs assessment of %(date)s: %(level)s") % {
        "date": date_format(assessment.assessed_on, "d.m.Y") if assessment.assessed_on else "",
        "level": LEVEL_LABELS.get(assessment.level, assessment.level)}
    return Advice(source=source, url=reverse("risk:assessment", args=[assessment.pk]),
                  intensity=consequences(assessment.level)["intensity"], needs=tuple(assessment.needs or ()))
