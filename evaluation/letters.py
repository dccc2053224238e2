"""The two documents that end a request, as template kinds of the documents module: the evaluation report
(its sections as the author wrote them, with the reviewer's countersignature) and the informative letter
(VPD Law Art. 15(3¹): the client refused or could not be interviewed). Both go to the court, prosecutor
or prison, so in Latvian; an administrator may add other languages as templates. The invitation to the
client is the documents module's own ``invitation_to_appear`` (lv, ru, en).

The built-in DOCX is built with python-docx (``documents.letters.BuiltinLetters``) and stored as
version 1 the first time it is needed; the service's letterhead is the first blocks of each."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from documents.kinds import TemplateKind, register
from documents.letters import BuiltinLetters
from evaluation import prisons
from evaluation.models import REPORT_SECTIONS, SECTION_CODES, EndState, EvaluationRequest, LetterReason

REPORT = "evaluation_report"
INFORMATIVE_LETTER = "evaluation_informative_letter"

_REQUEST_SAMPLE: dict[str, Any] = {
    "requester": "Rīgas rajona tiesa", "request_number": "1-23/45", "case_number": "11816000123",
    "offence": "KL 180. panta otrā daļa", "request_date": "01.10.2025", "deadline": "30.10.2025",
    "prison": "", "author": "Alise Ozola", "reviewer": "Hanna Egle", "sent_on": "28.10.2025",
}
REPORT_SAMPLE: dict[str, Any] = {**_REQUEST_SAMPLE, **dict.fromkeys(SECTION_CODES, "…")}
LETTER_SAMPLE: dict[str, Any] = {**_REQUEST_SAMPLE, "reason": "refused"}

register(TemplateKind(REPORT, _("Evaluation report"), extra_context=("report",), samples={"report": REPORT_SAMPLE}))
register(TemplateKind(INFORMATIVE_LETTER, _("Informative letter instead of an evaluation report"),
                      extra_context=("letter",), samples={"letter": LETTER_SAMPLE}))

_HEAD = {
    "lv": [("b", "Valsts probācijas dienests"), ("p", "{{ unit.name }}, {{ unit.address }}"),
           ("p", "Tālr. {{ unit.phone }}, e-pasts {{ unit.email }}"),
           ("r", "{{ today }} Nr. {{ case.registration_number }}")],
    "en": [("b", "State Probation Service"), ("p", "{{ unit.name }}, {{ unit.address }}"),
           ("p", "Phone {{ unit.phone }}, e-mail {{ unit.email }}"),
           ("r", "{{ today }} No. {{ case.registration_number }}")],
}

# Section headings of the report as printed, by language.
_HEADINGS = {
    "lv": ("Noziedzīgais nodarījums", "Ģimenes un sociālā situācija", "Darbs un izglītība",
           "Vienaudži un brīvais laiks", "Uzvedība un attieksmes", "Veselība un atkarības", "Sodāmība",
           "Noziedzīgā nodarījuma atkārtošanas risks", "Cietušā aizskarto interešu atjaunošanas iespējas",
           "Rekomendācija"),
    "en": tuple(str(label) for _code, label in REPORT_SECTIONS),
}


def _report_blocks(language: str) -> list[tuple[str, str]]:
    blocks = []
    for i, (code, heading) in enumerate(zip(SECTION_CODES, _HEADINGS[language], strict=True), start=1):
        blocks += [("b", f"{i}. {heading}"), ("p", f"{{{{ report.{code} }}}}")]
    return blocks


_TEXT: dict[str, dict[str, tuple[str, list[tuple[str, str]]]]] = {
    REPORT: {
        "lv": ("Izvērtēšanas ziņojums", [
            *_HEAD["lv"], ("b", "{{ report.requester }}"),
            ("h", "IZVĒRTĒŠANAS ZIŅOJUMS"),
            ("p", "Par: {{ person.full_name }}, p. k. {{ person.personal_code }}, dzim. {{ person.birth_date }}."),
            ("p", "Pieprasījums: {{ report.request_number }} ({{ report.request_date }}), lieta Nr. "
                  "{{ report.case_number }}; nodarījums: {{ report.offence }}.{% if report.prison %} "
                  "Ieslodzījuma vieta: {{ report.prison }}.{% endif %}"),
            *_report_blocks("lv"),
            ("p", "Sagatavoja: {{ report.author }}. Saskaņoja: {{ report.reviewer }}. Nosūtīts {{ report.sent_on }}."),
        ]),
        "en": ("Evaluation report", [
            *_HEAD["en"], ("b", "{{ report.requester }}"),
            ("h", "EVALUATION REPORT"),
            ("p", "About: {{ person.full_name }}, personal code {{ person.personal_code }}, born "
                  "{{ person.birth_date }}."),
            ("p", "Request: {{ report.request_number }} ({{ report.request_date }}), case No. "
                  "{{ report.case_number }}; offence: {{ report.offence }}.{% if report.prison %} "
                  "Prison: {{ report.prison }}.{% endif %}"),
            *_report_blocks("en"),
            ("p", "Prepared by: {{ report.author }}. Countersigned by: {{ report.reviewer }}. Sent "
                  "{{ report.sent_on }}."),
        ]),
    },
    INFORMATIVE_LETTER: {
        "lv": ("Informatīva vēstule", [
            *_HEAD["lv"], ("b", "{{ letter.requester }}"),
            ("h", "INFORMATĪVA VĒSTULE"),
            ("p", "Atbildot uz pieprasījumu {{ letter.request_number }} ({{ letter.request_date }}) lietā Nr. "
                  "{{ letter.case_number }} par izvērtēšanas ziņojuma sagatavošanu par {{ person.full_name }}, "
                  "p. k. {{ person.personal_code }}, informējam, ka izvērtēšanas ziņojumu sagatavot nav iespējams, "
                  "jo {% if letter.reason == 'refused' %}persona atteicās piedalīties izvērtēšanā"
                  "{% else %}personu nebija iespējams uzklausīt{% endif %} (Valsts probācijas dienesta likuma "
                  "15. panta 3.¹ daļa)."),
            ("p", "{{ officer.name }}{% if officer.position %}, {{ officer.position }}{% endif %}"),
        ]),
        "en": ("Informative letter", [
            *_HEAD["en"], ("b", "{{ letter.requester }}"),
            ("h", "INFORMATIVE LETTER"),
            ("p", "In reply to request {{ letter.request_number }} ({{ letter.request_date }}) in case No. "
                  "{{ letter.case_number }} for an evaluation report about {{ person.full_name }}, personal code "
                  "{{ person.personal_code }}: the report cannot be prepared because "
                  "{% if letter.reason == 'refused' %}the person refused to take part"
                  "{% else %}the person could not be interviewed{% endif %} (State Probation Service Law "
                  "Art. 15(3¹))."),
            ("p", "{{ officer.name }}{% if officer.position %}, {{ officer.position }}{% endif %}"),
        ]),
    },
}

_BUILTIN = BuiltinLetters(_TEXT, change_note="Built-in template (evaluation reports)")
build_docx = _BUILTIN.build_docx
ensure_template = _BUILTIN.ensure_template
ensure_all = _BUILTIN.ensure_all

LANGUAGE = "lv"  # the report and the letter go to the court, prosecutor or prison


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _request_context(request: EvaluationRequest) -> dict[str, Any]:
    return {
        "requester": request.requester_name, "request_number": request.request_number or request.case_number,
        "case_number": request.case_number, "offence": request.offence,
        "request_date": f"{request.request_date:%d.%m.%Y}", "deadline": f"{request.deadline:%d.%m.%Y}",
        "prison": prisons.name(request.prison_code) if request.prison_code else "",
        "author": _name(request.author), "reviewer": _name(request.reviewer),
        "sent_on": f"{request.sent_on:%d.%m.%Y}" if request.sent_on else "",
    }


def generate_final(actor: Any, request: EvaluationRequest) -> tuple[Any, Any]:
    """Generate the report or the informative letter (DOCX and PDF) on the case; returns both documents."""
    from cases.models import Case
    from documents.services import document_generate

    section = request.section
    case = Case.objects.select_related("person", "responsible_unit", "responsible_officer").get(pk=section.case_id)
    if request.end_state == EndState.REPORT:
        code, extra = REPORT, {"report": {**_request_context(request),
                                          **{c: request.sections.get(c, "") for c in SECTION_CODES}}}
    else:
        code = INFORMATIVE_LETTER
        extra = {"letter": {**_request_context(request), "reason": request.letter_reason or LetterReason.REFUSED}}
    ensure_template(code, LANGUAGE)
    with translation.override(LANGUAGE):
        documents = document_generate(actor=actor, case=case, code=code, language=LANGUAGE, section=section,
                                      extra=extra)
    docx = next(d for d in documents if d.format == "docx")
    pdf = next((d for d in documents if d.format == "pdf"), None)
    return docx, pdf
