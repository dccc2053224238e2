"""A client's whole EM history, in the documented format (docs/electronic-monitoring.md "Export"):
JSON (one document) or CSV (one row per record, a ``record`` column naming its type). Locations (GPS
fixes, zone outlines) are the sensitive class ``em_location``: included only for a reader allowed to
see it, and every export is logged as a sensitive read."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from cases.models import Section
from core import audit
from core.sensitivity import Sensitivity, can_see
from monitoring.catalogue import KIND_BY_CODE
from monitoring.models import Alert, AlertNote, DeviceAssignment, EmDetails, Event, Schedule, Violation, Zone

FORMAT_VERSION = 1
CSV_COLUMNS = ("record", "id", "time", "end", "kind", "device", "seq", "lat", "lon", "detail")


def _t(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def history(user: Any, section: Section) -> dict[str, Any]:
    with_location = can_see(user, Sensitivity.EM_LOCATION)
    if with_location:
        audit.log_sensitive_read(user=user, sensitivity=Sensitivity.EM_LOCATION, instance=section, purpose="em_export")
    details = EmDetails.objects.filter(section=section).first()
    devices = {a.device_id: a.device.serial for a in DeviceAssignment.objects.filter(section=section)
               .select_related("device")}
    alerts = list(Alert.objects.filter(section=section).prefetch_related("notes").order_by("raised_at"))
    return {
        "format": "probacija-em-history", "version": FORMAT_VERSION, "locations_included": with_location,
        "client": {"case": section.case.registration_number, "name": section.case.person.full_name},
        "section": {"id": section.pk, "kind": section.kind, "state": section.state,
                    "registered_on": _t(section.registered_on), "closed_on": _t(section.closed_on)},
        "monitoring": None if details is None else {
            "status": details.status, "technology": details.technology, "consent_on": _t(details.consent_on),
            "months": details.months, "fitted_at": _t(details.fitted_at), "ends_on": _t(details.ends_on),
            "ended_at": _t(details.ended_at), "home": {
                "electricity": details.electricity, "connectivity": details.connectivity,
                "household_members": details.household_members, "household_consent": details.household_consent,
                "checked_on": _t(details.feasibility_checked_on)}},
        "devices": [{"serial": a.device.serial, "kind": a.kind, "assigned_at": _t(a.assigned_at),
                     "returned_at": _t(a.returned_at), "reason": a.return_reason}
                    for a in DeviceAssignment.objects.filter(section=section).select_related("device")],
        "schedules": [{"valid_from": _t(s.valid_from), "valid_until": _t(s.valid_until), "timezone": s.timezone,
                       "windows": [{"weekday": w.weekday, "start": w.start.isoformat("minutes"),
                                    "end": w.end.isoformat("minutes"), "next_day": w.next_day, "place": w.place}
                                   for w in s.windows.all()],
                       "exceptions": [{"date": _t(e.date), "kind": e.kind, "reason": e.reason}
                                      for e in s.exceptions.all()]}
                      for s in Schedule.objects.filter(section=section).prefetch_related("windows", "exceptions")],
        "zones": [{"id": z.id, "name": z.name, "kind": z.kind, "windows": z.windows,
                   "polygon": z.polygon if with_location else None} for z in Zone.objects.filter(section=section)],
        "events": list(_events(section, devices, with_location)),
        "violations": [{"id": v.id, "kind": v.kind, "subject": v.subject, "started_at": _t(v.started_at),
                        "cleared_at": _t(v.cleared_at), "clear_reason": v.clear_reason, "withdrawn": v.withdrawn,
                        "alert": v.alert_id} for v in Violation.objects.filter(section=section).order_by("started_at")],
        "alerts": [{"id": a.id, "kind": a.kind, "status": a.status, "count": a.count, "raised_at": _t(a.raised_at),
                    "condition_cleared_at": _t(a.condition_cleared_at), "escalation_level": a.escalation_level,
                    "response": a.response, "reviewed_at": _t(a.reviewed_at),
                    "notes": [_note(n) for n in a.notes.all()]} for a in alerts],
    }


def _note(n: AlertNote) -> dict[str, Any]:
    return {"at": _t(n.at), "action": n.action, "by": n.author.get_username() if n.author else "system",
            "text": n.text}


def _events(section: Section, devices: dict[int, str], with_location: bool) -> Iterator[dict[str, Any]]:
    for e in Event.objects.filter(section_id=section.pk).order_by("time", "id").iterator(chunk_size=5000):
        row = {"id": e.id, "device": devices.get(e.device_id, str(e.device_id)), "seq": e.seq,
               "kind": KIND_BY_CODE.get(e.kind, str(e.kind)), "time": _t(e.time), "device_time": _t(e.device_time),
               "received_at": _t(e.received_at), "skewed": e.skewed, "tag": {1: "in", 0: "out"}.get(e.tag or -1),
               "battery": e.battery}
        if with_location:
            row.update({"lat": e.lat, "lon": e.lon, "accuracy": e.accuracy, "fix_time": _t(e.fix_time)})
        yield row


def as_csv(doc: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in doc["events"]:
        writer.writerow(["event", e["id"], e["time"], "", e["kind"], e["device"], e["seq"], e.get("lat", ""),
                         e.get("lon", ""), f"received {e['received_at']}" + (" skewed" if e["skewed"] else "")])
    for v in doc["violations"]:
        writer.writerow(["violation", v["id"], v["started_at"], v["cleared_at"] or "", v["kind"], "", "", "", "",
                         ("withdrawn " if v["withdrawn"] else "") + (v["clear_reason"] or "")])
    for a in doc["alerts"]:
        writer.writerow(["alert", a["id"], a["raised_at"], a["condition_cleared_at"] or "", a["kind"], "", "", "", "",
                         f"{a['status']} x{a['count']} response={a['response'] or '-'}"])
        for n in a["notes"]:
            writer.writerow(["alert_note", a["id"], n["at"], "", n["action"], "", "", "", "", f"{n['by']}: {n['text']}"])
    for d in doc["devices"]:
        writer.writerow(["device", d["serial"], d["assigned_at"], d["returned_at"] or "", d["kind"], d["serial"], "",
                         "", "", d["reason"]])
    return out.getvalue()
