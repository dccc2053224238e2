"""Case timeline event types of supervision."""

from django.utils.translation import gettext_lazy as _

from cases import timeline

timeline.register("supervision_registered", _("Supervision registered"),
                  _("Term {start} – {end}, intensity {intensity}"))
timeline.register("supervision_term_set", _("Supervision term set"), _("{start} – {end}"))
timeline.register("supervision_intensity_changed", _("Supervision intensity changed"),
                  _("{before} → {after}: {reason}"))
timeline.register("supervision_duty_added", _("Duty added"), _("{duty} from {start}"))
timeline.register("supervision_duty_ended", _("Duty ended"), _("{duty} on {end}"))
timeline.register("supervision_appointment_scheduled", _("Appointment scheduled"), _("{kind} on {when}"))
timeline.register("supervision_appointment_outcome", _("Appointment outcome recorded"), _("{when}: {outcome}"))
timeline.register("supervision_violation", _("Violation recorded"), _("{kind} on {date}"))
timeline.register("supervision_warning", _("Written warning issued"), _("Warning of {date}"))
timeline.register("supervision_submission", _("Submission to the court or prosecutor"), _("To the {addressee}"))
timeline.register("supervision_submission_decided", _("Decision on a submission"), _("{decision}"))
timeline.register("supervision_plan_saved", _("Supervision plan saved"), _("Version {number}, review by {review}"))
timeline.register("supervision_absence_requested", _("Absence permission requested"),
                  _("{start} – {end}, {destination}"))
timeline.register("supervision_absence_decided", _("Decision on an absence"), _("{decision}: {start} – {end}"))
