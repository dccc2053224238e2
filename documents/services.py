"""State changes for document templates and case documents: keyword-only, the actor named, one
transaction, change log + case timeline event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import timeline
from cases.models import Case, Section
from core import audit, policies, sensitivity
from core.errors import Conflict, ValidationFailed
from core.files import check_upload
from documents import rendering
from documents.kinds import DEFAULT_LANGUAGE, LANGUAGES, TEMPLATE_KINDS, UPLOAD_TYPES
from documents.models import CaseDocument, DocumentTemplate

timeline.register("document_generated", gettext_lazy("Document generated"),
                  gettext_lazy("{title}, version {version} ({language})"))
timeline.register("document_uploaded", gettext_lazy("Document uploaded"), gettext_lazy("{title} ({type})"))
timeline.register("document_edited", gettext_lazy("Edited version uploaded"),
                  gettext_lazy("{title}, version {version} (edited from version {from_version})"))


# --- Preview: a letter seen before it counts ------------------------------------------------------

_PREVIEW: ContextVar[bool] = ContextVar("documents_preview", default=False)


class LetterPreview(Exception):  # noqa: N818 - a signal, not an error
    """Raised by :func:`document_generate` in preview mode, with the filled-in letter, so that the
    service that asked for the letter stops there and its transaction rolls back: nothing is saved."""

    def __init__(self, *, code: str, title: str, language: str, html: str) -> None:
        super().__init__(code)
        self.code, self.title, self.language, self.html = code, title, language, html


def preview(action: Callable[[], Any]) -> LetterPreview:
    """Run ``action`` (a service that generates a letter, e.g. issuing a warning) up to the letter and
    return the letter instead of storing anything. A rule the service breaks first is raised as usual."""
    token = _PREVIEW.set(True)
    try:
        action()
    except LetterPreview as letter:
        return letter
    finally:
        _PREVIEW.reset(token)
    raise RuntimeError("the action generated no letter")


@contextmanager
def _files_cleanup() -> Iterator[list[str]]:
    """Stored files of a failed transaction are removed again (nothing is half-saved)."""
    saved: list[str] = []
    try:
        yield saved
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise


def _track(saved: list[str], stored: FieldFile) -> None:
    """Remember a just-stored file so that :func:`_files_cleanup` can remove it again."""
    if stored.name:  # always set by FieldFile.save(); typed optional
        saved.append(stored.name)


def _read(upload: Any) -> bytes:
    fh = upload.file if hasattr(upload, "file") else upload
    fh.seek(0)
    data = fh.read()
    fh.seek(0)
    return data


# ---------------------------------------------------------------------------------------------
# Templates


def _check_kind_and_language(code: str, language: str) -> None:
    if code not in TEMPLATE_KINDS:
        raise ValidationFailed("template_code_unknown", _("Choose the letter."), field="code")
    if language not in LANGUAGES:
        raise ValidationFailed("language_unknown", _("Choose the language."), field="language")


def template_upload(*, actor: Any, code: str, language: str, title: str, upload: Any, change_note: str = "",
                    activate: bool = True) -> DocumentTemplate:
    """Store a new version of a template (the next number for its code and language)."""
    _check_kind_and_language(code, language)
    title = (title or "").strip()
    if not title:
        raise ValidationFailed("title_required", _("Enter the title."), field="title")
    checked = check_upload(upload, allowed=("docx",), field="file")
    content = _read(upload)
    rendering.check_template(content, TEMPLATE_KINDS[code], field="file")
    with _files_cleanup() as saved:
        try:
            return _template_store(actor=actor, code=code, language=language, title=title, content=content,
                                   checked=checked, change_note=change_note, activate=activate, saved=saved)
        except IntegrityError:
            raise Conflict("template_version_taken",
                           _("Someone uploaded another version at the same time. Try again."), field="file") from None


@transaction.atomic
def _template_store(*, actor: Any, code: str, language: str, title: str, content: bytes, checked: Any,
                    change_note: str, activate: bool, saved: list[str]) -> DocumentTemplate:
    siblings = DocumentTemplate.objects.select_for_update().filter(code=code, language=language)
    latest = siblings.aggregate(m=Max("version"))["m"] or 0
    first = latest == 0
    template = DocumentTemplate(
        code=code, language=language, version=latest + 1, title=title, size=checked.size, sha256=checked.sha256,
        change_note=(change_note or "").strip()[:500], uploaded_by=actor if getattr(actor, "pk", None) else None,
        active=False,
    )
    template.file.save("template.docx", ContentFile(content), save=False)
    _track(saved, template.file)
    if activate or first:
        for old in siblings.filter(active=True):
            before = audit.snapshot(old)
            old.active = False
            old.save(update_fields=["active"])
            audit.record(actor=actor, verb="template_deactivate", instance=old, before=before,
                         after=audit.snapshot(old))
        template.active = True
    template.save()
    audit.record(actor=actor, verb="template_upload", instance=template, action="create",
                 after=audit.snapshot(template))
    return template


@transaction.atomic
def template_activate(*, actor: Any, template: DocumentTemplate) -> DocumentTemplate:
    """Make this version the one used for new letters of its code and language."""
    siblings = list(DocumentTemplate.objects.select_for_update()
                    .filter(code=template.code, language=template.language))
    current = next((t for t in siblings if t.pk == template.pk), None)
    if current is None:
        raise ValidationFailed("template_missing", _("This template version no longer exists."))
    if current.active:
        raise Conflict("template_already_active", _("This version is already in use."))
    for old in siblings:
        if old.active:
            before = audit.snapshot(old)
            old.active = False
            old.save(update_fields=["active"])
            audit.record(actor=actor, verb="template_deactivate", instance=old, before=before,
                         after=audit.snapshot(old))
    before = audit.snapshot(current)
    current.active = True
    current.save(update_fields=["active"])
    audit.record(actor=actor, verb="template_activate", instance=current, before=before,
                 after=audit.snapshot(current))
    return current


def active_template(code: str, language: str) -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(code=code, language=language, active=True).first()


# ---------------------------------------------------------------------------------------------
# Case documents


def default_language(person: Any) -> str:
    """The client's first language among the letter languages, else Latvian."""
    for code in person.languages or []:
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def _check_section(case: Case, section: Section | None) -> None:
    if section is not None and section.case_id != case.pk:
        raise ValidationFailed("section_not_in_case", _("Choose a section of this case."), field="section")


