"""Rules as data. Every legal limit or deadline is a :class:`Policy` with its source.

Apps declare policies in their ``policies.py`` with :func:`register`. The default and its legal
source live in code; an administrator may override the value (``PolicyOverride``) where the law
lets the service choose, and every override is audited. Read with :func:`value`.

``source``, ``unit`` and ``description`` are ``gettext_lazy`` texts in the declaring app's catalogue, so
the administrator's policies page reads in the page's language; wherever plain text is needed (the
API, a log, a comparison) convert with ``str()``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils.functional import Promise


@dataclass(frozen=True)
class Policy:
    key: str
    default: Any
    source: str | Promise  # gettext_lazy: shown in the reader's language on the policies page
    description: str | Promise
    unit: str | Promise = ""
    configurable: bool = True
    confirmed: bool = True  # False where the law or practice was not confirmed: a default
    choices: tuple[Any, ...] = field(default_factory=tuple)


log = logging.getLogger(__name__)
_REGISTRY: dict[str, Policy] = {}
_CACHE_PREFIX = "policy:"


def register(policy: Policy) -> Policy:
    existing = _REGISTRY.get(policy.key)
    if existing is not None and existing != policy:
        raise ValueError(f"policy {policy.key} registered twice with different definitions")
    _REGISTRY[policy.key] = policy
    return policy


def get(key: str) -> Policy:
    _load_all()
    return _REGISTRY[key]


def all_policies() -> list[Policy]:
    _load_all()
    return sorted(_REGISTRY.values(), key=lambda p: p.key)


def value(key: str) -> Any:
    """The value in force: the administrator's override, else the default.

    Values are cached in the shared cache (Redis in production) for a minute. When that cache fails
    (Redis down), the page keeps working: the value is read from the database and kept in this process
    for ``_LOCAL_SECONDS``, and the shared cache is not tried again for ``_SHARED_RETRY_SECONDS``
    (logged once per outage). ``/ready`` names the degraded cache."""
    policy = get(key)
    if not policy.configurable:
        return policy.default
    cache_key = _CACHE_PREFIX + key
    local = _LOCAL.get(cache_key)
    if local is not None and local[0] > time.monotonic():
        return local[1]
    shared = _shared_cache_usable()
    if shared:
        try:
            cached = cache.get(cache_key)
        except Exception as exc:  # noqa: BLE001 - any cache failure: read the database instead
            _shared_cache_failed(exc)
            shared = False
        else:
            if cached is not None:
                return cached["v"]
    from core.models import PolicyOverride

    override = PolicyOverride.objects.filter(key=key).values_list("value", flat=True).first()
    result = policy.default if override is None else override
    if shared:
        try:
            cache.set(cache_key, {"v": result}, 60)
            return result
        except Exception as exc:  # noqa: BLE001
            _shared_cache_failed(exc)
    _LOCAL[cache_key] = (time.monotonic() + _LOCAL_SECONDS, result)
    return result


def forget(key: str) -> None:
    _LOCAL.pop(_CACHE_PREFIX + key, None)
    if not _shared_cache_usable():
        return
    try:
        cache.delete(_CACHE_PREFIX + key)
    except Exception as exc:  # noqa: BLE001 - the value lapses from the shared cache within a minute
        _shared_cache_failed(exc)


# --- Without the shared cache ---------------------------------------------------------------------

_LOCAL: dict[str, tuple[float, Any]] = {}  # only filled while the shared cache fails
_LOCAL_SECONDS = 10.0
_SHARED_RETRY_SECONDS = 10.0
_shared_down_until = 0.0


def _shared_cache_usable() -> bool:
    return time.monotonic() >= _shared_down_until


def _shared_cache_failed(exc: BaseException) -> None:
    global _shared_down_until
    if _shared_down_until == 0.0 or time.monotonic() >= _shared_down_until + 60:
        log.warning("shared cache unavailable (%s: %s): policy values are read from the database and kept "
                    "in this process for %.0f s", type(exc).__name__, exc, _LOCAL_SECONDS)
    _shared_down_until = time.monotonic() + _SHARED_RETRY_SECONDS


def reset_local_cache() -> None:
    """Forget the in-process values and the shared cache's failure (tests; after Redis is back)."""
    global _shared_down_until
    _LOCAL.clear()
    _shared_down_until = 0.0


_LOADED = False


def _load_all() -> None:
    """Import every app's ``policies`` module once per process (a failed import of an app without
    one costs a search of sys.path, so it must not run on every lookup)."""
    global _LOADED
    if _LOADED:
        return
    from importlib import import_module

    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            import_module(f"{config.name}.policies")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.policies":
                raise
    _LOADED = apps.ready
