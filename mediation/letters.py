"""Mediation's letters as template kinds of the documents module: the invitation to a party (offender or
victim; lv, ru, en), the settlement with the signatures to certify (lv, ru, en), and the result reported
to the process director (lv).

Each kind is registered with ``documents.kinds.register`` (administrators replace the templates like any
other, with the declared placeholders); the built-in DOCX are built by ``documents.letters.BuiltinLetters``.
``mediation.correspondence`` fills them in and keeps the letters with the mediation, not on the client file.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from documents.kinds import TemplateKind, register
from documents.letters import BuiltinLetters

INVITATION = "mediation_invitation"
SETTLEMENT = "mediation_settlement"
RESULT = "mediation_result"

SAMPLE: dict[str, Any] = {
    "number": "IZL-2026-00001", "offence": "Zādzība veikalā", "offence_date": "01.09.2026",
    "criminal_case_number": "11816001234", "process_director": "Valsts policijas Rīgas reģiona pārvalde",
    "offender": "Jānis Bērziņš", "victims": "Anna Liepa", "mediator": "Santa Lāce",
    "meeting": {"date": "15.10.2026", "time": "10:00", "place": "Brīvības iela 10, Rīga", "format": "klātienē",
                "kind": "Priekšsaruna"},
    "addressee": {"name": "Anna Liepa", "address": "Elizabetes iela 1, Rīga"},
    "signed_on": "20.10.2026", "certified_by": "dienesta starpnieks",
    "terms": [{"n": 1, "description": "Samaksāt 200 EUR", "due_date": "20.11.2026"}],
    "outcome": "Izlīgums noslēgts", "reason": "", "note": "", "prior_warning": "",
}

register(TemplateKind(INVITATION, _("Mediation: invitation to a party"), extra_context=("mediation",),
                      samples={"mediation": SAMPLE}))
register(TemplateKind(SETTLEMENT, _("Mediation: settlement"), extra_context=("mediation",),
                      samples={"mediation": SAMPLE}))
register(TemplateKind(RESULT, _("Mediation: result to the process director"), extra_context=("mediation",),
                      samples={"mediation": SAMPLE}))

_HEAD = {
    "lv": [("b", "Valsts probācijas dienests"), ("p", "{{ unit.name }}, {{ unit.address }}"),
           ("r", "{{ today }} Nr. {{ mediation.number }}")],
    "en": [("b", "State Probation Service"), ("p", "{{ unit.name }}, {{ unit.address }}"),
           ("r", "{{ today }} No. {{ mediation.number }}")],
    "ru": [("b", "Государственная служба пробации"), ("p", "{{ unit.name }}, {{ unit.address }}"),
           ("r", "{{ today }} № {{ mediation.number }}")],
}
_TO = ("b", "{{ mediation.addressee.name }}")
_TO_ADDRESS = ("p", "{{ mediation.addressee.address }}")
_SIGN = ("p", "{{ officer.name }}{% if officer.position %}, {{ officer.position }}{% endif %}")
_TERMS = ("p", "{% for t in mediation.terms %}{{ t.n }}. {{ t.description }} — {{ t.due_date }}. {% endfor %}")

_TEXT: dict[str, dict[str, tuple[str, list[tuple[str, str]]]]] = {
    INVITATION: {
        "lv": ("Uzaicinājums uz izlīguma sarunu", [
            *_HEAD["lv"], _TO, _TO_ADDRESS, ("h", "UZAICINĀJUMS uz izlīguma sarunu"),
            ("p", "Valsts probācijas dienests organizē izlīgumu kriminālprocesā Nr. {{ mediation.criminal_case_number }}"
                  " ({{ mediation.offence }})."),
            ("p", "Aicinām Jūs uz sarunu ar starpnieku {{ mediation.mediator }}: {{ mediation.meeting.kind }}, "
                  "{{ mediation.meeting.date }} plkst. {{ mediation.meeting.time }}, {{ mediation.meeting.format }}, "
                  "{{ mediation.meeting.place }}."),
            ("p", "Dalība izlīgumā ir brīvprātīga un bez maksas. Jūs varat jebkurā brīdī atteikties."),
            _SIGN,
        ]),
        "ru": ("Приглашение на беседу о примирении", [
            *_HEAD["ru"], _TO, _TO_ADDRESS, ("h", "ПРИГЛАШЕНИЕ на беседу о примирении"),
            ("p", "Государственная служба пробации организует примирение в уголовном процессе "
                  "№ {{ mediation.criminal_case_number }} ({{ mediation.offence }})."),
            ("p", "Приглашаем Вас на беседу с посредником {{ mediation.mediator }}: {{ mediation.meeting.kind }}, "
                  "{{ mediation.meeting.date }} в {{ mediation.meeting.time }}, {{ mediation.meeting.format }}, "
                  "{{ mediation.meeting.place }}."),
            ("p", "Участие в примирении добровольное и бесплатное. Вы можете отказаться в любой момент."),
            _SIGN,
        ]),
        "en": ("Invitation to a mediation meeting", [
            *_HEAD["en"], _TO, _TO_ADDRESS, ("h", "INVITATION to a mediation meeting"),
            ("p", "The State Probation Service is arranging victim–offender mediation in criminal case "
                  "No. {{ mediation.criminal_case_number }} ({{ mediation.offence }})."),
            ("p", "We invite you to meet the mediator {{ mediation.mediator }}: {{ mediation.meeting.kind }}, "
                  "{{ mediation.meeting.date }} at {{ mediation.meeting.time }}, {{ mediation.meeting.format }}, "
                  "{{ mediation.meeting.place }}."),
            ("p", "Taking part is voluntary and free of charge. You may withdraw at any time."),
            _SIGN,
        ]),
    },
    SETTLEMENT: {
        "lv": ("Izlīgums", [
            *_HEAD["lv"], ("h", "IZLĪGUMS"),
            ("p", "Kriminālprocess Nr. {{ mediation.criminal_case_number }}: {{ mediation.offence }} "
                  "({{ mediation.offence_date }})."),
            ("p", "Puses: {{ mediation.offender }} (likumpārkāpējs) un {{ mediation.victims }} (cietušais)."),
            ("p", "Puses apliecina, ka izlīgumu noslēdz brīvprātīgi un izprot tā sekas."),
            ("p", "Izlīguma noteikumi:"), _TERMS,
            ("p", "Parakstīts {{ mediation.signed_on }}; parakstus apliecina {{ mediation.certified_by }}."),
            ("p", "Likumpārkāpējs: ____________________   Cietušais: ____________________"),
            ("p", "Starpnieks: {{ mediation.mediator }} ____________________"),
        ]),
        "ru": ("Соглашение о примирении", [
            *_HEAD["ru"], ("h", "СОГЛАШЕНИЕ О ПРИМИРЕНИИ"),
            ("p", "Уголовный процесс № {{ mediation.criminal_case_number }}: {{ mediation.offence }} "
                  "({{ mediation.offence_date }})."),
            ("p", "Стороны: {{ mediation.offender }} (правонарушитель) и {{ mediation.victims }} (потерпевший)."),
            ("p", "Стороны подтверждают, что заключают соглашение добровольно и понимают его последствия."),
            ("p", "Условия соглашения:"), _TERMS,
            ("p", "Подписано {{ mediation.signed_on }}; подписи заверяет {{ mediation.certified_by }}."),
            ("p", "Правонарушитель: ____________________   Потерпевший: ____________________"),
            ("p", "Посредник: {{ mediation.mediator }} ____________________"),
        ]),
        "en": ("Settlement", [
            *_HEAD["en"], ("h", "SETTLEMENT"),
            ("p", "Criminal case No. {{ mediation.criminal_case_number }}: {{ mediation.offence }} "
                  "({{ mediation.offence_date }})."),
            ("p", "Parties: {{ mediation.offender }} (offender) and {{ mediation.victims }} (victim)."),
            ("p", "The parties confirm that they settle voluntarily and understand the consequences."),
            ("p", "Terms of the settlement:"), _TERMS,
            ("p", "Signed on {{ mediation.signed_on }}; signatures certified by {{ mediation.certified_by }}."),
            ("p", "Offender: ____________________   Victim: ____________________"),
            ("p", "Mediator: {{ mediation.mediator }} ____________________"),
        ]),
    },
    RESULT: {
        "lv": ("Paziņojums par izlīguma rezultātu", [
            *_HEAD["lv"], ("b", "{{ mediation.process_director }}"), ("h", "PAZIŅOJUMS par izlīguma rezultātu"),
            ("p", "Kriminālprocess Nr. {{ mediation.criminal_case_number }}: {{ mediation.offence }} "
                  "({{ mediation.offence_date }}). Likumpārkāpējs: {{ mediation.offender }}."),
            ("p", "Rezultāts: {{ mediation.outcome }}.{% if mediation.reason %} Iemesls: {{ mediation.reason }}."
                  "{% endif %}{% if mediation.note %} {{ mediation.note }}{% endif %}"),
            ("p", "{% if mediation.terms %}Izlīgums noslēgts {{ mediation.signed_on }}. Noteikumi:{% endif %}"),
            _TERMS,
            ("p", "{{ mediation.prior_warning }}"),
            _SIGN,
        ]),
    },
}

_BUILTIN = BuiltinLetters(_TEXT, change_note="Built-in template (mediation)")
ensure_template = _BUILTIN.ensure_template
LANGUAGES = {code: tuple(by_language) for code, by_language in _TEXT.items()}
