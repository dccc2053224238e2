"""The written warning (brīdinājums) as a document template of the documents module.

The kind is registered with ``documents.kinds.register``; its built-in DOCX (lv, en, ru) is built
here with python-docx and stored as version 1 through ``documents.services.template_upload`` the
first time a warning is issued in a language that has no template yet (or by
``manage.py load_supervision_templates``). Administrators replace it like any other template.
The documents module fills in only the common context (person, case, unit, officer, section,
today), so the letter names the supervision and its basis; the violation itself is on record in
the section.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from documents.kinds import TemplateKind, register

WARNING = "supervision_warning"
register(TemplateKind(WARNING, _("Written warning (supervision)")))

_TEXT: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "lv": ("Brīdinājums", [
        ("b", "Valsts probācijas dienests"), ("p", "{{ unit.name }}, {{ unit.address }}"),
        ("r", "{{ today }} Nr. {{ case.registration_number }}"),
        ("b", "{{ person.full_name }}"), ("p", "{{ person.address }}"),
        ("h", "BRĪDINĀJUMS"),
        ("p", "Jūs atrodaties probācijas dienesta uzraudzībā: {{ section.kind }} ({{ section.basis }})."),
        ("p", "Probācijas dienests ir konstatējis, ka Jūs neesat pildījis uzraudzības laikā noteiktos "
              "pienākumus. Ar šo Jūs tiekat rakstiski brīdināts. Ja pienākumi netiks pildīti arī turpmāk, "
              "probācijas dienests iesniegs tiesai vai prokuroram iesniegumu par Jums piemērotā soda vai "
              "nosacījuma jautājuma izlemšanu."),
        ("p", "{{ officer.name }}{% if officer.position %}, {{ officer.position }}{% endif %}"),
        ("p", "Brīdinājumu saņēmu: ____________________ (paraksts, datums)"),
    ]),
    "en": ("Written warning", [
        ("b", "State Probation Service"), ("p", "{{ unit.name }}, {{ unit.address }}"),
        ("r", "{{ today }} No. {{ case.registration_number }}"),
        ("b", "{{ person.full_name }}"), ("p", "{{ person.address }}"),
        ("h", "WRITTEN WARNING"),
        ("p", "You are under the supervision of the probation service: {{ section.kind }} ({{ section.basis }})."),
        ("p", "The probation service has found that you have not fulfilled the duties set for your supervision. "
              "You are hereby warned in writing. If the duties remain unfulfilled, the probation service will make "
              "a submission to the court or the prosecutor to decide on your sentence or conditions."),
        ("p", "{{ officer.name }}{% if officer.position %}, {{ officer.position }}{% endif %}"),
        ("p", "Warning received: ____________________ (signature, date)"),
    ]),
    "ru": ("Письменное предупреждение", [
        ("b", "Государственная служба пробации"), ("p", "{{ unit.name }}, {{ unit.address }}"),
        ("r", "{{ today }} № {{ case.registration_number }}"),
        ("b", "{{ person.full_name }}"), ("p", "{{ person.address }}"),
        ("h", "ПИСЬМЕННОЕ ПРЕДУПРЕЖДЕНИЕ"),
        ("p", "Вы находитесь под надзором службы пробации: {{ section.kind }} ({{ section.basis }})."),
        ("p", "Служба пробации установила, что Вы не выполнили обязанности, установленные на время надзора. "
              "Настоящим Вы предупреждаетесь в письменной форме. Если обязанности и далее не будут выполняться, "
              "служба пробации направит в суд или прокурору представление о решении вопроса о Вашем наказании "
              "или условиях."),
        ("p", "{{ officer.name }}{% if officer.position %}, {{ officer.position }}{% endif %}"),
        ("p", "Предупреждение получил(а): ____________________ (подпись, дата)"),
    ]),
}


def build_docx(code: str, language: str) -> bytes:
    if code != WARNING:
        raise KeyError(code)
    title, blocks = _TEXT[language]
    document = Document()
    document.core_properties.title = title
    document.core_properties.language = language
    for kind, text in blocks:
        paragraph = document.add_paragraph(style="Heading 1" if kind == "h" else None)
        run = paragraph.add_run(text)  # one run per paragraph: every placeholder stays whole
        if kind in ("h", "b"):
            run.bold = True
        if kind == "h":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "r":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ensure_template(code: str, language: str) -> bool:
    """Store the built-in template as version 1 when the code and language has none; True if stored."""
    from documents import services
    from documents.models import DocumentTemplate

    if language not in _TEXT or DocumentTemplate.objects.filter(code=code, language=language).exists():
        return False
    upload = SimpleUploadedFile(f"{code}-{language}.docx", build_docx(code, language),
                                content_type="application/octet-stream")
    services.template_upload(actor=None, code=code, language=language, title=_TEXT[language][0], upload=upload,
                             change_note="Built-in template (supervision)")
    return True
