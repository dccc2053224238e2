"""Database aliases: the primary (``default``) and an optional read replica for reports.

Set ``REPORTS_DATABASE_URL`` to a streaming replica of the primary and the heavy readers (yearly
reports, statistics, research extracts) read there through :func:`for_reports`, so that a long
analysis never slows down an officer's page. Without it they read the primary. The router keeps
migrations and every write on the primary; a replica is read-only by construction.
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections
from django.db.models import Model, QuerySet

log = logging.getLogger(__name__)
REPORTS = "reports"
_Q = TypeVar("_Q", bound=QuerySet[Any])


def reports_db() -> str:
    """The alias that reports read from: the replica when one is configured and answers, else the primary.

    The replica is asked ``SELECT 1`` (and, on PostgreSQL, how far its replay lags) before a report reads
    it. When it does not answer, or lags more than ``REPORTS_MAX_LAG_SECONDS``, reports read the primary
    for the next ``_RETRY_SECONDS`` (logged) instead of failing."""
    if REPORTS not in settings.DATABASES:
        return "default"
    global _down_until
    if time.monotonic() < _down_until:
        return "default"
    status = replica_status()
    if status == "ok":
        return REPORTS
    log.warning("reports replica not used (%s): reports read the primary for %.0f s", status, _RETRY_SECONDS)
    _down_until = time.monotonic() + _RETRY_SECONDS
    return "default"


def replica_status() -> str:
    """``ok``, ``not configured``, ``lag <n> s`` or the name of the error the replica answered with."""
    if REPORTS not in settings.DATABASES:
        return "not configured"
    try:
        connection = connections[REPORTS]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT CASE WHEN pg_is_in_recovery() THEN "
                               "COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) "
                               "ELSE 0 END")
                lag = float(cursor.fetchone()[0] or 0)
            else:
                cursor.execute("SELECT 1")
                lag = 0.0
    except Exception as exc:  # noqa: BLE001 - any failure: the replica is not usable now
        with contextlib.suppress(Exception):
            connections[REPORTS].close()
        return type(exc).__name__
    limit = float(getattr(settings, "REPORTS_MAX_LAG_SECONDS", 300))
    return "ok" if lag <= limit else f"lag {lag:.0f} s"


_RETRY_SECONDS = 30.0
_down_until = 0.0


def reset_replica_probe() -> None:
    global _down_until
    _down_until = 0.0


def for_reports(queryset: _Q) -> _Q:
    """``queryset`` read from the reports database (a replica may lag the primary by a moment,
    which reports over months and years tolerate; never use it for a page that was just written)."""
    return queryset.using(reports_db())


class PrimaryReplicaRouter:
    """Writes and migrations go to the primary only; reads go to the primary unless a caller asks
    for the reports alias explicitly (``for_reports``). Rows read on either alias are the same rows."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return None

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        aliases = {"default", REPORTS}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == "default"
