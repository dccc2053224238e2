from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from accounts.roles import ORG_MANAGE, POLICY_MANAGE, USER_MANAGE
from core.access import has_perm

register = template.Library()

_ITEMS = [
    ("org", "accounts:org", lambda: _("Organisation"), ORG_MANAGE),
    ("users", "accounts:users", lambda: _("Users"), USER_MANAGE),
    ("service", "accounts:service_accounts", lambda: _("Service accounts"), USER_MANAGE),
    ("policies", "accounts:policies", lambda: _("Policies"), POLICY_MANAGE),
]


@register.inclusion_tag("accounts/_subnav.html", takes_context=True)
def admin_subnav(context: dict[str, Any], section: str) -> dict[str, Any]:
    """The administration sub-navigation: only the pages the user may open."""
    user = context["request"].user
    items = [{"key": key, "url_name": url_name, "label": label()} for key, url_name, label, perm in _ITEMS
             if has_perm(user, perm)]
    return {"items": items, "section": section}


@register.simple_tag
def policy_value(policy: Any, value: Any) -> str:
    """A policy's value as people read it: yes/no, numbers in the page's format, a range as
    "40–280", the labels of the chosen items, a table as "row: value" (never a Python repr)."""
    from django.utils.formats import number_format

    from core import policies

    kind = policy.value_kind

    def num(v: Any) -> str:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return str(number_format(v, use_l10n=True))
        if isinstance(v, str):
            try:
                from decimal import Decimal

                return str(number_format(Decimal(v), use_l10n=True))
            except ArithmeticError:
                return v
        return str(v)

    if kind == policies.BOOLEAN:
        return _("yes") if value else _("no")
    if kind == policies.RANGE and isinstance(value, (list, tuple)) and len(value) == 2:
        return f"{num(value[0])}–{num(value[1])}"
    if kind in (policies.MULTICHOICE, policies.CHOICE):
        labels = {str(v): label for v, label in policy.allowed()}
        items = value if isinstance(value, (list, tuple)) else [value]
        return ", ".join(labels.get(str(i), str(i)) for i in items) or "—"
    if kind == policies.TABLE and isinstance(value, dict):
        labels = dict(policy.table_keys())
        return "; ".join(f"{labels.get(k, k)}: {num(v)}" for k, v in value.items()) or "—"
    if kind in (policies.INTEGER, policies.DECIMAL):
        return num(value)
    return str(value)
