from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, resolve, reverse
from django.utils.translation import get_language

from core import registry
from core.access import has_perm, principal

# The width of the navigation bar beside the search box at 1280 px, in characters of the bold nav font
# (each entry costs its label and its gap); what does not fit opens from "More" (about 9 characters).
NAV_BAR_CHARS = 58
NAV_GAP_CHARS = 2
NAV_MORE_CHARS = 9
LANGUAGE_NAMES = {"lv": "Latviešu", "en": "English", "ru": "Русский"}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation from the entries the apps registered (``core.registry.nav``): those the
    user's permissions allow, the one whose address is the longest prefix of this page's marked current."""
    languages = [(code, LANGUAGE_NAMES[code]) for code in getattr(request, "page_languages", settings.STAFF_LANGUAGES)]
    items: list[dict[str, Any]] = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        for entry, url, label in _entries(principal(user).permissions, get_language(), get_script_prefix()):
            if entry.when is not None and not entry.when(user):
                continue
            items.append({"url": url, "label": label, "current": False})
        current = max((item for item in items if request.path.startswith(item["url"])),
                      key=lambda item: len(item["url"]), default=None)
        if current is not None:
            current["current"] = True
    # The first entries (in the apps' registered order) stay in the bar; the rest open from "More", so
    # the bar is one line at 1280 px however many functions a role works in.
    primary, more = _split_bar(items)
    return {"nav": {"items": items, "primary": primary, "more": more, "languages": languages,
                    "more_current": any(item["current"] for item in more),
                    "search": user is not None and may_open(user, "search")}}


def _split_bar(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The entries that fit the bar in the reader's language (in registered order), and the rest."""
    def cost(entries: list[dict[str, Any]]) -> int:
        return sum(len(item["label"]) + NAV_GAP_CHARS for item in entries)

    if cost(items) <= NAV_BAR_CHARS:
        return items, []
    primary: list[dict[str, Any]] = []
    for item in items:
        if cost([*primary, item]) + NAV_MORE_CHARS > NAV_BAR_CHARS:
            break
        primary.append(item)
    return primary, items[len(primary):]


_ENTRIES: dict[tuple[Any, ...], list[tuple[Any, str, str]]] = {}


def _entries(permissions: frozenset[str], language: str | None, prefix: str) -> list[tuple[Any, str, str]]:
    """The entries a set of permissions allows, with their address and label in ``language``: the
    same for every request of the same kind of user, so built once per process (every page paid
    a permission check, a ``reverse`` and a translation per entry: docs/performance.md)."""
    registered = registry.nav_items()
    key = (tuple(id(entry) for entry in registered), permissions, language, prefix)
    cached = _ENTRIES.get(key)
    if cached is None:
        cached = []
        for entry in registered:
            if entry.permission is not None and entry.permission not in permissions:
                continue
            try:
                url = reverse(entry.url_name)
            except NoReverseMatch:  # a module that is switched off has no page
                continue
            cached.append((entry, url, str(entry.label)))
        if len(_ENTRIES) > 1000:  # bounded: a few role combinations × languages in practice
            _ENTRIES.clear()
        _ENTRIES[key] = cached
    return cached


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
