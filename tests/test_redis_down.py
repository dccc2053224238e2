"""The web tier without Redis (issue 14, item 3): sign-in, the client page and policy values keep
working when the shared cache (Redis) does not answer; /ready says what is degraded."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import caches

from accounts.testing.personas import PASSWORD
from core import policies
from core.models import PolicyOverride
from tests.conftest import UNREACHABLE_BROKER_URL, celery_broker

DEAD_REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": UNREACHABLE_BROKER_URL,
                          "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DEAD_REDIS
    policies.reset_local_cache()
    with celery_broker(settings, UNREACHABLE_BROKER_URL):
        yield
    policies.reset_local_cache()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    caches["default"].clear()


@pytest.mark.django_db
def test_policy_values_come_from_the_database_without_redis(redis_down, caplog):
    key = next(p.key for p in policies.all_policies() if p.configurable and isinstance(p.default, int)
               and not isinstance(p.default, bool))
    PolicyOverride.objects.create(key=key, value=policies.get(key).default + 1, reason="test")
    with caplog.at_level(logging.WARNING, logger="core.policies"):
        assert policies.value(key) == policies.get(key).default + 1
        assert policies.value(key) == policies.get(key).default + 1  # the in-process copy
    assert "shared cache unavailable" in caplog.text
    assert caplog.text.count("shared cache unavailable") == 1  # logged once per outage, not per read
    policies.forget(key)  # an administrator's change is seen at once in this process
    PolicyOverride.objects.filter(key=key).delete()
    assert policies.value(key) == policies.get(key).default


@pytest.mark.django_db
def test_sign_in_and_the_client_page_work_without_redis(client, personas, client_case, redis_down):
    response = client.post("/login/", {"username": personas.alice.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    landing = client.get(response.url, follow=True)
    assert landing.status_code == 200
    page = client.get(f"/clients/{client_case.pk}/")
    assert page.status_code == 200


@pytest.mark.django_db
def test_ready_names_redis_as_degraded(client, redis_down):
    response = client.get("/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] not in ("ok", "")
    assert body["checks"]["broker"] not in ("ok", "")
