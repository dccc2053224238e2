"""Document templates (versioned DOCX files, one active version per code and language) and the
documents stored on a case (generated from a template or uploaded)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Section
from core.access import ScopeMap, own_ids, restrict
from documents.kinds import LANGUAGES, document_type_label


def _template_path(instance: DocumentTemplate, filename: str) -> str:
    return f"document_templates/{instance.code}/{instance.language}/v{instance.version}-{uuid.uuid4().hex[:8]}.docx"


def _document_path(instance: CaseDocument, filename: str) -> str:
    return f"case_documents/{instance.case_id}/{uuid.uuid4().hex}.{instance.format}"


class DocumentTemplate(models.Model):
    """One version of a DOCX template. Versions are never changed or deleted; exactly one version
    per code and language is active (a database constraint keeps it so)."""

    code = models.CharField(_("template"), max_length=60)
    language = models.CharField(_("language"), max_length=2, choices=list(LANGUAGES.items()))
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_template_path, max_length=300)
    size = models.PositiveIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64)
    active = models.BooleanField(pgettext_lazy("document template", "active"), default=False)
    change_note = models.CharField(_("change note"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["code", "language", "-version"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = [
            models.UniqueConstraint(fields=["code", "language", "version"], name="doctemplate_version_unique"),
            models.UniqueConstraint(fields=["code", "language"], condition=Q(active=True),
                                    name="doctemplate_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.code} [{self.language}] v{self.version}"

    @property
    def kind_label(self) -> str:
        return document_type_label(self.code)


def _own_document(user: Any) -> Q:
    return Q(Exists(Section.objects.filter(case_id=OuterRef("case_id"), responsible_officer_id__in=own_ids(user),
                                           state__in=Section.OPEN_STATES)))


# The same reach as the case file itself (cases.models.CASE_SCOPE), one join further.
DOCUMENT_SCOPE = ScopeMap(unit="case__responsible_unit_id", officers=("case__responsible_officer_id",),
                          own=_own_document)


class CaseDocumentQuerySet(models.QuerySet):
    def visible_to(self, user: Any, perm: str = "document.view") -> CaseDocumentQuerySet:
        return restrict(self, user, perm, DOCUMENT_SCOPE)

    def for_listing(self) -> CaseDocumentQuerySet:
        return self.select_related("author", "section", "template", "revises")


class CaseDocument(models.Model):
    """A file on a case. Generated letters come as a DOCX and a PDF row with the same version."""

    class Source(models.TextChoices):
        GENERATED = "generated", _("generated")
        UPLOADED = "uploaded", _("uploaded")
        EDITED = "edited", _("edited")  # a generated letter downloaded, edited and uploaded back

    class Format(models.TextChoices):
        DOCX = "docx", "DOCX"
        PDF = "pdf", "PDF"
        ODT = "odt", "ODT"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        TIFF = "tiff", "TIFF"
        EDOC = "edoc", "EDOC"
        TXT = "txt", "TXT"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents")
    section = models.ForeignKey("cases.Section", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="documents", verbose_name=_("section"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    document_type = models.CharField(_("document type"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    template = models.ForeignKey(DocumentTemplate, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="documents", verbose_name=_("template"))
    template_version = models.PositiveIntegerField(_("template version"), null=True, blank=True)
    # An edited version: the generated (or earlier edited) letter it replaces; that one is kept.
    revises = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="revisions",
                                verbose_name=_("edited from"))
    language = models.CharField(_("language"), max_length=2, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CaseDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        indexes = [models.Index(fields=["case", "-created_at"], name="casedoc_case_created")]
        constraints = [
            models.UniqueConstraint(fields=["case", "document_type", "version", "format"],
                                    condition=Q(source="generated"), name="casedoc_generated_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version} ({self.format})"

    @property
    def document_type_label(self) -> str:
        return document_type_label(self.document_type)

    @property
    def download_name(self) -> str:
        if self.source == self.Source.UPLOADED and self.original_name:
            return self.original_name
        base = f"{self.case.registration_number}-{self.document_type}-v{self.version}"
        if self.language:
            base += f"-{self.language}"
        return f"{base}.{self.format}"
