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
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
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
    # The declared shape of the value (checked on every change, so an override can never be absurd):
    # ``minimum``/``maximum`` bound a number, each number of a range and each value of a table;
    # ``choices_from`` gives the allowed values (or list items) as ``(value, label)`` pairs when they
    # are known only at run time (roles, section kinds); ``keys`` are the keys of a table (a dict),
    # a tuple of ``(key, label)`` or a callable returning them; with no ``keys`` a table's keys match
    # ``key_pattern``; ``partial`` lets a table leave keys out (their default applies).
    minimum: int | float | Decimal | None = None
    maximum: int | float | Decimal | None = None
    choices_from: Callable[[], Iterable[tuple[str, Any]]] | None = None
    keys: tuple[tuple[str, Any], ...] | Callable[[], Iterable[tuple[str, Any]]] = ()
    key_pattern: str = r"^[a-z0-9_]{1,60}$"
    partial: bool = False
    kind: str = ""  # one of KINDS; empty: inferred from the default

    @property
    def value_kind(self) -> str:
        return self.kind or infer_kind(self)

    @property
    def name(self) -> str | Promise:
        """What people call the rule: its description (the key is secondary, for integrators)."""
        return self.description

    def allowed(self) -> list[tuple[Any, str]]:
        """The allowed values (or items), as ``(value, label)``."""
        if self.choices_from is not None:
            return [(v, str(label)) for v, label in self.choices_from()]
        return [(c, str(c)) for c in self.choices]

    def table_keys(self) -> list[tuple[str, str]]:
        keys = self.keys() if callable(self.keys) else self.keys
        return [(k, str(label)) for k, label in keys]


# The kinds of value a policy holds.
BOOLEAN, INTEGER, DECIMAL, TEXT, CHOICE, MULTICHOICE, RANGE, TABLE = (
    "boolean", "integer", "decimal", "text", "choice", "multichoice", "range", "table")
KINDS = (BOOLEAN, INTEGER, DECIMAL, TEXT, CHOICE, MULTICHOICE, RANGE, TABLE)


def infer_kind(policy: Policy) -> str:
    default = policy.default
    if isinstance(default, bool):
        return BOOLEAN
    if isinstance(default, int):
        return CHOICE if policy.choices or policy.choices_from else INTEGER
    if isinstance(default, (float, Decimal)):
        return DECIMAL
    if isinstance(default, list):
        if len(default) == 2 and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in default):
            return RANGE
        return MULTICHOICE
    if isinstance(default, dict):
        return TABLE
    return CHOICE if policy.choices or policy.choices_from else TEXT


def _number(raw: Any, *, whole: bool) -> int | Decimal | None:
    """``raw`` as a whole number or an exact decimal (a decimal comma accepted), or None."""
    if isinstance(raw, bool) or raw is None:
        return None
    text = str(raw).strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if whole:
        return int(number) if number == number.to_integral_value() else None
    return number


def _json(raw: Any) -> Any:
    if isinstance(raw, str):
        import json

        try:
            return json.loads(raw)
        except ValueError:
            return None
    return raw