def check_appearance(*, section: Section | None, appearance_date: dt.date | None,
                     appearance_time: dt.time | None, place: str, now: dt.datetime | None = None) -> None:
    """The appearance must be in the future, and no later than the section kind's invitation limit allows
    (``SectionKind.invitation_limit_policy``; for an evaluation report MK 271 p.13: 10 days after the
    invitation is sent)."""
    if appearance_date is None:
        raise ValidationFailed("appearance_date_required", _("Enter the date of the appointment."),
                               field="appearance_date")
    if appearance_time is None:
        raise ValidationFailed("appearance_time_required", _("Enter the time of the appointment."),
                               field="appearance_time")
    if not place:
        raise ValidationFailed("place_required", _("Enter the place of the appointment."), field="place")
    now = now or timezone.now()
    # A time with a UTC offset (an API caller's "10:00+02:00") is a wall-clock time here: the offset is
    # dropped rather than made aware twice (which raised ValueError, a 500).
    when = timezone.make_aware(dt.datetime.combine(appearance_date, appearance_time.replace(tzinfo=None)))
    if when <= now:
        raise ValidationFailed("appearance_not_future", _("The appointment must be in the future."),
                               field="appearance_date")
    limit_policy = section.kind_def.invitation_limit_policy if section is not None and section.kind_def else ""
    if limit_policy:
        max_days = int(policies.value(limit_policy))
        today = timezone.localdate(now)
        if (appearance_date - today).days > max_days:
            raise ValidationFailed(
                "appearance_too_late",
                _("For %(kind)s the appointment must be at most %(days)s days after the invitation is sent "
                  "(by %(last)s).") % {"kind": section.kind_label, "days": max_days,  # type: ignore[union-attr]
                                       "last": (today + dt.timedelta(days=max_days)).strftime("%d.%m.%Y")},
                field="appearance_date", max_days=max_days,
            )


