from __future__ import annotations

import contextlib
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


def _model(label: str) -> Any:
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


@register.filter
def record_name(label: str) -> str:
    """``tasks.task`` as the reader calls it: "Uzdevums" (the model's verbose name), else the label."""
    model = _model(label)
    name = str(model._meta.verbose_name) if model is not None else label
    return name[:1].upper() + name[1:]


@register.filter
def change_label(entry: Any) -> str:
    """What a change-log row did, in words: the verb's own translation where the catalogue has one
    ("task_complete"), else the kind of change ("updated"); the service's name stays in the row's title."""
    from django.utils.translation import get_language, gettext

    said = gettext(entry.verb)
    if said != entry.verb:
        return said
    if (get_language() or "").startswith("en"):
        return entry.verb.replace("_", " ").capitalize()
    return str(entry.get_action_display())


@register.filter
def change_values(values: Any, label: str) -> list[tuple[str, str]]:
    """A change log's before/after as (field as the reader calls it, value in words) pairs, not a dict."""
    from django.core.exceptions import FieldDoesNotExist
    from django.utils.translation import gettext

    if not isinstance(values, dict):
        return [] if values in (None, "") else [("", str(values))]
    model = _model(label)
    pairs = []
    for key, value in values.items():
        name = key
        if model is not None:
            with contextlib.suppress(FieldDoesNotExist):
                name = str(model._meta.get_field(key).verbose_name)
        if value is None or value == "" or value == []:
            shown = "—"
        elif value is True or value is False:
            shown = gettext("yes") if value else gettext("no")
        elif isinstance(value, list):
            shown = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            shown = "; ".join(f"{k}: {'—' if v is None else v}" for k, v in value.items())
        else:
            shown = str(value)
        pairs.append((name[:1].upper() + name[1:], shown))
    return pairs


@register.filter
def personal_code(value: str) -> str:
    """A Latvian personal code as every page shows it, "161175-19997", however it was typed or stored."""
    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 11 else str(value or "")
