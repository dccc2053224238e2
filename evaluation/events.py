"""Case timeline event types of evaluation reports (the data hold codes; ``values`` turn them into
labels in the reader's language)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from cases import timeline
from evaluation.models import EndState, Review, Step


def _label(choices: Any) -> Any:
    return lambda code: str(choices(code).label) if code in choices.values else str(code)


timeline.register("evaluation_request_registered", _("Evaluation report requested"),
                  _("{requester}, case {case_number}; deadline {deadline}"))
timeline.register("evaluation_assigned", _("Evaluation report: author and reviewer set"),
                  _("author {author}, reviewer {reviewer}"))
timeline.register("evaluation_invitation_sent", _("Invitation for the evaluation report sent"),
                  _("to appear on {appearance}"))
timeline.register("evaluation_step_recorded", _("Evaluation report: information gathered"),
                  _("{step_kind} ({source}), {day}"),
                  values={"step_kind": _label(Step.Kind), "source": _label(Step.Source)})
timeline.register("evaluation_submitted_for_review", _("Evaluation report submitted for review"),
                  _("reviewer {reviewer}"))
timeline.register("evaluation_reviewed", _("Evaluation report reviewed"), _("{decision}"),
                  values={"decision": _label(Review.Decision)})
timeline.register("evaluation_finished", _("Evaluation report request completed"), _("{end_state}, {day}"),
                  values={"end_state": _label(EndState)})
