"""The background jobs page (/jobs/): only the administrator sees it; lost runs are pointed out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import JobRun
from core.testing.checks import assert_constant_queries, assert_page_access, client_for

pytestmark = pytest.mark.django_db

NOT_ADMINS = ["alice", "bob", "carol", "hanna", "rita", "otto", "anna", "rolf", "emil", "vera", "walt", "audrey",
              "noah"]


def test_jobs_page_only_for_the_administrator(personas):
    assert_page_access(reverse("job_runs"), personas, allowed=["admin"], denied=NOT_ADMINS)
    assert_page_access(reverse("job_runs") + "?status=lost", personas, allowed=["admin"], denied=NOT_ADMINS)


def test_lost_runs_are_shown_with_their_worker(personas):
    JobRun.objects.create(name="tasks.flag_overdue_tasks", status=JobRun.Status.LOST, worker="celery@node2 pid 77",
                          error="interrupted: worker celery@node2 pid 77 no longer answers")
    JobRun.objects.create(name="tasks.flag_overdue_tasks", status=JobRun.Status.OK, worker="celery@node1 pid 5")
    page = client_for(personas.admin).get(reverse("job_runs") + "?status=lost")
    body = page.content.decode()
    assert page.status_code == 200
    assert "celery@node2 pid 77" in body and "no longer answers" in body
    assert "celery@node1 pid 5" not in body.split('<h2 class="govuk-heading-m">', 2)[2]
    assert "?status=lost" in body  # the warning links to them


def test_jobs_page_constant_queries(personas):
    def build(n: int) -> None:
        for _ in range(n):
            JobRun.objects.create(name="tasks.flag_overdue_tasks", worker="celery@n pid 1")
            JobRun.objects.create(name="x.unscheduled", status=JobRun.Status.LOST)

    client = client_for(personas.admin)
    assert_constant_queries(build, lambda: client.get(reverse("job_runs")))
