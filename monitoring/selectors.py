"""Reads of electronic monitoring: the centre's queue, a client's EM page, the client-file panel, each
with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cases.models import Section
from core.access import has_perm
from monitoring import access
from monitoring.models import Alert, DeviceAssignment, EmDetails, Event, Schedule, Violation, Zone
from monitoring.schedules import periods, spec_of

STATUS_ORDER = {"escalated": 0, "new": 1, "acknowledged": 2, "cleared": 3, "closed": 4}


def queue(user: Any, *, status: str = "", kind: str = "") -> QuerySet[Alert]:
    qs = Alert.objects.visible_to(user, access.OPERATE).in_queue()
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return (qs.select_related("section", "section__case", "section__case__person", "acknowledged_by")
            .order_by("-escalation_level", "acknowledged_at", "-raised_at", "-id"))


def queue_counts(user: Any) -> dict[str, int]:
    qs = Alert.objects.visible_to(user, access.OPERATE).in_queue()
    return dict(qs.values_list("status").annotate(n=Count("id")).order_by())


def changed_since(user: Any, since: dt.datetime) -> list[Alert]:
    return list(Alert.objects.visible_to(user, access.OPERATE).filter(updated_at__gt=since)
                .select_related("section", "section__case", "section__case__person", "acknowledged_by")
                .order_by("updated_at", "id")[:200])


def case_panel(user: Any, case: Any) -> dict[str, Any] | None:
    sections = [s for s in case.sections.all() if s.kind == "electronic_monitoring"]
    if not sections or not has_perm(user, access.VIEW):
        return None
    section = sections[0]
    details = EmDetails.objects.filter(section=section).first()
    open_alerts = Alert.objects.filter(section=section).in_queue().count()
    return {"em_section": section, "em": details, "em_open_alerts": open_alerts}


def curfew_days(section: Section, schedules: list[Schedule], violations: list[Violation], comm: list[Violation],
                days: int = 7) -> list[dict[str, Any]]:
    """The last ``days`` curfews with their state: complied, violated, no data (a communication failure
    overlapped it: never counted as complied) or still running."""
    now = timezone.now()
    specs = [spec_of(s) for s in schedules]
    rows = []
    for p in periods(specs, now - dt.timedelta(days=days), now + dt.timedelta(hours=12)):
        hits = [v for v in violations if v.started_at < p.end and (v.cleared_at or now) > p.start]
        gaps = [v for v in comm if v.started_at < p.end and (v.cleared_at or now) > p.start]
        if p.start > now:
            state = "upcoming"
        elif hits:
            state = "violated"
        elif gaps:
            state = "no_data"
        elif p.end > now:
            state = "running"
        else:
            state = "complied"
        rows.append({"period": p, "state": state, "violations": hits})
    return list(reversed(rows))


def section_page(section: Section) -> dict[str, Any]:
    schedules = list(Schedule.objects.filter(section=section).prefetch_related("windows", "exceptions"))
    violations = list(Violation.objects.filter(section=section, withdrawn=False).select_related("alert")
                      .order_by("-started_at")[:200])
    schedule_v = [v for v in violations if v.kind in ("absent_at_curfew_start", "left_during_curfew",
                                                      "late_return", "failed_to_leave")]
    comm = [v for v in violations if v.kind == "communication_failure"]
    return {
        "em": EmDetails.objects.filter(section=section).select_related("followup_section").first(),
        "assignments": list(DeviceAssignment.objects.filter(section=section).select_related("device")),
        "schedules": schedules,
        "zones": list(Zone.objects.filter(section=section)),
        "violations": violations,
        "alerts": list(Alert.objects.filter(section=section).select_related("acknowledged_by", "reviewed_by")
                       .order_by("-raised_at")[:50]),
        "curfews": curfew_days(section, schedules, schedule_v, comm),
    }


def fixes(section: Section, hours: int = 24, limit: int = 2000) -> list[dict[str, Any]]:
    """The GPS fixes of the last ``hours`` (sensitive: em_location; the caller logs the read)."""
    since = timezone.now() - dt.timedelta(hours=hours)
    rows = (Event.objects.filter(section_id=section.pk, time__gte=since, lat__isnull=False)
            .order_by("-time").values("time", "lat", "lon", "accuracy")[:limit])
    return [{"t": r["time"].isoformat(), "lat": r["lat"], "lon": r["lon"], "acc": r["accuracy"]} for r in rows]


def pending_reviews(user: Any) -> QuerySet[Alert]:
    """Alerts on the user's clients still waiting for the officer's review."""
    return (Alert.objects.visible_to(user, access.REVIEW).filter(reviewed_at__isnull=True)
            .filter(Q(section__responsible_officer=user) | Q(section__case__responsible_officer=user))
            .select_related("section", "section__case", "section__case__person"))


