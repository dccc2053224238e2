"""Case timeline event types of supervision. Event data keeps codes; each type names the catalogue
that turns them into words in the reader's language."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from cases import timeline
from supervision import catalogue


def _of(table: dict) -> Callable[[Any], str]:
    return lambda code: catalogue.label(table, code)


_INTENSITY = _of(catalogue.INTENSITIES)
_DECISION = {**catalogue.DECISIONS, **catalogue.TERMINATION_DECISIONS}

timeline.register("supervision_registered", _("Supervision registered"),
                  _("Term {start} – {end}, intensity {intensity}"), values={"intensity": _INTENSITY})
timeline.register("supervision_term_set", _("Supervision term set"), _("{start} – {end}"))
timeline.register("supervision_intensity_changed", _("Supervision intensity changed"),
                  _("{before} → {after}: {reason}"), values={"before": _INTENSITY, "after": _INTENSITY,
                                                            "reason": str})
timeline.register("supervision_duty_added", _("Duty added"), _("{duty} from {start}"),
                  values={"duty": _of(catalogue.DUTY_TYPES)})
timeline.register("supervision_duty_ended", _("Duty ended"), _("{duty} on {end}"),
                  values={"duty": _of(catalogue.DUTY_TYPES)})
timeline.register("supervision_appointment_scheduled", _("Appointment scheduled"), _("{kind} on {when}"),
                  values={"kind": _of(catalogue.APPOINTMENT_KINDS)})
timeline.register("supervision_appointment_outcome", _("Appointment outcome recorded"), _("{when}: {outcome}"),
                  values={"outcome": _of(catalogue.OUTCOMES)})
timeline.register("supervision_violation", _("Violation recorded"), _("{kind} on {date}"),
                  values={"kind": _of(catalogue.VIOLATION_KINDS)})
timeline.register("supervision_warning", _("Written warning issued"), _("Warning of {date}"))
timeline.register("supervision_submission", _("Submission to the court or prosecutor"), _("To the {addressee}"),
                  values={"addressee": _of(catalogue.ADDRESSEES)})
timeline.register("supervision_submission_decided", _("Decision on a submission"), _("{decision}"),
                  values={"decision": _of(_DECISION)})
timeline.register("supervision_plan_saved", _("Supervision plan saved"), _("Version {number}, review by {review}"))
timeline.register("supervision_absence_requested", _("Absence permission requested"),
                  _("{start} – {end}, {destination}"))
timeline.register("supervision_absence_decided", _("Decision on an absence"), _("{decision}: {start} – {end}"),
                  values={"decision": _of(catalogue.ABSENCE_DECISIONS)})
