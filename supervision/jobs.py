"""Background jobs of supervision (schedule: settings.CELERY_BEAT_SCHEDULE, owned by the lead)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef

from core.jobs import logged_task


def create_registration_tasks_now() -> dict[str, Any]:
    """A registration task for every open supervision section with no term registered and no
    registration task yet (the deadline counts from the ruling taking effect)."""
    from cases.models import Section
    from supervision.models import SupervisionDetails
    from supervision.policies import SUPERVISION_KINDS
    from supervision.rules import REGISTER, REGISTRATION_DUE
    from tasks import rules
    from tasks.models import Task

    sections = (Section.objects.open().filter(kind__in=SUPERVISION_KINDS)
                .exclude(Exists(SupervisionDetails.objects.filter(section=OuterRef("pk"))))
                .exclude(Exists(Task.objects.filter(section=OuterRef("pk"), kind=REGISTER)))
                .select_related("case", "case__responsible_unit", "responsible_officer"))
    created = 0
    for section in sections.iterator(chunk_size=500):
        created += len(rules.fire(REGISTRATION_DUE, actor=None, section=section))
    return {"tasks": created}


@logged_task("supervision.create_registration_tasks")
def create_registration_tasks() -> dict[str, Any]:
    return create_registration_tasks_now()


BATCH = 2000


def overdue_sections(today: Any = None) -> Any:
    """Open supervision sections whose term has started and whose last attended contact (or the start
    of the term, when there is none) lies further back than the intensity's contact window — the
    same rule as ``selectors.contact_overdue``, as ONE query over all sections."""
    import datetime as dt

    from django.db.models import Q, Subquery
    from django.utils import timezone

    from cases.models import Section
    from supervision import catalogue
    from supervision.models import Appointment
    from supervision.policies import SUPERVISION_KINDS
    from supervision.selectors import CONTACT_OUTCOMES, contact_window_days

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


def scan_overdue_contacts_now(today: Any = None) -> dict[str, Any]:
    """The nightly overdue scan over all open supervision sections, set-based (a fixed number of
    queries plus one INSERT per batch of new tasks, whatever the number of sections):

    * a task "Contact the supervision client" for every overdue client without one open (assigned to
      the section's officer, else the case's; due N working days on, a policy), with its change-log
      rows and timeline events written in batches;
    * open such tasks of clients who are no longer overdue (contact made, or section closed) are
      completed;
    * counts the appointments past their end with no outcome recorded (shown, not tasked)."""
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from django.utils.translation import override

    from cases import timeline
    from cases.models import Section
    from core import audit, calendar, policies
    from supervision.models import Appointment
    from supervision.policies import CONTACT_OVERDUE_DEADLINE
    from supervision.rules import CONTACT_OVERDUE
    from tasks.models import Task
    from tasks.rules import RULES

    today = today or timezone.localdate()
    now = timezone.now()
    rule = RULES[CONTACT_OVERDUE]
    with override(None):
        title = str(rule.title)
    due = calendar.add_working_days(today, int(policies.value(CONTACT_OVERDUE_DEADLINE.key)))
    open_tasks = dict(Task.objects.open().filter(kind=CONTACT_OVERDUE).values_list("section_id", "pk"))
    overdue = list(overdue_sections(today).select_related("case").only(
        "pk", "case_id", "responsible_officer_id", "case__id", "case__responsible_unit_id",
        "case__responsible_officer_id"))
    overdue_ids = {s.pk for s in overdue}
    new = [s for s in overdue if s.pk not in open_tasks]
    resolved = [pk for section_id, pk in open_tasks.items() if section_id not in overdue_ids]
    created = completed = 0
    with transaction.atomic():
        for start in range(0, len(new), BATCH):
            chunk = new[start:start + BATCH]
            tasks = Task.objects.bulk_create([
                Task(title=title, kind=CONTACT_OVERDUE, case_id=s.case_id, section_id=s.pk,
                     unit_id=s.case.responsible_unit_id, due_date=due,
                     assignee_id=s.responsible_officer_id or s.case.responsible_officer_id,
                     description=(f"last attended contact {timezone.localdate(s.last_contact):%d.%m.%Y}"
                                  if s.last_contact else "no attended contact yet"))
                for s in chunk])
            audit.record_many(actor=None, verb="task_create", instances=list[Any](tasks))
            timeline.emit_many("task_created", actor=None, items=[
                (s.case, s, {"title": title, "due": due.strftime("%d.%m.%Y")}) for s in chunk])
            created += len(tasks)
        for start in range(0, len(resolved), BATCH):
            ids = resolved[start:start + BATCH]
            still_open = Task.objects.filter(pk__in=ids, status=Task.Status.OPEN)
            changes = {"status": Task.Status.DONE, "completed_at": now, "version": F("version") + 1}
            still_open.filter(section__state__in=Section.OPEN_STATES).update(outcome="contact made", **changes)
            still_open.update(outcome="closed", **changes)
            done = list(Task.objects.filter(pk__in=ids).select_related("case", "section"))
            audit.record_many(actor=None, verb="task_complete", instances=list[Any](done), action="update")
            timeline.emit_many("task_completed", actor=None, items=[
                (t.case, t.section, {"title": title, "outcome": t.outcome}) for t in done if t.case_id])
            completed += len(done)
    awaiting = Appointment.objects.filter(ends_at__lt=now, outcome="", section__state__in=Section.OPEN_STATES).count()
    return {"overdue": len(overdue), "tasks_created": created, "tasks_completed": completed,
            "appointments_awaiting_outcome": awaiting}


@logged_task("supervision.scan_overdue_contacts")
def scan_overdue_contacts() -> dict[str, Any]:
    return scan_overdue_contacts_now()
