"""Latvia's prisons as data: a prison administration's request goes to the territorial unit covering the
prison's municipality (workflows.md §2). Codes are this app's own; municipalities are ISO 3166-2:LV."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PRISONS: dict[str, tuple[str | Promise, str]] = {
    "riga_central": (_("Riga Central Prison"), "LV-RIX"),
    "ilguciems": (_("Iļģuciems Prison"), "LV-RIX"),
    "olaine": (_("Olaine Prison"), "LV-068"),
    "jelgava": (_("Jelgava Prison"), "LV-JEL"),
    "daugavgriva": (_("Daugavgrīva Prison"), "LV-DGV"),
    "liepaja": (_("Liepāja Prison"), "LV-LPX"),
    "valmiera": (_("Valmiera Prison"), "LV-113"),
    "jekabpils": (_("Jēkabpils Prison"), "LV-042"),
    "cesis": (_("Cēsis Correctional Institution for Minors"), "LV-022"),
}


def choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, (name, _m) in PRISONS.items()]


def name(code: str) -> str:
    return str(PRISONS[code][0]) if code in PRISONS else code