def document_generate(*, actor: Any, case: Case, code: str, language: str | None = None,
                      section: Section | None = None, appearance_date: dt.date | None = None,
                      appearance_time: dt.time | None = None, place: str = "", bring: str = "",
                      title: str = "", extra: Mapping[str, Any] | None = None) -> list[CaseDocument]:
    """Fill in the active template for ``code`` and store the letter on the case as DOCX and PDF
    (both with the next version number of this letter on this case).

    ``extra`` is the kind's own context (``TemplateKind.extra_context``), filled in by the module
    that owns the letter, e.g. the violation a warning names; other keys are a programming error."""
    if code not in TEMPLATE_KINDS:
        raise ValidationFailed("template_code_unknown", _("Choose the letter."), field="code")
    kind = TEMPLATE_KINDS[code]
    language = language or default_language(case.person)
    if language not in LANGUAGES:
        raise ValidationFailed("language_unknown", _("Choose the language."), field="language")
    _check_section(case, section)
    if case.status != Case.Status.OPEN:
        raise ValidationFailed("case_closed", _("The case file is closed; reopen it first."), field="code")
    appearance = None
    if kind.needs_appearance:
        place = (place or "").strip() or case.responsible_unit.address
        check_appearance(section=section, appearance_date=appearance_date, appearance_time=appearance_time,
                         place=place)
        assert appearance_date is not None and appearance_time is not None
        appearance = {"date": appearance_date.strftime("%d.%m.%Y"), "time": appearance_time.strftime("%H:%M"),
                      "place": place, "bring": (bring or "").strip()}
    template = active_template(code, language)
    if template is None:
        raise ValidationFailed("template_missing", _("There is no template for this letter in this language."),
                               field="language")
    extra = dict(extra or {})
    unknown = set(extra) - set(kind.extra_context)
    if unknown:
        raise TypeError(f"{code} has no extra context {sorted(unknown)}")
    if not kind.standalone and not extra:
        raise ValidationFailed("letter_made_elsewhere", _("This letter is created from its own step in the case "
                                                          "(for example the warning or the work order)."),
                               field="code")
    context = rendering.build_context(user=actor, case=case, section=section, language=language,
                                      appearance=appearance)
    context.update(extra)
    with template.file.open("rb") as fh:
        template_bytes = fh.read()
    try:
        docx = rendering.render_docx(template_bytes, context)
    except Exception as exc:  # noqa: BLE001 - a template error must reach the user, not a 500
        raise ValidationFailed("template_render_failed", _("The template could not be filled in: %(error)s")
                               % {"error": exc}, field="code") from None
    title = (title or "").strip() or template.title
    if _PREVIEW.get():
        raise LetterPreview(code=code, title=title, language=language, html=rendering.docx_to_html(docx))
    pdf = rendering.docx_to_pdf(docx, title=title, language=language)
    with _files_cleanup() as saved:
        return _generated_store(actor=actor, case=case, section=section, template=template, code=code,
                                language=language, title=title, files={"docx": docx, "pdf": pdf},
                                address_included=bool(context["person"]["address"]), saved=saved)


@transaction.atomic
def _generated_store(*, actor: Any, case: Case, section: Section | None, template: DocumentTemplate, code: str,
                     language: str, title: str, files: dict[str, bytes], address_included: bool,
                     saved: list[str]) -> list[CaseDocument]:
    import hashlib

    # Serialise generation per case so two officers never get the same version number.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    latest = (CaseDocument.objects.filter(case=case, document_type=code,
                                          source__in=(CaseDocument.Source.GENERATED, CaseDocument.Source.EDITED))
              .aggregate(m=Max("version"))["m"] or 0)
    author = actor if getattr(actor, "pk", None) else None
    documents = []
    for fmt, content in files.items():
        doc = CaseDocument(
            case=case, section=section, source=CaseDocument.Source.GENERATED, document_type=code, title=title,
            format=fmt, size=len(content), sha256=hashlib.sha256(content).hexdigest(), template=template,
            template_version=template.version, language=language, version=latest + 1, author=author,
        )
        doc.file.save(f"document.{fmt}", ContentFile(content), save=False)
        _track(saved, doc.file)
        doc.save()
        audit.record(actor=actor, verb="document_generate", instance=doc, action="create", after=audit.snapshot(doc))
        documents.append(doc)
    if address_included:
        audit.log_sensitive_read(user=actor, sensitivity=sensitivity.Sensitivity.ADDRESS, instance=case.person,
                                 purpose="document_generate")
    timeline.emit("document_generated", case=case, section=section, actor=actor, title=title,
                  version=latest + 1, language=language, template_code=code,
                  document_ids=[d.pk for d in documents])
    return documents


