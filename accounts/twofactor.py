"""Two-step sign-in (TOTP, RFC 6238) with django-otp.

* :func:`gate` is the rule that ``core.access.page`` and the API's session authentication apply:
  a user with a confirmed device must have verified this session with a code; a user whose role
  must use two steps (policy ``accounts.two_factor_roles``) and has no device must enrol first.
* ``totp_*`` are the state changes (audited; the secret key never enters a snapshot).

A code check is deliberately *not* inside a transaction that rolls back on failure: django-otp
counts failed attempts on the device (throttling) and that count must stick.
"""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.policies import TWO_FACTOR_ROLES
from core import access, audit, policies
from core.errors import Conflict, ValidationFailed
from core.models import ChangeLog

DEVICE_NAME = "authenticator"
DEVICE_SECRET_FIELDS = ("key",)

#: What :func:`gate` asks for.
VERIFY = "verify"
ENROL = "enrol"


def confirmed_device(user: Any) -> TOTPDevice | None:
    if user is None or not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def has_device(user: Any) -> bool:
    """Cached on the user object for the request (the page and the API ask once)."""
    cached = getattr(user, "_has_totp_device", None)
    if cached is None:
        cached = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()
        user._has_totp_device = cached
    return bool(cached)


def required_roles() -> frozenset[str]:
    value = policies.value(TWO_FACTOR_ROLES.key)
    return frozenset(str(r) for r in value) if isinstance(value, list) else frozenset()


def required_for(user: Any) -> bool:
    """Does one of the user's roles in force require two-step sign-in? Service accounts never sign in
    with a password (they use API tokens), so they are exempt."""
    if getattr(user, "is_service_account", False):
        return False
    roles = required_roles()
    return bool(roles and roles & access.principal(user).roles)


def is_verified(user: Any) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def gate(user: Any, *, enrolling: bool = False) -> str | None:
    """``None`` if the signed-in ``user`` may go on; :data:`VERIFY` if this session still needs the code;
    :data:`ENROL` if their role requires two steps and they have no device yet."""
    if is_verified(user):
        return None
    if has_device(user):
        return VERIFY
    if not enrolling and required_for(user):
        return ENROL
    return None


# --- Helpers for the enrolment page ----------------------------------------------------------

def secret_base32(device: TOTPDevice) -> str:
    raw = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` address as an inline SVG (no image files, no outside service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return svg if isinstance(svg, str) else svg.decode("utf-8")


def _snapshot(device: TOTPDevice) -> dict[str, Any]:
    return audit.snapshot(device, exclude=DEVICE_SECRET_FIELDS + ("throttling_failure_timestamp",
                                                                  "throttling_failure_count", "last_t", "drift"))


def _forget(user: Any) -> None:
    if hasattr(user, "_has_totp_device"):
        del user._has_totp_device


def _check_code(device: TOTPDevice, token: str) -> None:
    """Raise ``ValidationFailed`` (field ``token``) unless ``token`` is the device's current code."""
    token = (token or "").strip().replace(" ", "")
    if not token:
        raise ValidationFailed("otp_required", _("Enter the 6-digit code."), field="token")
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, info = locked.verify_is_allowed()
        if not allowed:
            raise _throttled(info)
        ok = locked.verify_token(token)
    device.refresh_from_db()
    if not ok:
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS \
                and info.get("failure_count", 0) > 1:
            raise _throttled(info, wrong=True)
        raise ValidationFailed("otp_invalid", _("The code is wrong or has expired. Enter the code your "
                                                "authenticator app shows now."), field="token")


def _throttled(info: dict[str, Any] | None, *, wrong: bool = False) -> ValidationFailed:
    until = (info or {}).get("locked_until")
    when = formats.time_format(timezone.localtime(until), "H:i:s") if until else ""
    text = _("Too many wrong codes. Try again after %(time)s.") % {"time": when} if when else \
        _("Too many wrong codes. Wait a little and try again.")
    if wrong:
        text = _("The code is wrong.") + " " + text
    return ValidationFailed("otp_throttled", text, field="token")


# --- State changes ------------------------------------------------------------------------------

@transaction.atomic
def totp_enrol_start(*, user: User) -> TOTPDevice:
    """The user's pending (unconfirmed) device with a fresh secret, reused while it stays pending."""
    pending = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    if pending is not None:
        return pending
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    audit.record(actor=user, verb="totp_enrol_start", instance=device, action=ChangeLog.Action.CREATE,
                 after=_snapshot(device))
    return device


def totp_enrol_confirm(*, user: User, device: TOTPDevice, token: str) -> TOTPDevice:
    """Turn two-step sign-in on: the code from the app proves the secret was copied correctly."""
    if device.user_id != user.pk or device.confirmed:
        raise Conflict("otp_enrolment_stale", _("This set-up is no longer pending. Start again."), field="token")
    _check_code(device, token)
    with transaction.atomic():
        before = _snapshot(device)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=user.pk).exclude(pk=device.pk).delete()
        audit.record(actor=user, verb="totp_enrol_confirm", instance=device, before=before, after=_snapshot(device))
    _forget(user)
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice:
    """The sign-in step: the device whose current code is ``token``, else ``ValidationFailed``."""
    device = confirmed_device(user)
    if device is None:
        raise Conflict("otp_no_device", _("Two-step sign-in is not set up for this account."), field="token")
    _check_code(device, token)
    return device


@transaction.atomic
def totp_disable(*, user: User) -> None:
    """The user turns two-step sign-in off (refused where their role requires it)."""
    if required_for(user):
        raise Conflict("otp_required_by_role", _("Your role requires two-step sign-in, so it cannot be "
                                                 "turned off."))
    _delete_devices(actor=user, user=user, verb="totp_disable")


@transaction.atomic
def totp_reset(*, actor: Any, user: User) -> int:
    """An administrator removes a user's device (lost phone). The user sets it up again at next sign-in
    if their role requires it. Returns how many devices were removed."""
    count = _delete_devices(actor=actor, user=user, verb="totp_reset")
    if count == 0:
        raise Conflict("otp_no_device", _("This user has no two-step sign-in to reset."))
    return count


def _delete_devices(*, actor: Any, user: User, verb: str) -> int:
    devices = list(TOTPDevice.objects.filter(user_id=user.pk).order_by("pk"))
    for device in devices:
        before = _snapshot(device)
        audit.record(actor=actor, verb=verb, instance=device, action=ChangeLog.Action.DELETE, before=before)
        device.delete()
    _forget(user)
    return len(devices)
