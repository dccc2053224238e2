"""The client file's tabs (overview and timeline, then the tabs the apps registered with
``cases.functions``), drawn by ``cases/_client_header.html``."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import CASE_VIEW
from cases import functions
from core.access import has_perm

register = template.Library()


@register.inclusion_tag("cases/_client_tabs.html", takes_context=True)
def client_tabs(context: Any, case: Any, active_tab: str = "") -> dict[str, Any]:
    user = context["request"].user
    tabs = []
    # A function's page may be open to a role that does not read the case file itself (the EM
    # operator): it gets no links to the file's own tabs, which would answer 404.
    if has_perm(user, CASE_VIEW):
        tabs = [
            {"code": "overview", "label": _("Overview"), "url": reverse("case_detail", args=[case.pk])},
            {"code": "timeline", "label": _("Timeline"), "url": reverse("case_timeline", args=[case.pk])},
            {"code": "notes", "label": _("Notes"), "url": reverse("case_notes", args=[case.pk])},
        ]
    for tab in functions.TABS:
        if has_perm(user, tab.permission):
            tabs.append({"code": tab.code, "label": str(tab.label), "url": reverse(tab.url_name, args=[case.pk])})
    return {"tabs": tabs, "active_tab": active_tab}
