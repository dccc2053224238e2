"""Mediation's registration with the function seam (``cases.functions``): its section kind, opened and
closed on the client file like any section; the mediation workflow is built in this app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.functions import Function
from cases.kinds import SectionKind

APP = "mediation"

FUNCTION = Function(
    app=APP,
    label=_("Mediation"),
    section_kinds=(
        SectionKind("mediation", _("Mediation"), _("Mediation"), APP, closing_reasons=("completed", "other"),
                    workload_weight=0.75),
    ),
)
