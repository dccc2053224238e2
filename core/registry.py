"""What apps plug into the frame of the system: their pages (URL mounts), API routers, token scopes,
main-navigation entries, landing pages, periodic jobs and sign-in gates.

Apps register in ``AppConfig.ready`` (a probation function through ``cases.functions.register``,
which calls these). ``config`` builds the URL tree, the API and Celery's beat schedule from here;
``core`` draws the navigation and sends each user to a landing page from here. Nothing in this module
names an app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

# --- Pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UrlMount:
    prefix: str  # "volunteers/" (or "" for the root)
    module: str  # dotted path of the urlconf module
    order: int = 100


_URLS: dict[str, UrlMount] = {}


def mount_urls(prefix: str, module: str, *, order: int = 100) -> None:
    existing = _URLS.get(module)
    mount = UrlMount(prefix, module, order)
    if existing is not None and existing != mount:
        raise ValueError(f"{module} is mounted twice")
    _URLS[module] = mount


def url_mounts() -> list[UrlMount]:
    return sorted(_URLS.values(), key=lambda m: (m.order, m.prefix))


# --- API --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiMount:
    prefix: str  # "/volunteers"
    router: str  # dotted path of a ``core.api.ApiRouter``, e.g. "volunteers.api.router"
    order: int = 100


_API: dict[str, ApiMount] = {}


def mount_api(prefix: str, router: str, *, order: int = 100) -> None:
    if prefix in _API and _API[prefix].router != router:
        raise ValueError(f"API prefix {prefix} is taken by {_API[prefix].router}")
    _API[prefix] = ApiMount(prefix, router, order)


def api_mounts() -> list[ApiMount]:
    return sorted(_API.values(), key=lambda m: (m.order, m.prefix))


@dataclass(frozen=True)
class ApiScope:
    code: str
    label: str | Promise
    default_for_service_accounts: bool = False


_SCOPES: dict[str, ApiScope] = {}


def api_scope(code: str, label: str | Promise, *, default: bool = False) -> str:
    """Declare a token scope (``ApiRouter`` declares its own read and write scopes)."""
    existing = _SCOPES.get(code)
    if existing is None or (default and not existing.default_for_service_accounts):
        _SCOPES[code] = ApiScope(code, label, default)
    return code


def api_scopes() -> dict[str, ApiScope]:
    """Every token scope: the routers declare theirs when imported, so import the mounted ones."""
    from django.utils.module_loading import import_string

    for mount in _API.values():
        import_string(mount.router)
    return dict(sorted(_SCOPES.items()))


def default_api_scopes() -> list[str]:
    """The scopes a new service-account token gets unless others are chosen."""
    return [code for code, scope in api_scopes().items() if scope.default_for_service_accounts]


# --- Navigation and landing pages ---------------------------------------------------------------


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    permission: str | None
    order: int = 100
    # Optional extra condition, e.g. "the user supervises a work place".
    when: Callable[[Any], bool] | None = None


_NAV: dict[str, NavItem] = {}


def nav(url_name: str, label: str | Promise, *, permission: str | None, order: int = 100,
        when: Callable[[Any], bool] | None = None) -> None:
    _NAV[url_name] = NavItem(url_name, label, permission, order, when)


def nav_items() -> list[NavItem]:
    return sorted(_NAV.values(), key=lambda n: n.order)


@dataclass(frozen=True)
class Landing:
    """A first page: users who hold ``permission`` (and pass ``when``) land on ``url_name`` after
    sign-in. The lowest ``order`` that applies wins."""

    url_name: str
    permission: str | None
    order: int = 100
    when: Callable[[Any], bool] | None = None


_LANDINGS: list[Landing] = []


def landing(url_name: str, *, permission: str | None, order: int = 100,
            when: Callable[[Any], bool] | None = None) -> None:
    entry = Landing(url_name, permission, order, when)
    if entry not in _LANDINGS:
        _LANDINGS.append(entry)


def landings() -> list[Landing]:
    return sorted(_LANDINGS, key=lambda entry: entry.order)


# --- Periodic jobs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # the schedule entry's name
    task: str  # the Celery task name (``core.jobs.logged_task``)
    schedule: Any  # a celery.schedules.crontab, or seconds


_JOBS: dict[str, PeriodicJob] = {}


def periodic(name: str, task: str, schedule: Any) -> None:
    _JOBS[name] = PeriodicJob(name, task, schedule)


def periodic_jobs() -> list[PeriodicJob]:
    return list(_JOBS.values())


def beat_schedule() -> dict[str, dict[str, Any]]:
    """Celery's ``beat_schedule`` from the registered jobs."""
    return {job.name: {"task": job.task, "schedule": job.schedule} for job in _JOBS.values()}


# --- Long-running background services -----------------------------------------------------------


@dataclass(frozen=True)
class BackgroundService:
    """A long-running worker an app needs beside the web process (e.g. a telemetry ingestion worker).

    In production it runs as its own process: ``manage.py <command>`` (docs/deployment.md). In the
    embedded default (``make run``) ``manage.py serve`` calls ``start`` (a dotted path to a callable
    that starts the service in daemon threads and returns at once)."""

    name: str
    command: str
    start: str


_SERVICES: dict[str, BackgroundService] = {}


def background_service(name: str, *, command: str, start: str) -> None:
    _SERVICES[name] = BackgroundService(name, command, start)


def background_services() -> list[BackgroundService]:
    return list(_SERVICES.values())


# --- Sign-in gates ------------------------------------------------------------------------------

# A gate decides whether a signed-in user may go on to a page, or must first take another step (e.g.
# two-step sign-in): it returns ``None`` to let the user on, else the URL name of the step's page.
Gate = Callable[..., str | None]
_GATES: list[Gate] = []


def sign_in_gate(gate: Gate) -> Gate:
    if gate not in _GATES:
        _GATES.append(gate)
    return gate


def pending_step(user: Any, *, enrolling: bool = False) -> str | None:
    """The URL name of the step a signed-in user must take before any page, or ``None``."""
    for gate in _GATES:
        step = gate(user, enrolling=enrolling)
        if step is not None:
            return step
    return None
