import pytest
from django.urls import reverse

from cases.models import CaseEvent
from core import policies
from core.errors import ValidationFailed
from core.files import UPLOAD_MAX_MB
from core.models import ChangeLog, PolicyOverride
from core.testing.checks import client_for
from documents import services
from documents.models import CaseDocument
from documents.tests.conftest import PDF_BYTES, docx_bytes, upload

pytestmark = pytest.mark.django_db


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT / "case_documents"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_upload_stores_the_file_with_checks_audit_and_timeline(personas, client_case):
    doc = services.document_upload(actor=personas.alice, case=client_case, document_type="court_ruling",
                                   title="Tiesas spriedums", upload=upload("spriedums.pdf", PDF_BYTES))
    assert (doc.source, doc.format, doc.size, doc.version) == ("uploaded", "pdf", len(PDF_BYTES), 1)
    assert doc.original_name == "spriedums.pdf" and doc.download_name == "spriedums.pdf"
    assert doc.file.read() == PDF_BYTES
    assert ChangeLog.objects.filter(verb="document_upload", object_id=str(doc.pk)).exists()
    assert CaseEvent.objects.filter(case=client_case, type="document_uploaded").exists()


@pytest.mark.parametrize("name,content,code", [
    ("virus.pdf", b"MZ\x90\x00 not a pdf at all", "file_type"),
    ("empty.pdf", b"", "file_empty"),
    ("ruling.docx", PDF_BYTES, "file_extension"),  # name does not match content
    ("sheet.exe", b"\x00\x01\x02", "file_type"),
])
def test_bad_files_are_refused_and_nothing_is_saved(personas, client_case, settings, name, content, code):
    with pytest.raises(ValidationFailed) as exc:
        services.document_upload(actor=personas.alice, case=client_case, document_type="letter", title="X",
                                 upload=upload(name, content))
    assert (exc.value.code, exc.value.field) == (code, "file")
    assert not CaseDocument.objects.exists()
    assert not CaseEvent.objects.filter(type="document_uploaded").exists()
    assert _stored_files(settings) == []


def test_oversized_file_is_refused(personas, client_case, settings):
    PolicyOverride.objects.create(key=UPLOAD_MAX_MB.key, value=1, reason="test")
    policies.forget(UPLOAD_MAX_MB.key)
    try:
        big = PDF_BYTES + b"0" * (1024 * 1024)
        with pytest.raises(ValidationFailed) as exc:
            services.document_upload(actor=personas.alice, case=client_case, document_type="report", title="Big",
                                     upload=upload("big.pdf", big))
        assert (exc.value.code, exc.value.field) == ("file_too_large", "file")
        assert not CaseDocument.objects.exists() and _stored_files(settings) == []
    finally:
        policies.forget(UPLOAD_MAX_MB.key)


def test_unknown_type_and_missing_title(personas, client_case):
    with pytest.raises(ValidationFailed) as exc:
        services.document_upload(actor=personas.alice, case=client_case, document_type="selfie", title="X",
                                 upload=upload("a.pdf", PDF_BYTES))
    assert exc.value.field == "document_type"
    with pytest.raises(ValidationFailed) as exc:
        services.document_upload(actor=personas.alice, case=client_case, document_type="other", title="  ",
                                 upload=upload("a.pdf", PDF_BYTES))
    assert exc.value.field == "title"
    assert not CaseDocument.objects.exists()


def test_upload_form_shows_the_error_beside_the_file_field(personas, client_case):
    url = reverse("documents:upload", args=[client_case.pk])
    response = client_for(personas.alice).post(url, {
        "up-document_type": "letter", "up-title": "Vēstule", "up-file": upload("letter.docx", PDF_BYTES),
    })
    assert response.status_code == 422
    body = response.content.decode()
    assert "govuk-error-summary" in body and 'id="id_up-file-error"' in body
    assert not CaseDocument.objects.exists()

    response = client_for(personas.alice).post(url, {
        "up-document_type": "letter", "up-title": "Vēstule", "up-file": upload("letter.docx", docx_bytes("Hi")),
    })
    assert response.status_code == 302
    doc = CaseDocument.objects.get()
    assert (doc.format, doc.author) == ("docx", personas.alice)
