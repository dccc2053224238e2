"""JSON API for case documents (mounted at /api/documents).

Reads start from ``Case.objects.visible_to`` and ``CaseDocument.objects.visible_to``; a case or
document the caller may not see answers 404, the same as a missing one. Writes need
``document.create`` on the case (else 404, as in the UI), the token scope ``documents:write`` for
bearer tokens, and call ``documents.services``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accounts.roles import CASE_VIEW, DOCUMENT_CREATE, DOCUMENT_VIEW
from cases.models import Case, Section
from core.access import has_perm
from core.api import ApiRouter, LimitOffset, get_or_404
from core.errors import ValidationFailed
from documents import services
from documents.models import CaseDocument
from documents.views import file_response

router = ApiRouter(tags=["documents"], write_scope="documents:write",
                   write_label=gettext_lazy("Upload and generate case documents"))


class DocumentOut(Schema):
    id: int
    case_id: int
    section_id: int | None
    source: str
    document_type: str
    document_type_label: str
    title: str
    format: str
    size: int
    sha256: str
    language: str
    version: int
    template_id: int | None
    template_version: int | None
    revises_id: int | None = None  # an edited version: the version it replaces (kept)
    author: str | None = Field(None)
    created_at: dt.datetime
    download_url: str

    @staticmethod
    def resolve_author(obj: CaseDocument) -> str | None:
        return str(obj.author) if obj.author_id else None

    @staticmethod
    def resolve_download_url(obj: CaseDocument) -> str:
        return f"/api/documents/{obj.pk}/content"


class GenerateIn(Schema):
    code: str
    language: str | None = None
    section_id: int | None = None
    appearance_date: dt.date | None = None
    appearance_time: dt.time | None = None
    place: str = ""
    bring: str = ""
    title: str = ""


def _case(request: HttpRequest, case_id: int, *, perm: str, case_perm: str) -> Case:
    """The case, if the caller holds ``perm`` and may ``case_perm`` this case; else 404."""
    if not has_perm(request.user, perm):
        raise Http404
    return get_or_404(Case.objects.visible_to(request.user, case_perm)
                      .select_related("person", "responsible_unit", "responsible_officer"), pk=case_id)


def _section(case: Case, section_id: int | None) -> Section | None:
    if section_id is None:
        return None
    section = Section.objects.filter(pk=section_id, case=case).first()
    if section is None:
        raise ValidationFailed("section_not_in_case", "Choose a section of this case.", field="section_id")
    return section


@router.get("/cases/{case_id}", perm=DOCUMENT_VIEW, response={200: list[DocumentOut]})
@paginate(LimitOffset)
def list_case_documents(request: HttpRequest, case_id: int) -> Any:
    case = _case(request, case_id, perm=DOCUMENT_VIEW, case_perm=CASE_VIEW)
    return (CaseDocument.objects.visible_to(request.user, DOCUMENT_VIEW).filter(case=case).for_listing()
            .order_by("-created_at", "-id"))


@router.get("/{doc_id}", perm=DOCUMENT_VIEW, response={200: DocumentOut})
def document_detail(request: HttpRequest, doc_id: int) -> Any:
    return get_or_404(CaseDocument.objects.visible_to(request.user, DOCUMENT_VIEW).for_listing(), pk=doc_id)


@router.get("/{doc_id}/content", perm=DOCUMENT_VIEW, response={200: None})
def document_content(request: HttpRequest, doc_id: int) -> FileResponse:
    doc = get_or_404(CaseDocument.objects.visible_to(request.user, DOCUMENT_VIEW).select_related("case"), pk=doc_id)
    return file_response(doc.file, filename=doc.download_name, fmt=doc.format)


@router.post("/cases/{case_id}/upload", perm=DOCUMENT_CREATE, response={201: DocumentOut})
def upload_document(request: HttpRequest, case_id: int, document_type: Form[str], title: Form[str],
                    file: File[UploadedFile], section_id: Form[int | None] = None) -> Any:
    case = _case(request, case_id, perm=DOCUMENT_CREATE, case_perm=DOCUMENT_CREATE)
    doc = services.document_upload(actor=request.user, case=case, document_type=document_type, title=title,
                                   upload=file, section=_section(case, section_id))
    return Status(201, doc)


@router.post("/cases/{case_id}/generate", perm=DOCUMENT_CREATE, response={201: list[DocumentOut]})
def generate_document(request: HttpRequest, case_id: int, payload: GenerateIn) -> Any:
    case = _case(request, case_id, perm=DOCUMENT_CREATE, case_perm=DOCUMENT_CREATE)
    docs = services.document_generate(
        actor=request.user, case=case, code=payload.code, language=payload.language,
        section=_section(case, payload.section_id), appearance_date=payload.appearance_date,
        appearance_time=payload.appearance_time, place=payload.place, bring=payload.bring, title=payload.title,
    )
    return Status(201, docs)


@router.post("/{doc_id}/revise", perm=DOCUMENT_CREATE, response={201: list[DocumentOut]})
def revise_document(request: HttpRequest, doc_id: int, file: File[UploadedFile]) -> Any:
    """Upload the edited DOCX of a generated letter as its next (final) version, DOCX and PDF; the earlier
    versions are kept."""
    doc = get_or_404(CaseDocument.objects.visible_to(request.user, DOCUMENT_CREATE).select_related("case", "section"),
                     pk=doc_id)
    return Status(201, services.document_revise(actor=request.user, document=doc, upload=file))
