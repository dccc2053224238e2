from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accounts import roles
from core.access import has_perm

LANGUAGE_NAMES = {"lv": "Latviešu", "en": "English", "ru": "Русский"}

# Main navigation: (url name, label, permission needed), as data.
NAV = [
    ("caseload", lambda: _("My caseload"), roles.CASE_VIEW),
    ("supervision:caseload", lambda: _("Supervision"), roles.CASE_VIEW),
    ("community:caseload", lambda: _("Community service"), roles.CASE_VIEW),
    ("tasks:mine", lambda: _("Tasks"), roles.TASK_VIEW),
    ("tasks:inbox", lambda: _("Inbox"), roles.INBOX_VIEW),
    ("tasks:workload", lambda: _("Workload"), roles.WORKLOAD_VIEW),
    ("community:report", lambda: _("Reports"), roles.STATS_VIEW),
    ("outbox:list", lambda: _("Messages"), roles.CASE_VIEW),
    ("accounts:org", lambda: _("Organisation"), roles.ORG_MANAGE),
    ("accounts:users", lambda: _("Users"), roles.USER_MANAGE),
    ("accounts:policies", lambda: _("Policies"), roles.POLICY_MANAGE),
    ("documents:templates", lambda: _("Templates"), roles.TEMPLATE_MANAGE),
    ("audit_log", lambda: _("Audit"), roles.AUDIT_VIEW),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    languages = [(code, LANGUAGE_NAMES[code]) for code in getattr(request, "page_languages", settings.STAFF_LANGUAGES)]
    items = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        for name, label, perm in NAV:
            if has_perm(user, perm):
                try:
                    url = reverse(name)
                except NoReverseMatch:  # a module that is switched off has no page
                    continue
                items.append({"url": url, "label": label(), "current": request.path.startswith(url)})
    return {"nav": {"items": items, "languages": languages}}
