"""The organisation API (mounted at /api/org): units, users and the caller's own access."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Query, Schema

from accounts import selectors
from accounts.models import Grant, OrgUnit
from accounts.roles import USER_MANAGE
from core import access
from core.api import ApiRouter

router = ApiRouter(tags=["organisation"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    municipalities: list[str]
    active: bool


class GrantOut(Schema):
    role: str
    scope: str
    org_unit: str | None
    valid_from: dt.date
    valid_until: dt.date | None


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    home_unit: str | None
    is_active: bool
    is_service_account: bool
    roles: list[GrantOut]


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    home_unit: str | None
    is_service_account: bool
    roles: list[str]
    grants: list[GrantOut]
    permissions: list[str]
    sensitivities: list[str]
    token_scopes: list[str] | None


class UserFilters(Schema):
    unit: str | None = None  # unit code
    role: str | None = None
    active: str = "yes"  # yes / no / all
    q: str | None = None
    limit: int = 100
    offset: int = 0


class UserPage(Schema):
    count: int
    items: list[UserOut]


def _grant_out(g: Grant) -> GrantOut:
    return GrantOut(role=g.role, scope=g.scope, org_unit=g.org_unit.code if g.org_unit is not None else None,
                    valid_from=g.valid_from, valid_until=g.valid_until)


# Any staff member with a role (the handler checks: no single permission says "staff").
@router.get("/units", perm=None, response=list[UnitOut], summary="Organisational units")
def units(request: HttpRequest, include_inactive: bool = False) -> list[OrgUnit]:
    """Headquarters, regions and territorial units with the municipalities they cover. Any staff
    member with a role may read them (tokens need the ``read`` scope)."""
    if not selectors.is_staff_with_role(request.user):
        raise Http404
    qs = OrgUnit.objects.order_by("kind", "name")
    if not include_inactive:
        qs = qs.filter(active=True)
    return list(qs)


@router.get("/users", perm=USER_MANAGE, response=UserPage, summary="Users (administrators)")
def users(request: HttpRequest, filters: Query[UserFilters]) -> UserPage:
    unit_id = None
    if filters.unit:
        unit_id = OrgUnit.objects.filter(code__iexact=filters.unit).values_list("pk", flat=True).first() or -1
    qs = selectors.users_list(unit=unit_id, role=filters.role or "", active=filters.active, q=filters.q or "",
                              sort="username")
    limit = max(1, min(filters.limit, 500))
    offset = max(0, filters.offset)
    items = [
        UserOut(id=u.pk, username=u.username, full_name=u.get_full_name(), email=u.email,
                home_unit=u.home_unit.code if u.home_unit is not None else None, is_active=u.is_active,
                is_service_account=u.is_service_account, roles=[_grant_out(g) for g in u.current_grants])
        for u in qs[offset:offset + limit]
    ]
    return UserPage(count=qs.count(), items=items)


# Every signed-in caller may read their own access.
@router.get("/me", perm=None, response=MeOut, summary="The caller: roles, scopes and permissions")
def me(request: HttpRequest) -> MeOut:
    user = access.staff(request)
    p = access.principal(user)
    grants = list(selectors.current_grants().filter(user=user))
    token = getattr(request, "api_token", None)
    return MeOut(
        id=user.pk, username=user.username, full_name=user.get_full_name(),
        home_unit=user.home_unit.code if user.home_unit is not None else None,
        is_service_account=user.is_service_account, roles=sorted(p.roles),
        grants=[_grant_out(g) for g in grants], permissions=sorted(p.permissions),
        sensitivities=sorted(p.sensitivities), token_scopes=list(token.scopes) if token is not None else None,
    )
