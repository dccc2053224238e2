"""Writing the technical change log and the sensitive-read log.

Services call :func:`record` for every state change, inside their transaction. The case
timeline (typed domain events) lives in ``cases.timeline``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from core import context
from core.models import ChangeLog, SensitiveRead


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The concrete field values of a record, for before/after."""
    data: dict[str, Any] = {}
    skip = set(exclude)
    for field in instance._meta.concrete_fields:
        if field.name in skip or getattr(field, "auto_now", False):
            continue
        data[field.attname] = _jsonable(getattr(instance, field.attname))
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the keys that changed."""
    if not before or not after:
        return before or {}, after or {}
    keys = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def model_label(instance: models.Model | type[models.Model]) -> str:
    return instance._meta.label_lower


def record(
    *,
    actor: Any,
    verb: str,
    instance: models.Model,
    action: str = ChangeLog.Action.UPDATE,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> ChangeLog:
    """Append one change-log row. ``before``/``after`` are snapshots; unchanged keys are dropped."""
    if action == ChangeLog.Action.UPDATE:
        before, after = diff(before, after)
    ctx = context.current()
    actor_obj = actor if getattr(actor, "pk", None) else None
    return ChangeLog.objects.create(
        actor=actor_obj,
        actor_label=(getattr(actor, "get_username", lambda: str(actor))() if actor else "system")[:200],
        action=action,
        verb=verb,
        model=model_label(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        request_id=ctx.request_id,
        ip=ctx.ip,
        channel=ctx.channel,
    )


def record_many(*, actor: Any, verb: str, instances: Sequence[models.Model],
                action: str = ChangeLog.Action.CREATE) -> list[ChangeLog]:
    """``record`` for a batch of new records (one INSERT): each gets its own row with its snapshot."""
    ctx = context.current()
    actor_obj = actor if getattr(actor, "pk", None) else None
    label = (getattr(actor, "get_username", lambda: str(actor))() if actor else "system")[:200]
    return ChangeLog.objects.bulk_create([
        ChangeLog(actor=actor_obj, actor_label=label, action=action, verb=verb, model=model_label(instance),
                  object_id=str(instance.pk), object_repr=str(instance)[:300], before=None,
                  after=_jsonable(snapshot(instance)), request_id=ctx.request_id, ip=ctx.ip, channel=ctx.channel)
        for instance in instances
    ])


def log_sensitive_read(*, user: Any, sensitivity: str, instance: models.Model, purpose: str = "") -> None:
    """Record that ``user`` was shown a sensitive record."""
    if not getattr(user, "pk", None):
        return
    ctx = context.current()
    SensitiveRead.objects.create(
        user=user,
        sensitivity=sensitivity,
        model=model_label(instance),
        object_id=str(instance.pk),
        purpose=purpose[:80],
        request_id=ctx.request_id,
        ip=ctx.ip,
    )


def log_sensitive_reads(*, user: Any, items: Sequence[tuple[str, models.Model]], purpose: str = "") -> None:
    """:func:`log_sensitive_read` for a page of records (one INSERT): ``items`` are (class, record)."""
    if not getattr(user, "pk", None) or not items:
        return
    ctx = context.current()
    SensitiveRead.objects.bulk_create([
        SensitiveRead(user=user, sensitivity=cls, model=model_label(instance), object_id=str(instance.pk),
                      purpose=purpose[:80], request_id=ctx.request_id, ip=ctx.ip)
        for cls, instance in items
    ])
