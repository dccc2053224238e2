"""The frame's own page, the audit trail: who may read it, and a constant number of queries as it grows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import audit
from core.models import ChangeLog, SensitiveRead
from core.testing.checks import assert_constant_queries, assert_page_access, client_for

pytestmark = pytest.mark.django_db

NOT_AUDITORS = ["alice", "bob", "carol", "hanna", "rita", "otto", "anna", "rolf", "emil", "vera", "walt", "admin",
                "noah"]


def test_audit_log_only_for_the_auditor(personas):
    assert_page_access(reverse("audit_log"), personas, allowed=["audrey"], denied=NOT_AUDITORS)
    assert_page_access(reverse("audit_log") + "?tab=reads", personas, allowed=["audrey"], denied=NOT_AUDITORS)


@pytest.mark.parametrize("tab", ["changes", "reads"])
def test_audit_log_query_count_is_constant(personas, tab):
    client = client_for(personas.audrey)

    def build(n):
        for _ in range(n):
            audit.record(actor=personas.admin, verb="user_update", instance=personas.alice,
                         before={"email": ""}, after={"email": "a@example.lv"})
            audit.log_sensitive_read(user=personas.bob, sensitivity="address", instance=personas.alice)

    assert_constant_queries(build, lambda: client.get(reverse("audit_log"), {"tab": tab}))
    assert ChangeLog.objects.filter(verb="user_update").count() == 12
    assert SensitiveRead.objects.count() == 12
