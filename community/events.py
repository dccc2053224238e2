"""Case timeline event types of the community-service module."""

from django.utils.translation import gettext_lazy as _

from cases import timeline
from community.models import EnforcementStep

timeline.register("community_details_recorded", _("Community service order recorded"),
                  _("{ordered_hours} hours; registration counts from {from_date}"))
timeline.register("community_details_changed", _("Community service order changed"), "")
timeline.register("community_order_issued", _("Work order issued"), _("{number} at {place}, from {start}"))
timeline.register("community_order_closed", _("Work order closed"), _("{number}, last day {end}"))
timeline.register("community_hours_recorded", _("Community service hours recorded"), _("{hours} h on {day}"))
timeline.register("community_hours_corrected", _("Community service hours corrected"),
                  _("{day}: {old_hours} h → {hours} h. Reason: {reason}"))
timeline.register("community_missed_session", _("Missed community service session"), _("{day}"))
timeline.register("community_warning", _("Warning for evading community service"), _("{day}"))
timeline.register("community_evasion_submitted", _("Submission to the court: evasion of community service"),
                  _("{day}: {remaining} h remaining = {days} days of short-term deprivation of liberty"))
timeline.register("community_early_release_submitted", _("Submission to the court: early release"), _("{day}"))
timeline.register("community_submission_decided", _("Court decided on a community service submission"),
                  _("{day}: {court_decision}"))
timeline.register("community_completed", _("Community service completed"), _("{hours} h worked"))


@timeline.value_label("court_decision")
def _court_decision_label(code: object) -> str:
    return str(EnforcementStep.Decision(code).label) if code in EnforcementStep.Decision.values else str(code)
