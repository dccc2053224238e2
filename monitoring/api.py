"""JSON API of electronic monitoring (mounted at /api/monitoring).

* ``POST /ingest``: the HTTPS batch endpoint for gateways and devices. It authenticates with the
  sender's own credential (``Authorization: Bearer gw_…`` for a gateway, ``Bearer dev_<serial>.<key>``
  for a device), not a staff token; an unknown credential is 401 ``credential_unknown``. The answer
  (after the commit) counts what was stored and lists the rejected messages with a code each.
* The centre's queue and the alert transitions (``monitoring.operate``), the officer's review
  (``monitoring.review``), a client's EM summary and export, schedules, zones and device assignments
  (``monitoring.manage``), the inventory (``monitoring.devices``) and the KL 61 calculator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Schema, Status
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from core.access import staff
from core.api import ApiRouter, get_or_404
from core.errors import DomainError, NotFoundOrForbidden, ValidationFailed
from monitoring import access, eligibility, export, ingest, selectors, services
from monitoring.models import Alert, Device, DeviceAssignment, Gateway
from monitoring.schedules import Window

router = ApiRouter(tags=["monitoring"], write_scope="monitoring:write",
                   write_label=gettext_lazy("Work EM alerts, schedules, zones and devices"))
MAX_BATCH = 5000


class CredentialUnknown(DomainError):
    status = 401

    def __init__(self) -> None:
        super().__init__("credential_unknown", "No active gateway or device has this credential.")


class Sender:
    def __init__(self, gateway_id: int | None = None, device_serial: str | None = None) -> None:
        self.gateway_id = gateway_id
        self.device_serial = device_serial


class DeviceCredentialAuth(HttpBearer):
    """A gateway's (``gw_…``, compared by SHA-256) or a device's (``dev_<serial>.<key>``) own credential."""

    def authenticate(self, request: HttpRequest, token: str) -> Sender:
        if token.startswith("dev_") and "." in token:
            serial, key = token[4:].split(".", 1)
            device = Device.objects.filter(serial=serial).exclude(status=Device.Status.LOST).values("key").first()
            if device is not None and hmac.compare_digest(device["key"], key):
                return Sender(device_serial=serial)
            raise CredentialUnknown()
        digest = hashlib.sha256(token.encode()).hexdigest()
        gateway = Gateway.objects.filter(credential_hash=digest, active=True).values_list("pk", flat=True).first()
        if gateway is None:
            raise CredentialUnknown()
        return Sender(gateway_id=gateway)

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            if getattr(request, "user", None) is not None and request.user.is_authenticated:
                # A staff member's session is not a device: the batch endpoint is not theirs to see.
                raise NotFoundOrForbidden()
            raise AuthenticationError()
        return self.authenticate(request, header[7:].strip())


class BatchIn(Schema):
    messages: list[dict[str, Any]]


class RejectedOut(Schema):
    index: int
    code: str
    message: str


class BatchOut(Schema):
    accepted: int
    duplicates: int
    rejected: list[RejectedOut]


# perm=None: the sender's own credential decides (DeviceCredentialAuth), not a staff permission.
@router.post("/ingest", perm=None, auth=DeviceCredentialAuth(), response=BatchOut)
def ingest_batch(request: HttpRequest, payload: BatchIn) -> dict[str, Any]:
    sender: Sender = request.auth  # type: ignore[attr-defined]
    if len(payload.messages) > MAX_BATCH:
        raise ValidationFailed("batch_too_large", f"At most {MAX_BATCH} messages in one batch.", field="messages")
    received = timezone.now()
    items: list[tuple[Any, dt.datetime, str | None]] = [(m, received, sender.device_serial) for m in payload.messages]
    result = ingest.ingest(items, gateway_id=sender.gateway_id)
    return {"accepted": result.accepted, "duplicates": result.duplicates,
            "rejected": [{"index": r.index, "code": r.code, "message": r.message} for r in result.rejected]}


# --- The centre ----------------------------------------------------------------------------------


class AlertOut(Schema):
    id: int
    section_id: int
    case: str
    client: str
    kind: str
    label: str
    status: str
    count: int
    escalation_level: int
    started_at: dt.datetime
    raised_at: dt.datetime
    condition_cleared_at: dt.datetime | None
    acknowledged_by: str | None
    response: str
    version: int


def alert_out(a: Alert) -> dict[str, Any]:
    return {"id": a.pk, "section_id": a.section_id, "case": a.section.case.registration_number,
            "client": a.section.case.person.full_name, "kind": a.kind, "label": a.label, "status": a.status,
            "count": a.count, "escalation_level": a.escalation_level, "started_at": a.started_at,
            "raised_at": a.raised_at, "condition_cleared_at": a.condition_cleared_at,
            "acknowledged_by": a.acknowledged_by.get_full_name() if a.acknowledged_by else None,
            "response": a.response, "version": a.version}


@router.get("/alerts", perm=access.OPERATE, response=list[AlertOut])
def alerts(request: HttpRequest, status: str = "", kind: str = "") -> list[dict[str, Any]]:
    return [alert_out(a) for a in selectors.queue(request.user, status=status, kind=kind)[:500]]


class TransitionIn(Schema):
    note: str = ""
    version: int | None = None


class ReviewIn(Schema):
    response: str
    note: str


@router.post("/alerts/{alert_id}/review", perm=access.REVIEW, response=AlertOut)
def alert_review(request: HttpRequest, alert_id: int, payload: ReviewIn) -> dict[str, Any]:
    alert = access.alert_of(request.user, alert_id, access.REVIEW)
    services.alert_review(actor=staff(request), alert=alert, response=payload.response, note=payload.note)
    return alert_out(access.alert_of(request.user, alert_id, access.REVIEW))


_ACTIONS = {"acknowledge": services.alert_acknowledge, "clear": services.alert_clear, "close": services.alert_close}


@router.post("/alerts/{alert_id}/{action}", perm=access.OPERATE, response=AlertOut)
def alert_transition(request: HttpRequest, alert_id: int, action: str, payload: TransitionIn) -> dict[str, Any]:
    alert = access.alert_of(request.user, alert_id, access.OPERATE)
    actor = staff(request)
    if action == "note":
        services.alert_note_add(actor=actor, alert=alert, text=payload.note)
    elif action == "escalate":
        services.alert_escalate(actor=actor, alert=alert, note=payload.note)
    elif action in _ACTIONS:
        _ACTIONS[action](actor=actor, alert=alert, note=payload.note, expected_version=payload.version)
    else:
        raise ValidationFailed("action_unknown", "Use acknowledge, note, escalate, clear or close.", field="action")
    return alert_out(access.alert_of(request.user, alert_id, access.OPERATE))


# --- A client's monitoring -------------------------------------------------------------------------


class MonitoringSummaryOut(Schema):
    section_id: int
    status: str | None
    technology: str | None
    fitted_at: dt.datetime | None
    ends_on: dt.date | None
    devices: list[str]
    open_violations: list[str]
    open_alerts: int


@router.get("/sections/{section_id}", perm=access.VIEW, response=MonitoringSummaryOut)
def section_summary(request: HttpRequest, section_id: int) -> dict[str, Any]:
    section = access.em_section(request.user, section_id)
    data = selectors.section_page(section)
    em = data["em"]
    return {"section_id": section.pk, "status": em.status if em else None, "technology": em.technology if em else None,
            "fitted_at": em.fitted_at if em else None, "ends_on": em.ends_on if em else None,
            "devices": [a.device.serial for a in data["assignments"] if a.returned_at is None],
            "open_violations": [v.kind for v in data["violations"] if v.cleared_at is None],
            "open_alerts": sum(1 for a in data["alerts"] if a.status != Alert.Status.CLOSED)}


@router.get("/sections/{section_id}/export", perm=access.EXPORT)
def section_export(request: HttpRequest, section_id: int, format: str = "json") -> HttpResponse:
    section = access.em_section(request.user, section_id, access.EXPORT)
    doc = export.history(request.user, section)
    name = f"em-{section.case.registration_number}-{section.pk}"
    if format == "csv":
        response = HttpResponse(export.as_csv(doc), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    import json

    response = HttpResponse(json.dumps(doc, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


class WindowIn(Schema):
    weekday: int
    start: dt.time
    end: dt.time
    next_day: bool = False
    place: str = "home"


class ScheduleIn(Schema):
    valid_from: dt.date
    valid_until: dt.date | None = None
    timezone: str = "Europe/Riga"
    windows: list[WindowIn]
    note: str = ""


class CreatedOut(Schema):
    id: int


@router.post("/sections/{section_id}/schedules", perm=access.MANAGE, response={201: CreatedOut})
def schedule_set(request: HttpRequest, section_id: int, payload: ScheduleIn) -> Status:
    section = access.em_section(request.user, section_id, access.MANAGE)
    schedule = services.schedule_set(
        actor=staff(request), section=section, valid_from=payload.valid_from, valid_until=payload.valid_until,
        tz=payload.timezone, note=payload.note,
        windows=[Window(w.weekday, w.start, w.end, w.next_day, w.place) for w in payload.windows])
    return Status(201, {"id": schedule.pk})


class ZoneIn(Schema):
    name: str
    kind: str
    polygon: list[list[float]]
    windows: list[dict[str, Any]] = []


@router.post("/sections/{section_id}/zones", perm=access.MANAGE, response={201: CreatedOut})
def zone_create(request: HttpRequest, section_id: int, payload: ZoneIn) -> Status:
    section = access.em_section(request.user, section_id, access.MANAGE)
    zone = services.zone_save(actor=staff(request), section=section, name=payload.name, kind=payload.kind,
                              polygon=payload.polygon, windows=payload.windows)
    return Status(201, {"id": zone.pk})


class DeviceAssignIn(Schema):
    serial: str


@router.post("/sections/{section_id}/devices", perm=access.MANAGE, response={201: CreatedOut})
def device_assign(request: HttpRequest, section_id: int, payload: DeviceAssignIn) -> Status:
    section = access.em_section(request.user, section_id, access.MANAGE)
    device = Device.objects.filter(serial=payload.serial.strip().upper()).first()
    if device is None:
        raise ValidationFailed("device_unknown", "No device in the inventory has this serial number.", field="serial")
    assignment = services.device_assign(actor=staff(request), section=section, device=device)
    return Status(201, {"id": assignment.pk})


# --- Inventory and the calculator -------------------------------------------------------------------


class DeviceOut(Schema):
    id: int
    kind: str
    serial: str
    model: str
    status: str
    battery: int | None
    firmware: str
    last_seen_at: dt.datetime | None


@router.get("/devices", perm=access.DEVICES, response=list[DeviceOut])
def devices(request: HttpRequest, status: str = "") -> list[Device]:
    qs = Device.objects.all()
    return list(qs.filter(status=status) if status else qs)[:2000]


class DeviceIn(Schema):
    kind: str
    serial: str
    model: str
    firmware: str = ""


class NewDeviceOut(DeviceOut):
    credential: str


@router.post("/devices", perm=access.DEVICES, response={201: NewDeviceOut})
def device_create(request: HttpRequest, payload: DeviceIn) -> Status:
    device = services.device_create(actor=staff(request), kind=payload.kind, serial=payload.serial,
                                    model=payload.model, firmware=payload.firmware)
    return Status(201, {**DeviceOut.model_validate(device).model_dump(), "credential": f"dev_{device.serial}.{device.key}"})


@router.post("/assignments/{assignment_id}/return", perm=access.MANAGE, response=CreatedOut)
def device_return(request: HttpRequest, assignment_id: int, payload: TransitionIn) -> dict[str, int]:
    assignment = get_or_404(DeviceAssignment.objects.visible_to(request.user, access.MANAGE), pk=assignment_id)
    services.device_return(actor=staff(request), assignment=assignment, reason=payload.note)
    return {"id": assignment.pk}


class EligibilityOut(Schema):
    category: str
    em_date: dt.date
    parole_date: dt.date
    sentence_days: int | None
    working: list[str]


@router.get("/eligibility", perm=access.REVIEW, response=EligibilityOut)
def eligibility_calc(request: HttpRequest, category: str, sentence_start: dt.date, years: int = 0, months: int = 0,
                     days: int = 0) -> dict[str, Any]:
    result = eligibility.calculate(category=category, sentence_start=sentence_start, years=years, months=months,
                                   days=days)
    return {"category": result.category, "em_date": result.em_date, "parole_date": result.parole_date,
            "sentence_days": result.sentence_days, "working": result.working}
