"""A Latvian user sees the evaluation pages in Latvian (no English labels or codes)."""

import pytest
from django.urls import reverse

from core.testing.checks import client_for

pytestmark = pytest.mark.django_db

ENGLISH = ("Record a step", "Interviews and checks", "Delivery deadline", "Submit for review", "Requested by",
           "My evaluation reports", "being prepared", "in_progress", "registered</strong>")


def test_section_page_and_list_in_latvian(personas, ev_request, sam):
    client = client_for(personas.alice)
    client.cookies["django_language"] = "lv"
    for url in (reverse("evaluation:section", args=[ev_request.section.case_id, ev_request.section_id]),
                reverse("evaluation:mine"), reverse("evaluation:unit")):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="lv").content.decode()
        assert "Izvērtēšanas ziņojum" in html or "izvērtēšanas ziņojum" in html, url
        for word in ENGLISH:
            assert word not in html, (url, word)
