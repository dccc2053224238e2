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
