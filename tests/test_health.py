"""/health (liveness) and /ready (readiness: database and job broker)."""

from __future__ import annotations

import pytest

from tests.conftest import UNREACHABLE_BROKER_URL, celery_broker


def test_health_answers_without_login(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_in_embedded_mode_reports_eager_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("eager")


@pytest.mark.django_db
@pytest.mark.redis
def test_ready_with_real_redis_broker(client, settings, redis_url):
    with celery_broker(settings, redis_url):
        response = client.get("/ready")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok",
                                                          "cache": "local (per process)", "reports": "not configured"}}


@pytest.mark.django_db
def test_ready_is_degraded_not_down_when_broker_unreachable(client, settings):
    """Every node shares the one Redis: marking them all down would take the site down, while pages
    still work without it (tests/test_redis_down.py). The load balancer keeps the node; operations
    see the degraded check."""
    with celery_broker(settings, UNREACHABLE_BROKER_URL):
        response = client.get("/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"] not in ("ok", "") and not body["checks"]["broker"].startswith("eager")


@pytest.mark.django_db
def test_ready_does_not_need_login_and_leaks_nothing(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    body = client.get("/ready").json()
    assert set(body) == {"status", "checks"}
    assert set(body["checks"]) == {"database", "broker", "cache", "reports"}


@pytest.mark.django_db
def test_ready_is_503_without_the_database(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    def broken(*args, **kwargs):
        raise __import__("django.db").db.OperationalError("connection refused")

    monkeypatch.setattr("core.views.connection.cursor", broken)
    response = client.get("/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == "OperationalError"
