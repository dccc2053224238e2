"""Core's own periodic job: interrupted job runs do not stay "running" for ever (core/jobs.py)."""

from __future__ import annotations

from core.jobs import live_workers, logged_task, mark_lost_runs


@logged_task("core.mark_lost_jobs")
def mark_lost_jobs() -> dict[str, int]:
    return {"lost": mark_lost_runs(live_workers())}
