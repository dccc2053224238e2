from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, resolve, reverse

from core import registry
from core.access import has_perm

LANGUAGE_NAMES = {"lv": "Latviešu", "en": "English", "ru": "Русский"}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation from the entries the apps registered (``core.registry.nav``): those the
    user's permissions allow, the one whose address is the longest prefix of this page's marked current."""
    languages = [(code, LANGUAGE_NAMES[code]) for code in getattr(request, "page_languages", settings.STAFF_LANGUAGES)]
    items: list[dict[str, Any]] = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        for entry in registry.nav_items():
            if entry.permission is not None and not has_perm(user, entry.permission):
                continue
            if entry.when is not None and not entry.when(user):
                continue
            try:
                url = reverse(entry.url_name)
            except NoReverseMatch:  # a module that is switched off has no page
                continue
            items.append({"url": url, "label": str(entry.label), "current": False})
        current = max((item for item in items if request.path.startswith(item["url"])),
                      key=lambda item: len(item["url"]), default=None)
        if current is not None:
            current["current"] = True
    return {"nav": {"items": items, "languages": languages, "search": user is not None and may_open(user, "search")}}


def may_open(user: Any, url_name: str) -> bool:
    """Whether ``user`` passes the permission of the page named ``url_name`` (the one its
    ``core.access.page`` decorator declares): a link or a form to a page that would answer 404 is
    not shown."""
    if not user.is_authenticated:
        return False
    try:
        view = resolve(reverse(url_name)).func
    except NoReverseMatch:
        return False
    perm = getattr(view, "access_permission", None)
    return perm is None or has_perm(user, perm)
