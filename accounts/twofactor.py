"""Two-step sign-in (TOTP, RFC 6238) with django-otp.

* :func:`gate` is the rule that ``core.access.page`` and the API's session authentication apply:
  a user with a confirmed device must have verified this session with a code; a user whose role
  must use two steps (policy ``accounts.two_factor_roles``) and has no device must enrol first.
* ``totp_*`` are the state changes (audited; the secret key never enters a snapshot).
* ``backup_codes_*``: ten one-time backup codes (django-otp's ``otp_static`` plugin) accepted at the
  code step instead of the app's code. ``otp_static`` would keep each code in plain text; here the
  token it stores is a keyed hash of the code (:func:`_code_hash`), so the codes exist in clear only
  on the page that shows them.

A code check is deliberately *not* inside a transaction that rolls back on failure: django-otp
counts failed attempts on the device (throttling) and that count must stick.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.models import Device, VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.policies import TWO_FACTOR_ROLES
from core import access, audit, policies
from core.errors import Conflict, ValidationFailed
from core.models import ChangeLog

DEVICE_NAME = "authenticator"
DEVICE_SECRET_FIELDS = ("key",)
BACKUP_DEVICE_NAME = "backup codes"
#: How many backup codes a user gets at a time.
BACKUP_CODE_COUNT = 10

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


def pending_step(user: Any, *, enrolling: bool = False) -> str | None:
    """The sign-in gate (``core.registry.sign_in_gate``): the URL name of the two-step page the user
    must pass first, or ``None``."""
    step = gate(user, enrolling=enrolling)
    if step is None:
        return None
    return "accounts:otp_verify" if step == VERIFY else "accounts:otp_setup"


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
        if not allowed and _free_attempt(locked):
            # django-otp delays the next try after every wrong code; the first few (a typo, a code that
            # changed while it was typed) are free, so one mistake never keeps anyone out.
            locked.throttling_failure_timestamp = None
            allowed = True
        if not allowed:
            raise _throttled(info)
        ok = locked.verify_token(token)
    device.refresh_from_db()
    if not ok:
        raise _refused(device, _("The code is wrong or has expired. Enter the code your authenticator app "
                                 "shows now."))


def _free_attempt(device: Device) -> bool:
    return getattr(device, "throttling_failure_count", 0) < settings.OTP_FREE_ATTEMPTS


def _refused(device: Device, message: str) -> ValidationFailed:
    """The error for a wrong code: "wrong" until django-otp's throttling starts, then "wait"."""
    if _free_attempt(device):
        return ValidationFailed("otp_invalid", message, field="token")
    allowed, info = device.verify_is_allowed()
    if not allowed and info and info.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS \
            and info.get("failure_count", 0) > 1:
        return _throttled(info, wrong=True)
    return ValidationFailed("otp_invalid", message, field="token")


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


def totp_enrol_confirm(*, user: User, device: TOTPDevice, token: str,
                       backup_codes: Sequence[str] = ()) -> TOTPDevice:
    """Turn two-step sign-in on: the code from the app proves the secret was copied correctly.
    ``backup_codes`` (from :func:`new_backup_codes`, shown on the set-up page) become the user's
    backup codes in the same transaction."""
    if device.user_id != user.pk or device.confirmed:
        raise Conflict("otp_enrolment_stale", _("This set-up is no longer pending. Start again."), field="token")
    _check_code(device, token)
    with transaction.atomic():
        before = _snapshot(device)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=user.pk).exclude(pk=device.pk).delete()
        audit.record(actor=user, verb="totp_enrol_confirm", instance=device, before=before, after=_snapshot(device))
        if backup_codes:
            _store_backup_codes(actor=user, user=user, codes=backup_codes)
    _forget(user)
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice | StaticDevice:
    """The sign-in step: the device whose current code is ``token``, else ``ValidationFailed``. A
    6-digit ``token`` is checked against the authenticator; anything else against the user's backup
    codes (a right one is used up)."""
    device = confirmed_device(user)
    if device is None:
        raise Conflict("otp_no_device", _("Two-step sign-in is not set up for this account."), field="token")
    normalised = normalise_code(token)
    backup = backup_device(user)
    if backup is not None and normalised and not (normalised.isdigit() and len(normalised) == device.digits):
        _check_backup_code(user, backup, normalised)
        return backup
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
    """Remove the user's authenticators (``verb``) and their backup codes (``backup_codes_delete``)."""
    devices = list(TOTPDevice.objects.filter(user_id=user.pk).order_by("pk"))
    for device in devices:
        before = _snapshot(device)
        audit.record(actor=actor, verb=verb, instance=device, action=ChangeLog.Action.DELETE, before=before)
        device.delete()
    _delete_backup_devices(actor=actor, user=user)
    _forget(user)
    return len(devices)


