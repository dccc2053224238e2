"""Optimistic concurrency: editable records carry ``version``; a form or API call sends the
version it read, and the service refuses the change if the row has moved on since."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from core.errors import ConcurrentEdit

M = TypeVar("M", bound=models.Model)


def lock(instance: M, expected_version: int | None) -> M:
    """Re-read the row under a lock (inside a transaction) and check its version."""
    fresh = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and int(expected_version) != fresh.version:  # type: ignore[attr-defined]
        raise ConcurrentEdit()
    return fresh


def bump(instance: Any) -> None:
    instance.version = (instance.version or 0) + 1
