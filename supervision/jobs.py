"""Background jobs of supervision (scheduled by ``supervision/function.py``). Tasks are created and
completed only through ``tasks.services``; "has this section a task of kind X" is asked of
``tasks.selectors``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from cases.models import Section
from core.jobs import logged_task
from supervision import catalogue
from supervision.models import Appointment, SupervisionDetails
from supervision.policies import SUPERVISION_KINDS
from supervision.rules import CONTACT_OVERDUE, REGISTER, REGISTRATION_DUE
from supervision.selectors import CONTACT_OUTCOMES, contact_window_days
from tasks import rules
from tasks.selectors import section_has_task, sections_with_open_task
from tasks.services import NewTask, tasks_complete_open, tasks_create_many

# Sections completed per call: bounds the ids in one statement (SQLite's limit on bound parameters).
BATCH = 2000


def create_registration_tasks_now() -> dict[str, Any]:
    """A registration task for every open supervision section with no term registered and no
    registration task yet (the deadline counts from the ruling taking effect, so each section's task
    is made by the rule on its own)."""
    sections = (Section.objects.open().filter(kind__in=SUPERVISION_KINDS)
                .exclude(Exists(SupervisionDetails.objects.filter(section=OuterRef("pk"))))
                .exclude(section_has_task(REGISTER))
                .select_related("case", "case__responsible_unit", "responsible_officer"))
    created = 0
    for section in sections.iterator(chunk_size=500):
        created += len(rules.fire(REGISTRATION_DUE, actor=None, section=section))
    return {"tasks": created}


@logged_task("supervision.create_registration_tasks")
def create_registration_tasks() -> dict[str, Any]:
    return create_registration_tasks_now()


def overdue_sections(today: dt.date | None = None) -> QuerySet[Section]:
    """Open supervision sections whose term has started and whose last attended contact (or the start
    of the term, when there is none) lies further back than the intensity's contact window — the
    same rule as ``selectors.contact_overdue``, as ONE query over all sections."""
    today = today or timezone.localdate()
    last = Subquery(Appointment.objects.filter(section=OuterRef("pk"), outcome__in=CONTACT_OUTCOMES)
                    .order_by("-starts_at").values("starts_at")[:1])
    late = Q()
    for intensity in catalogue.INTENSITIES:
        cutoff = today - dt.timedelta(days=contact_window_days(intensity))
        cutoff_at = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
        late |= (Q(supervision__intensity=intensity, supervision__start_date__lt=cutoff)
                 & (Q(last_contact__isnull=True) | Q(last_contact__lt=cutoff_at)))
    return (Section.objects.open().filter(kind__in=SUPERVISION_KINDS, supervision__isnull=False)
            .annotate(last_contact=last).filter(late))


def _last_contact(at: dt.datetime | None) -> str:
    return f"last attended contact {timezone.localdate(at):%d.%m.%Y}" if at else "no attended contact yet"


def scan_overdue_contacts_now(today: dt.date | None = None) -> dict[str, Any]:
    """The nightly overdue scan over all open supervision sections, set-based (a fixed number of
    queries plus a few statements per batch of tasks, whatever the number of sections), in one
    transaction:

    * a task "Contact the supervision client" for every overdue client without one open (assigned to
      the section's officer, else the case's; due N working days on, the rule's policy), created with
      ``tasks.services.tasks_create_many`` (change-log rows and timeline events in batches);
    * open such tasks of clients who are no longer overdue are completed with
      ``tasks.services.tasks_complete_open``: "contact made" when the section is still open, else
      "closed";
    * counts the appointments past their end with no outcome recorded (shown, not tasked)."""
    today = today or timezone.localdate()
    with_task = sections_with_open_task(CONTACT_OVERDUE)
    overdue = list(overdue_sections(today).select_related("case").only(
        "pk", "case_id", "responsible_officer_id", "case__id", "case__responsible_unit_id",
        "case__responsible_officer_id"))
    overdue_ids = {s.pk for s in overdue}
    new = [NewTask(unit_id=s.case.responsible_unit_id, case_id=s.case_id, section_id=s.pk,
                   assignee_id=s.responsible_officer_id or s.case.responsible_officer_id,
                   description=_last_contact(getattr(s, "last_contact", None)))
           for s in overdue if s.pk not in with_task]
    resolved = sorted(with_task - overdue_ids)
    completed = 0
    with transaction.atomic():
        created = tasks_create_many(actor=None, rule_code=CONTACT_OVERDUE, items=new, start=today) if new else 0
        for first in range(0, len(resolved), BATCH):
            chunk = resolved[first:first + BATCH]
            completed += tasks_complete_open(actor=None, kinds=[CONTACT_OVERDUE], outcome="contact made",
                                             sections=Section.objects.open().filter(pk__in=chunk))
            completed += tasks_complete_open(actor=None, kinds=[CONTACT_OVERDUE], outcome="closed", sections=chunk)
    awaiting = Appointment.objects.filter(ends_at__lt=timezone.now(), outcome="",
                                          section__state__in=Section.OPEN_STATES).count()
    return {"overdue": len(overdue), "tasks_created": created, "tasks_completed": completed,
            "appointments_awaiting_outcome": awaiting}


@logged_task("supervision.scan_overdue_contacts")
def scan_overdue_contacts() -> dict[str, Any]:
    return scan_overdue_contacts_now()
