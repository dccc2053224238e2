"""Community service's use of partner organisations (``partners.registry``): the clients it has
placed at each place (their active work orders count against the place's capacity), a link to enter
a day's hours on each open place, the registry's link to the yearly value report, and its panel on
the organisation page: the supervisors who enter hours there and the value of the work done there.
Imported at registration (``community.function``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.roles import STATS_VIEW
from community import selectors, value
from community.forms import SupervisorForm
from partners import registry
from partners import selectors as partner_selectors


def organisation_panel(request: Any, organisation: Any, bound: dict[str, Any]) -> dict[str, Any]:
    values = value.value_by_year(selectors.organisation_hours(organisation))
    form = bound.get("supervisor")
    if form is None and partner_selectors.may_manage(request.user, organisation):
        form = SupervisorForm()
    return {"supervisors": selectors.supervisors_of(organisation), "values": values,
            "value_total": value.total_value(values), "supervisor_form": form}


USE = registry.register(registry.Use(
    app="community",
    placed=selectors.placed_at,
    links=(registry.Link(_("Value of community service (yearly report)"), "community:report", STATS_VIEW),),
    place_links=(registry.PlaceLink(_("Enter a day's hours"), "community:bulk_hours", selectors.bulk_hours_places),),
    panels=(registry.Panel("community", "community/_organisation_panel.html", organisation_panel, order=10),),
))
