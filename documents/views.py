"""Pages: the case file's documents tab (list, generate, upload), access-checked downloads and the
administrator's template pages."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import CASE_VIEW, DOCUMENT_CREATE, DOCUMENT_VIEW, TEMPLATE_MANAGE
from cases.models import Case, Section
from core import access
from core.files import TYPES
from core.forms import act, submit
from documents import services
from documents.forms import GenerateForm, ReviseForm, TemplateUploadForm, UploadForm
from documents.models import CaseDocument, DocumentTemplate

PAGE_SIZE = 25


def _case(request: HttpRequest, case_id: int) -> Case:
    return access.get_visible_or_404(
        Case.objects.select_related("person", "responsible_unit", "responsible_officer"), request.user, CASE_VIEW,
        pk=case_id,
    )


def _creatable_case(request: HttpRequest, case_id: int) -> Case:
    if not access.has_perm(request.user, DOCUMENT_CREATE):
        raise Http404
    return access.get_visible_or_404(
        Case.objects.select_related("person", "responsible_unit", "responsible_officer"), request.user,
        DOCUMENT_CREATE, pk=case_id,
    )


def _tab(request: HttpRequest, case: Case, *, generate_form: GenerateForm | None = None,
         upload_form: UploadForm | None = None, status: int = 200) -> HttpResponse:
    can_create = (access.has_perm(request.user, DOCUMENT_CREATE)
                  and Case.objects.visible_to(request.user, DOCUMENT_CREATE).filter(pk=case.pk).exists())
    sections = list(Section.objects.filter(case=case).open()) if can_create else []
    documents = (CaseDocument.objects.visible_to(request.user, DOCUMENT_VIEW).filter(case=case).for_listing()
                 .order_by("-created_at", "-id"))
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    if can_create:
        generate_form = generate_form or GenerateForm(
            sections=sections, initial={"language": services.default_language(case.person)})
        upload_form = upload_form or UploadForm(sections=sections)
    return render(request, "documents/case_documents.html", {
        "case": case, "page_obj": page, "documents": page.object_list, "can_create": can_create,
        "generate_form": generate_form, "upload_form": upload_form, "unit_address": case.responsible_unit.address,
    }, status=status)


@access.page(DOCUMENT_VIEW)
def case_documents(request: HttpRequest, case_id: int) -> HttpResponse:
    return _tab(request, _case(request, case_id))


@require_POST
@access.page(DOCUMENT_CREATE)
def generate(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _creatable_case(request, case_id)
    sections = list(Section.objects.filter(case=case).open())
    form = GenerateForm(request.POST, sections=sections)
    if submit(request, form, lambda data: services.document_generate(
            actor=request.user, case=case, code=data["code"], language=data["language"],
            section=form.section_obj(), appearance_date=data.get("appearance_date"),
            appearance_time=data.get("appearance_time"), place=data.get("place") or "",
            bring=data.get("bring") or ""),
            lambda docs: _("%(title)s, version %(version)s, was created.")
            % {"title": docs[0].title, "version": docs[0].version}):
        return redirect("documents:case_documents", case_id=case.pk)
    return _tab(request, case, generate_form=form, status=422)


@require_POST
@access.page(DOCUMENT_CREATE)
def upload(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _creatable_case(request, case_id)
    sections = list(Section.objects.filter(case=case).open())
    form = UploadForm(request.POST, request.FILES, sections=sections)
    if submit(request, form, lambda data: services.document_upload(
            actor=request.user, case=case, document_type=data["document_type"], title=data["title"],
            upload=data["file"], section=form.section_obj()),
            lambda doc: _("%(title)s was added to the case file.") % {"title": doc.title}):
        return redirect("documents:case_documents", case_id=case.pk)
    return _tab(request, case, upload_form=form, status=422)


def file_response(field_file: Any, *, filename: str, fmt: str) -> FileResponse:
    content_type = TYPES[fmt].mime if fmt in TYPES else "application/octet-stream"
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@access.page(DOCUMENT_VIEW)
def download(request: HttpRequest, pk: int) -> FileResponse:
    doc = access.get_visible_or_404(CaseDocument.objects.select_related("case"), request.user, DOCUMENT_VIEW, pk=pk)
    return file_response(doc.file, filename=doc.download_name, fmt=doc.format)


# ---------------------------------------------------------------------------------------------
# Templates (administrator)


@access.page(TEMPLATE_MANAGE)
def templates(request: HttpRequest) -> HttpResponse:
    rows = DocumentTemplate.objects.select_related("uploaded_by").order_by("code", "language", "-version")
    return render(request, "documents/templates.html", {"templates": rows})


@access.page(TEMPLATE_MANAGE)
def template_upload(request: HttpRequest) -> HttpResponse:
    initial = {k: request.GET[k] for k in ("code", "language") if k in request.GET}
    form = TemplateUploadForm(request.POST or None, request.FILES or None, initial=initial)
    if submit(request, form, lambda data: services.template_upload(
            actor=request.user, code=data["code"], language=data["language"], title=data["title"],
            upload=data["file"], change_note=data.get("change_note") or ""),
            lambda tpl: _("Version %(version)s of %(title)s is now in use.")
            % {"version": tpl.version, "title": tpl.title}):
        return redirect("documents:templates")
    return render(request, "documents/template_upload.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


@require_POST
@access.page(TEMPLATE_MANAGE)
def template_activate(request: HttpRequest, pk: int) -> HttpResponse:
    tpl = DocumentTemplate.objects.filter(pk=pk).first()
    if tpl is None:
        raise Http404
    act(request, lambda: services.template_activate(actor=request.user, template=tpl),
        lambda done: _("Version %(version)s of %(title)s is now in use.") % {"version": done.version,
                                                                              "title": done.title})
    return redirect(reverse("documents:templates"))


@access.page(TEMPLATE_MANAGE)
def template_download(request: HttpRequest, pk: int) -> FileResponse:
    tpl = DocumentTemplate.objects.filter(pk=pk).first()
    if tpl is None:
        raise Http404
    return file_response(tpl.file, filename=f"{tpl.code}-{tpl.language}-v{tpl.version}.docx", fmt="docx")


@access.page(DOCUMENT_CREATE)
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload an edited DOCX of a generated letter back as its final version (a new version)."""
    doc = access.get_visible_or_404(CaseDocument.objects.select_related("case", "case__person", "case__responsible_unit",
                                                                        "case__responsible_officer", "section"),
                                    request.user, DOCUMENT_CREATE, pk=pk, format=CaseDocument.Format.DOCX,
                                    source__in=(CaseDocument.Source.GENERATED, CaseDocument.Source.EDITED))
    form = ReviseForm(request.POST or None, request.FILES or None)
    if submit(request, form, lambda data: services.document_revise(actor=request.user, document=doc,
                                                                    upload=data["file"]),
              lambda docs: _("Version %(version)s of %(title)s, edited, is now in the case file.")
              % {"version": docs[0].version, "title": docs[0].title}):
        return redirect("documents:case_documents", case_id=doc.case_id)
    return render(request, "documents/revise.html", {"form": form, "document": doc, "case": doc.case},
                  status=422 if request.method == "POST" else 200)
