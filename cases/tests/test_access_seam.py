"""Persona access and query counts the client file had none of (tests/test_seam.py asks for one per
page, route and list)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case
from cases.tests.test_register import CASE_OPENERS, NOT_CASE_OPENERS, PERSON
from core.testing.checks import assert_api_access, assert_constant_queries, client_for
from people.models import Person

pytestmark = pytest.mark.django_db


def test_timeline_page_query_count_is_constant(personas, client_case, section_kind):
    def build(n: int) -> None:
        for i in range(n):
            case = Case.objects.get(pk=client_case.pk)
            if i % 2:
                services.section_open(actor=personas.alice, case=case, kind=section_kind, basis_type="court_ruling",
                                      basis_number=f"K{n}-{i}", basis_date=dt.date(2025, 1, 1), basis_issuer="Tiesa")
            else:
                services.case_assign_officer(actor=personas.hanna, case=case,
                                             officer=personas.bob if i % 4 else personas.alice, expected_version=None)

    client = client_for(personas.rita)
    assert_constant_queries(build, lambda: client.get(reverse("case_timeline", args=[client_case.pk])))


def test_registering_over_the_api_needs_case_open(personas):
    """Those who may open case files get the person's bad data refused (a birth date to come); everybody
    else gets 404 first (test_register.py registers for each of them)."""
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    body = {**PERSON, "birth_date": tomorrow, "personal_code": "", "document_type": "passport",
            "document_number": "LV1", "unit": personas.org.riga_centre.pk}
    assert_api_access("/api/cases/register", personas, method="post", json=body, allowed=CASE_OPENERS,
                      denied=NOT_CASE_OPENERS, ok_status=(422,))
    assert not Person.objects.exists()