# --- Backup codes ---------------------------------------------------------------------------------

def normalise_code(token: str) -> str:
    """What the user typed, without spaces and hyphens, in lower case (backup codes are base32)."""
    return "".join((token or "").split()).replace("-", "").lower()


def display_code(code: str) -> str:
    """``abcdefgh`` as ``abcd-efgh`` (easier to copy by hand)."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def new_backup_codes() -> list[str]:
    """:data:`BACKUP_CODE_COUNT` fresh random codes (django-otp's generator: 8 base32 characters, 40 bits)."""
    codes: list[str] = []
    while len(codes) < BACKUP_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    return codes


def _code_hash(code: str) -> str:
    """The stored form of a backup code: an HMAC-SHA256 keyed with ``SECRET_KEY``, 16 base32 characters
    (80 bits; ``StaticToken.token`` holds 16). Without the key a copy of the table reveals no code."""
    digest = salted_hmac("accounts.twofactor.backup_code", normalise_code(code), algorithm="sha256").digest()
    return base64.b32encode(digest).decode("ascii").lower()[:16]


def backup_device(user: Any) -> StaticDevice | None:
    if user is None or not getattr(user, "pk", None):
        return None
    return StaticDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def backup_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()


def _backup_snapshot(device: StaticDevice, count: int) -> dict[str, Any]:
    """Never the codes (nor their hashes): the device and how many codes it holds."""
    return {"user_id": device.user_id, "name": device.name, "codes": count}


def _store_backup_codes(*, actor: Any, user: User, codes: Sequence[str]) -> StaticDevice:
    """Replace the user's backup codes with ``codes`` (inside the caller's transaction)."""
    device = StaticDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=True).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        before = None
        action = ChangeLog.Action.CREATE
    else:
        before = _backup_snapshot(device, device.token_set.count())
        device.token_set.all().delete()
        device.throttle_reset(commit=True)
        action = ChangeLog.Action.UPDATE
    StaticDevice.objects.filter(user_id=user.pk).exclude(pk=device.pk).delete()
    StaticToken.objects.bulk_create([StaticToken(device=device, token=_code_hash(c)) for c in codes])
    after = _backup_snapshot(device, len(codes))
    if before is not None:
        after["old_codes_revoked"] = before["codes"]
    audit.record(actor=actor, verb="backup_codes_generate", instance=device, action=action, before=before,
                 after=after)
    return device


def backup_codes_generate(*, user: User) -> list[str]:
    """New backup codes for a user with two-step sign-in on; the old ones stop working. Returns the codes
    in clear, to be shown once."""
    if user.is_service_account:
        raise Conflict("otp_no_device", _("Two-step sign-in is not set up for this account."))
    codes = new_backup_codes()
    with transaction.atomic():
        if not TOTPDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=True).exists():
            raise Conflict("otp_no_device", _("Turn on two-step sign-in first; backup codes come with it."))
        _store_backup_codes(actor=user, user=user, codes=codes)
    return codes


def _check_backup_code(user: User, device: StaticDevice, code: str) -> None:
    """Use up the backup code ``code`` (raise ``ValidationFailed`` when it is wrong or used). Failures
    count towards django-otp's throttling on the backup device and that count sticks."""
    with transaction.atomic():
        locked = StaticDevice.objects.select_for_update().get(pk=device.pk)
        allowed, info = locked.verify_is_allowed()
        if not allowed and _free_attempt(locked):
            locked.throttling_failure_timestamp = None
            allowed = True
        if not allowed:
            raise _throttled(info)
        ok = locked.verify_token(_code_hash(code))
        if ok:
            left = locked.token_set.count()
            audit.record(actor=user, verb="backup_code_use", instance=locked, before=_backup_snapshot(locked, left + 1),
                         after=_backup_snapshot(locked, left))
    device.refresh_from_db()
    if not ok:
        raise _refused(device, _("This backup code is wrong or has already been used. Enter the code your "
                                 "authenticator app shows now, or another backup code."))


def _delete_backup_devices(*, actor: Any, user: User) -> None:
    for device in StaticDevice.objects.filter(user_id=user.pk).order_by("pk"):
        audit.record(actor=actor, verb="backup_codes_delete", instance=device, action=ChangeLog.Action.DELETE,
                     before=_backup_snapshot(device, device.token_set.count()))
        device.delete()


def is_backup(device: Device) -> bool:
    return isinstance(device, StaticDevice)
