"""Query counts of the client file's lists that had none (tests/test_seam.py asks for one per list)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case
from core.testing.checks import assert_constant_queries, client_for

pytestmark = pytest.mark.django_db


def test_timeline_page_query_count_is_constant(personas, client_case, section_kind):
    def build(n: int) -> None:
        for i in range(n):
            case = Case.objects.get(pk=client_case.pk)
            if i % 2:
                services.section_open(actor=personas.alice, case=case, kind=section_kind, basis_type="court_ruling",
                                      basis_number=f"K{i}", basis_date=dt.date(2025, 1, 1), basis_issuer="Tiesa")
            else:
                services.case_assign_officer(actor=personas.hanna, case=case,
                                             officer=personas.bob if i % 4 else personas.alice, expected_version=None)

    client = client_for(personas.rita)
    assert_constant_queries(build, lambda: client.get(reverse("case_timeline", args=[client_case.pk])))
