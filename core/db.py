"""Database aliases: the primary (``default``) and an optional read replica for reports.

Set ``REPORTS_DATABASE_URL`` to a streaming replica of the primary and the heavy readers (yearly
reports, statistics, research extracts) read there through :func:`for_reports`, so that a long
analysis never slows down an officer's page. Without it they read the primary. The router keeps
migrations and every write on the primary; a replica is read-only by construction.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet

REPORTS = "reports"
_Q = TypeVar("_Q", bound=QuerySet[Any])


def reports_db() -> str:
    """The alias that reports read from: the replica when one is configured, else the primary."""
    return REPORTS if REPORTS in settings.DATABASES else "default"


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
