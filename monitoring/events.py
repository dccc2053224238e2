"""Case timeline event types of electronic monitoring (case work only: no event per device message).
Event data stores codes; ``values`` turns them into words in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from cases import timeline


def _technology(code: Any) -> str:
    from monitoring.models import Technology

    return str(dict(Technology.choices).get(code, code))


def _response(code: Any) -> str:
    from monitoring.models import Alert

    return str(dict(Alert.Response.choices).get(code, code))


def _alert(code: Any) -> str:
    from monitoring.catalogue import violation_label

    return violation_label(str(code))


def _yes_no(value: Any) -> str:
    return _g("yes") if value else _g("no")


timeline.register("em_feasibility_recorded", _("EM: home check recorded"), _("Feasible: {feasible}"),
                  values={"feasible": _yes_no})
timeline.register("em_planned", _("EM: monitoring planned"), _("{months} months, {technology}"),
                  values={"technology": _technology})
timeline.register("em_fitted", _("EM: device fitted"), _("Monitoring until {ends_on}"))
timeline.register("em_device_assigned", _("EM: device assigned"), _("{device}"))
timeline.register("em_device_returned", _("EM: device returned"), _("{device}"))
timeline.register("em_schedule_set", _("EM: curfew schedule set"), _("Valid from {valid_from}"))
timeline.register("em_zone_saved", _("EM: GPS zone saved"), _("{name}"))
timeline.register("em_alert_reviewed", _("EM: alert reviewed"), _("{alert}: {response}"),
                  values={"alert": _alert, "response": _response})
timeline.register("em_stepped_up", _("EM: monitoring stepped up"), _("{technology}"), values={"technology": _technology})
timeline.register("em_ended", _("EM: monitoring ended, parole supervision follows"), _("{kind}"))