def coerce(policy: Policy, raw: Any) -> Any:
    """Turn an entered value (text from a form, JSON from the API, or the Python value) into the
    policy's type, and check it against the declared range, choices and keys; raise
    :class:`core.errors.ValidationFailed` (``field="value"``) otherwise. Decimals are kept exact:
    a decimal policy's value is stored as a JSON number with no binary rounding error."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    from core.errors import ValidationFailed

    kind = policy.value_kind

    def fail(code: str, message: str) -> ValidationFailed:
        return ValidationFailed(code, message, field="value")

    def check_bounds(number: int | Decimal, what: str = "") -> None:
        prefix = f"{what}: " if what else ""
        if policy.minimum is not None and number < Decimal(str(policy.minimum)):
            raise fail("policy_value_range", prefix + _("The value must be at least %(min)s.")
                       % {"min": number_format(policy.minimum)})
        if policy.maximum is not None and number > Decimal(str(policy.maximum)):
            raise fail("policy_value_range", prefix + _("The value must be at most %(max)s.")
                       % {"max": number_format(policy.maximum)})
        if policy.minimum is None and number < 0:
            raise fail("policy_value_negative", prefix + _("The value cannot be negative."))

    def scalar(raw: Any, whole: bool, what: str = "") -> int | Decimal:
        number = _number(raw, whole=whole)
        if number is None:
            prefix = f"{what}: " if what else ""
            raise fail("policy_value_type", prefix + (_("Enter a whole number.") if whole else _("Enter a number.")))
        check_bounds(number, what)
        return number

    def plain(number: int | Decimal) -> int | float | str:
        # JSON has no decimal type: a whole value is stored as an int, any other as a float that
        # prints as typed (Decimal("0.2") -> 0.2, never 0.200000000000001).
        if isinstance(number, Decimal):
            return int(number) if number == number.to_integral_value() else float(number)
        return number

    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise fail("policy_value_required", _("Enter the value."))
    if kind == BOOLEAN:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise fail("policy_value_type", _("Choose yes or no."))
    if kind == INTEGER:
        return scalar(raw, True)
    if kind == DECIMAL:
        return plain(scalar(raw, False))
    if kind in (TEXT, CHOICE):
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and kind == CHOICE:
            raw = str(raw)
        if not isinstance(raw, str):
            raise fail("policy_value_type", _("Enter text."))
        text = raw.strip()
        if kind == CHOICE:
            allowed = {str(v): v for v, _label in policy.allowed()}
            if text not in allowed:
                raise fail("policy_value_choice", _("Choose one of: %(c)s.")
                           % {"c": ", ".join(label for _v, label in policy.allowed())})
            return allowed[text]
        return text
    if kind == MULTICHOICE:
        items = _json(raw)
        if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
            raise fail("policy_value_type", _("Choose from the list."))
        options = policy.allowed()
        if options:
            codes = [str(v) for v, _label in options]
            unknown = [i for i in items if i not in codes]
            if unknown:
                raise fail("policy_value_choice", _("Not one of the allowed values: %(v)s. Choose from: %(c)s.")
                           % {"v": ", ".join(unknown), "c": ", ".join(label for _v, label in options)})
            return [c for c in codes if c in items]  # the declared order, no repeats
        return list(dict.fromkeys(items))
    if kind == RANGE:
        pair = _json(raw)
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise fail("policy_value_type", _("Enter the lowest and the highest value."))
        whole = all(isinstance(x, int) for x in policy.default)
        low, high = scalar(pair[0], whole, _("Lowest")), scalar(pair[1], whole, _("Highest"))
        if low > high:
            raise fail("policy_value_order", _("The lowest value cannot be greater than the highest."))
        return [plain(low), plain(high)]
    if kind == TABLE:
        table = _json(raw)
        if not isinstance(table, dict):
            raise fail("policy_value_type", _("Enter a value for each row."))
        declared = policy.table_keys()
        sample = next(iter(policy.default.values()), None) if policy.default else None
        whole = isinstance(sample, int) and not isinstance(sample, bool)
        as_text = isinstance(sample, str)
        result: dict[str, Any] = {}
        if declared:
            labels = dict(declared)
            unknown = [str(k) for k in table if k not in labels]
            if unknown:
                raise fail("policy_value_key", _("Unknown rows: %(k)s.") % {"k": ", ".join(unknown)})
            for key, label in declared:
                entry = table.get(key)
                if entry is None or (isinstance(entry, str) and not entry.strip()):
                    if policy.partial:
                        continue
                    raise fail("policy_value_required", _("%(row)s: enter the value.") % {"row": label})
                number = scalar(entry, whole, label)
                result[key] = format(number, "f") if as_text else plain(number)
        else:
            for key, entry in table.items():
                if not isinstance(key, str) or not re.match(policy.key_pattern, key):
                    raise fail("policy_value_key", _("Not a valid row: %(k)s.") % {"k": key})
                number = scalar(entry, whole, key)
                result[key] = format(number, "f") if as_text else plain(number)
            result = dict(sorted(result.items()))
        if not result and not policy.partial:
            raise fail("policy_value_required", _("Enter the value."))
        return result
    raise fail("policy_value_type", _("Unknown kind of value."))


_TRUE = {"true", "yes", "1", "jā", "ja", "on"}
_FALSE = {"false", "no", "0", "nē", "ne", "off"}


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
