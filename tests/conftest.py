"""Fixtures for the infrastructure tests: pointing Celery at a real (or unreachable) broker."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest

# A Redis database number of its own, so the tests never touch the jobs of a running system.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# Nothing listens on port 1: connecting fails at once.
UNREACHABLE_BROKER_URL = "redis://127.0.0.1:1/0"


def pytest_configure(config: pytest.Config) -> None:
    # Registered by pytest-xdist; declared here too so that `-p no:xdist` runs still accept it.
    config.addinivalue_line("markers", "xdist_group(name): run these tests in the same xdist worker")


def redis_reachable(url: str = REDIS_URL) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def celery_broker(settings, url: str) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Run with real (non-eager) Celery against ``url``: the Django settings *and* the Celery app,
    which copied the settings when it was configured."""
    import uuid

    from config.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "broker_connection_retry_on_startup",
                                            "task_default_queue")}
    settings.CELERY_BROKER_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # A queue of this test's own: no worker left over from another test can take its messages.
    app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=f"test-{uuid.uuid4().hex[:12]}")
    _reset_connection_pools(app)
    try:
        yield
    finally:
        app.conf.update(saved)
        _reset_connection_pools(app)


def _reset_connection_pools(app) -> None:  # type: ignore[no-untyped-def]
    """Close the pooled broker connections, so the next message uses the current broker URL."""
    from kombu import pools

    pools.reset()
    app._pool = None
    amqp = app.__dict__.pop("amqp", None)  # a new AMQP object reads the current queue and broker settings
    if amqp is not None:
        amqp._producer_pool = None


@pytest.fixture
def redis_url() -> str:
    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL} (start redis-server or set TEST_REDIS_URL)")
    return REDIS_URL
