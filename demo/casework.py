"""Demo case work on the shared client file (docs/case-work.md): a few case notes on the demo
officer's first clients, and two case files of the demo head's unit left for allocation, so that
the README tour's *Notes* and *Allocation* are not empty. Through the real services."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from cases import services
from cases.models import Case

NOTES = [
    ("phone", "Zvanīja klienta māsa: klients sācis strādāt noliktavā, maiņu darbs.", ""),
    ("agency_meeting", "Tikšanās ar sociālo dienestu par dzīvesvietas jautājumu; nākamā tikšanās pēc mēneša.", ""),
    ("note", "Klients informēja par ārstēšanos no atkarības (ārsta izziņa iesniegta).", "health"),
]


def seed_casework() -> dict[str, int]:
    made = {"notes": 0, "unallocated": 0}
    officer = User.objects.filter(username="officer").first()
    head = User.objects.filter(username="head").first()
    if officer is None or head is None:
        return made
    today = timezone.localdate()
    for case in Case.objects.filter(responsible_officer=officer, status=Case.Status.OPEN).order_by("id")[:3]:
        for kind, text, sensitivity in NOTES:
            services.case_note_add(actor=officer, case=case, kind=kind, occurred_on=max(case.opened_on, today),
                                   text=text, sensitivity=sensitivity)
            made["notes"] += 1
    others = (Case.objects.filter(responsible_unit_id=head.home_unit_id, status=Case.Status.OPEN)
              .exclude(responsible_officer=officer).exclude(responsible_officer__isnull=True).order_by("-id")[:2])
    for case in others:
        services.case_assign_officer(actor=head, case=case, officer=None, expected_version=case.version)
        made["unallocated"] += 1
    return made
