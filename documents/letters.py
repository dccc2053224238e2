"""The service's first letter templates, built as DOCX with python-docx (no binary files in the
repository). Each placeholder sits inside one run, in Jinja syntax that docxtpl fills in.

``LETTERS[(code, language)]`` is a title and a list of blocks: ``("h", text)`` a centred bold
heading, ``("p", text)`` a paragraph, ``("r", text)`` a right-aligned line, ``("b", text)`` bold.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_noop
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from documents.models import DocumentTemplate

_HEAD = {
    "lv": [("b", "Valsts probācijas dienests"), ("p", "{{ unit.name }}"),
           ("p", "{{ unit.address }}{% if unit.phone %}, tālr. {{ unit.phone }}{% endif %}"
                 "{% if unit.email %}, e-pasts {{ unit.email }}{% endif %}")],
    "en": [("b", "State Probation Service"), ("p", "{{ unit.name }}"),
           ("p", "{{ unit.address }}{% if unit.phone %}, phone {{ unit.phone }}{% endif %}"
                 "{% if unit.email %}, e-mail {{ unit.email }}{% endif %}")],
    "ru": [("b", "Государственная служба пробации"), ("p", "{{ unit.name }}"),
           ("p", "{{ unit.address }}{% if unit.phone %}, тел. {{ unit.phone }}{% endif %}"
                 "{% if unit.email %}, эл. почта {{ unit.email }}{% endif %}")],
}

_ADDRESSEE = {
    "lv": [("r", "{{ today }} Nr. {{ case.registration_number }}"),
           ("b", "{{ person.full_name }}"),
           ("p", "{% if person.personal_code %}personas kods {{ person.personal_code }}{% else %}"
                 "dzimšanas datums {{ person.birth_date }}{% endif %}"),
           ("p", "{{ person.address }}")],
    "en": [("r", "{{ today }} No. {{ case.registration_number }}"),
           ("b", "{{ person.full_name }}"),
           ("p", "{% if person.personal_code %}personal code {{ person.personal_code }}{% else %}"
                 "date of birth {{ person.birth_date }}{% endif %}"),
           ("p", "{{ person.address }}")],
    "ru": [("r", "{{ today }} № {{ case.registration_number }}"),
           ("b", "{{ person.full_name }}"),
           ("p", "{% if person.personal_code %}персональный код {{ person.personal_code }}{% else %}"
                 "дата рождения {{ person.birth_date }}{% endif %}"),
           ("p", "{{ person.address }}")],
}

_SIGNATURE = {
    "lv": [("p", "Ar cieņu"), ("p", "{{ officer.name }}{% if officer.position %}, {{ officer.position }}{% endif %}"),
           ("p", "{{ unit.name }}")],
    "en": [("p", "Yours sincerely"),
           ("p", "{{ officer.name }}{% if officer.position %}, {{ officer.position }}{% endif %}"),
           ("p", "{{ unit.name }}")],
    "ru": [("p", "С уважением"),
           ("p", "{{ officer.name }}{% if officer.position %}, {{ officer.position }}{% endif %}"),
           ("p", "{{ unit.name }}")],
}

_CONTACT = {
    "lv": "{% if officer.phone or unit.phone %} pa tālruni {{ officer.phone or unit.phone }}{% endif %}"
          "{% if officer.email or unit.email %} vai e-pastu {{ officer.email or unit.email }}{% endif %}",
    "en": "{% if officer.phone or unit.phone %} by phone on {{ officer.phone or unit.phone }}{% endif %}"
          "{% if officer.email or unit.email %} or by e-mail to {{ officer.email or unit.email }}{% endif %}",
    "ru": "{% if officer.phone or unit.phone %} по телефону {{ officer.phone or unit.phone }}{% endif %}"
          "{% if officer.email or unit.email %} или по эл. почте {{ officer.email or unit.email }}{% endif %}",
}

_BODY = {
    ("case_opening_notice", "lv"): ("Paziņojums par lietas atvēršanu", [
        ("h", "PAZIŅOJUMS PAR LIETAS ATVĒRŠANU"),
        ("p", "Informējam, ka Valsts probācijas dienesta struktūrvienībā {{ unit.name }} ir atvērta Jūsu "
              "probācijas klienta lieta Nr. {{ case.registration_number }}."),
        ("p", "{% if section.kind %}Lieta atvērta saistībā ar: {{ section.kind }}. Pamats: {{ section.basis }}, "
              "izdevējs – {{ section.basis_issuer }}.{% endif %}"),
        ("p", "Jūsu lietu vada {{ officer.title }} {{ officer.name }}. Ar jautājumiem par lietu lūdzam vērsties"
              + _CONTACT["lv"] + "."),
        ("p", "Lūdzam nekavējoties informēt probācijas dienestu, ja mainās Jūsu dzīvesvieta, darba vai mācību vieta "
              "vai kontaktinformācija."),
        ("p", "Jūsu personas dati tiek apstrādāti saskaņā ar Valsts probācijas dienesta likumu un Vispārīgo datu "
              "aizsardzības regulu, lai izpildītu probācijas dienesta funkcijas. Jums ir tiesības iepazīties ar "
              "saviem personas datiem, vēršoties probācijas dienestā."),
    ]),
    ("case_opening_notice", "en"): ("Notice of case opening", [
        ("h", "NOTICE OF CASE OPENING"),
        ("p", "We inform you that the State Probation Service, {{ unit.name }}, has opened your probation "
              "client case file No. {{ case.registration_number }}."),
        ("p", "{% if section.kind %}The case was opened in connection with: {{ section.kind }}. Basis: "
              "{{ section.basis }}, issued by {{ section.basis_issuer }}.{% endif %}"),
        ("p", "Your case is managed by probation officer {{ officer.name }}. For any questions about your case, "
              "please contact your officer" + _CONTACT["en"] + "."),
        ("p", "Please inform the probation service without delay if your place of residence, work or study, or "
              "your contact details change."),
        ("p", "Your personal data are processed under the State Probation Service Law and the General Data "
              "Protection Regulation to carry out the functions of the probation service. You have the right to "
              "see your personal data by applying to the probation service."),
    ]),
    ("case_opening_notice", "ru"): ("Уведомление об открытии дела", [
        ("h", "УВЕДОМЛЕНИЕ ОБ ОТКРЫТИИ ДЕЛА"),
        ("p", "Сообщаем, что в структурном подразделении Государственной службы пробации {{ unit.name }} "
              "открыто Ваше дело клиента пробации № {{ case.registration_number }}."),
        ("p", "{% if section.kind %}Дело открыто в связи с: {{ section.kind }}. Основание: {{ section.basis }}, "
              "выдано: {{ section.basis_issuer }}.{% endif %}"),
        ("p", "Ваше дело ведёт специалист по пробации {{ officer.name }}. По всем вопросам, связанным с делом, "
              "просим обращаться к специалисту" + _CONTACT["ru"] + "."),
        ("p", "Просим незамедлительно сообщать службе пробации об изменении места жительства, места работы или "
              "учёбы, а также контактных данных."),
        ("p", "Ваши персональные данные обрабатываются в соответствии с Законом о Государственной службе "
              "пробации и Общим регламентом по защите данных для выполнения функций службы пробации. Вы имеете "
              "право ознакомиться со своими персональными данными, обратившись в службу пробации."),
    ]),
    ("invitation_to_appear", "lv"): ("Uzaicinājums ierasties", [
        ("h", "UZAICINĀJUMS IERASTIES"),
        ("p", "Lūdzam Jūs ierasties Valsts probācijas dienesta struktūrvienībā {{ unit.name }} "
              "{{ appearance.date }} plkst. {{ appearance.time }} šādā adresē: {{ appearance.place }}."),
        ("p", "Jūs uzaicina {{ officer.title }} {{ officer.name }}{% if section.kind %} saistībā ar: "
              "{{ section.kind }} ({{ section.basis }}){% endif %}."),
        ("p", "Lūdzam ņemt līdzi personu apliecinošu dokumentu (pasi vai personas apliecību)"
              "{% if appearance.bring %}, kā arī: {{ appearance.bring }}{% endif %}."),
        ("p", "Ja attaisnojoša iemesla dēļ nevarat ierasties norādītajā laikā, lūdzam par to iepriekš paziņot"
              + _CONTACT["lv"] + ", lai vienotos par citu laiku."),
        ("p", "Ja Jums ir noteikts pienākums ierasties probācijas dienestā pēc uzaicinājuma, neierašanās bez "
              "attaisnojoša iemesla tiek uzskatīta par šī pienākuma neizpildi."),
    ]),
    ("invitation_to_appear", "en"): ("Invitation to appear", [
        ("h", "INVITATION TO APPEAR"),
        ("p", "You are invited to appear at the State Probation Service, {{ unit.name }}, on {{ appearance.date }} "
              "at {{ appearance.time }} at the following address: {{ appearance.place }}."),
        ("p", "You are invited by probation officer {{ officer.name }}{% if section.kind %} in connection with: "
              "{{ section.kind }} ({{ section.basis }}){% endif %}."),
        ("p", "Please bring an identity document (passport or identity card)"
              "{% if appearance.bring %} and also: {{ appearance.bring }}{% endif %}."),
        ("p", "If you cannot come at the time given for a good reason, please let us know in advance"
              + _CONTACT["en"] + " to agree on another time."),
        ("p", "If you are under a duty to appear at the probation service when summoned, failing to appear "
              "without a good reason is a breach of that duty."),
    ]),
    ("invitation_to_appear", "ru"): ("Приглашение явиться", [
        ("h", "ПРИГЛАШЕНИЕ ЯВИТЬСЯ"),
        ("p", "Просим Вас явиться в структурное подразделение Государственной службы пробации {{ unit.name }} "
              "{{ appearance.date }} в {{ appearance.time }} по адресу: {{ appearance.place }}."),
        ("p", "Вас приглашает специалист по пробации {{ officer.name }}{% if section.kind %} в связи с: "
              "{{ section.kind }} ({{ section.basis }}){% endif %}."),
        ("p", "Просим иметь при себе документ, удостоверяющий личность (паспорт или удостоверение личности)"
              "{% if appearance.bring %}, а также: {{ appearance.bring }}{% endif %}."),
        ("p", "Если Вы не можете явиться в назначенное время по уважительной причине, просим заранее сообщить "
              "об этом" + _CONTACT["ru"] + ", чтобы согласовать другое время."),
        ("p", "Если на Вас возложена обязанность являться в службу пробации по вызову, неявка без уважительной "
              "причины считается невыполнением этой обязанности."),
    ]),
}

LETTERS: dict[tuple[str, str], tuple[str, list[tuple[str, str]]]] = {
    key: (title, [*_HEAD[key[1]], ("p", ""), *_ADDRESSEE[key[1]], *body, ("p", ""), *_SIGNATURE[key[1]]])
    for key, (title, body) in _BODY.items()
}


Block = tuple[str, str]


def docx_from_blocks(title: str, blocks: list[Block], language: str) -> bytes:
    """A letter template as DOCX bytes from blocks (``h`` heading, ``p`` paragraph, ``r``
    right-aligned, ``b`` bold), one run per paragraph so that every placeholder stays whole."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    document.core_properties.title = title
    document.core_properties.language = language
    for kind, text in blocks:
        # A heading uses Word's "Heading 1" style so mammoth makes it <h1> in the PDF.
        paragraph = document.add_paragraph(style="Heading 1" if kind == "h" else None)
        run = paragraph.add_run(text)
        if kind == "h":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            run.font.size = Pt(13)
            run.font.name = "Times New Roman"
            run.font.color.rgb = RGBColor(0, 0, 0)
        elif kind == "b":
            run.bold = True
        elif kind == "r":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BUILTIN: list[BuiltinLetters] = []
