"""Letters before they count (issue #9 item 20): a preview that stores nothing, and an edited DOCX
uploaded back as the final version with the first one kept."""

import io

import pytest
from django.urls import reverse
from docx import Document

from accounts.testing.personas import CASE_NON_READERS
from cases.models import CaseEvent
from core.errors import ValidationFailed
from core.models import ChangeLog
from core.testing.checks import assert_api_access, assert_page_access, client_for
from documents import services
from documents.models import CaseDocument
from documents.tests.conftest import PDF_BYTES, docx_bytes, docx_text, upload

pytestmark = pytest.mark.django_db

CREATORS = {"alice", "bob", "hanna", "rita"}


@pytest.fixture
def letter(personas, client_case, templates_loaded):
    docx, _pdf = services.document_generate(actor=personas.alice, case=client_case, code="case_opening_notice")
    return docx


def _edited(docx: CaseDocument, extra: str = "Papildu teikums, ko pievienoja speciāliste.") -> bytes:
    with docx.file.open("rb") as fh:
        document = Document(io.BytesIO(fh.read()))
    document.add_paragraph(extra)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_preview_stores_nothing(personas, client_case, templates_loaded):
    events = CaseEvent.objects.count()
    letter = services.preview(lambda: services.document_generate(actor=personas.alice, case=client_case,
                                                                 code="case_opening_notice"))
    assert "Bērziņš" in letter.html and letter.language == "lv" and letter.title
    assert not CaseDocument.objects.exists() and CaseEvent.objects.count() == events
    assert not ChangeLog.objects.filter(verb="document_generate").exists()
    # A rule broken before the letter is raised as usual.
    with pytest.raises(ValidationFailed):
        services.preview(lambda: services.document_generate(actor=personas.alice, case=client_case, code="nope"))


def test_revise_page_access(personas, letter):
    assert_page_access(reverse("documents:revise", args=[letter.pk]), personas, allowed=CREATORS,
                       denied=CASE_NON_READERS | {"audrey"})


def test_revise_api_access(personas, letter):
    # A file the service refuses (the same bytes): denied personas get 404 before it is read.
    with letter.file.open("rb") as fh:
        same = fh.read()
    assert_api_access(f"/api/documents/{letter.pk}/revise", personas, method="post",
                      form={"file": upload("notice.docx", same)}, allowed=sorted(CREATORS),
                      denied=sorted(CASE_NON_READERS | {"audrey"}), ok_status=(422,))


def test_an_edited_docx_is_the_next_version_and_the_first_is_kept(personas, client_case, letter):
    client = client_for(personas.bob)
    response = client.post(reverse("documents:revise", args=[letter.pk]),
                           {"file": upload("notice-edited.docx", _edited(letter))})
    assert response.status_code == 302
    versions = CaseDocument.objects.filter(case=client_case, document_type=letter.document_type)
    assert sorted(versions.values_list("version", "source", "format")) == [
        (1, "generated", "docx"), (1, "generated", "pdf"), (2, "edited", "docx"), (2, "edited", "pdf")]
    edited = versions.get(version=2, format="docx")
    assert edited.revises == letter and edited.author == personas.bob
    with edited.file.open("rb") as fh:
        assert "Papildu teikums" in docx_text(fh.read())
    with letter.file.open("rb") as fh:
        assert "Papildu teikums" not in docx_text(fh.read())
    assert versions.get(version=2, format="pdf").size > 0
    assert ChangeLog.objects.filter(verb="document_edit").count() == 2
    assert CaseEvent.objects.filter(case=client_case, type="document_edited").exists()
    page = client.get(reverse("documents:case_documents", args=[client_case.pk])).content.decode()
    assert reverse("documents:revise", args=[edited.pk]) in page
    # The API too: an edit of the edited version is version 3.
    body = client_for(personas.alice).post(f"/api/documents/{edited.pk}/revise",
                                           {"file": upload("v3.docx", _edited(edited, "Vēl viens."))})
    assert body.status_code == 201 and [d["version"] for d in body.json()] == [3, 3]
    assert body.json()[0]["revises_id"] == edited.pk


@pytest.mark.parametrize(("content", "name", "code"), [
    (PDF_BYTES, "letter.pdf", "file_type_not_allowed"),
    (None, "same.docx", "docx_unchanged"),
])
def test_a_wrong_or_unchanged_file_is_refused_beside_the_field(personas, letter, content, name, code):
    if content is None:
        with letter.file.open("rb") as fh:
            content = fh.read()
    response = client_for(personas.alice).post(reverse("documents:revise", args=[letter.pk]),
                                               {"file": upload(name, content)})
    assert response.status_code == 422 and "govuk-error-summary" in response.content.decode()
    assert CaseDocument.objects.count() == 2
    body = client_for(personas.alice).post(f"/api/documents/{letter.pk}/revise", {"file": upload(name, content)})
    assert body.status_code == 422


def test_only_a_generated_letters_docx_is_revised(personas, client_case, letter):
    pdf = CaseDocument.objects.get(format="pdf")
    assert client_for(personas.alice).get(reverse("documents:revise", args=[pdf.pk])).status_code == 404
    uploaded = services.document_upload(actor=personas.alice, case=client_case, document_type="letter", title="x",
                                        upload=upload("x.docx", docx_bytes("Sveiki")))
    with pytest.raises(ValidationFailed) as error:
        services.document_revise(actor=personas.alice, document=uploaded, upload=upload("y.docx", docx_bytes("Ā")))
    assert error.value.code == "not_a_letter"
