"""Query counts of the document lists that had none: the API's list of a case file's documents and the
administrator's list of letter templates (tests/test_seam.py asks for one per list)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.testing.checks import assert_constant_queries, client_for
from documents import services
from documents.models import DocumentTemplate
from documents.tests.conftest import PDF_BYTES, docx_bytes, upload

pytestmark = pytest.mark.django_db


def test_api_document_list_query_count_is_constant(personas, client_case):
    section = client_case.sections.get()

    def build(n):
        for i in range(n):
            services.document_upload(actor=personas.bob if i % 2 else personas.alice, case=client_case,
                                     document_type="letter", title=f"Vēstule {i}", section=section if i % 3 else None,
                                     upload=upload(f"v{i}.pdf", PDF_BYTES))

    rita = client_for(personas.rita)
    assert_constant_queries(build, lambda: rita.get(f"/api/documents/cases/{client_case.pk}"))


def test_template_list_query_count_is_constant(personas, templates_loaded):
    counter = {"n": 0}

    def build(n):
        for _ in range(n):
            counter["n"] += 1
            services.template_upload(actor=personas.admin, code="case_opening_notice", language="lv",
                                     title=f"Paziņojums {counter['n']}", change_note="Cits teksts",
                                     upload=upload("notice.docx", docx_bytes("Labdien, {{ person.full_name }}!")))

    admin = client_for(personas.admin)
    assert_constant_queries(build, lambda: admin.get(reverse("documents:templates")))
    assert DocumentTemplate.objects.filter(code="case_opening_notice", language="lv").count() == 13
