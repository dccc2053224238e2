"""Who may see and create documents on Alice's client's case file: pages and API."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.testing.personas import CASE_NON_READERS, CASE_READERS
from core.testing.checks import assert_api_access, assert_constant_queries, assert_page_access, client_for
from documents import services
from documents.models import CaseDocument
from documents.tests.conftest import PDF_BYTES, docx_text, upload

pytestmark = pytest.mark.django_db

CREATORS = CASE_READERS - {"audrey"}  # the auditor reads, never writes
NON_CREATORS = CASE_NON_READERS | {"audrey"}


@pytest.fixture
def doc(personas, client_case):
    return services.document_upload(actor=personas.alice, case=client_case, document_type="court_ruling",
                                    title="Spriedums", upload=upload("spriedums.pdf", PDF_BYTES))


def test_documents_tab_access(personas, client_case, doc):
    assert_page_access(reverse("documents:case_documents", args=[client_case.pk]), personas,
                       allowed=CASE_READERS, denied=CASE_NON_READERS)


def test_documents_tab_lists_documents_and_shows_forms_only_to_creators(personas, client_case, doc):
    url = reverse("documents:case_documents", args=[client_case.pk])
    body = client_for(personas.alice).get(url).content.decode()
    assert "Spriedums" in body and reverse("documents:download", args=[doc.pk]) in body
    assert "/media/" not in body  # stored files are never linked directly
    assert reverse("documents:generate", args=[client_case.pk]) in body
    assert reverse("documents:upload", args=[client_case.pk]) in body
    body = client_for(personas.audrey).get(url).content.decode()
    assert "Spriedums" in body
    assert reverse("documents:generate", args=[client_case.pk]) not in body


def test_missing_case_is_404(personas):
    response = client_for(personas.alice).get(reverse("documents:case_documents", args=[999999]))
    assert response.status_code == 404


def test_download_access_headers_and_content(personas, doc):
    url = reverse("documents:download", args=[doc.pk])
    assert_page_access(url, personas, allowed=CASE_READERS, denied=CASE_NON_READERS)
    response = client_for(personas.bob).get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment") and "spriedums.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_generate_and_upload_posts_access(personas, client_case):
    # Allowed personas reach the form (empty input: 422 with errors); others get 404; nothing is stored.
    for name in ("generate", "upload"):
        assert_page_access(reverse(f"documents:{name}", args=[client_case.pk]), personas, allowed=CREATORS,
                           denied=NON_CREATORS, method="post", ok_status=(422,))
    assert not CaseDocument.objects.exists()


def test_generate_page_creates_docx_and_pdf(personas, client_case, templates_loaded):
    response = client_for(personas.hanna).post(reverse("documents:generate", args=[client_case.pk]), {
        "gen-code": "invitation_to_appear", "gen-language": "en", "gen-section": str(client_case.sections.get().pk),
        "gen-appearance_date": (timezone.localdate() + dt.timedelta(days=4)).isoformat(),
        "gen-appearance_time": "11:00", "gen-place": "Brīvības iela 10, Rīga", "gen-bring": "",
    })
    assert response.status_code == 302, response.content[:2000]
    docs = CaseDocument.objects.order_by("format")
    assert [d.format for d in docs] == ["docx", "pdf"]
    assert "INVITATION TO APPEAR" in docx_text(docs[0].file.read())
    assert docs[0].author == personas.hanna


def test_generate_page_shows_the_error_beside_the_date(personas, client_case, templates_loaded):
    response = client_for(personas.alice).post(reverse("documents:generate", args=[client_case.pk]), {
        "gen-code": "invitation_to_appear", "gen-language": "lv",
        "gen-appearance_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "gen-appearance_time": "11:00", "gen-place": "Rīga",
    })
    assert response.status_code == 422
    assert 'id="id_gen-appearance_date-error"' in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_documents_tab_query_count_is_constant(personas, client_case):
    client = client_for(personas.alice)
    url = reverse("documents:case_documents", args=[client_case.pk])
    section = client_case.sections.get()

    def build(n: int) -> None:
        for i in range(n):
            services.document_upload(actor=personas.bob if i % 2 else personas.alice, case=client_case,
                                     document_type="letter", title=f"Vēstule {i}", section=section if i % 3 else None,
                                     upload=upload(f"v{i}.pdf", PDF_BYTES))

    assert_constant_queries(build, lambda: client.get(url))


# --------------------------------------------------------------------------------------------- API


def test_api_list_detail_and_content_access(personas, client_case, doc):
    assert_api_access(f"/api/documents/cases/{client_case.pk}", personas, allowed=CASE_READERS,
                      denied=CASE_NON_READERS)
    assert_api_access(f"/api/documents/{doc.pk}", personas, allowed=CASE_READERS, denied=CASE_NON_READERS)
    assert_api_access(f"/api/documents/{doc.pk}/content", personas, allowed=CASE_READERS,
                      denied=CASE_NON_READERS)


def test_api_list_is_paginated_and_describes_documents(personas, client_case, doc):
    body = client_for(personas.rita).get(f"/api/documents/cases/{client_case.pk}?limit=1").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["title"] == "Spriedums" and item["format"] == "pdf" and item["version"] == 1
    assert item["download_url"] == f"/api/documents/{doc.pk}/content"
    response = client_for(personas.rita).get(item["download_url"])
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert client_for(personas.alice).get("/api/documents/cases/999999").status_code == 404


def test_api_generate_access_and_result(personas, client_case, templates_loaded):
    url = f"/api/documents/cases/{client_case.pk}/generate"
    # Bad input from permitted personas: 422 with a code; nothing stored.
    assert_api_access(url, personas, allowed=CREATORS, denied=NON_CREATORS, method="post",
                      json={"code": "invitation_to_appear"}, ok_status=(422,))
    assert not CaseDocument.objects.exists()
    response = client_for(personas.alice).post(url, {"code": "invitation_to_appear"}, content_type="application/json")
    assert response.json()["code"] == "appearance_date_required"
    assert response.json()["field"] == "appearance_date"

    response = client_for(personas.alice).post(url, {"code": "case_opening_notice", "language": "ru"},
                                               content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert [d["format"] for d in body] == ["docx", "pdf"] and body[0]["language"] == "ru"


def test_api_upload_access_and_errors(personas, client_case, settings):
    url = f"/api/documents/cases/{client_case.pk}/upload"

    def post(client: Client, name: str = "a.pdf", content: bytes = PDF_BYTES):
        return client.post(url, {"document_type": "report", "title": "Ziņojums", "file": upload(name, content)})

    response = post(client_for(personas.bob), name="a.docx")
    assert response.status_code == 422
    assert response.json() == {"code": "file_extension", "message": response.json()["message"], "field": "file"}
    assert not CaseDocument.objects.exists()
    assert_api_access(url, personas, method="post", allowed=CREATORS, denied=NON_CREATORS, ok_status=(201,),
                      form={"document_type": "report", "title": "Ziņojums", "file": upload("a.pdf", PDF_BYTES)})
    assert CaseDocument.objects.count() == len(CREATORS)
