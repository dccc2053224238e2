"""The role and permission registry: which roles exist, what each may do, which sensitive field
classes each may see. Apps register into it when they start (``AppConfig.ready``), as they register
policies: the shared layers their case-work permissions, each probation function its own.

Permissions are plain strings ``<area>.<action>``. A grant gives a user a role within a scope; scopes
widen: own caseload < unit < region < national. The access layer (``core.access``) reads this
registry to turn grants into permissions and query filters; it names no role and no function.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    OWN = "own", _("Own caseload")
    UNIT = "unit", _("Territorial unit")
    REGION = "region", _("Region")
    NATIONAL = "national", _("National")


SCOPE_RANK = {Scope.OWN: 0, Scope.UNIT: 1, Scope.REGION: 2, Scope.NATIONAL: 3}


@dataclass(frozen=True)
class RoleDef:
    code: str
    label: str | Promise
    default_scope: str
    external: bool = False  # held by people outside the service: never staff-wide pages


@dataclass(frozen=True)
class PermissionDef:
    code: str
    label: str | Promise
    app: str


ROLES: dict[str, RoleDef] = {}
PERMISSIONS: dict[str, PermissionDef] = {}
_ROLE_PERMISSIONS: dict[str, set[str]] = {}
_ROLE_SENSITIVITY: dict[str, set[str]] = {}


def register_role(code: str, label: str | Promise, *, default_scope: str, external: bool = False) -> RoleDef:
    role = RoleDef(code, label, default_scope, external)
    existing = ROLES.get(code)
    if existing is not None and existing != role:
        raise ValueError(f"role {code} registered twice with different definitions")
    ROLES[code] = role
    _ROLE_PERMISSIONS.setdefault(code, set())
    _ROLE_SENSITIVITY.setdefault(code, set())
    return role


def register_permission(code: str, label: str | Promise, *, app: str, roles: Iterable[str] = ()) -> str:
    """Declare a permission and give it to ``roles``. Returns the code, for a module constant."""
    existing = PERMISSIONS.get(code)
    if existing is not None and existing.app != app:
        raise ValueError(f"permission {code} is already registered by {existing.app}")
    PERMISSIONS[code] = PermissionDef(code, label, app)
    grant(code, to=roles)
    return code


def grant(*perms: str, to: Iterable[str]) -> None:
    """Give registered permissions to registered roles."""
    for role in to:
        if role not in ROLES:
            raise ValueError(f"unknown role {role}")
        for perm in perms:
            if perm not in PERMISSIONS:
                raise ValueError(f"unknown permission {perm}")
            _ROLE_PERMISSIONS[role].add(perm)


def allow_sensitivity(*classes: str, to: Iterable[str]) -> None:
    """Let ``to`` roles see the sensitive field classes (``core.sensitivity``)."""
    for role in to:
        if role not in ROLES:
            raise ValueError(f"unknown role {role}")
        _ROLE_SENSITIVITY[role].update(classes)


def permissions_of(role: str) -> frozenset[str]:
    return frozenset(_ROLE_PERMISSIONS.get(role, ()))


def sensitivities_of(role: str) -> frozenset[str]:
    return frozenset(_ROLE_SENSITIVITY.get(role, ()))


def sensitivities_for(roles: Iterable[str]) -> frozenset[str]:
    allowed: set[str] = set()
    for role in roles:
        allowed |= _ROLE_SENSITIVITY.get(role, set())
    return frozenset(allowed)


@contextmanager
def sensitivities_replaced(role: str, classes: Iterable[str]) -> Iterator[None]:
    """For tests: let ``role`` see only ``classes`` inside the block."""
    saved = _ROLE_SENSITIVITY[role]
    _ROLE_SENSITIVITY[role] = set(classes)
    try:
        yield
    finally:
        _ROLE_SENSITIVITY[role] = saved


def holders_of(perm: str) -> frozenset[str]:
    return frozenset(role for role, perms in _ROLE_PERMISSIONS.items() if perm in perms)


def role_choices() -> list[tuple[str, str | Promise]]:
    """Choices for a role field (callable, so that a registered role needs no migration)."""
    return [(r.code, r.label) for r in ROLES.values()]


def role_label(code: str) -> str:
    role = ROLES.get(code)
    return str(role.label) if role else code


def external_roles() -> frozenset[str]:
    return frozenset(code for code, r in ROLES.items() if r.external)


# The frame's own permission: reading the change log and the sensitive-read log (core.views.audit_log).
AUDIT_VIEW = register_permission("audit.view", _("Read the audit trail"), app="core")
# The background jobs' runs, lost ones included (core.views.job_runs).
JOBS_VIEW = register_permission("jobs.view", _("See the background jobs' runs"), app="core")