# Stored as the change note of a built-in template's first version, in English, and shown through the
# catalogue in the reader's language (an administrator's own notes are shown as typed).
BUILTIN_NOTE = gettext_noop("Built-in template")


class BuiltinLetters:
    """A module's built-in letter templates, ``texts[code][language] = (title, blocks)``: built as
    DOCX in code (no binary files in the repository) and stored as version 1 through
    ``documents.services.template_upload`` the first time a letter is needed in a language that has
    no template yet, or by ``manage.py load_document_templates`` (every module's, through
    :data:`BUILTIN`). Administrators replace them like any other template."""

    def __init__(self, texts: dict[str, dict[str, tuple[str, list[Block]]]], change_note: str = "") -> None:
        self.texts = texts
        self.change_note = change_note
        BUILTIN.append(self)

    def build_docx(self, code: str, language: str) -> bytes:
        title, blocks = self.texts[code][language]
        return docx_from_blocks(title, blocks, language)

    def ensure_template(self, code: str, language: str) -> bool:
        """Store the built-in template as version 1 when the code and language has none; True if stored."""
        # documents.services imports this module (the built-in letters of the documents module itself).
        from documents import services

        if language not in self.texts.get(code, {}):
            return False
        if DocumentTemplate.objects.filter(code=code, language=language).exists():
            return False
        upload = SimpleUploadedFile(f"{code}-{language}.docx", self.build_docx(code, language),
                                    content_type="application/octet-stream")
        services.template_upload(actor=None, code=code, language=language, title=self.texts[code][language][0],
                                 upload=upload, change_note=BUILTIN_NOTE)
        return True

    def ensure_all(self) -> int:
        """Store every built-in template that has no version yet; returns how many were stored."""
        return sum(self.ensure_template(code, language) for code, by_language in self.texts.items()
                   for language in by_language)


def ensure_all_builtin() -> int:
    """Store version 1 of every module's built-in templates that have none yet (safe to rerun)."""
    return sum(letters.ensure_all() for letters in BUILTIN)


# The documents module's own letters (the notice of case opening and the invitation to appear).
_TEXTS: dict[str, dict[str, tuple[str, list[Block]]]] = {}
for (_code, _language), _letter in LETTERS.items():
    _TEXTS.setdefault(_code, {})[_language] = _letter
OWN = BuiltinLetters(_TEXTS, change_note="Built-in template")
build_docx = OWN.build_docx
