"""The primary/replica router (core/db.py): reports read from the replica alias when one is
configured; writes and migrations stay on the primary."""

import pytest
from django.test import override_settings

from core import db
from core.models import JobRun


def test_reports_read_the_primary_without_a_replica():
    assert db.reports_db() == "default"
    assert db.for_reports(JobRun.objects.all()).db == "default"


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_reports_read_the_replica_when_one_is_configured(settings, monkeypatch):
    replicated = {**settings.DATABASES, "reports": {**settings.DATABASES["default"]}}
    monkeypatch.setattr(db, "replica_status", lambda: "ok")
    db.reset_replica_probe()
    with override_settings(DATABASES=replicated):
        assert db.reports_db() == "reports"
        assert db.for_reports(JobRun.objects.all()).db == "reports"


def test_writes_and_migrations_stay_on_the_primary():
    router = db.PrimaryReplicaRouter()
    assert router.db_for_write(JobRun) == "default"
    assert router.db_for_read(JobRun) is None
    assert router.allow_migrate("default", "core") is True
    assert router.allow_migrate("reports", "core") is False
    primary, replica = JobRun(), JobRun()
    primary._state.db, replica._state.db = "default", "reports"
    assert router.allow_relation(primary, replica) is True


class _Broken:
    vendor = "postgresql"

    def cursor(self):
        from django.db import OperationalError

        raise OperationalError("could not connect to server: Connection refused")

    def close(self):
        pass


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_reports_fall_back_to_the_primary_when_the_replica_is_down(settings, monkeypatch, caplog):
    replicated = {**settings.DATABASES, "reports": {**settings.DATABASES["default"]}}
    monkeypatch.setattr(db, "connections", {db.REPORTS: _Broken()})
    db.reset_replica_probe()
    with override_settings(DATABASES=replicated):
        assert db.replica_status() == "OperationalError"
        assert db.reports_db() == "default"
        assert db.for_reports(JobRun.objects.all()).db == "default"
    assert "reports replica not used (OperationalError)" in caplog.text
    db.reset_replica_probe()


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_reports_fall_back_to_the_primary_when_the_replica_lags(settings, monkeypatch):
    class Lagging:
        vendor = "postgresql"

        def cursor(self):
            from contextlib import contextmanager

            @contextmanager
            def cm():
                class C:
                    def execute(self, sql):
                        pass

                    def fetchone(self):
                        return (900.0,)
                yield C()
            return cm()

    replicated = {**settings.DATABASES, "reports": {**settings.DATABASES["default"]}}
    monkeypatch.setattr(db, "connections", {db.REPORTS: Lagging()})
    settings.REPORTS_MAX_LAG_SECONDS = 300
    db.reset_replica_probe()
    with override_settings(DATABASES=replicated):
        assert db.replica_status() == "lag 900 s"
        assert db.reports_db() == "default"
    db.reset_replica_probe()


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_ready_names_a_replica_that_is_down(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setattr(db, "connections", {db.REPORTS: _Broken()})
    settings.DATABASES = {**settings.DATABASES, "reports": {**settings.DATABASES["default"]}}
    body = client.get("/ready").json()
    assert body["status"] == "degraded"
    assert body["checks"]["reports"] == "OperationalError"
