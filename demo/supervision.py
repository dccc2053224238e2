"""Supervision for the demo (small seeds only), made through the supervision services so that its
audit trail, tasks and letters are real: the `officer` login's open supervision clients get their
term and intensity (with the legal duties), an additional duty for some, a few contacts in the
calendar (past ones with outcomes, one ahead with a reminder to the client), a supervision plan,
and the first client a missed appointment recorded as a violation with a written warning."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from accounts.models import User
from cases.models import Section
from core.calendar import is_working_day
from core.errors import DomainError

CLIENTS = 8
TERM_MONTHS = (12, 18, 24, 36, 48, 60)
PAST_CONTACTS = (("attended_complied", ""), ("acceptable_absence", "Slimības lapa"), ("attended_complied", ""))


def _working_day(day: dt.date, step: int = -1) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=step)
    return day


def _at(day: dt.date, slot: int) -> dt.datetime:
    """The officer's slot ``slot`` of a day: half-hour appointments from 9:00, so clients never overlap."""
    hour, minute = divmod(9 * 60 + 30 * slot, 60)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _term(section: Section, today: dt.date) -> dict[str, Any] | None:
    """The shortest term allowed for the section's kind that still runs past today."""
    from supervision.services import add_months, check_period

    start = section.start_date or section.basis_in_force or section.basis_date
    for months in TERM_MONTHS:
        end = add_months(start, months)
        if end <= today + dt.timedelta(days=30):
            continue
        term = {"start_date": start, "end_date": end, "sentence_end_date": end}
        try:
            check_period(kind=section.kind, start_date=start, end_date=end, sentence_end_date=end)
        except DomainError:
            continue
        return term
    return None


def seed_supervision() -> dict[str, int]:
    from supervision import services

    made = {"sections": 0, "appointments": 0, "violations": 0, "warnings": 0, "plans": 0}
    officer = User.objects.filter(username="officer").first()
    if officer is None:
        return made
    today = timezone.localdate()
    sections = (Section.objects.filter(case__responsible_officer=officer, kind__in=_kinds(),
                                       state__in=Section.OPEN_STATES, supervision__isnull=True)
                .select_related("case", "case__person").order_by("id")[:CLIENTS])
    for slot, section in enumerate(sections):
        term = _term(section, today)
        if term is None:
            continue
        try:
            details = services.supervision_register(
                actor=officer, section=section, intensity=("medium", "high", "low")[slot % 3],
                start_date=term["start_date"], end_date=term["end_date"],
                sentence_end_date=term["sentence_end_date"] if "parole" in section.kind else None)
            made["sections"] += 1
            if slot % 2 == 0:
                services.duty_add(actor=officer, section=section, code="curfew", details="22:00–06:00",
                                  start_date=max(details.start_date, today - dt.timedelta(days=60)), end_date=None,
                                  justification="Pārkāpumi izdarīti naktī; mazina atkārtota pārkāpuma risku.")
            past = []
            for weeks, (outcome, reason) in zip((6, 4, 2), PAST_CONTACTS, strict=True):
                day = _working_day(today - dt.timedelta(weeks=weeks))
                if day < details.start_date:
                    continue
                appointment = services.appointment_schedule(took_place=True,
                    actor=officer, section=section, officer=officer, kind="office", starts_at=_at(day, slot),
                    duration_minutes=30, remind=False)
                past.append(services.appointment_record_outcome(
                    actor=officer, appointment=appointment, outcome=outcome, reason=reason,
                    expected_version=appointment.version))
                made["appointments"] += 1
            services.appointment_schedule(took_place=True,
                actor=officer, section=section, officer=officer, kind="home_visit" if slot % 3 == 2 else "office",
                starts_at=_at(_working_day(today + dt.timedelta(days=7), step=1), slot), duration_minutes=30)
            made["appointments"] += 1
            if slot == 0:
                day = _working_day(today - dt.timedelta(days=5))
                missed = services.appointment_schedule(took_place=True,
                    actor=officer, section=section, officer=officer, kind="office", starts_at=_at(day, slot),
                    duration_minutes=30, remind=False)
                services.appointment_record_outcome(actor=officer, appointment=missed, outcome="failed_to_attend",
                                                    expected_version=missed.version)
                violation = services.violation_record(
                    actor=officer, section=section, kind="duty_breach", occurred_on=day, appointment=missed,
                    description="Neieradās uz norunāto tikšanos un neinformēja probācijas dienestu.",
                    evidence="Tikšanās žurnāls; zvans klientam netika atbildēts.")
                made["violations"] += 1
                services.warning_issue(actor=officer, violation=violation, issued_on=today)
                made["warnings"] += 1
            agreed = past[0].starts_at.date() if past else None
            services.plan_save(
                actor=officer, section=section, needs=["education_employment", "alcohol"], agreed_on=agreed,
                goals=[
                    {"need": "education_employment", "goal": "Atrast pastāvīgu darbu",
                     "measures": "Reģistrēties NVA, divas darba intervijas mēnesī", "responsible": "klients",
                     "due_date": today + dt.timedelta(days=60)},
                    {"need": "alcohol", "goal": "Atturēties no alkohola",
                     "measures": "Programma \"Alkohola lietošanas mazināšana\"; atbalsta grupa reizi nedēļā",
                     "responsible": "probācijas darbinieks un klients", "due_date": today + dt.timedelta(days=90)},
                ])
            made["plans"] += 1
        except DomainError:
            continue  # a section whose dates do not fit stays unregistered (the registration task remains)
    return made


def seed_supervision_summary() -> str:
    made = seed_supervision()
    return (f"Supervision: {made['sections']} clients registered, {made['appointments']} contacts, "
            f"{made['warnings']} written warning(s), {made['plans']} plans.")


def _kinds() -> tuple[str, ...]:
    from supervision.policies import SUPERVISION_KINDS

    return tuple(SUPERVISION_KINDS)
