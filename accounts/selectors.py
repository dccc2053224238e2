"""Reads for the administration pages and the organisation API (plain querysets)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import ApiToken, Grant, OrgUnit, User
from core import access, permissions
from core.places import municipality_names
from core.text import Latvian

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _ListedUserAttrs(TypedDict):
        current_grants: list[Grant]

    class _DetailUserAttrs(TypedDict):
        all_grants: list[Grant]
        tokens: list[ApiToken]

    # Users carrying the Prefetch(..., to_attr=...) lists of users_list / user_detail.
    ListedUser = WithAnnotations[User, _ListedUserAttrs]
    DetailUser = WithAnnotations[User, _DetailUserAttrs]


def current_grants_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}valid_from__lte": today}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": today})
    )


def current_grants() -> QuerySet[Grant]:
    return Grant.objects.filter(current_grants_q()).select_related("org_unit").order_by("role", "scope")


USER_SORTS = {
    "name": ("last_name", "first_name", "id"),
    "username": ("username",),
    "unit": ("home_unit__name", "last_name", "id"),
    "last_login": ("last_login", "id"),
}


def users_list(*, unit: int | None = None, role: str = "", active: str = "yes", q: str = "",
               sort: str = "name", service_accounts: bool = False) -> QuerySet[ListedUser]:
    """Users for the administration list, with their current grants prefetched."""
    qs = User.objects.filter(is_service_account=service_accounts).select_related("home_unit").prefetch_related(
        Prefetch("grants", queryset=current_grants(), to_attr="current_grants")
    )
    if unit:
        qs = qs.filter(home_unit_id=unit)
    if role:
        qs = qs.filter(Q(grants__role=role) & current_grants_q("grants__")).distinct()
    if active == "yes":
        qs = qs.filter(is_active=True)
    elif active == "no":
        qs = qs.filter(is_active=False)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
                       | Q(email__icontains=q))
    descending = sort.startswith("-")
    keys = USER_SORTS.get(sort.lstrip("-"), USER_SORTS["name"])
    return qs.order_by(*(f"-{k}" if descending else k for k in keys))


def user_detail(pk: int) -> DetailUser | None:
    return (
        User.objects.select_related("home_unit")
        .prefetch_related(
            Prefetch("grants", queryset=Grant.objects.select_related("org_unit", "granted_by")
                     .order_by("-valid_from", "role"), to_attr="all_grants"),
            Prefetch("api_tokens", queryset=ApiToken.objects.select_related("created_by"), to_attr="tokens"),
        )
        .filter(pk=pk)
        .first()
    )


@dataclass
class TreeNode:
    unit: OrgUnit
    children: list[TreeNode] = field(default_factory=list)


def org_units_annotated() -> QuerySet[OrgUnit]:
    # The case files each unit is responsible for, through the reverse relation (``cases.Case``).
    case_model: Any = OrgUnit._meta.get_field("cases").related_model
    open_cases = (
        case_model.objects.filter(responsible_unit=OuterRef("pk"), status="open")
        .order_by().values("responsible_unit").annotate(n=Count("pk")).values("n")
    )
    return OrgUnit.objects.annotate(
        active_staff=Count("staff", filter=Q(staff__is_active=True), distinct=True),
        open_cases=Coalesce(Subquery(open_cases), 0),
    ).order_by(Latvian("name"))


def org_tree(*, include_inactive: bool = False) -> list[TreeNode]:
    """Headquarters → regions → territorial units, built from one query."""
    units = list(org_units_annotated() if include_inactive else org_units_annotated().filter(active=True))
    names = municipality_names()
    nodes = {u.pk: TreeNode(u) for u in units}
    roots: list[TreeNode] = []
    for u in units:
        u.municipality_labels = [names.get(c, c) for c in (u.municipalities or [])]
        parent = nodes.get(u.parent_id) if u.parent_id else None
        (parent.children if parent else roots).append(nodes[u.pk])
    order: dict[str, int] = {OrgUnit.Kind.HEADQUARTERS: 0, OrgUnit.Kind.REGION: 1, OrgUnit.Kind.UNIT: 2}
    roots.sort(key=lambda n: (order.get(n.unit.kind, 3), n.unit.name))
    return roots


def is_staff_with_role(user: Any) -> bool:
    """Signed in with at least one current role that is not external (volunteer, work provider,
    integration)."""
    roles = access.principal(user).roles
    return bool(roles - permissions.external_roles())
