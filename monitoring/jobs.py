"""Periodic jobs of electronic monitoring: escalation timers, event-table partitions ahead, retention."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core import policies
from core.jobs import logged_task
from monitoring import partitions
from monitoring.policies import PARTITIONS_AHEAD, RETENTION_DAYS


@logged_task("monitoring.escalate")
def escalate() -> dict:
    from monitoring.services import escalate_due

    return escalate_due()


@logged_task("monitoring.partitions")
def create_partitions() -> dict:
    created = partitions.ensure_partitions(int(policies.value(PARTITIONS_AHEAD.key)))
    return {"created": created}


@logged_task("monitoring.retention")
def retention() -> dict:
    """EM events older than the retention policy are deleted (whole monthly partitions on PostgreSQL);
    violations, alerts and their notes stay with the case file."""
    cutoff = timezone.now() - dt.timedelta(days=int(policies.value(RETENTION_DAYS.key)))
    dropped = partitions.drop_before(cutoff)
    return {"cutoff": cutoff.isoformat(), "partitions_dropped": dropped}
