"""The Celery application. Workers: ``celery -A config worker``; periodic jobs: ``celery -A config beat``.

The periodic schedule is the jobs the apps registered (``core.registry.periodic``), read when beat
starts, after the apps are loaded."""

import os
from collections.abc import Iterator, Mapping
from typing import Any

from celery import Celery
from celery.signals import worker_ready

from core.registry import beat_schedule

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.embedded")

app = Celery("probacija")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class RegisteredSchedule(Mapping[str, dict[str, Any]]):
    """Celery's ``beat_schedule``, read from the registry when beat asks for it."""

    def _entries(self) -> dict[str, dict[str, Any]]:
        return beat_schedule()

    def __getitem__(self, key: str) -> dict[str, Any]:
        return self._entries()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries())

    def __len__(self) -> int:
        return len(self._entries())


app.conf.beat_schedule = RegisteredSchedule()


@worker_ready.connect
def _mark_interrupted_runs(sender: Any = None, **kwargs: Any) -> None:
    """A (re)started worker runs nothing yet: its earlier "running" JobRun rows were interrupted."""
    from core.jobs import mark_lost_on_worker_start

    hostname = getattr(sender, "hostname", None)
    if hostname:
        mark_lost_on_worker_start(hostname)
