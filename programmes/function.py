"""Probation programmes' registration with the function seam (``cases.functions``).

Only the section kind so far: a programme section is opened (with its basis document) and closed with
a reason on the client file like any section. Groups, sessions and attendance are not built yet."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.functions import Function
from cases.kinds import SectionKind

APP = "programmes"

FUNCTION = Function(
    app=APP,
    label=_("Probation programmes"),
    section_kinds=(
        SectionKind("programme", _("Probation programme"), _("Programme"), APP,
                    closing_reasons=("completed", "revoked", "other"), workload_weight=0.5),
    ),
)
