"""State changes for the organisation, users, grants, API tokens and policy overrides.

Every function is keyword-only with the actor named, runs in one transaction and writes the
change log (``core.audit``). Password hashes and token hashes never enter a snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, Grant, OrgUnit, User
from accounts.roles import Role, Scope
from core import access, audit, permissions, policies, registry
from core.concurrency import bump, lock
from core.errors import ConcurrentEdit, Conflict, ValidationFailed
from core.models import ChangeLog, PolicyOverride
from core.places import municipality_names

USER_SECRET_FIELDS = ("password",)
TOKEN_SECRET_FIELDS = ("token_hash",)

_EDITABLE_UNIT_FIELDS = ("code", "name", "parent", "municipalities", "address", "phone", "email")
_EDITABLE_USER_FIELDS = ("first_name", "last_name", "email", "home_unit", "position", "phone",
                         "preferred_language")


def _user_snapshot(user: User) -> dict[str, Any]:
    return audit.snapshot(user, exclude=USER_SECRET_FIELDS)


def _token_snapshot(token: ApiToken) -> dict[str, Any]:
    return audit.snapshot(token, exclude=TOKEN_SECRET_FIELDS)


def _forget(*users: Any) -> None:
    """Drop the cached grants of every in-memory copy of the user (``core.access.forget``)."""
    for user in users:
        if user is not None:
            access.forget(user)


# --- Organisation -----------------------------------------------------------------------------

_PARENT_KIND = {
    OrgUnit.Kind.REGION: OrgUnit.Kind.HEADQUARTERS,
    OrgUnit.Kind.UNIT: OrgUnit.Kind.REGION,
}


def _municipality_names() -> dict[str, str]:
    return municipality_names()


def _check_code(code: str, *, exclude_pk: int | None = None) -> str:
    code = (code or "").strip().upper()
    if not code:
        raise ValidationFailed("code_required", _("Enter the unit code."), field="code")
    if len(code) > 20:
        raise ValidationFailed("code_too_long", _("The code can be at most 20 characters."), field="code")
    clash = OrgUnit.objects.filter(code__iexact=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise Conflict("code_taken", _("Another unit already has the code %(code)s.") % {"code": code},
                       field="code")
    return code


def _check_parent(kind: str, parent: OrgUnit | None) -> None:
    if kind == OrgUnit.Kind.HEADQUARTERS:
        if parent is not None:
            raise ValidationFailed("parent_not_allowed", _("Headquarters has no parent unit."), field="parent")
        return
    wanted = _PARENT_KIND[OrgUnit.Kind(kind)]
    if parent is None or parent.kind != wanted or not parent.active:
        message = (_("A region belongs to the headquarters.") if kind == OrgUnit.Kind.REGION
                   else _("A territorial unit belongs to an active region."))
        raise ValidationFailed("parent_kind", message, field="parent")


def _check_municipalities(kind: str, codes: Iterable[str], *, exclude_pk: int | None = None) -> list[str]:
    cleaned: list[str] = []
    for code in codes or []:
        code = str(code).strip()
        if code and code not in cleaned:
            cleaned.append(code)
    if not cleaned:
        return []
    if kind != OrgUnit.Kind.UNIT:
        raise ValidationFailed("municipalities_unit_only",
                               _("Only a territorial unit covers municipalities."), field="municipalities")
    names = _municipality_names()
    unknown = [c for c in cleaned if c not in names]
    if unknown:
        raise ValidationFailed("municipality_unknown",
                               _("Unknown municipality code: %(codes)s.") % {"codes": ", ".join(unknown)},
                               field="municipalities")
    others = OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, active=True)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    for other in others.only("id", "name", "municipalities"):
        taken = [c for c in cleaned if c in (other.municipalities or [])]
        if taken:
            raise Conflict(
                "municipality_covered",
                _("%(municipality)s is already covered by %(unit)s. A municipality belongs to one active unit.")
                % {"municipality": names[taken[0]], "unit": other.name},
                field="municipalities", unit_id=other.pk, unit=other.name, municipality=taken[0],
            )
    return sorted(cleaned, key=lambda c: names[c])


def _check_email(email: str, field: str = "email") -> str:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise ValidationFailed("email_invalid", _("Enter a valid e-mail address."), field=field) from None
    return email


@transaction.atomic
def orgunit_create(*, actor: Any, code: str, name: str, kind: str, parent: OrgUnit | None = None,
                   municipalities: Iterable[str] = (), address: str = "", phone: str = "",
                   email: str = "") -> OrgUnit:
    """Create headquarters, a region (under headquarters) or a territorial unit (under a region)."""
    if kind not in OrgUnit.Kind.values:
        raise ValidationFailed("kind_unknown", _("Choose the kind of unit."), field="kind")
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("name_required", _("Enter the unit name."), field="name")
    code = _check_code(code)
    _check_parent(kind, parent)
    if kind == OrgUnit.Kind.HEADQUARTERS and OrgUnit.objects.filter(kind=kind, active=True).exists():
        raise Conflict("headquarters_exists", _("There is already an active headquarters."), field="kind")
    covered = _check_municipalities(kind, municipalities)
    unit = OrgUnit.objects.create(
        code=code, name=name, kind=kind, parent=parent, municipalities=covered,
        address=(address or "").strip(), phone=(phone or "").strip(), email=_check_email(email),
    )
    audit.record(actor=actor, verb="orgunit_create", instance=unit, action=ChangeLog.Action.CREATE,
                 after=audit.snapshot(unit))
    return unit


@transaction.atomic
def orgunit_update(*, actor: Any, unit: OrgUnit, expected_version: int | None, **changes: Any) -> OrgUnit:
    """Change a unit's code, name, parent, municipalities or contacts. The kind never changes."""
    unknown = set(changes) - set(_EDITABLE_UNIT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    unit = lock(unit, expected_version)
    before = audit.snapshot(unit)
    if "name" in changes:
        name = (changes["name"] or "").strip()
        if not name:
            raise ValidationFailed("name_required", _("Enter the unit name."), field="name")
        unit.name = name
    if "code" in changes:
        unit.code = _check_code(changes["code"], exclude_pk=unit.pk)
    if "parent" in changes:
        parent = changes["parent"]
        if parent is not None and parent.pk == unit.pk:
            raise ValidationFailed("parent_kind", _("A unit cannot be its own parent."), field="parent")
        _check_parent(unit.kind, parent)
        unit.parent = parent
    if "municipalities" in changes:
        unit.municipalities = _check_municipalities(unit.kind, changes["municipalities"], exclude_pk=unit.pk)
    for field in ("address", "phone"):
        if field in changes:
            setattr(unit, field, (changes[field] or "").strip())
    if "email" in changes:
        unit.email = _check_email(changes["email"])
    bump(unit)
    unit.save()
    audit.record(actor=actor, verb="orgunit_update", instance=unit, before=before, after=audit.snapshot(unit))
    return unit


@transaction.atomic
def orgunit_deactivate(*, actor: Any, unit: OrgUnit, expected_version: int | None) -> OrgUnit:
    """Close a unit. Refused while it has open cases, active staff or active sub-units."""
    unit = lock(unit, expected_version)
    if not unit.active:
        raise Conflict("unit_inactive", _("This unit is already closed."), field="unit")
    open_cases = unit.cases.filter(status="open").count()  # the case files it is responsible for
    if open_cases:
        raise Conflict("unit_has_open_cases",
                       _("The unit still has %(n)d open case files: transfer them first.") % {"n": open_cases},
                       field="unit", open_cases=open_cases)
    staff = User.objects.filter(home_unit=unit, is_active=True).count()
    if staff:
        raise Conflict("unit_has_staff",
                       _("%(n)d active users still work in this unit: move or deactivate them first.")
                       % {"n": staff}, field="unit", staff=staff)
    if OrgUnit.objects.filter(parent=unit, active=True).exists():
        raise Conflict("unit_has_children", _("Close the units under it first."), field="unit")
    before = audit.snapshot(unit)
    unit.active = False
    bump(unit)
    unit.save()
    audit.record(actor=actor, verb="orgunit_deactivate", instance=unit, before=before,
                 after=audit.snapshot(unit))
    return unit


# --- Users ------------------------------------------------------------------------------------

def _check_password(password: str, user: User, field: str = "password") -> None:
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed("weak_password", " ".join(exc.messages), field=field) from None


def _check_home_unit(unit: OrgUnit | None) -> None:
    if unit is not None and not unit.active:
        raise ValidationFailed("unit_inactive", _("Choose an active unit."), field="home_unit")


def _check_username(username: str, *, exclude_pk: int | None = None) -> str:
    username = (username or "").strip()
    if not username:
        raise ValidationFailed("username_required", _("Enter the user name."), field="username")
    try:
        User.username_validator(username)
    except DjangoValidationError:
        raise ValidationFailed(
            "username_invalid", _("Use only letters, digits and @ . + - _ in the user name."), field="username"
        ) from None
    clash = User.objects.filter(username__iexact=username)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise Conflict("username_taken", _("The user name %(name)s is taken.") % {"name": username},
                       field="username")
    return username


@transaction.atomic
def user_create(*, actor: Any, username: str, first_name: str, last_name: str, email: str = "",
                home_unit: OrgUnit | None = None, position: str = "", phone: str = "",
                preferred_language: str = "lv", password: str | None = None) -> User:
    """A new staff (or external) user. Without a password the account cannot sign in until one is set."""
    username = _check_username(username)
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not first_name:
        raise ValidationFailed("first_name_required", _("Enter the first name."), field="first_name")
    if not last_name:
        raise ValidationFailed("last_name_required", _("Enter the last name."), field="last_name")
    _check_home_unit(home_unit)
    user = User(username=username, first_name=first_name, last_name=last_name, email=_check_email(email),
                home_unit=home_unit, position=(position or "").strip(), phone=(phone or "").strip(),
                preferred_language=preferred_language or "lv")
    if password:
        _check_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(actor=actor, verb="user_create", instance=user, action=ChangeLog.Action.CREATE,
                 after=_user_snapshot(user))
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, expected_version: int | None, **changes: Any) -> User:
    unknown = set(changes) - set(_EDITABLE_USER_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    given, user = user, lock(user, expected_version)
    before = _user_snapshot(user)
    for field in ("first_name", "last_name"):
        if field in changes:
            value = (changes[field] or "").strip()
            if not value:
                raise ValidationFailed(f"{field}_required", _("This field is required."), field=field)
            setattr(user, field, value)
    if "email" in changes:
        user.email = _check_email(changes["email"])
    if "home_unit" in changes:
        if changes["home_unit"] is not None and changes["home_unit"].pk != user.home_unit_id:
            _check_home_unit(changes["home_unit"])
        user.home_unit = changes["home_unit"]
    for field in ("position", "phone", "preferred_language"):
        if field in changes:
            setattr(user, field, (changes[field] or "").strip())
    bump(user)
    user.save()
    audit.record(actor=actor, verb="user_update", instance=user, before=before, after=_user_snapshot(user))
    _forget(user, given)
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User, expected_version: int | None) -> User:
    """Disable sign-in (users are never deleted); the account's API tokens are revoked too."""
    given, user = user, lock(user, expected_version)
    if getattr(actor, "pk", None) == user.pk:
        raise ValidationFailed("cannot_deactivate_self", _("You cannot deactivate your own account."),
                               field="user")
    if not user.is_active:
        raise Conflict("user_inactive", _("This account is already deactivated."), field="user")
    before = _user_snapshot(user)
    user.is_active = False
    bump(user)
    user.save()
    audit.record(actor=actor, verb="user_deactivate", instance=user, before=before, after=_user_snapshot(user))
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        _revoke(actor, token)
    _forget(user, given)
    return user


