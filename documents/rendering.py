"""Turning a template and a case into a letter: the documented context, template checks, DOCX
rendering with docxtpl and PDF conversion (DOCX -> HTML with mammoth -> PDF with WeasyPrint).

Templates are rendered in a sandboxed Jinja environment with strict undefined names and XML
autoescaping, so a value such as "SIA A&B" cannot break the document and a placeholder that the
context does not have is an error, never a silent blank.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from typing import Any

import mammoth
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from core import sensitivity
from core.errors import ValidationFailed
from core.text import feminine_surname
from documents.kinds import TemplateKind


def officer_title(officer: Any) -> str:
    """How a Latvian letter names the officer before their name, in agreement with them: their position
    as written in their account ("Vecākā probācijas speciāliste" -> "vecākā probācijas speciāliste"), else
    "probācijas speciāliste" or "probācijas speciālists" by the form of the surname."""
    position = (getattr(officer, "position", "") or "").strip()
    if position:
        return position[:1].lower() + position[1:]
    return "probācijas speciāliste" if feminine_surname(getattr(officer, "last_name", "")) else "probācijas speciālists"


def jinja_env() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def _d(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def build_context(*, user: Any, case: Any, section: Any = None, language: str,
                  appearance: dict[str, Any] | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """The context every template gets (docs/documents.md lists it). The client's address is a
    sensitive class: it is filled in only when ``user`` may see addresses."""
    person = case.person
    unit = case.responsible_unit
    officer = (section.responsible_officer if section is not None and section.responsible_officer_id
               else case.responsible_officer) or user
    address = ""
    if sensitivity.can_see(user, sensitivity.Sensitivity.ADDRESS):
        address = person.declared_address or person.actual_address or ""
    with translation.override(language):
        section_ctx = {"kind": "", "basis": "", "basis_type": "", "basis_number": "", "basis_date": "",
                       "basis_issuer": ""}
        if section is not None:
            section_ctx = {
                "kind": str(section.kind_label),
                "basis_type": str(section.get_basis_type_display()),
                "basis_number": section.basis_number,
                "basis_date": _d(section.basis_date),
                "basis_issuer": section.basis_issuer,
                "basis": f"{section.get_basis_type_display()} {section.basis_number} ({_d(section.basis_date)})",
            }
    context: dict[str, Any] = {
        "person": {
            "full_name": person.full_name,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "personal_code": person.personal_code_display,
            "birth_date": _d(person.birth_date),
            "address": address,
        },
        "case": {"registration_number": case.registration_number},
        "unit": {"name": unit.name, "address": unit.address, "phone": unit.phone, "email": unit.email},
        "officer": {
            "name": officer.get_full_name() or officer.get_username(),
            "position": getattr(officer, "position", "") or "",
            "title": officer_title(officer),
            "phone": getattr(officer, "phone", "") or "",
            "email": officer.email or "",
        },
        "section": section_ctx,
        "today": _d(today or timezone.localdate()),
    }
    if appearance is not None:
        context["appearance"] = appearance
    return context


def sample_context(kind: TemplateKind) -> dict[str, Any]:
    """A full context with sample values: used to test-render an uploaded template."""
    context: dict[str, Any] = {
        "person": {"full_name": "Jānis Bērziņš", "first_name": "Jānis", "last_name": "Bērziņš",
                   "personal_code": "161175-19997", "birth_date": "16.11.1975", "address": "Brīvības iela 1-2, Rīga"},
        "case": {"registration_number": "2025-000001"},
        "unit": {"name": "Rīgas centra TSV", "address": "Brīvības iela 10, Rīga", "phone": "67000000",
                 "email": "riga@example.org"},
        "officer": {"name": "Alise Ozola", "position": "Probācijas speciāliste", "title": "probācijas speciāliste", "phone": "67000001",
                    "email": "alise@example.org"},
        "section": {"kind": "Uzraudzība", "basis": "Tiesas nolēmums K30-1234-25 (01.09.2025)",
                    "basis_type": "Tiesas nolēmums", "basis_number": "K30-1234-25", "basis_date": "01.09.2025",
                    "basis_issuer": "Rīgas pilsētas tiesa"},
        "today": "01.10.2025",
    }
    if "appearance" in kind.context_keys:
        context["appearance"] = {"date": "08.10.2025", "time": "10:00", "place": "Brīvības iela 10, Rīga",
                                 "bring": "darba līgums"}
    for key in kind.extra_context:
        if key != "appearance":
            context[key] = kind.samples.get(key, "")
    return context


def _open(content: bytes) -> DocxTemplate:
    return DocxTemplate(io.BytesIO(content))


def check_template(content: bytes, kind: TemplateKind, field: str = "file") -> None:
    """Refuse a template whose placeholders are not in the documented context for its kind, or
    that does not render with sample values."""
    try:
        names = _open(content).get_undeclared_template_variables(jinja_env())
    except TemplateSyntaxError as exc:
        raise ValidationFailed("template_syntax", _("The template has a placeholder error on line %(line)s: "
                                                    "%(error)s") % {"line": exc.lineno, "error": exc.message},
                               field=field) from None
    except Exception:  # noqa: BLE001 - python-docx raises many types for a damaged file
        raise ValidationFailed("template_unreadable", _("The file cannot be read as a Word document."),
                               field=field) from None
    unknown = sorted(set(names) - kind.context_keys)
    if unknown:
        raise ValidationFailed(
            "template_unknown_placeholder",
            _("The template uses placeholders that this letter does not have: %(names)s.")
            % {"names": ", ".join(unknown)}, field=field, placeholders=unknown,
        )
    try:
        render_docx(content, sample_context(kind))
    except UndefinedError as exc:
        raise ValidationFailed(
            "template_unknown_placeholder",
            _("The template uses a placeholder that this letter does not have: %(error)s.") % {"error": exc.message},
            field=field,
        ) from None
    except TemplateError as exc:
        raise ValidationFailed("template_syntax", _("The template cannot be filled in: %(error)s.")
                               % {"error": str(exc)}, field=field) from None


def render_docx(content: bytes, context: dict[str, Any]) -> bytes:
    tpl = _open(content)
    tpl.render(context, jinja_env=jinja_env(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


_PDF_CSS = """
@page { size: A4; margin: 20mm 20mm 20mm 25mm; }
body { font-family: "DejaVu Serif", "Liberation Serif", serif; font-size: 11pt; line-height: 1.4; }
h1, h2, h3 { font-size: 13pt; text-align: center; margin: 1.2em 0 0.8em; }
p { margin: 0 0 0.6em; }
table { border-collapse: collapse; } td, th { border: 1px solid #555; padding: 2pt 4pt; }
"""


def docx_to_html(docx: bytes) -> str:
    """The letter's body as HTML (mammoth escapes the text), for a preview on a page."""
    return mammoth.convert_to_html(io.BytesIO(docx)).value


def docx_to_pdf(docx: bytes, *, title: str, language: str) -> bytes:
    from weasyprint import HTML

    body = mammoth.convert_to_html(io.BytesIO(docx)).value
    document = (f'<!DOCTYPE html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
                f"<title>{html.escape(title)}</title><style>{_PDF_CSS}</style></head><body>{body}</body></html>")
    return HTML(string=document).write_pdf()