def document_upload(*, actor: Any, case: Case, document_type: str, title: str, upload: Any,
                    section: Section | None = None) -> CaseDocument:
    """Attach a file to the case after checking its size and real type."""
    if document_type not in UPLOAD_TYPES:
        raise ValidationFailed("document_type_unknown", _("Choose the document type."), field="document_type")
    title = (title or "").strip()
    if not title:
        raise ValidationFailed("title_required", _("Enter the title."), field="title")
    _check_section(case, section)
    checked = check_upload(upload, field="file")
    content = _read(upload)
    with _files_cleanup() as saved:
        return _uploaded_store(actor=actor, case=case, section=section, document_type=document_type, title=title,
                               content=content, checked=checked,
                               original_name=(getattr(upload, "name", "") or "")[-255:], saved=saved)


@transaction.atomic
def _uploaded_store(*, actor: Any, case: Case, section: Section | None, document_type: str, title: str,
                    content: bytes, checked: Any, original_name: str, saved: list[str]) -> CaseDocument:
    doc = CaseDocument(
        case=case, section=section, source=CaseDocument.Source.UPLOADED, document_type=document_type,
        title=title[:200], original_name=original_name, format=checked.type.code, size=checked.size,
        sha256=checked.sha256, version=1, author=actor if getattr(actor, "pk", None) else None,
    )
    doc.file.save(f"upload.{checked.type.code}", ContentFile(content), save=False)
    _track(saved, doc.file)
    doc.save()
    audit.record(actor=actor, verb="document_upload", instance=doc, action="create", after=audit.snapshot(doc))
    timeline.emit("document_uploaded", case=case, section=section, actor=actor, title=doc.title,
                  type=str(UPLOAD_TYPES[document_type]), document_id=doc.pk)
    return doc


# --- An edited letter uploaded back ---------------------------------------------------------------


def document_revise(*, actor: Any, document: CaseDocument, upload: Any) -> list[CaseDocument]:
    """A generated letter downloaded as DOCX, edited and uploaded back: stored as the next version of that
    letter on the case (the DOCX as uploaded and its PDF), the final one; every earlier version is kept."""
    if document.source not in (CaseDocument.Source.GENERATED, CaseDocument.Source.EDITED) or \
            document.format != CaseDocument.Format.DOCX:
        raise ValidationFailed("not_a_letter", _("Only a generated letter's DOCX can be replaced by an edited "
                                                 "version."), field="file")
    case = document.case
    if case.status != Case.Status.OPEN:
        raise ValidationFailed("case_closed", _("The case file is closed; reopen it first."), field="file")
    checked = check_upload(upload, allowed=("docx",), field="file")
    content = _read(upload)
    try:
        pdf = rendering.docx_to_pdf(content, title=document.title, language=document.language or DEFAULT_LANGUAGE)
    except Exception:  # noqa: BLE001 - a broken file must reach the user, not a 500
        raise ValidationFailed("docx_unreadable", _("The file could not be read as a DOCX document."),
                               field="file") from None
    if checked.sha256 == document.sha256:
        raise ValidationFailed("docx_unchanged", _("The file is the same as version %(version)s: nothing was "
                                                   "edited.") % {"version": document.version}, field="file")
    with _files_cleanup() as saved:
        return _edited_store(actor=actor, document=document, files={"docx": content, "pdf": pdf},
                             original_name=(getattr(upload, "name", "") or "")[-255:], saved=saved)


@transaction.atomic
def _edited_store(*, actor: Any, document: CaseDocument, files: dict[str, bytes], original_name: str,
                  saved: list[str]) -> list[CaseDocument]:
    import hashlib

    case = document.case
    Case.objects.select_for_update().filter(pk=case.pk).first()
    latest = (CaseDocument.objects.filter(case=case, document_type=document.document_type,
                                          source__in=(CaseDocument.Source.GENERATED, CaseDocument.Source.EDITED))
              .aggregate(m=Max("version"))["m"] or 0)
    author = actor if getattr(actor, "pk", None) else None
    documents = []
    for fmt, content in files.items():
        doc = CaseDocument(
            case=case, section=document.section, source=CaseDocument.Source.EDITED,
            document_type=document.document_type, title=document.title, original_name=original_name if fmt == "docx"
            else "", format=fmt, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
            template=document.template, template_version=document.template_version, language=document.language,
            version=latest + 1, author=author, revises=document,
        )
        doc.file.save(f"document.{fmt}", ContentFile(content), save=False)
        _track(saved, doc.file)
        doc.save()
        audit.record(actor=actor, verb="document_edit", instance=doc, action="create", after=audit.snapshot(doc))
        documents.append(doc)
    timeline.emit("document_edited", case=case, section=document.section, actor=actor, title=document.title,
                  version=latest + 1, from_version=document.version, document_ids=[d.pk for d in documents])
    return documents
