from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def sort_header(context: dict[str, Any], key: str, label: str) -> str:
    """A sortable column header (MOJ sortable table pattern, server-side). ``key`` names the column
    (a leading "-" is ignored: the link toggles between ``key`` and ``-key``, never ``--key``)."""
    key = key.lstrip("-")
    request = context["request"]
    current = request.GET.get("sort", context.get("default_sort", ""))
    direction = "none"
    next_value = key
    if current == key:
        direction, next_value = "ascending", f"-{key}"
    elif current == f"-{key}":
        direction, next_value = "descending", key
    query = request.GET.copy()
    query["sort"] = next_value
    query.pop("page", None)
    return format_html(
        '<th scope="col" class="govuk-table__header" aria-sort="{}"><a class="govuk-link" href="?{}">{}</a></th>',
        direction, query.urlencode(), label,
    )


@register.filter
def yesno_lv(value: bool) -> str:
    return _("yes") if value else _("no")
