"""Core's own periodic job: interrupted job runs do not stay "running" for ever (core/jobs.py)."""

from __future__ import annotations

from core.jobs import live_workers, logged_task, mark_lost_runs


@logged_task("core.mark_lost_jobs")
def mark_lost_jobs() -> dict[str, int]:
    return {"lost": mark_lost_runs(live_workers())}


@logged_task("core.probe")
def probe(seconds: float = 0.0) -> dict[str, float]:
    """A harmless job for checking the workers (deploy/check.sh sends one and kills its worker mid-run):
    it only waits, so running it twice changes nothing."""
    import time

    time.sleep(max(0.0, min(float(seconds), 600.0)))
    return {"slept": seconds}
