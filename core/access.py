"""The one access layer. Every query reachable from HTTP goes through here.

* :func:`principal` turns a user's current grants into permissions, scopes and visible
  sensitive classes (computed once per request and cached on the user object).
* :func:`scope_q` turns "may do ``perm`` on records of this kind" into a ``Q`` filter, given a
  :class:`ScopeMap` that says how a model reaches its unit and its responsible officers.
* Querysets expose ``visible_to(user, perm)``; chokepoints ``access_<thing>`` return one record
  or raise ``Http404`` — missing and forbidden look the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from core import permissions, registry
from core.permissions import SCOPE_RANK, Scope

if TYPE_CHECKING:  # for the type only: at run time core imports no app (.importlinter)
    from accounts.models import User


@dataclass
class ScopeGrant:
    scope: str
    unit_ids: frozenset[int] = frozenset()  # for unit and region scopes: the units covered


@dataclass
class Principal:
    user_id: int | None
    roles: frozenset[str] = frozenset()
    permissions: frozenset[str] = frozenset()
    by_permission: dict[str, list[ScopeGrant]] = field(default_factory=dict)
    sensitivities: frozenset[str] = frozenset()
    # Users this one stands in for today (an active cover period): their "own" records are this
    # user's too, for the permissions this user holds (``register_stand_in``).
    acting_for: frozenset[int] = frozenset()

    def can(self, perm: str) -> bool:
        return perm in self.permissions

    def widest_scope(self, perm: str) -> str | None:
        grants = self.by_permission.get(perm) or []
        if not grants:
            return None
        return max((g.scope for g in grants), key=lambda s: SCOPE_RANK[Scope(s)])


_ANONYMOUS = Principal(user_id=None)

# Who a user stands in for on a day: ``fn(user, day) -> user ids``. An app that records cover for
# absent staff registers one (cases: cover periods); core names none.
_STAND_INS: list[Callable[[Any, Any], Any]] = []


def register_stand_in(fn: Callable[[Any, Any], Any]) -> None:
    if fn not in _STAND_INS:
        _STAND_INS.append(fn)


def own_ids(user: Any) -> list[int]:
    """The user's own id and the ids of the users they stand in for today (for "own" lookups)."""
    return [user.pk, *sorted(principal(user).acting_for)]


def _units_under(unit_model: Any, org_unit_id: int) -> frozenset[int]:
    ids = {org_unit_id}
    frontier = [org_unit_id]
    while frontier:
        children = list(unit_model.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = [c for c in children if c not in ids]
        ids.update(frontier)
    return frozenset(ids)


def principal(user: Any) -> Principal:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return _ANONYMOUS
    cached = getattr(user, "_principal_cache", None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    grants = [
        g for g in user.grants.all() if g.valid_from <= today and (g.valid_until is None or today <= g.valid_until)
    ]
    roles = frozenset(g.role for g in grants)
    by_perm: dict[str, list[ScopeGrant]] = {}
    perms: set[str] = set()
    for g in grants:
        units: frozenset[int] = frozenset()
        if g.scope in (Scope.UNIT, Scope.REGION) and g.org_unit_id:
            units = (_units_under(type(g).org_unit.field.related_model, g.org_unit_id) if g.scope == Scope.REGION
                     else frozenset({g.org_unit_id}))
        for perm in permissions.permissions_of(g.role):
            perms.add(perm)
            by_perm.setdefault(perm, []).append(ScopeGrant(scope=g.scope, unit_ids=units))
    result = Principal(
        user_id=user.pk,
        roles=roles,
        permissions=frozenset(perms),
        by_permission=by_perm,
        sensitivities=permissions.sensitivities_for(roles),
        acting_for=frozenset(i for fn in _STAND_INS for i in fn(user, today) if i != user.pk) if grants else frozenset(),
    )
    user._principal_cache = result
    return result


def forget(user: Any) -> None:
    if hasattr(user, "_principal_cache"):
        del user._principal_cache


def has_perm(user: Any, perm: str) -> bool:
    return principal(user).can(perm)


@dataclass(frozen=True)
class ScopeMap:
    """How a model reaches its responsible unit and officers.

    ``unit``: the lookup of the responsible unit id (e.g. ``"case__responsible_unit_id"``).
    ``officers``: lookups of user ids that own the record for the "own caseload" scope.
    ``own``: optional extra filter for "own" (e.g. an ``Exists`` over sections).
    """

    unit: str
    officers: tuple[str, ...] = ()
    own: Callable[[Any], Q] | None = None


def scope_q(user: Any, perm: str, scope_map: ScopeMap) -> Q | None:
    """A filter for the records ``user`` may ``perm``, or ``None`` for nothing."""
    p = principal(user)
    grants = p.by_permission.get(perm)
    if not grants:
        return None
    combined = Q(pk__in=[])
    for g in grants:
        if g.scope == Scope.NATIONAL:
            return Q()
        if g.scope in (Scope.UNIT, Scope.REGION):
            combined |= Q(**{f"{scope_map.unit}__in": sorted(g.unit_ids)})
        elif g.scope == Scope.OWN:
            combined |= _own_q(user, scope_map, [user.pk])
    if p.acting_for:
        # Standing in for an absent colleague: their own records too, whatever this user's scope.
        combined |= _own_q(user, scope_map, [user.pk, *sorted(p.acting_for)])
    return combined


def _own_q(user: Any, scope_map: ScopeMap, ids: list[int]) -> Q:
    own = Q(pk__in=[])
    for lookup in scope_map.officers:
        own |= Q(**{f"{lookup}__in": ids})
    if scope_map.own is not None:
        own |= scope_map.own(user)
    return own


def restrict(queryset: Any, user: Any, perm: str, scope_map: ScopeMap) -> Any:
    q = scope_q(user, perm, scope_map)
    if q is None:
        return queryset.none()
    return queryset.filter(q)


def unit_ids_for(user: Any, perm: str) -> frozenset[int] | None:
    """Units in which the user may ``perm``; ``None`` means all (national)."""
    grants = principal(user).by_permission.get(perm) or []
    units: set[int] = set()
    for g in grants:
        if g.scope == Scope.NATIONAL:
            return None
        units |= g.unit_ids
    if not units and any(g.scope == Scope.OWN for g in grants) and getattr(user, "home_unit_id", None):
        units.add(user.home_unit_id)
    return frozenset(units)


V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def page(perm: str | None = None, *, enrolling: bool = False) -> Callable[[V], V]:
    """Decorator for every page: login required; a missing permission looks like a missing page.

    Sign-in gates (``core.registry.sign_in_gate``, e.g. two-step sign-in) may send the user to another
    step first; ``enrolling=True`` marks such a step's own page."""

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            step = registry.pending_step(request.user, enrolling=enrolling)
            if step is not None:
                return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
            if perm is not None and not has_perm(request.user, perm):
                raise Http404
            return view(request, *args, **kwargs)

        wrapper.access_permission = perm  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def staff(request: HttpRequest) -> User:
    """The signed-in user of a request that passed :func:`page` (or the API's authentication), typed as
    a concrete user rather than ``User | AnonymousUser``."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user  # type: ignore[return-value]


def get_visible_or_404(queryset: Any, user: Any, perm: str, **lookup: Any) -> Any:
    """One record the user may ``perm``, else 404 (the same for missing and forbidden)."""
    obj = queryset.visible_to(user, perm).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj
