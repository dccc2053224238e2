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
def test_reports_read_the_replica_when_one_is_configured(settings):
    replicated = {**settings.DATABASES, "reports": {**settings.DATABASES["default"]}}
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
