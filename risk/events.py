"""Case timeline event types of risk assessment (codes in the data, words when shown)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases import timeline
from risk.models import LEVEL_LABELS


def _level(code: object) -> str:
    return str(LEVEL_LABELS.get(str(code), code))


_LEVELS = {"level": _level, "computed": _level, "band": _level}

timeline.register("risk_conviction_added", _("Criminal history entry added"), _("KL {article}, offence of {offence_date}"))
timeline.register("risk_history_changed", _("Criminal history changed"), _("KL {article}"))
timeline.register("risk_score_changed", _("Recidivism score recomputed"), _("{model} v{version}: {two_year}% ({band})"),
                  values=_LEVELS)
timeline.register("risk_assessment_started", _("Risk and needs assessment started"), _("{instrument}"))
timeline.register("risk_assessment_completed", _("Risk and needs assessment completed"), _("{instrument}: {level}"),
                  values=_LEVELS)
timeline.register("risk_level_overridden", _("Assessed risk level overridden"),
                  _("{computed} → {level}. Reason: {reason}"), values=_LEVELS)
timeline.register("risk_assessment_corrected", _("Risk and needs assessment correction started"), _("{instrument}"))
timeline.register("risk_questionnaire_issued", _("Questionnaire issued to the client"), _("{instrument}"))
timeline.register("risk_questionnaire_submitted", _("Client submitted a questionnaire"),
                  _("{instrument}: {answered} answered, {skipped} skipped"))