@transaction.atomic
def user_reactivate(*, actor: Any, user: User, expected_version: int | None) -> User:
    given, user = user, lock(user, expected_version)
    if user.is_active:
        raise Conflict("user_active", _("This account is already active."), field="user")
    before = _user_snapshot(user)
    user.is_active = True
    bump(user)
    user.save()
    audit.record(actor=actor, verb="user_reactivate", instance=user, before=before, after=_user_snapshot(user))
    _forget(user, given)
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """An administrator sets a new password (password reset). Only the fact is logged."""
    if user.is_service_account:
        raise ValidationFailed("service_account_password",
                               _("Service accounts sign in with API tokens, not passwords."), field="password")
    _check_password(password, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    bump(user)
    user.save(update_fields=["password", "version"])
    audit.record(actor=actor, verb="user_set_password", instance=user, action=ChangeLog.Action.ACTION,
                 after={"password": "changed"})
    return user


@transaction.atomic
def user_change_own_password(*, user: User, old_password: str, new_password: str) -> User:
    """The signed-in user changes their own password; the current one must be given."""
    if not user.check_password(old_password or ""):
        raise ValidationFailed("wrong_password", _("The current password is wrong."), field="old_password")
    if old_password == new_password:
        raise ValidationFailed("same_password", _("Choose a password different from the current one."),
                               field="new_password")
    _check_password(new_password, user, field="new_password")
    user.set_password(new_password)
    bump(user)
    user.save(update_fields=["password", "version"])
    audit.record(actor=user, verb="user_change_own_password", instance=user, action=ChangeLog.Action.ACTION,
                 after={"password": "changed"})
    return user


# --- Grants -----------------------------------------------------------------------------------

@transaction.atomic
def grant_add(*, actor: Any, user: User, role: str, scope: str | None = None, org_unit: OrgUnit | None = None,
              valid_from: dt.date | None = None, valid_until: dt.date | None = None) -> Grant:
    """Give ``user`` a role within a scope. Unit scope needs a territorial unit, region scope a
    region; own and national scopes name no unit. The scope defaults to the role's usual one."""
    if role not in Role.values:
        raise ValidationFailed("role_unknown", _("Choose a role."), field="role")
    given = user
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationFailed("user_inactive", _("The account is deactivated: reactivate it first."),
                               field="user")
    if (role == Role.INTEGRATION) != bool(user.is_service_account):
        raise ValidationFailed(
            "role_service_account",
            _("Service accounts hold only the integration role, and only service accounts hold it."),
            field="role")
    scope = scope or permissions.ROLES[role].default_scope
    if scope not in Scope.values:
        raise ValidationFailed("scope_unknown", _("Choose a scope."), field="scope")
    if scope == Scope.UNIT:
        if org_unit is None or org_unit.kind != OrgUnit.Kind.UNIT or not org_unit.active:
            raise ValidationFailed("scope_unit_required", _("A unit scope needs an active territorial unit."),
                                   field="org_unit")
    elif scope == Scope.REGION:
        if org_unit is None or org_unit.kind != OrgUnit.Kind.REGION or not org_unit.active:
            raise ValidationFailed("scope_region_required", _("A region scope needs an active region."),
                                   field="org_unit")
    elif org_unit is not None:
        raise ValidationFailed("scope_no_unit", _("Own-caseload and national scopes name no unit."),
                               field="org_unit")
    today = timezone.localdate()
    valid_from = valid_from or today
    if valid_until is not None and valid_until < valid_from:
        raise ValidationFailed("valid_until_before_from", _("The end cannot be before the start."),
                               field="valid_until")
    same = Grant.objects.select_for_update().filter(user=user, role=role, scope=scope, org_unit=org_unit).first()
    if same is not None:
        if same.valid_until is None or same.valid_until >= today:
            raise Conflict("grant_exists", _("The user already holds this role in this scope."), field="role")
        # One row per (user, role, scope, unit): an ended grant is renewed; the change log keeps
        # the earlier period.
        before = audit.snapshot(same)
        same.valid_from, same.valid_until = valid_from, valid_until
        same.granted_by = actor if getattr(actor, "pk", None) else None
        same.save()
        audit.record(actor=actor, verb="grant_add", instance=same, before=before, after=audit.snapshot(same))
        _forget(user, given)
        return same
    grant = Grant.objects.create(user=user, role=role, scope=scope, org_unit=org_unit, valid_from=valid_from,
                                 valid_until=valid_until, granted_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, verb="grant_add", instance=grant, action=ChangeLog.Action.CREATE,
                 after=audit.snapshot(grant))
    _forget(user, given)
    return grant


@transaction.atomic
def grant_end(*, actor: Any, grant: Grant, last_day: dt.date | None = None) -> Grant:
    """End a grant (never deleted). By default it stops at once: its last day becomes yesterday."""
    given = grant.user if Grant.user.is_cached(grant) else None
    grant = Grant.objects.select_for_update().select_related("user").get(pk=grant.pk)
    today = timezone.localdate()
    if grant.valid_until is not None and grant.valid_until < today:
        raise Conflict("grant_ended", _("This grant has already ended."), field="grant")
    if getattr(actor, "pk", None) == grant.user_id and grant.role == Role.ADMINISTRATOR:
        raise ValidationFailed("cannot_end_own_admin", _("You cannot end your own administrator role."),
                               field="grant")
    last_day = last_day or today - dt.timedelta(days=1)
    if last_day < grant.valid_from - dt.timedelta(days=1):
        raise ValidationFailed("last_day_before_start", _("The last day cannot be before the grant started."),
                               field="last_day")
    before = audit.snapshot(grant)
    grant.valid_until = last_day
    grant.save(update_fields=["valid_until"])
    audit.record(actor=actor, verb="grant_end", instance=grant, before=before, after=audit.snapshot(grant))
    _forget(grant.user, given)
    return grant


# --- Service accounts and API tokens ----------------------------------------------------------

@transaction.atomic
def service_account_create(*, actor: Any, username: str, name: str, home_unit: OrgUnit | None = None,
                           email: str = "") -> User:
    """An integration account: no password, the ``integration`` role, signs in only with tokens."""
    username = _check_username(username)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("name_required", _("Enter the system's name."), field="name")
    _check_home_unit(home_unit)
    user = User(username=username, first_name=name[:150], last_name="", email=_check_email(email),
                home_unit=home_unit, is_service_account=True)
    user.set_unusable_password()
    user.save()
    audit.record(actor=actor, verb="service_account_create", instance=user, action=ChangeLog.Action.CREATE,
                 after=_user_snapshot(user))
    grant_add(actor=actor, user=user, role=Role.INTEGRATION, scope=Scope.NATIONAL)
    return user


@transaction.atomic
def token_create(*, actor: Any, account: User, name: str, scopes: Iterable[str] | None = None,
                 expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for a service account. Returns the token and the raw secret, shown once;
    only its SHA-256 hash is stored."""
    if not account.is_service_account:
        raise ValidationFailed("not_service_account", _("Tokens are issued to service accounts only."),
                               field="account")
    if not account.is_active:
        raise ValidationFailed("user_inactive", _("The account is deactivated."), field="account")
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("name_required", _("Name the token (what uses it)."), field="name")
    chosen = list(dict.fromkeys(registry.default_api_scopes() if scopes is None else scopes))
    if not chosen:
        raise ValidationFailed("scopes_required", _("Choose at least one scope."), field="scopes")
    known = registry.api_scopes()
    unknown = [s for s in chosen if s not in known]
    if unknown:
        raise ValidationFailed("scope_unknown", _("Unknown scope: %(s)s.") % {"s": ", ".join(unknown)},
                               field="scopes")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationFailed("expiry_past", _("The expiry must be in the future."), field="expires_at")
    prefix, raw = ApiToken.generate()
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix, raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=account, name=name, prefix=prefix, token_hash=ApiToken.hash(raw), scopes=chosen,
        created_by=actor if getattr(actor, "pk", None) else None, expires_at=expires_at,
    )
    audit.record(actor=actor, verb="token_create", instance=token, action=ChangeLog.Action.CREATE,
                 after=_token_snapshot(token))
    return token, raw


def _revoke(actor: Any, token: ApiToken) -> ApiToken:
    before = _token_snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, verb="token_revoke", instance=token, before=before, after=_token_snapshot(token))
    return token


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise Conflict("token_revoked", _("This token is already revoked."), field="token")
    return _revoke(actor, token)


# --- Policies ---------------------------------------------------------------------------------

def policy_coerce(policy: policies.Policy, raw: Any) -> Any:
    """Turn an entered value into the policy's declared type and check its range, choices and keys
    (``core.policies.coerce``), or raise ``ValidationFailed``."""
    return policies.coerce(policy, raw)


def policy_value_kind(policy: policies.Policy) -> str:
    """What the administrator is asked to enter, in words (the hint beside the field)."""
    kind = policy.value_kind
    bounds = ""
    if policy.minimum is not None and policy.maximum is not None:
        bounds = _(" from %(min)s to %(max)s") % {"min": policy.minimum, "max": policy.maximum}
    elif policy.minimum is not None:
        bounds = _(" of at least %(min)s") % {"min": policy.minimum}
    elif policy.maximum is not None:
        bounds = _(" of at most %(max)s") % {"max": policy.maximum}
    texts = {
        policies.BOOLEAN: _("yes or no"),
        policies.INTEGER: _("a whole number") + bounds,
        policies.DECIMAL: _("a number") + bounds,
        policies.CHOICE: _("one of the listed values"),
        policies.MULTICHOICE: _("any of the listed values"),
        policies.RANGE: _("the lowest and the highest value") + bounds,
        policies.TABLE: _("a value for each row") + bounds,
    }
    return texts.get(kind, _("text"))


def _configurable(key: str) -> policies.Policy:
    try:
        policy = policies.get(key)
    except KeyError:
        raise ValidationFailed("policy_unknown", _("No such policy."), field="key") from None
    if not policy.configurable:
        raise ValidationFailed("policy_not_configurable", _("This rule is fixed by law and cannot be changed."),
                               field="value")
    return policy


@transaction.atomic
def policy_override(*, actor: Any, key: str, value: Any, reason: str,
                    expected_version: int | None = None) -> PolicyOverride:
    """Set the value in force of a configurable policy. A reason is mandatory."""
    policy = _configurable(key)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason_required", _("Give the reason for the change."), field="reason")
    if len(reason) > 300:
        raise ValidationFailed("reason_too_long", _("The reason can be at most 300 characters."), field="reason")
    coerced = policy_coerce(policy, value)
    existing = PolicyOverride.objects.filter(key=key).first()
    by = actor if getattr(actor, "pk", None) else None
    if existing is None:
        if expected_version not in (None, 0):
            raise ConcurrentEdit()
        override = PolicyOverride.objects.create(key=key, value=coerced, reason=reason, changed_by=by)
        audit.record(actor=actor, verb="policy_override", instance=override, action=ChangeLog.Action.CREATE,
                     after=audit.snapshot(override))
    else:
        override = lock(existing, expected_version)
        before = audit.snapshot(override)
        override.value, override.reason, override.changed_by = coerced, reason, by
        bump(override)
        override.save()
        audit.record(actor=actor, verb="policy_override", instance=override, before=before,
                     after=audit.snapshot(override))
    transaction.on_commit(lambda: policies.forget(key))
    policies.forget(key)
    return override


@transaction.atomic
def policy_reset(*, actor: Any, key: str, reason: str, expected_version: int | None = None) -> None:
    """Go back to the default in code. The override row is removed; the change log keeps it."""
    _configurable(key)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason_required", _("Give the reason for the change."), field="reason")
    existing = PolicyOverride.objects.filter(key=key).first()
    if existing is None:
        raise Conflict("policy_default", _("This policy already uses its default."), field="value")
    override = lock(existing, expected_version)
    before = audit.snapshot(override)
    audit.record(actor=actor, verb="policy_reset", instance=override, action=ChangeLog.Action.DELETE,
                 before=before, after={"reason": reason})
    override.delete()
    transaction.on_commit(lambda: policies.forget(key))
    policies.forget(key)
