"""Reads: a record of a supervision section by its id (through the section chokepoint), the
compliance summary of a section, overdue contacts, the caseload with flags and the KL 45¹ conversion
calculator."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from cases.models import Section
from cases.selectors import access_section
from core import policies
from supervision import catalogue
from supervision.models import (
    Appointment,
    Submission,
    SupervisionDetails,
    SupervisionPlan,
    Violation,
    Warning,
)
from supervision.policies import (
    CONTACT_FREQUENCY,
    CONVERSION_DAYS,
    CONVERSION_ROUNDING,
    SUPERVISION_KINDS,
    WARNINGS_BEFORE_SUBMISSION,
)

CONTACT_OUTCOMES = tuple(code for code, o in catalogue.OUTCOMES.items() if o.counts_as_contact)
FAILED_OUTCOMES = tuple(code for code, o in catalogue.OUTCOMES.items() if o.enforceable)
ABSENCE_OUTCOMES = ("acceptable_absence", "unacceptable_absence", "failed_to_attend")


R = TypeVar("R", bound=models.Model)


def access_record(user: Any, model: type[R], record_id: int, perm: str, *, section: Section | None = None) -> R:
    """A record on a supervision section (an appointment, violation, submission, absence…) whose section
    ``user`` may ``perm``, else ``Http404``. Without ``section`` the record's section goes through
    ``cases.selectors.access_section``, the chokepoint of the section's pages; with ``section`` (already
    checked by it) the record must be that section's."""
    records = model._default_manager.filter(pk=record_id)
    if section is not None:
        records = records.filter(section=section)
    record = records.first()
    if record is None:
        raise Http404
    if section is None:
        section = access_section(user, record.section_id, perm, kinds=SUPERVISION_KINDS)  # type: ignore[attr-defined]
    record.section = section  # type: ignore[attr-defined]
    return record


def contact_window_days(intensity: str) -> int:
    """Days allowed between attended contacts: 30 divided by the contacts a month of the intensity."""
    per_month = policies.value(CONTACT_FREQUENCY.key).get(intensity) or 1
    return max(1, math.floor(30 / float(per_month)))


def contact_windows() -> dict[str, int]:
    """The window of every intensity (read once for a list: a policy lookup is not free)."""
    return {intensity: contact_window_days(intensity) for intensity in catalogue.INTENSITIES}


def contact_overdue(*, intensity: str, start_date: dt.date, last_contact: dt.date | None,
                    today: dt.date | None = None, windows: dict[str, int] | None = None) -> bool:
    today = today or timezone.localdate()
    since = max(last_contact or start_date, start_date)
    window = windows[intensity] if windows and intensity in windows else contact_window_days(intensity)
    return (today - since).days > window


@dataclass
class Compliance:
    complied: int = 0
    failed: int = 0
    absences: int = 0
    warnings: int = 0
    submissions: int = 0
    pending_submission: Submission | None = None
    unanswered_violations: int = 0
    last_contact: dt.date | None = None
    overdue: bool = False
    submission_due: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def breach_in_progress(self) -> bool:
        return self.pending_submission is not None or self.unanswered_violations > 0


def compliance(section: Section, details: SupervisionDetails | None) -> Compliance:
    """Complied, failed, absences, warnings, submissions; a breach is in progress while a
    submission awaits its decision or a violation has had no warning or submission yet."""
    counts = Appointment.objects.filter(section=section).aggregate(
        complied=Count("pk", filter=Q(outcome="attended_complied")),
        failed=Count("pk", filter=Q(outcome__in=FAILED_OUTCOMES)),
        absences=Count("pk", filter=Q(outcome__in=ABSENCE_OUTCOMES)),
        last=Max("starts_at", filter=Q(outcome__in=CONTACT_OUTCOMES)),
    )
    result = Compliance(complied=counts["complied"], failed=counts["failed"], absences=counts["absences"])
    result.warnings = Warning.objects.filter(section=section).count()
    result.submissions = Submission.objects.filter(section=section).count()
    result.pending_submission = Submission.objects.filter(section=section, decision="").first()
    result.unanswered_violations = (Violation.objects.filter(section=section)
                                    .exclude(Exists(Warning.objects.filter(violation=OuterRef("pk"))))
                                    .exclude(Exists(Submission.objects.filter(violation=OuterRef("pk"))))
                                    .count())
    result.last_contact = timezone.localdate(counts["last"]) if counts["last"] else None
    if details is not None and section.is_open:
        result.overdue = contact_overdue(intensity=details.intensity, start_date=details.start_date,
                                         last_contact=result.last_contact)
    serious = Violation.objects.filter(section=section, serious=True).exclude(
        Exists(Submission.objects.filter(violation=OuterRef("pk")))).exists()
    limit = int(policies.value(WARNINGS_BEFORE_SUBMISSION.key))
    result.submission_due = section.is_open and result.pending_submission is None and (
        serious or (result.warnings >= limit and result.warnings > 0
                    and not Submission.objects.filter(section=section).exists()))
    return result


