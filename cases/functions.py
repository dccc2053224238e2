"""The function seam: a probation function (each in its own app: reports for courts, mediation, …)
declares itself once, and the shared layers read the declaration.

A function app builds one :class:`Function` and registers it from its ``AppConfig.ready``::

    class ExampleConfig(AppConfig):
        name = "example"

        def ready(self) -> None:
            from example.function import FUNCTION
            functions.register(FUNCTION)

:func:`register` imports the function's modules (policies, timeline event types, task rules, letters,
jobs) and hands each part to the layer that owns it: section kinds and client-file panels and tabs to
``cases``; permissions to the role registry (``core.permissions``); pages, API router, token scopes,
navigation, landing pages and periodic jobs to ``core.registry``; sensitive fields to
``core.sensitivity``. ``config``, ``core``, ``accounts``, ``cases``, ``tasks``, ``documents`` and the
templates then name no function. docs/development/adding-a-function.md is the checklist.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from cases import kinds
from cases.kinds import ClosingReason, SectionKind
from core import permissions, registry, sensitivity


@dataclass(frozen=True)
class Permission:
    """A permission the function adds, and the roles that get it."""

    code: str
    label: str | Promise
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grant:
    """Permissions (the function's own or the shared ones) the function gives to more roles, e.g. the
    shared ``case.view`` to the function's own role."""

    permissions: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class SensitiveField:
    model: str  # "app_label.model"
    field: str
    sensitivity: str  # a core.sensitivity.Sensitivity value


@dataclass(frozen=True)
class Nav:
    url_name: str
    label: str | Promise
    permission: str | None
    order: int = 100
    when: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Landing:
    url_name: str
    permission: str | None
    order: int = 100
    when: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Job:
    name: str
    task: str
    schedule: Any


@dataclass(frozen=True)
class Panel:
    """A panel on the client file's overview page (case-level modules: risk, EM, mentors, …).

    ``context(request, case)`` returns the template's context, or ``None`` when the panel has nothing to
    show for this case (it is then left out). It runs once per page: keep it to a query or two."""

    code: str
    label: str | Promise
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    permission: str
    order: int = 100


@dataclass(frozen=True)
class Tab:
    """A tab under the client-file header; ``url_name`` takes the case id."""

    code: str
    label: str | Promise
    url_name: str
    permission: str
    order: int = 100


@dataclass(frozen=True)
class Function:
    app: str
    label: str | Promise
    section_kinds: tuple[SectionKind, ...] = ()
    closing_reasons: tuple[ClosingReason, ...] = ()
    basis_types: tuple[tuple[str, str | Promise], ...] = ()
    permissions: tuple[Permission, ...] = ()
    grants: tuple[Grant, ...] = ()
    sensitive_fields: tuple[SensitiveField, ...] = ()
    sensitivities: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (class, roles that may see it)
    urls: str = ""  # the urlconf module, mounted at url_prefix
    url_prefix: str = ""
    api: str = ""  # dotted path of the core.api.ApiRouter, mounted at /api/<api_prefix>
    api_prefix: str = ""
    navigation: tuple[Nav, ...] = ()
    landing: tuple[Landing, ...] = ()
    jobs: tuple[Job, ...] = ()
    panels: tuple[Panel, ...] = ()
    tabs: tuple[Tab, ...] = ()
    services: tuple[registry.BackgroundService, ...] = ()  # long-running workers (core.registry)
    # Modules imported at registration, each registering what its name says with its layer:
    # policies (core.policies), timeline event types (cases.timeline), task rules (tasks.rules),
    # letter kinds and built-in templates (documents), Celery tasks (core.jobs.logged_task).
    modules: tuple[str, ...] = field(default_factory=tuple)


FUNCTIONS: dict[str, Function] = {}
PANELS: list[Panel] = []
TABS: list[Tab] = []


def register(function: Function) -> Function:
    """Hand every part of ``function`` to the layer that owns it. Idempotent for the same object."""
    if FUNCTIONS.get(function.app) is function:
        return function
    if function.app in FUNCTIONS:
        raise ValueError(f"function {function.app} registered twice")
    for module in function.modules:
        importlib.import_module(module)
    for reason in function.closing_reasons:
        kinds.add_closing_reason(reason)
    for code, label in function.basis_types:
        kinds.add_basis_type(code, label)
    for kind in function.section_kinds:
        kinds.register(kind)
    for perm in function.permissions:
        permissions.register_permission(perm.code, perm.label, app=function.app, roles=perm.roles)
    for extra in function.grants:
        permissions.grant(*extra.permissions, to=extra.roles)
    for cls, roles in function.sensitivities:
        permissions.allow_sensitivity(cls, to=roles)
    for sf in function.sensitive_fields:
        sensitivity.register_field(sf.model, sf.field, sf.sensitivity)
    if function.urls:
        registry.mount_urls(function.url_prefix, function.urls)
    if function.api:
        registry.mount_api(f"/{function.api_prefix or function.app}", function.api)
    for item in function.navigation:
        registry.nav(item.url_name, item.label, permission=item.permission, order=item.order, when=item.when)
    for entry in function.landing:
        registry.landing(entry.url_name, permission=entry.permission, order=entry.order, when=entry.when)
    for job in function.jobs:
        registry.periodic(job.name, job.task, job.schedule)
    for service in function.services:
        registry.background_service(service.name, command=service.command, start=service.start)
    PANELS.extend(function.panels)
    PANELS.sort(key=lambda p: p.order)
    TABS.extend(function.tabs)
    TABS.sort(key=lambda t: t.order)
    FUNCTIONS[function.app] = function
    return function


def add_tab(tab: Tab) -> None:
    """A shared layer's tab on the client file (documents, tasks)."""
    if tab not in TABS:
        TABS.append(tab)
        TABS.sort(key=lambda t: t.order)


def function_of_kind(kind_code: str) -> Function | None:
    for function in FUNCTIONS.values():
        if any(k.code == kind_code for k in function.section_kinds):
            return function
    return None


def kinds_of(app: str) -> tuple[str, ...]:
    function = FUNCTIONS.get(app)
    return tuple(k.code for k in function.section_kinds) if function else ()


def all_functions() -> Iterable[Function]:
    return FUNCTIONS.values()
