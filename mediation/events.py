"""Case timeline event types of mediation. They are emitted only when the offender has a case file
(the mediation then has a section), and never carry victim data: the timeline is read by everyone who
may see the client file."""

from django.utils.translation import gettext_lazy as _

from cases import timeline

timeline.register("mediation_registered", _("Mediation registered"), _("{number}"))
timeline.register("mediation_mediator_assigned", _("Mediator assigned"), _("{number}"))
timeline.register("mediation_gate_passed", _("Mediation: admission and consents recorded"), _("{number}"))
timeline.register("mediation_meeting_planned", _("Mediation meeting planned"), _("{number}: {day}"))
timeline.register("mediation_settled", _("Settlement reached"), _("{number}: {terms} terms"))
timeline.register("mediation_not_settled", _("Mediation ended without settlement"), _("{number}"))
timeline.register("mediation_reported", _("Mediation result reported to the process director"), _("{number}"))
timeline.register("mediation_closed", _("Mediation closed"), _("{number}"))