def caseload(user: Any, *, mine: bool = True) -> Any:
    """Open supervision sections the user may see, with term, intensity, last attended contact,
    next appointment and breach flags, in a constant number of queries. My clients by name; all
    I can see newest first."""
    now = timezone.now()
    appts = Appointment.objects.filter(section=OuterRef("pk"))
    qs = (Section.objects.visible_to(user, "case.view").filter(kind__in=SUPERVISION_KINDS).open()
          .select_related("case", "case__person", "responsible_officer", "supervision")
          .annotate(
              last_contact=Subquery(appts.filter(outcome__in=CONTACT_OUTCOMES).order_by("-starts_at")
                                    .values("starts_at")[:1]),
              next_appointment=Subquery(appts.filter(starts_at__gte=now, outcome="").order_by("starts_at")
                                        .values("starts_at")[:1]),
              warning_count=Subquery(Warning.objects.filter(section=OuterRef("pk")).values("section")
                                     .annotate(n=Count("pk")).values("n")[:1]),
              pending_submission=Exists(Submission.objects.filter(section=OuterRef("pk"), decision="")),
              unanswered=Exists(Violation.objects.filter(section=OuterRef("pk"))
                                .exclude(Exists(Warning.objects.filter(violation=OuterRef("pk"))))
                                .exclude(Exists(Submission.objects.filter(violation=OuterRef("pk"))))),
          ))
    if mine:
        qs = qs.filter(Q(responsible_officer=user) | Q(responsible_officer__isnull=True, case__responsible_officer=user))
        return qs.order_by("case__person__search_name", "pk")  # folded: "Ā" sorts with "A"
    # "All I can see" (a whole unit or region: tens of thousands of sections) lists the newest
    # sections first: walking the clients in name order to find a unit's sections cost 50–70 ms
    # a page for a mid-sized unit on 200,000 clients, the newest-first walk at most 10 ms.
    return qs.order_by("-pk")


def decorate(rows: list[Section], today: dt.date | None = None) -> list[Section]:
    """Set ``overdue``, ``breach`` and ``unregistered`` on caseload rows (no queries)."""
    today = today or timezone.localdate()
    windows = contact_windows()
    for row in rows:
        try:
            details = row.supervision  # type: ignore[attr-defined]
        except SupervisionDetails.DoesNotExist:
            details = None
        row.details = details  # type: ignore[attr-defined]
        last = timezone.localdate(row.last_contact) if row.last_contact else None  # type: ignore[attr-defined]
        row.last_contact_day = last  # type: ignore[attr-defined]
        row.overdue = details is not None and contact_overdue(  # type: ignore[attr-defined]
            intensity=details.intensity, start_date=details.start_date, last_contact=last, today=today,
            windows=windows)
        row.breach = row.pending_submission or row.unanswered  # type: ignore[attr-defined]
    return rows


@dataclass(frozen=True)
class Conversion:
    unserved_days: int
    ratio: int
    rounding: str
    prison_days: int
    remainder: int
    steps: list[str]


def conversion(*, end_date: dt.date, from_date: dt.date) -> Conversion:
    """KL 45¹: unserved probation supervision converted at 2 supervision days = 1 day of
    imprisonment. Returns the result and the working, step by step."""
    ratio = int(policies.value(CONVERSION_DAYS.key))
    rounding = str(policies.value(CONVERSION_ROUNDING.key))
    unserved = max(0, (end_date - from_date).days)
    prison, remainder = divmod(unserved, ratio)
    if remainder and rounding == "up":
        prison += 1
    steps = [
        f"{end_date:%d.%m.%Y} − {from_date:%d.%m.%Y} = {unserved}",
        f"{unserved} ÷ {ratio} = {unserved // ratio}" + (f" (+{remainder})" if remainder else ""),
        f"= {prison}",
    ]
    return Conversion(unserved_days=unserved, ratio=ratio, rounding=rounding, prison_days=prison,
                      remainder=remainder, steps=steps)


@dataclass
class OfficerVitals:
    officer_id: int | None
    officer: str
    clients: int = 0
    timely_contact: int = 0
    timely_review: int = 0
    due_this_week: int = 0

    @property
    def contact_share(self) -> int:
        return round(100 * self.timely_contact / self.clients) if self.clients else 0

    @property
    def review_share(self) -> int:
        return round(100 * self.timely_review / self.clients) if self.clients else 0


def vitals(user: Any, *, all_officers: bool, today: dt.date | None = None) -> list[OfficerVitals]:
    """Per officer (the section's officer, else the case's): open supervision clients, the share
    with a timely contact (not overdue for the intensity) and a timely plan review (a plan whose
    review is not past due), and what falls due this week (appointments without an outcome, plan
    reviews and ends of term from Monday to Sunday). One query whatever the caseload size."""
    today = today or timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    week_start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    week_end = week_start + dt.timedelta(days=7)
    appts = Appointment.objects.filter(section=OuterRef("pk"))
    qs = (caseload(user, mine=not all_officers).order_by()
          .select_related("case__responsible_officer")
          .annotate(review_due=Subquery(SupervisionPlan.objects.filter(section=OuterRef("pk")).order_by("-number")
                                        .values("review_due")[:1]),
                    week_appointments=Subquery(appts.filter(starts_at__gte=week_start, starts_at__lt=week_end,
                                                            outcome="").values("section")
                                               .annotate(n=Count("pk")).values("n")[:1])))
    result: dict[int | None, OfficerVitals] = {}
    windows = contact_windows()
    for row in qs:
        officer = row.responsible_officer or row.case.responsible_officer
        key = officer.pk if officer else None
        item = result.setdefault(key, OfficerVitals(officer_id=key, officer=str(officer) if officer else "—"))
        item.clients += 1
        details = getattr(row, "supervision", None)
        last = timezone.localdate(row.last_contact) if row.last_contact else None
        if details is not None and not contact_overdue(intensity=details.intensity, start_date=details.start_date,
                                                       last_contact=last, today=today, windows=windows):
            item.timely_contact += 1
        if row.review_due is not None and row.review_due >= today:
            item.timely_review += 1
        item.due_this_week += row.week_appointments or 0
        if row.review_due is not None and monday <= row.review_due <= sunday:
            item.due_this_week += 1
        if details is not None and monday <= details.end_date <= sunday:
            item.due_this_week += 1
    return sorted(result.values(), key=lambda v: v.officer)
