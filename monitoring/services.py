"""State changes of electronic monitoring's case work: keyword-only, the actor named, one transaction,
audit record and case timeline event, side effects after commit. (Telemetry does not come through
here: ``monitoring.ingest``.)"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from cases import timeline
from cases.kinds import SECTION_KINDS
from cases.models import Section
from core import audit, policies
from core.concurrency import bump, lock
from core.errors import Conflict, PermissionDenied, ValidationFailed
from monitoring import access, geo, ingest, rules
from monitoring.eligibility import add_months
from monitoring.models import (
    Alert,
    AlertNote,
    Device,
    DeviceAssignment,
    EmDetails,
    Gateway,
    Place,
    Schedule,
    ScheduleException,
    ScheduleWindow,
    Technology,
    Zone,
)
from monitoring.policies import EM_KIND, FOLLOWUP_KIND, MAX_MONTHS, MIN_MONTHS
from monitoring.schedules import Window, check_window, check_windows, parse_window, zone_info
from tasks.services import NewTask, tasks_complete_open, tasks_create_many


def _forget_caches() -> None:
    transaction.on_commit(ingest.forget)


def _em_open(section: Section) -> None:
    if section.kind != EM_KIND:
        raise ValidationFailed("section_not_em", _("This is not an electronic monitoring section."), field="section")
    if not section.is_open:
        raise ValidationFailed("section_closed", _("This section is closed."), field="section")


def _not_future(value: dt.date | dt.datetime | None, field: str) -> None:
    if value is None:
        return
    now = timezone.now() if isinstance(value, dt.datetime) else timezone.localdate()
    if value > now + (dt.timedelta(minutes=5) if isinstance(value, dt.datetime) else dt.timedelta()):
        raise ValidationFailed(f"{field}_future", _("This cannot be in the future."), field=field)


def _visit(actor: Any, section: Section, rule: str, start: dt.date | None = None) -> None:
    tasks_create_many(actor=actor, rule_code=rule, start=start, items=[NewTask(
        unit_id=section.case.responsible_unit_id, case_id=section.case_id, section_id=section.pk,
        assignee_id=section.responsible_officer_id or section.case.responsible_officer_id)])


# --- The EM terms ---------------------------------------------------------------------------------


@transaction.atomic
def em_plan(*, actor: Any, section: Section, technology: str, months: int, consent_on: dt.date | None) -> EmDetails:
    """Plan monitoring on an EM section (KL 61: the client's consent, 1–12 months from fitting); asks for
    the install visit."""
    _em_open(section)
    if technology not in Technology.values:
        raise ValidationFailed("technology_unknown", _("Choose the technology."), field="technology")
    low, high = int(policies.value(MIN_MONTHS.key)), int(policies.value(MAX_MONTHS.key))
    if not low <= int(months) <= high:
        raise ValidationFailed("months_out_of_range",
                               _("Monitoring lasts %(low)s–%(high)s months from fitting (KL 61).")
                               % {"low": low, "high": high}, field="months")
    if consent_on is None:
        raise ValidationFailed("consent_required", _("Monitoring needs the client's consent (KL 61): enter its date."),
                               field="consent_on")
    _not_future(consent_on, "consent_on")
    if consent_on < section.basis_date - dt.timedelta(days=365):
        raise ValidationFailed("consent_too_early", _("The consent is older than the basis document by over a year."),
                               field="consent_on")
    if EmDetails.objects.filter(section=section).exists():
        raise Conflict("em_planned_already", _("Monitoring is already planned on this section."), field="months")
    details = EmDetails.objects.create(section=section, technology=technology, months=int(months),
                                       consent_on=consent_on, created_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, verb="em_plan", instance=details, action="create", after=audit.snapshot(details))
    timeline.emit("em_planned", case=section.case, section=section, actor=actor, months=details.months,
                  technology=technology)
    _visit(actor, section, rules.INSTALL)
    return details


@transaction.atomic
def em_feasibility_record(*, actor: Any, details: EmDetails, electricity: bool, connectivity: bool,
                          household_members: int, household_consent: bool | None, checked_on: dt.date | None,
                          note: str, expected_version: int | None) -> EmDetails:
    """The home feasibility check (KL 61): electricity, connectivity, the others living there and their consent."""
    details = lock(details, expected_version)
    _em_open(details.section)
    if checked_on is None:
        raise ValidationFailed("checked_on_required", _("Enter the date of the home check."), field="checked_on")
    _not_future(checked_on, "checked_on")
    if household_members is None or household_members < 0:
        raise ValidationFailed("household_members_invalid", _("Enter how many other adults live there (0 if none)."),
                               field="household_members")
    if household_members and household_consent is None:
        raise ValidationFailed("household_consent_required",
                               _("Record whether the others living there consent."), field="household_consent")
    before = audit.snapshot(details)
    details.electricity, details.connectivity = bool(electricity), bool(connectivity)
    details.household_members, details.household_consent = household_members, household_consent
    details.feasibility_checked_on, details.feasibility_note = checked_on, (note or "").strip()
    bump(details)
    details.save()
    audit.record(actor=actor, verb="em_feasibility_record", instance=details, before=before,
                 after=audit.snapshot(details))
    timeline.emit("em_feasibility_recorded", case=details.section.case, section=details.section, actor=actor,
                  feasible=details.home_feasible)
    return details


@transaction.atomic
def em_fit(*, actor: Any, details: EmDetails, fitted_at: dt.datetime, expected_version: int | None) -> EmDetails:
    """The device is fitted: monitoring runs for the planned months from now (KL 61)."""
    details = lock(details, expected_version)
    section = details.section
    _em_open(section)
    if details.status != EmDetails.Status.PLANNED:
        raise Conflict("em_not_planned", _("The device has already been fitted."), field="fitted_at")
    if not details.consent_on:
        raise ValidationFailed("consent_required", _("Monitoring needs the client's consent (KL 61)."), field="fitted_at")
    if not details.home_feasible:
        raise ValidationFailed("home_not_feasible",
                               _("The home check must show electricity, connectivity and the consent of the others "
                                 "living there."), field="fitted_at")
    if fitted_at is None:
        raise ValidationFailed("fitted_at_required", _("Enter when the device was fitted."), field="fitted_at")
    _not_future(fitted_at, "fitted_at")
    if timezone.localtime(fitted_at).date() < section.registered_on:
        raise ValidationFailed("fitted_before_section", _("The device cannot be fitted before the section began."),
                               field="fitted_at")
    if not DeviceAssignment.objects.filter(section=section, returned_at__isnull=True).exists():
        raise ValidationFailed("no_device", _("Assign the devices first."), field="fitted_at")
    before = audit.snapshot(details)
    details.fitted_at = fitted_at
    details.ends_on = add_months(timezone.localtime(fitted_at).date(), details.months)
    details.status = EmDetails.Status.ACTIVE
    bump(details)
    details.save()
    audit.record(actor=actor, verb="em_fit", instance=details, before=before, after=audit.snapshot(details))
    timeline.emit("em_fitted", case=section.case, section=section, actor=actor, ends_on=f"{details.ends_on:%d.%m.%Y}")
    tasks_complete_open(actor=actor, kinds=[rules.INSTALL], outcome="installed", section=section)
    return details


@transaction.atomic
def em_end(*, actor: Any, details: EmDetails, ended_at: dt.datetime, expected_version: int | None) -> EmDetails:
    """Monitoring ends: the devices are to be removed (a visit), the EM section closes and ordinary parole
    supervision follows (a section of the kind the policy names, through the case services)."""
    details = lock(details, expected_version)
    section = details.section
    _em_open(section)
    if details.status != EmDetails.Status.ACTIVE:
        raise Conflict("em_not_active", _("Monitoring is not running."), field="ended_at")
    _not_future(ended_at, "ended_at")
    if details.fitted_at and ended_at < details.fitted_at:
        raise ValidationFailed("ended_before_fitted", _("Monitoring cannot end before the device was fitted."),
                               field="ended_at")
    followup_kind = str(policies.value(FOLLOWUP_KIND.key))
    if followup_kind not in SECTION_KINDS:
        raise ValidationFailed("followup_kind_unknown",
                               _("The follow-up supervision function is not installed; ask the administrator."),
                               field="ended_at")
    before = audit.snapshot(details)
    end_day = timezone.localtime(ended_at).date()
    followup = case_services.section_open(
        actor=actor, case=section.case, kind=followup_kind, basis_type=section.basis_type,
        basis_number=section.basis_number, basis_date=section.basis_date, basis_issuer=section.basis_issuer,
        basis_in_force=section.basis_in_force, responsible_officer=section.responsible_officer,
        start_date=end_day, planned_end_date=section.planned_end_date)
    details.ended_at = ended_at
    details.status = EmDetails.Status.ENDED
    details.followup_section = followup
    bump(details)
    details.save()
    audit.record(actor=actor, verb="em_end", instance=details, before=before, after=audit.snapshot(details))
    timeline.emit("em_ended", case=section.case, section=section, actor=actor, kind=followup_kind)
    _visit(actor, section, rules.REMOVAL)
    case_services.section_close(actor=actor, section=section, reason="term_expired", closed_on=end_day,
                                note=_("Ordinary parole supervision follows."), expected_version=None)
    return details


# --- Devices ---------------------------------------------------------------------------------


def new_key() -> str:
    return secrets.token_hex(32)


@transaction.atomic
def device_create(*, actor: Any, kind: str, serial: str, model: str, firmware: str = "") -> Device:
    if kind not in Device.Kind.values:
        raise ValidationFailed("device_kind_unknown", _("Choose the kind of device."), field="kind")
    serial = (serial or "").strip().upper()
    if not serial:
        raise ValidationFailed("serial_required", _("Enter the serial number."), field="serial")
    if not (model or "").strip():
        raise ValidationFailed("model_required", _("Enter the model."), field="model")
    if Device.objects.filter(serial=serial).exists():
        raise Conflict("serial_taken", _("A device with this serial number is already in the inventory."),
                       field="serial")
    device = Device.objects.create(kind=kind, serial=serial, model=model.strip(), firmware=(firmware or "").strip(),
                                   key=new_key())
    audit.record(actor=actor, verb="device_create", instance=device, action="create",
                 after=audit.snapshot(device, exclude=["key"]))
    return device


@transaction.atomic
def device_set_status(*, actor: Any, device: Device, status: str, expected_version: int | None) -> Device:
    device = lock(device, expected_version)
    if status not in Device.Status.values or status == Device.Status.ASSIGNED:
        raise ValidationFailed("device_status_invalid", _("Choose in stock, faulty or lost."), field="status")
    if DeviceAssignment.objects.filter(device=device, returned_at__isnull=True).exists():
        raise Conflict("device_assigned", _("Return the device from the client first."), field="status")
    before = audit.snapshot(device, exclude=["key"])
    device.status = status
    bump(device)
    device.save()
    audit.record(actor=actor, verb="device_set_status", instance=device, before=before,
                 after=audit.snapshot(device, exclude=["key"]))
    _forget_caches()
    return device


@transaction.atomic
def device_rekey(*, actor: Any, device: Device) -> Device:
    """A new credential for a device (the old one stops working at once)."""
    device = lock(device, None)
    device.key = new_key()
    bump(device)
    device.save()
    audit.record(actor=actor, verb="device_rekey", instance=device, before={}, after={"key": "replaced"})
    _forget_caches()
    return device


@transaction.atomic
def device_assign(*, actor: Any, section: Section, device: Device, assigned_at: dt.datetime | None = None
                  ) -> DeviceAssignment:
    """Put a device on a client. A device already on someone, or a second device of the same kind on the
    client, is refused."""
    _em_open(section)
    device = lock(device, None)
    if DeviceAssignment.objects.filter(device=device, returned_at__isnull=True).exists():
        raise Conflict("device_assigned_twice", _("This device is already assigned to a client."), field="device")
    if device.status != Device.Status.IN_STOCK:
        raise ValidationFailed("device_not_available", _("Only a device in stock can be assigned."), field="device")
    assigned_at = assigned_at or timezone.now()
    _not_future(assigned_at, "assigned_at")
    try:
        with transaction.atomic():
            assignment = DeviceAssignment.objects.create(
                section=section, device=device, kind=device.kind, assigned_at=assigned_at,
                created_by=actor if getattr(actor, "pk", None) else None)
    except IntegrityError:
        raise Conflict("device_kind_assigned", _("The client already has a device of this kind: return it first."),
                       field="device") from None
    device.status = Device.Status.ASSIGNED
    bump(device)
    device.save(update_fields=["status", "version"])
    audit.record(actor=actor, verb="device_assign", instance=assignment, action="create",
                 after=audit.snapshot(assignment))
    timeline.emit("em_device_assigned", case=section.case, section=section, actor=actor, device=str(device.serial))
    _forget_caches()
    return assignment


@transaction.atomic
def device_return(*, actor: Any, assignment: DeviceAssignment, reason: str, status: str = Device.Status.IN_STOCK,
                  returned_at: dt.datetime | None = None) -> DeviceAssignment:
    assignment = lock(assignment, None)
    if assignment.returned_at is not None:
        raise Conflict("device_returned", _("This device has already been returned."), field="reason")
    if status not in (Device.Status.IN_STOCK, Device.Status.FAULTY, Device.Status.LOST):
        raise ValidationFailed("device_status_invalid", _("Choose in stock, faulty or lost."), field="status")
    if not (reason or "").strip():
        raise ValidationFailed("reason_required", _("Give the reason."), field="reason")
    returned_at = returned_at or timezone.now()
    if returned_at < assignment.assigned_at:
        raise ValidationFailed("returned_before_assigned", _("A device cannot come back before it was assigned."),
                               field="returned_at")
    before = audit.snapshot(assignment)
    assignment.returned_at = returned_at
    assignment.returned_by = actor if getattr(actor, "pk", None) else None
    assignment.return_reason = reason.strip()[:200]
    bump(assignment)
    assignment.save()
    Device.objects.filter(pk=assignment.device_id).update(status=status)
    audit.record(actor=actor, verb="device_return", instance=assignment, before=before,
                 after=audit.snapshot(assignment))
    section = assignment.section
    timeline.emit("em_device_returned", case=section.case, section=section, actor=actor,
                  device=assignment.device.serial)
    _forget_caches()
    return assignment


@transaction.atomic
def visit_request(*, actor: Any, section: Section, visit: str) -> None:
    """Ask for a device check visit (or another visit) as a task for the client's officer."""
    _em_open(section)
    if visit not in rules.VISITS:
        raise ValidationFailed("visit_unknown", _("Choose the visit."), field="visit")
    _visit(actor, section, visit)


@transaction.atomic
def gateway_create(*, actor: Any, name: str) -> tuple[Gateway, str]:
    """A gateway and its credential (shown once; only its SHA-256 is kept)."""
    import hashlib

    name = (name or "").strip()
    if not name:
        raise ValidationFailed("name_required", _("Enter the gateway's name."), field="name")
    if Gateway.objects.filter(name=name).exists():
        raise Conflict("gateway_name_taken", _("A gateway with this name exists."), field="name")
    secret = "gw_" + secrets.token_urlsafe(32)
    gateway = Gateway.objects.create(name=name, credential_hash=hashlib.sha256(secret.encode()).hexdigest())
    audit.record(actor=actor, verb="gateway_create", instance=gateway, action="create", after={"name": name})
    return gateway, secret


# --- Schedules and zones -------------------------------------------------------------------------


@transaction.atomic
def schedule_set(*, actor: Any, section: Section, valid_from: dt.date, valid_until: dt.date | None,
                 windows: list[Window], tz: str = "Europe/Riga", note: str = "") -> Schedule:
    """A new curfew schedule from ``valid_from``; an earlier open-ended one ends the day before."""
    _em_open(section)
    if valid_from is None:
        raise ValidationFailed("valid_from_required", _("Enter the date the schedule starts."), field="valid_from")
    if valid_until is not None and valid_until < valid_from:
        raise ValidationFailed("valid_until_before_from", _("The schedule cannot end before it starts."),
                               field="valid_until")
    if valid_from < section.registered_on - dt.timedelta(days=31):
        raise ValidationFailed("valid_from_before_section", _("The schedule cannot start before the section."),
                               field="valid_from")
    zone_info(tz)
    if not windows:
        raise ValidationFailed("windows_required", _("Add at least one window."), field="windows")
    check_windows(windows)
    for earlier in Schedule.objects.select_for_update().filter(section=section):
        if earlier.valid_from >= valid_from:
            raise ValidationFailed("schedule_overlaps",
                                   _("A schedule starting on or after this date exists: change it instead."),
                                   field="valid_from")
        if earlier.valid_until is None or earlier.valid_until >= valid_from:
            earlier.valid_until = valid_from - dt.timedelta(days=1)
            bump(earlier)
            earlier.save(update_fields=["valid_until", "version"])
    schedule = Schedule.objects.create(section=section, valid_from=valid_from, valid_until=valid_until, timezone=tz,
                                       note=(note or "").strip()[:200],
                                       created_by=actor if getattr(actor, "pk", None) else None)
    ScheduleWindow.objects.bulk_create([ScheduleWindow(schedule=schedule, weekday=w.weekday, start=w.start, end=w.end,
                                                       next_day=w.next_day, place=w.place) for w in windows])
    audit.record(actor=actor, verb="schedule_set", instance=schedule, action="create",
                 after={**audit.snapshot(schedule), "windows": [w.__dict__ for w in windows]})
    timeline.emit("em_schedule_set", case=section.case, section=section, actor=actor,
                  valid_from=f"{valid_from:%d.%m.%Y}")
    _forget_caches()
    return schedule


@transaction.atomic
def schedule_exception_add(*, actor: Any, schedule: Schedule, date: dt.date, kind: str, reason: str,
                           start: dt.time | None = None, end: dt.time | None = None, next_day: bool = False,
                           place: str = Place.HOME) -> ScheduleException:
    _em_open(schedule.section)
    if date is None:
        raise ValidationFailed("date_required", _("Enter the date."), field="date")
    if not schedule.valid_from <= date <= (schedule.valid_until or date):
        raise ValidationFailed("date_outside_schedule", _("The date is outside the schedule's validity."), field="date")
    if kind not in ScheduleException.Kind.values:
        raise ValidationFailed("exception_kind_unknown", _("Choose the change."), field="kind")
    if not (reason or "").strip():
        raise ValidationFailed("reason_required", _("Give the reason."), field="reason")
    if ScheduleException.objects.filter(schedule=schedule, date=date).exists():
        raise Conflict("exception_exists", _("This date already has a change."), field="date")
    if kind == ScheduleException.Kind.REPLACE:
        if start is None or end is None:
            raise ValidationFailed("window_required", _("Enter the window's start and end."), field="start")
        check_window(Window(date.weekday(), start, end, next_day, place))
    exception = ScheduleException.objects.create(schedule=schedule, date=date, kind=kind, reason=reason.strip()[:200],
                                                 start=start, end=end, next_day=next_day, place=place)
    audit.record(actor=actor, verb="schedule_exception_add", instance=exception, action="create",
                 after=audit.snapshot(exception))
    _forget_caches()
    return exception


@transaction.atomic
def zone_save(*, actor: Any, section: Section, name: str, kind: str, polygon: Any,
              windows: list[dict[str, Any]] | None = None, zone: Zone | None = None,
              expected_version: int | None = None) -> Zone:
    _em_open(section)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("name_required", _("Enter the zone's name."), field="name")
    if kind not in Zone.Kind.values:
        raise ValidationFailed("zone_kind_unknown", _("Choose inclusion or exclusion."), field="kind")
    ring = geo.check_polygon(polygon)
    windows = list(windows or [])
    try:
        parsed = [parse_window(w) for w in windows]
    except (KeyError, ValueError, TypeError):
        raise ValidationFailed("zone_windows_invalid", _("Each window needs a weekday, a start and an end."),
                               field="windows") from None
    for w in parsed:
        check_window(w, field="windows")
    if zone is None:
        zone = Zone.objects.create(section=section, name=name[:80], kind=kind, polygon=ring, windows=windows,
                                   created_by=actor if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, verb="zone_create", instance=zone, action="create", after=audit.snapshot(zone))
    else:
        zone = lock(zone, expected_version)
        before = audit.snapshot(zone)
        zone.name, zone.kind, zone.polygon, zone.windows = name[:80], kind, ring, windows
        bump(zone)
        zone.save()
        audit.record(actor=actor, verb="zone_update", instance=zone, before=before, after=audit.snapshot(zone))
    timeline.emit("em_zone_saved", case=section.case, section=section, actor=actor, name=zone.name)
    _forget_caches()
    return zone


# --- Alerts --------------------------------------------------------------------------------------


def _note(alert: Alert, actor: Any, action: str, text: str = "") -> AlertNote:
    return AlertNote.objects.create(alert=alert, author=actor if getattr(actor, "pk", None) else None,
                                    at=timezone.now(), action=action, text=(text or "").strip())


def _transition(alert: Alert, actor: Any, action: str, note: str, **changes: Any) -> Alert:
    before = audit.snapshot(alert)
    for name, value in changes.items():
        setattr(alert, name, value)
    alert.updated_at = timezone.now()
    bump(alert)
    alert.save()
    _note(alert, actor, action, note)
    audit.record(actor=actor, verb=f"alert_{action}", instance=alert, before=before, after=audit.snapshot(alert))
    return alert


@transaction.atomic
def alert_acknowledge(*, actor: Any, alert: Alert, note: str = "", expected_version: int | None) -> Alert:
    """A named operator takes the alert."""
    alert = lock(alert, expected_version)
    if alert.status not in (Alert.Status.NEW, Alert.Status.ESCALATED):
        raise Conflict("alert_not_new", _("This alert has already been acknowledged."), field="note")
    return _transition(alert, actor, "acknowledged", note, status=Alert.Status.ACKNOWLEDGED, acknowledged_by=actor,
                       acknowledged_at=timezone.now())


@transaction.atomic
def alert_note_add(*, actor: Any, alert: Alert, text: str) -> AlertNote:
    alert = lock(alert, None)
    if not (text or "").strip():
        raise ValidationFailed("note_required", _("Write the note."), field="text")
    note = _note(alert, actor, "note", text)
    alert.updated_at = timezone.now()
    alert.save(update_fields=["updated_at"])
    return note


@transaction.atomic
def alert_escalate(*, actor: Any, alert: Alert, note: str = "", level: int | None = None) -> Alert:
    """Escalate: level 1 to the centre's supervisor, level 2 to the secondary contacts (the client's officer
    and the head of the unit get a task)."""
    alert = lock(alert, None)
    if alert.status in (Alert.Status.CLEARED, Alert.Status.CLOSED):
        raise Conflict("alert_done", _("A cleared or closed alert is not escalated."), field="note")
    level = level or alert.escalation_level + 1
    if level <= alert.escalation_level or level > 2:
        raise Conflict("alert_escalated", _("This alert is already escalated that far."), field="note")
    status = alert.status if alert.status == Alert.Status.ACKNOWLEDGED else Alert.Status.ESCALATED
    alert = _transition(alert, actor, f"escalated_{level}", note, status=status, escalation_level=level)
    if level == 2:
        section = Section.objects.select_related("case").get(pk=alert.section_id)
        tasks_create_many(actor=actor, rule_code=rules.ESCALATED, items=[NewTask(
            unit_id=section.case.responsible_unit_id, case_id=section.case_id, section_id=section.pk,
            assignee_id=section.responsible_officer_id or section.case.responsible_officer_id,
            description=f"alert:{alert.pk}")])
    return alert


@transaction.atomic
def alert_clear(*, actor: Any, alert: Alert, note: str = "", expected_version: int | None) -> Alert:
    """The operator confirms the alert's condition is over."""
    alert = lock(alert, expected_version)
    if alert.status != Alert.Status.ACKNOWLEDGED:
        raise Conflict("alert_not_acknowledged", _("Acknowledge the alert first."), field="note")
    if alert.is_tamper and alert.condition_cleared_at is None:
        raise Conflict("tamper_still_reported", _("The device still reports the tamper: the alert cannot be cleared."),
                       field="note")
    return _transition(alert, actor, "cleared", note, status=Alert.Status.CLEARED)


@transaction.atomic
def alert_close(*, actor: Any, alert: Alert, note: str = "", expected_version: int | None) -> Alert:
    """Close the alert (a tamper alert only with a note, and never while the device still reports tamper)."""
    alert = lock(alert, expected_version)
    if alert.status != Alert.Status.CLEARED:
        raise Conflict("alert_not_cleared", _("Clear the alert before closing it."), field="note")
    if alert.is_tamper:
        if not (note or "").strip():
            raise ValidationFailed("note_required", _("A tamper alert is closed only with a note."), field="note")
        if alert.condition_cleared_at is None:
            raise Conflict("tamper_still_reported",
                           _("The device still reports the tamper: the alert cannot be closed."), field="note")
    return _transition(alert, actor, "closed", note, status=Alert.Status.CLOSED, closed_by=actor,
                       closed_at=timezone.now())


@transaction.atomic
def alert_review(*, actor: Any, alert: Alert, response: str, note: str) -> Alert:
    """The client's officer reviews the alert and decides the response: no sanction follows an alert without
    this. A step-up changes the technology (and asks for a visit to change the devices); a warning or a
    submission is then written in the client's supervision."""
    if not access.may(actor, access.REVIEW, alert.section):
        raise PermissionDenied()
    alert = lock(alert, None)
    if response not in Alert.Response.values:
        raise ValidationFailed("response_unknown", _("Choose the response."), field="response")
    if not (note or "").strip():
        raise ValidationFailed("note_required", _("Give the reasons for the decision."), field="note")
    if alert.reviewed_at is not None:
        raise Conflict("alert_reviewed", _("This alert has already been reviewed."), field="response")
    alert = _transition(alert, actor, "reviewed", note, response=response, reviewed_by=actor,
                        reviewed_at=timezone.now())
    section = Section.objects.select_related("case").get(pk=alert.section_id)
    timeline.emit("em_alert_reviewed", case=section.case, section=section, actor=actor, alert=alert.kind,
                  response=response)
    if response in (Alert.Response.STEP_UP_GPS, Alert.Response.STEP_UP_ALCOHOL):
        details = EmDetails.objects.filter(section=section).first()
        if details is not None:
            technology = Technology.GPS if response == Alert.Response.STEP_UP_GPS else Technology.ALCOHOL
            before = audit.snapshot(details)
            details.technology = technology
            bump(details)
            details.save()
            audit.record(actor=actor, verb="em_step_up", instance=details, before=before, after=audit.snapshot(details))
            timeline.emit("em_stepped_up", case=section.case, section=section, actor=actor, technology=technology)
            _visit(actor, section, rules.CHECK)
    if not Alert.objects.filter(section=section, reviewed_at__isnull=True).exists():
        tasks_complete_open(actor=actor, kinds=[rules.REVIEW], outcome="reviewed", section=section)
    return alert


def escalate_due(now: dt.datetime | None = None) -> dict[str, int]:
    """The escalation timers (a periodic job): unacknowledged alerts go to the supervisor, then to the
    secondary contacts."""
    from monitoring.policies import ESCALATE_MINUTES, ESCALATE_SECONDARY_MINUTES

    now = now or timezone.now()
    first = now - dt.timedelta(minutes=float(policies.value(ESCALATE_MINUTES.key)))
    second = now - dt.timedelta(minutes=float(policies.value(ESCALATE_SECONDARY_MINUTES.key)))
    done = {"level_1": 0, "level_2": 0}
    for alert in Alert.objects.filter(status=Alert.Status.NEW, escalation_level=0, raised_at__lte=first):
        alert_escalate(actor=None, alert=alert, level=1, note="")
        done["level_1"] += 1
    for alert in Alert.objects.filter(status=Alert.Status.ESCALATED, escalation_level=1, raised_at__lte=second):
        alert_escalate(actor=None, alert=alert, level=2, note="")
        done["level_2"] += 1
    return done
