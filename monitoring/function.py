"""Electronic monitoring's registration with the function seam (``cases.functions``): its section kind,
opened and closed on the client file like any section; devices, schedules, ingestion and the monitoring
centre are built in this app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.functions import Function
from cases.kinds import SectionKind

APP = "monitoring"

FUNCTION = Function(
    app=APP,
    label=_("Electronic monitoring"),
    section_kinds=(SectionKind("electronic_monitoring", _("Electronic monitoring"), _("EM"), APP),),
)
