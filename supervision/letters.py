"""Supervision's letters as document templates of the documents module: the written warning
(brīdinājums) and the submissions to the court or prosecutor (for a breach, for early termination).

Each kind is registered with ``documents.kinds.register`` with its own context (``extra_context``,
with sample values for test-rendering an uploaded template); the built-in DOCX (lv, en, ru) is built
here with python-docx and stored as version 1 through ``documents.services.template_upload`` the
first time the letter is generated in a language that has no template yet (or by
``manage.py load_document_templates``). Administrators replace them like any other template.

Context of each kind, besides the common one (person, case, unit, officer, section, today):

* ``supervision_warning``: ``violation`` — kind, date, description, evidence, concerns (the duty
  or appointment it concerns, or empty).
* ``supervision_breach_submission`` and ``supervision_termination_submission``: ``submission``
  (addressee, date, grounds, request — what is asked for, term_start, term_end), ``violations`` (a
  list of dicts like ``violation``, with ``warnings`` — how many), ``warnings`` (a list: date,
  violation_kind, violation_date) and ``compliance`` (complied, failed, absences, warnings,
  submissions — earlier ones, last_contact).

A template stored before a key existed keeps working: it simply does not use the new key.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from documents.kinds import TemplateKind, register
from documents.letters import BuiltinLetters
from supervision import catalogue

WARNING = "supervision_warning"
BREACH_SUBMISSION = "supervision_breach_submission"
TERMINATION_SUBMISSION = "supervision_termination_submission"
SUBMISSION_CODES = {"breach": BREACH_SUBMISSION, "early_termination": TERMINATION_SUBMISSION}

_SAMPLE_VIOLATION = {"kind": "pienākuma pārkāpums", "date": "20.09.2025",
                     "description": "Neieradās uz tikšanos probācijas dienestā.", "evidence": "Apmeklējumu žurnāls",
                     "concerns": "tikšanās 19.09.2025 10:00 (klātienē)", "warnings": 1}
_SUBMISSION_SAMPLES: dict[str, Any] = {
    "submission": {"addressee": "tiesa", "date": "01.10.2025", "grounds": "Atkārtoti neierodas uz tikšanos.",
                   "request": "Nosacīti notiesātajam izpildīt piespriesto sodu", "term_start": "12.09.2025",
                   "term_end": "12.09.2027"},
    "violations": [_SAMPLE_VIOLATION],
    "warnings": [{"date": "22.09.2025", "violation_kind": "pienākuma pārkāpums", "violation_date": "20.09.2025"}],
    "compliance": {"complied": 4, "failed": 2, "absences": 2, "warnings": 1, "submissions": 0,
                   "last_contact": "15.09.2025"},
}
_SUBMISSION_CONTEXT = ("submission", "violations", "warnings", "compliance")

register(TemplateKind(WARNING, _("Written warning (supervision)"), extra_context=("violation",),
                      samples={"violation": _SAMPLE_VIOLATION}))
register(TemplateKind(BREACH_SUBMISSION, _("Submission to the court or prosecutor on a breach (supervision)"),
                      extra_context=_SUBMISSION_CONTEXT, samples=_SUBMISSION_SAMPLES))
register(TemplateKind(TERMINATION_SUBMISSION, _("Submission for early termination (supervision)"),
                      extra_context=_SUBMISSION_CONTEXT, samples=_SUBMISSION_SAMPLES))

_SIGN = "{{ officer.name }}{% if officer.position %}, {{ officer.position }}{% endif %}"
_VIOLATION_LINE = ("{{ v.date }} — {{ v.kind }}{% if v.concerns %} ({{ v.concerns }}){% endif %}: {{ v.description }}"
                   "{% if v.evidence %} [{{ v.evidence }}]{% endif %}")
_WARNING_LINE = "{{ w.date }} — {{ w.violation_kind }} ({{ w.violation_date }})"

Block = tuple[str, str]


_NUMBER = {"lv": "Nr.", "en": "No.", "ru": "№"}
_SERVICE = {"lv": "Valsts probācijas dienests", "en": "State Probation Service", "ru": "Государственная служба пробации"}


def _head(lang: str) -> list[Block]:
    return [("b", _SERVICE[lang]), ("p", "{{ unit.name }}, {{ unit.address }}"),
            ("r", "{{ today }} " + _NUMBER[lang] + " {{ case.registration_number }}")]


def _submission(lang: str, title: str, intro: str) -> list[Block]:
    """The body of a submission in one language (the two purposes differ in title and intro)."""
    t = _SUBMISSION_TEXT[lang]
    return [
        *_head(lang),
        ("b", t["to"]),
        ("h", title),
        ("p", t["about"]),
        ("p", t["term"]),
        ("p", intro),
        ("p", t["grounds"]),
        ("b", t["violations"]),
        ("p", "{%p for v in violations %}"), ("p", _VIOLATION_LINE), ("p", "{%p endfor %}"),
        ("p", "{%p if not violations %}"), ("p", t["none"]), ("p", "{%p endif %}"),
        ("b", t["warnings"]),
        ("p", "{%p for w in warnings %}"), ("p", _WARNING_LINE), ("p", "{%p endfor %}"),
        ("p", "{%p if not warnings %}"), ("p", t["none"]), ("p", "{%p endif %}"),
        ("b", t["compliance_title"]),
        ("p", t["compliance"]),
        ("b", t["request_title"]),
        ("p", "{{ submission.request }}"),
        ("p", _SIGN),
    ]


_SUBMISSION_TEXT: dict[str, dict[str, str]] = {
    "lv": {
        "to": "Adresāts: {{ submission.addressee }}",
        "about": "Par: {{ person.full_name }}, personas kods {{ person.personal_code }}",
        "term": "Uzraudzība: {{ section.kind }} ({{ section.basis }}), termiņš {{ submission.term_start }}–"
                "{{ submission.term_end }}.",
        "grounds": "Pamatojums: {{ submission.grounds }}",
        "violations": "Reģistrētie pārkāpumi",
        "warnings": "Izteiktie rakstiskie brīdinājumi",
        "none": "Nav.",
        "compliance_title": "Pienākumu izpilde",
        "compliance": "Ieradies un pienākumus izpildījis: {{ compliance.complied }}; nav izpildījis: "
                      "{{ compliance.failed }}; neierašanās: {{ compliance.absences }}; brīdinājumi: "
                      "{{ compliance.warnings }}; iepriekšējie iesniegumi: {{ compliance.submissions }}; "
                      "pēdējais kontakts: {% if compliance.last_contact %}{{ compliance.last_contact }}"
                      "{% else %}nav{% endif %}.",
        "request_title": "Lūdzam",
    },
    "en": {
        "to": "To: {{ submission.addressee }}",
        "about": "Concerning: {{ person.full_name }}, personal code {{ person.personal_code }}",
        "term": "Supervision: {{ section.kind }} ({{ section.basis }}), term {{ submission.term_start }}–"
                "{{ submission.term_end }}.",
        "grounds": "Grounds: {{ submission.grounds }}",
        "violations": "Violations on record",
        "warnings": "Written warnings issued",
        "none": "None.",
        "compliance_title": "Compliance",
        "compliance": "Attended and complied: {{ compliance.complied }}; failed to comply: {{ compliance.failed }}; "
                      "absences: {{ compliance.absences }}; warnings: {{ compliance.warnings }}; earlier "
                      "submissions: {{ compliance.submissions }}; last contact: {% if compliance.last_contact %}"
                      "{{ compliance.last_contact }}{% else %}none{% endif %}.",
        "request_title": "We ask",
    },
    "ru": {
        "to": "Адресат: {{ submission.addressee }}",
        "about": "О лице: {{ person.full_name }}, персональный код {{ person.personal_code }}",
        "term": "Надзор: {{ section.kind }} ({{ section.basis }}), срок {{ submission.term_start }}–"
                "{{ submission.term_end }}.",
        "grounds": "Основания: {{ submission.grounds }}",
        "violations": "Зарегистрированные нарушения",
        "warnings": "Вынесенные письменные предупреждения",
        "none": "Нет.",
        "compliance_title": "Выполнение обязанностей",
        "compliance": "Явился и выполнил обязанности: {{ compliance.complied }}; не выполнил: {{ compliance.failed }}; "
                      "неявки: {{ compliance.absences }}; предупреждения: {{ compliance.warnings }}; прежние "
                      "представления: {{ compliance.submissions }}; последний контакт: {% if compliance.last_contact %}"
                      "{{ compliance.last_contact }}{% else %}нет{% endif %}.",
        "request_title": "Просим",
    },
}

_TEXTS: dict[str, dict[str, tuple[str, list[Block]]]] = {
    WARNING: {
        "lv": ("Brīdinājums", [
            *_head("lv"),
            ("b", "{{ person.full_name }}"), ("p", "{{ person.address }}"),
            ("h", "BRĪDINĀJUMS"),
            ("p", "Jūs atrodaties probācijas dienesta uzraudzībā: {{ section.kind }} ({{ section.basis }})."),
            ("p", "Probācijas dienests ir konstatējis pārkāpumu: {{ violation.kind }}, {{ violation.date }}"
                  "{% if violation.concerns %} ({{ violation.concerns }}){% endif %}."),
            ("p", "{{ violation.description }}"),
            ("p", "Ar šo Jūs tiekat rakstiski brīdināts. Ja pienākumi netiks pildīti arī turpmāk, probācijas dienests "
                  "iesniegs tiesai vai prokuroram iesniegumu par Jums piemērotā soda vai nosacījuma jautājuma "
                  "izlemšanu."),
            ("p", _SIGN),
            ("p", "Brīdinājumu saņēmu: ____________________ (paraksts, datums)"),
        ]),
        "en": ("Written warning", [
            *_head("en"),
            ("b", "{{ person.full_name }}"), ("p", "{{ person.address }}"),
            ("h", "WRITTEN WARNING"),
            ("p", "You are under the supervision of the probation service: {{ section.kind }} ({{ section.basis }})."),
            ("p", "The probation service has found a violation: {{ violation.kind }} on {{ violation.date }}"
                  "{% if violation.concerns %} ({{ violation.concerns }}){% endif %}."),
            ("p", "{{ violation.description }}"),
            ("p", "You are hereby warned in writing. If the duties remain unfulfilled, the probation service will "
                  "make a submission to the court or the prosecutor to decide on your sentence or conditions."),
            ("p", _SIGN),
            ("p", "Warning received: ____________________ (signature, date)"),
        ]),
        "ru": ("Письменное предупреждение", [
            *_head("ru"),
            ("b", "{{ person.full_name }}"), ("p", "{{ person.address }}"),
            ("h", "ПИСЬМЕННОЕ ПРЕДУПРЕЖДЕНИЕ"),
            ("p", "Вы находитесь под надзором службы пробации: {{ section.kind }} ({{ section.basis }})."),
            ("p", "Служба пробации установила нарушение: {{ violation.kind }}, {{ violation.date }}"
                  "{% if violation.concerns %} ({{ violation.concerns }}){% endif %}."),
            ("p", "{{ violation.description }}"),
            ("p", "Настоящим Вы предупреждаетесь в письменной форме. Если обязанности и далее не будут выполняться, "
                  "служба пробации направит в суд или прокурору представление о решении вопроса о Вашем наказании "
                  "или условиях."),
            ("p", _SIGN),
            ("p", "Предупреждение получил(а): ____________________ (подпись, дата)"),
        ]),
    },
    BREACH_SUBMISSION: {
        "lv": ("Iesniegums par uzraudzības pārkāpumiem", _submission(
            "lv", "IESNIEGUMS PAR UZRAUDZĪBAS PĀRKĀPUMIEM",
            "Probācijas dienests informē, ka uzraudzības laikā persona nepilda tai noteiktos pienākumus.")),
        "en": ("Submission on breaches of supervision", _submission(
            "en", "SUBMISSION ON BREACHES OF SUPERVISION",
            "The probation service reports that during the supervision the person has not fulfilled the duties "
            "set.")),
        "ru": ("Представление о нарушениях надзора", _submission(
            "ru", "ПРЕДСТАВЛЕНИЕ О НАРУШЕНИЯХ НАДЗОРА",
            "Служба пробации сообщает, что во время надзора лицо не выполняет установленные обязанности.")),
    },
    TERMINATION_SUBMISSION: {
        "lv": ("Iesniegums par uzraudzības izbeigšanu pirms termiņa", _submission(
            "lv", "IESNIEGUMS PAR UZRAUDZĪBAS IZBEIGŠANU PIRMS TERMIŅA",
            "Probācijas dienests informē, ka persona uzraudzības laikā pilda tai noteiktos pienākumus, un "
            "iesniedz priekšlikumu izbeigt uzraudzību pirms termiņa.")),
        "en": ("Submission for early termination of supervision", _submission(
            "en", "SUBMISSION FOR EARLY TERMINATION OF SUPERVISION",
            "The probation service reports that the person fulfils the duties set for the supervision and "
            "proposes to end the supervision early.")),
        "ru": ("Представление о досрочном прекращении надзора", _submission(
            "ru", "ПРЕДСТАВЛЕНИЕ О ДОСРОЧНОМ ПРЕКРАЩЕНИИ НАДЗОРА",
            "Служба пробации сообщает, что лицо выполняет установленные на время надзора обязанности, и "
            "предлагает прекратить надзор досрочно.")),
    },
}
LANGUAGES = ("lv", "en", "ru")


_BUILTIN = BuiltinLetters(_TEXTS, change_note="Built-in template (supervision)")
build_docx = _BUILTIN.build_docx
ensure_template = _BUILTIN.ensure_template
ensure_all = _BUILTIN.ensure_all


# --- The context the service fills in ----------------------------------------------------------------


def _d(day: Any) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def violation_context(violation: Any, language: str) -> dict[str, Any]:
    """A violation as the letters name it, in ``language``: kind, date, description, evidence and
    the duty or appointment it concerns."""
    with override(language):
        concerns = ""
        if violation.duty_id:
            concerns = gettext("duty: %(duty)s") % {"duty": violation.duty.label}
        elif violation.appointment_id:
            appointment = violation.appointment
            concerns = gettext("appointment %(when)s (%(kind)s)") % {
                "when": timezone.localtime(appointment.starts_at).strftime("%d.%m.%Y %H:%M"),
                "kind": catalogue.label(catalogue.APPOINTMENT_KINDS, appointment.kind)}
        return {"kind": catalogue.label(catalogue.VIOLATION_KINDS, violation.kind), "date": _d(violation.occurred_on),
                "description": violation.description, "evidence": violation.evidence, "concerns": concerns,
                "warnings": len(violation.warnings.all())}


def submission_context(*, section: Any, details: Any, addressee: str, purpose: str, grounds: str, submitted_on: Any,
                       violations: list[Any], warnings: list[Any], compliance: Any, language: str) -> dict[str, Any]:
    """The submission letter's own context: the submission (with what it asks for), the violations
    and warnings on record and the compliance summary."""
    with override(language):
        if purpose == "early_termination":
            request = gettext("To end the supervision early.")
        else:
            # Each thing asked for once, even where two decisions ask for the same ("… izpildi vai … izpildi").
            asked = list(dict.fromkeys(str(d.request) for d in catalogue.DECISIONS.values()
                                       if section.kind in d.kinds and d.request))
            request = (gettext("To consider %(decisions)s.") % {"decisions": gettext(" or ").join(asked)} if asked
                       else gettext("To decide on the consequences of the violations."))
        return {
            "submission": {"addressee": catalogue.label(catalogue.ADDRESSEES, addressee), "date": _d(submitted_on),
                           "grounds": grounds, "request": request,
                           "term_start": _d(details.start_date if details else None),
                           "term_end": _d(details.end_date if details else None)},
            "violations": [violation_context(v, language) for v in violations],
            "warnings": [{"date": _d(w.issued_on),
                          "violation_kind": catalogue.label(catalogue.VIOLATION_KINDS, w.violation.kind),
                          "violation_date": _d(w.violation.occurred_on)} for w in warnings],
            "compliance": {"complied": compliance.complied, "failed": compliance.failed,
                           "absences": compliance.absences, "warnings": compliance.warnings,
                           "submissions": compliance.submissions, "last_contact": _d(compliance.last_contact)},
        }
