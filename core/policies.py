"""Rules as data. Every legal limit or deadline is a :class:`Policy` with its source.

Apps declare policies in their ``policies.py`` with :func:`register`. The default and its legal
source live in code; an administrator may override the value (``PolicyOverride``) where the law
lets the service choose, and every override is audited. Read with :func:`value`.

``source``, ``unit`` and ``description`` are ``gettext_lazy`` texts in the declaring app's catalogue, so
the administrator's policies page reads in the page's language; wherever plain text is needed (the
API, a log, a comparison) convert with ``str()``.
"""

from __future__ import annotations

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
    """The value in force: the administrator's override, else the default."""
    policy = get(key)
    if not policy.configurable:
        return policy.default
    cache_key = _CACHE_PREFIX + key
    cached = cache.get(cache_key)
    if cached is not None:
        return cached["v"]
    from core.models import PolicyOverride

    override = PolicyOverride.objects.filter(key=key).values_list("value", flat=True).first()
    result = policy.default if override is None else override
    cache.set(cache_key, {"v": result}, 60)
    return result


def forget(key: str) -> None:
    cache.delete(_CACHE_PREFIX + key)


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
