"""The EM vocabulary as data: what devices say (message kinds) and what the centre sees (violation
kinds, each with the event that opens it and the paired *clear*). docs/electronic-monitoring.md lists
the same tables for device makers."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# --- Device message kinds ----------------------------------------------------------------------
# A message may also carry the tag's presence ("tag": "in" | "out") — base stations send it in every
# heartbeat, which is what makes the derivation state-based — and a GPS fix (lat, lon, acc, fix_t).
MESSAGE_KINDS: dict[str, str | Promise] = {
    "heartbeat": _("heartbeat"),
    "tag_in_range": _("tag in range"),
    "tag_out_of_range": _("tag out of range"),
    "strap_tamper": _("strap tamper"),
    "strap_ok": _("strap restored"),
    "body_tamper": _("body tamper"),
    "body_ok": _("body contact restored"),
    "base_tamper": _("base station moved or tampered"),
    "base_ok": _("base station restored"),
    "mains_lost": _("mains power lost"),
    "mains_restored": _("mains power restored"),
    "line_lost": _("line lost"),
    "line_restored": _("line restored"),
    "tag_battery_low": _("tag battery low"),
    "tag_battery_ok": _("tag battery charged"),
    "base_battery_low": _("base battery low"),
    "base_battery_ok": _("base battery charged"),
    "fix": _("GPS fix"),
    "no_fix": _("no GPS fix"),
}
KIND_CODES = {code: n for n, code in enumerate(MESSAGE_KINDS, start=1)}  # stored as a small integer
KIND_BY_CODE = {n: code for code, n in KIND_CODES.items()}


@dataclass(frozen=True)
class ViolationKind:
    code: str
    label: str | Promise
    clear_label: str | Promise  # the paired clear
    opened_by: tuple[str, ...] = ()  # message kinds that open it (device conditions)
    cleared_by: tuple[str, ...] = ()  # message kinds that clear it
    alerting: bool = True  # raises an alert in the centre's queue
    tamper: bool = False  # closed only with a note, never while the device still reports it
    group: str = "device"  # schedule | device | communication | location


VIOLATION_KINDS: dict[str, ViolationKind] = {v.code: v for v in (
    ViolationKind("absent_at_curfew_start", _("Absent at curfew start"), _("Returned home or curfew ended"),
                  group="schedule"),
    ViolationKind("left_during_curfew", _("Left during curfew"), _("Returned home or curfew ended"), group="schedule"),
    ViolationKind("late_return", _("Late return"), _("Returned home"), alerting=False, group="schedule"),
    ViolationKind("failed_to_leave", _("Failed to leave"), _("Left or the required absence ended"), group="schedule"),
    ViolationKind("strap_tamper", _("Strap tamper"), _("Strap restored"), ("strap_tamper",), ("strap_ok",),
                  tamper=True),
    ViolationKind("body_tamper", _("Body tamper"), _("Body contact restored"), ("body_tamper",), ("body_ok",),
                  tamper=True),
    ViolationKind("base_tamper", _("Base station moved or tampered"), _("Base station restored"), ("base_tamper",),
                  ("base_ok",), tamper=True),
    ViolationKind("mains_lost", _("Mains power lost"), _("Mains power restored"), ("mains_lost",),
                  ("mains_restored",)),
    ViolationKind("line_lost", _("Line/connection lost"), _("Line restored"), ("line_lost",), ("line_restored",),
                  group="communication"),
    ViolationKind("tag_battery_low", _("Tag low battery"), _("Tag battery charged"), ("tag_battery_low",),
                  ("tag_battery_ok",)),
    ViolationKind("base_battery_low", _("Base low battery"), _("Base battery charged"), ("base_battery_low",),
                  ("base_battery_ok",)),
    ViolationKind("communication_failure", _("Communication failure"), _("Messages received again"),
                  group="communication"),
    ViolationKind("location_failure", _("Location failure"), _("GPS fix again"), ("no_fix",), ("fix",),
                  group="location"),
    ViolationKind("exclusion_zone_entered", _("Exclusion zone entered"), _("Left the exclusion zone"),
                  group="location"),
    ViolationKind("inclusion_zone_left", _("Inclusion zone left"), _("Back in the inclusion zone"),
                  group="location"),
)}
DEVICE_OPENERS = {msg: v.code for v in VIOLATION_KINDS.values() for msg in v.opened_by}
DEVICE_CLEARERS = {msg: v.code for v in VIOLATION_KINDS.values() for msg in v.cleared_by}
SCHEDULE_KINDS = tuple(code for code, v in VIOLATION_KINDS.items() if v.group == "schedule")

# Why a violation cleared (stored on the violation, shown beside the clear).
CLEAR_REASONS: dict[str, str | Promise] = {
    "event": _("paired clear event"),
    "returned": _("returned home"),
    "left": _("left home"),
    "window_ended": _("curfew or required absence ended"),
    "message": _("message received"),
    "zone": _("zone rule satisfied"),
    "zone_inactive": _("zone no longer in force"),
    "withdrawn": _("withdrawn: later messages showed no violation"),
}


def violation_label(code: str) -> str:
    kind = VIOLATION_KINDS.get(code)
    return str(kind.label) if kind else code
