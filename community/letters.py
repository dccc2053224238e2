"""Documents of community service as template kinds of the documents module: the work order
(norīkojums) and the two submissions to the court (evasion, with the conversion of the remaining
hours; early release).

Each kind is registered with ``documents.kinds.register`` and declares its own context (``order``
or ``submission``) with sample values; ``community.services`` fills in the real values and calls
``documents.services.document_generate(extra=...)``. The built-in DOCX (lv, en, ru) is built here
with python-docx and stored as version 1 the first time a document is generated in a language that
has no template yet (or by ``manage.py load_document_templates``). Administrators replace it like
any other template; a replacement may use only the declared placeholders.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from documents.kinds import TemplateKind, register
from documents.letters import BuiltinLetters

WORK_ORDER = "community_work_order"
EVASION_SUBMISSION = "community_evasion_submission"
EARLY_RELEASE_SUBMISSION = "community_early_release_submission"

ORDER_SAMPLE: dict[str, Any] = {
    "number": "SD-2025-000001", "start_date": "04.10.2025", "provider": "Rīgas dārzi",
    "place": "Parks", "address": "Parka iela 1, Rīga", "kinds_of_work": "Teritorijas sakopšana",
    "working_times": "Sestdienās 9:00–15:00", "schedule": "Sestdienās 9:00–15:00", "ordered_hours": "100",
    "done_hours": "0", "remaining_hours": "100", "contact_name": "Anna Liepa", "contact_phone": "67000002",
    "contact_email": "anna@example.org", "replaces": "",
}
SUBMISSION_SAMPLE: dict[str, Any] = {
    "date": "01.10.2025", "order_type": "Tiesas spriedums", "ordered_hours": "100", "done_hours": "6",
    "remaining_hours": "94", "hours_per_day": "4", "exact_days": "23.50", "days": "23", "rounding": "down",
    "max_days": "90", "capped": False, "missed": "10.09.2025, 17.09.2025", "warnings": "20.09.2025",
    "min_ordered": "80", "half": "50", "exemplary": True, "note": "",
}

register(TemplateKind(WORK_ORDER, _("Community service work order"), extra_context=("order",),
                      samples={"order": ORDER_SAMPLE}))
register(TemplateKind(EVASION_SUBMISSION, _("Submission to the court: evasion of community service"),
                      extra_context=("submission",), samples={"submission": SUBMISSION_SAMPLE}))
register(TemplateKind(EARLY_RELEASE_SUBMISSION, _("Submission to the court: early release from community service"),
                      extra_context=("submission",), samples={"submission": SUBMISSION_SAMPLE}))

_HEAD = {
    "lv": [("b", "Valsts probācijas dienests"), ("p", "{{ unit.name }}, {{ unit.address }}"),
           ("r", "{{ today }} Nr. {{ case.registration_number }}")],
    "en": [("b", "State Probation Service"), ("p", "{{ unit.name }}, {{ unit.address }}"),
           ("r", "{{ today }} No. {{ case.registration_number }}")],
    "ru": [("b", "Государственная служба пробации"), ("p", "{{ unit.name }}, {{ unit.address }}"),
           ("r", "{{ today }} № {{ case.registration_number }}")],
}
_SIGN = ("p", "{{ officer.name }}{% if officer.position %}, {{ officer.position }}{% endif %}")

_TEXT: dict[str, dict[str, tuple[str, list[tuple[str, str]]]]] = {
    WORK_ORDER: {
        "lv": ("Norīkojums sabiedriskā darba izpildei", [
            *_HEAD["lv"], ("b", "{{ person.full_name }}, p. k. {{ person.personal_code }}"),
            ("h", "NORĪKOJUMS Nr. {{ order.number }}"),
            ("p", "Pamatojums: {{ section.kind }} ({{ section.basis }})."),
            ("p", "Jūs esat norīkots(-a) veikt sabiedrisko darbu no {{ order.start_date }}."),
            ("p", "Darba devējs: {{ order.provider }}. Darba vieta: {{ order.place }}, {{ order.address }}."),
            ("p", "Darba veidi: {{ order.kinds_of_work }}."),
            ("p", "Darba laiks darba vietā: {{ order.working_times }}. Grafiks: {{ order.schedule }}."),
            ("p", "Piespriestās stundas: {{ order.ordered_hours }}; nostrādātas: {{ order.done_hours }}; "
                  "atlikušas: {{ order.remaining_hours }}."),
            ("p", "Kontaktpersona: {{ order.contact_name }} {{ order.contact_phone }} {{ order.contact_email }}"),
            ("p", "{% if order.replaces %}Šis norīkojums aizstāj norīkojumu Nr. {{ order.replaces }}.{% endif %}"),
            ("p", "Ja bez attaisnojoša iemesla neieradīsieties uz darbu, probācijas dienests Jūs brīdinās, un "
                  "atkārtotas izvairīšanās gadījumā iesniegs tiesai iesniegumu par sabiedriskā darba aizstāšanu ar "
                  "īslaicīgu brīvības atņemšanu (4 stundas = 1 diena)."),
            _SIGN, ("p", "Norīkojumu saņēmu: ____________________ (paraksts, datums)"),
        ]),
        "en": ("Community service work order", [
            *_HEAD["en"], ("b", "{{ person.full_name }}, personal code {{ person.personal_code }}"),
            ("h", "WORK ORDER No. {{ order.number }}"),
            ("p", "Basis: {{ section.kind }} ({{ section.basis }})."),
            ("p", "You are directed to do community service from {{ order.start_date }}."),
            ("p", "Work provider: {{ order.provider }}. Work place: {{ order.place }}, {{ order.address }}."),
            ("p", "Kinds of work: {{ order.kinds_of_work }}."),
            ("p", "Working times at the place: {{ order.working_times }}. Schedule: {{ order.schedule }}."),
            ("p", "Hours ordered: {{ order.ordered_hours }}; worked: {{ order.done_hours }}; "
                  "left: {{ order.remaining_hours }}."),
            ("p", "Contact person: {{ order.contact_name }} {{ order.contact_phone }} {{ order.contact_email }}"),
            ("p", "{% if order.replaces %}This order replaces order No. {{ order.replaces }}.{% endif %}"),
            ("p", "If you do not come to work without a good reason, the probation service will warn you and, if you "
                  "keep evading, ask the court to replace the community service with short-term deprivation of "
                  "liberty (4 hours = 1 day)."),
            _SIGN, ("p", "Order received: ____________________ (signature, date)"),
        ]),
        "ru": ("Направление на общественные работы", [
            *_HEAD["ru"], ("b", "{{ person.full_name }}, п. к. {{ person.personal_code }}"),
            ("h", "НАПРАВЛЕНИЕ № {{ order.number }}"),
            ("p", "Основание: {{ section.kind }} ({{ section.basis }})."),
            ("p", "Вы направлены на общественные работы с {{ order.start_date }}."),
            ("p", "Работодатель: {{ order.provider }}. Место работы: {{ order.place }}, {{ order.address }}."),
            ("p", "Виды работ: {{ order.kinds_of_work }}."),
            ("p", "Время работы на месте: {{ order.working_times }}. График: {{ order.schedule }}."),
            ("p", "Назначено часов: {{ order.ordered_hours }}; отработано: {{ order.done_hours }}; "
                  "осталось: {{ order.remaining_hours }}."),
            ("p", "Контактное лицо: {{ order.contact_name }} {{ order.contact_phone }} {{ order.contact_email }}"),
            ("p", "{% if order.replaces %}Это направление заменяет направление № {{ order.replaces }}.{% endif %}"),
            ("p", "Если Вы без уважительной причины не явитесь на работу, служба пробации предупредит Вас, а при "
                  "повторном уклонении обратится в суд с представлением о замене общественных работ "
                  "кратковременным лишением свободы (4 часа = 1 день)."),
            _SIGN, ("p", "Направление получил(а): ____________________ (подпись, дата)"),
        ]),
    },
    EVASION_SUBMISSION: {
        "lv": ("Iesniegums tiesai par izvairīšanos no sabiedriskā darba", [
            *_HEAD["lv"], ("b", "Tiesai"),
            ("h", "IESNIEGUMS par sabiedriskā darba aizstāšanu ar īslaicīgu brīvības atņemšanu"),
            ("p", "Notiesātais: {{ person.full_name }}, p. k. {{ person.personal_code }}. Pamatojums: "
                  "{{ section.kind }} ({{ section.basis }}), {{ submission.order_type }}, "
                  "{{ submission.ordered_hours }} stundas."),
            ("p", "Nostrādātas {{ submission.done_hours }} stundas. Neierašanās darbā: {{ submission.missed }}. "
                  "Rakstiski brīdināts: {{ submission.warnings }}."),
            ("p", "Atlikušo stundu pārrēķins (Krimināllikuma 40. panta piektā daļa, 4 stundas = 1 diena): "
                  "{{ submission.remaining_hours }} st. ÷ {{ submission.hours_per_day }} st. = "
                  "{{ submission.exact_days }} dienas → {{ submission.days }} dienas īslaicīgas brīvības atņemšanas."),
            ("p", "{% if submission.rounding == 'up' %}Nepilna diena tiek skaitīta kā pilna diena."
                  "{% else %}Atlikums, kas ir mazāks par dienu, netiek skaitīts.{% endif %} "
                  "Ne vairāk kā {{ submission.max_days }} dienas.{% if submission.capped %} Aprēķins ierobežots "
                  "līdz maksimumam.{% endif %}"),
            ("p", "Lūdzam izlemt jautājumu par sabiedriskā darba aizstāšanu ar {{ submission.days }} dienām "
                  "īslaicīgas brīvības atņemšanas.{% if submission.note %} Piezīme: {{ submission.note }}{% endif %}"),
            _SIGN,
        ]),
        "en": ("Submission to the court: evasion of community service", [
            *_HEAD["en"], ("b", "To the court"),
            ("h", "SUBMISSION on replacing community service with short-term deprivation of liberty"),
            ("p", "Convicted person: {{ person.full_name }}, personal code {{ person.personal_code }}. Basis: "
                  "{{ section.kind }} ({{ section.basis }}), {{ submission.order_type }}, "
                  "{{ submission.ordered_hours }} hours."),
            ("p", "Hours worked: {{ submission.done_hours }}. Missed sessions: {{ submission.missed }}. "
                  "Warned in writing: {{ submission.warnings }}."),
            ("p", "Conversion of the remaining hours (Criminal Law Art. 40(5), 4 hours = 1 day): "
                  "{{ submission.remaining_hours }} h ÷ {{ submission.hours_per_day }} h = "
                  "{{ submission.exact_days }} days → {{ submission.days }} days of short-term deprivation of liberty."),
            ("p", "{% if submission.rounding == 'up' %}A part of a day counts as a whole day."
                  "{% else %}A remainder of less than a day is not counted.{% endif %} "
                  "At most {{ submission.max_days }} days.{% if submission.capped %} The result is capped at the "
                  "maximum.{% endif %}"),
            ("p", "We ask the court to decide on replacing the community service with {{ submission.days }} days of "
                  "short-term deprivation of liberty.{% if submission.note %} Note: {{ submission.note }}{% endif %}"),
            _SIGN,
        ]),
        "ru": ("Представление в суд об уклонении от общественных работ", [
            *_HEAD["ru"], ("b", "В суд"),
            ("h", "ПРЕДСТАВЛЕНИЕ о замене общественных работ кратковременным лишением свободы"),
            ("p", "Осуждённый: {{ person.full_name }}, п. к. {{ person.personal_code }}. Основание: "
                  "{{ section.kind }} ({{ section.basis }}), {{ submission.order_type }}, "
                  "{{ submission.ordered_hours }} часов."),
            ("p", "Отработано часов: {{ submission.done_hours }}. Неявки на работу: {{ submission.missed }}. "
                  "Письменно предупреждён: {{ submission.warnings }}."),
            ("p", "Пересчёт оставшихся часов (ч. 5 ст. 40 Уголовного закона, 4 часа = 1 день): "
                  "{{ submission.remaining_hours }} ч ÷ {{ submission.hours_per_day }} ч = "
                  "{{ submission.exact_days }} дн. → {{ submission.days }} дн. кратковременного лишения свободы."),
            ("p", "{% if submission.rounding == 'up' %}Неполный день считается полным."
                  "{% else %}Остаток меньше дня не учитывается.{% endif %} "
                  "Не более {{ submission.max_days }} дней.{% if submission.capped %} Результат ограничен "
                  "максимумом.{% endif %}"),
            ("p", "Просим суд решить вопрос о замене общественных работ {{ submission.days }} днями "
                  "кратковременного лишения свободы.{% if submission.note %} Примечание: {{ submission.note }}{% endif %}"),
            _SIGN,
        ]),
    },
    EARLY_RELEASE_SUBMISSION: {
        "lv": ("Iesniegums tiesai par atbrīvošanu no sabiedriskā darba", [
            *_HEAD["lv"], ("b", "Tiesai"),
            ("h", "IESNIEGUMS par atbrīvošanu no atlikušā sabiedriskā darba"),
            ("p", "Notiesātais: {{ person.full_name }}, p. k. {{ person.personal_code }}. Pamatojums: "
                  "{{ section.kind }} ({{ section.basis }}), {{ submission.order_type }}, "
                  "{{ submission.ordered_hours }} stundas."),
            ("p", "Nosacījumi (Krimināllikuma 40. panta ceturtā daļa): piespriestas {{ submission.ordered_hours }} "
                  "stundas (vismaz {{ submission.min_ordered }}); nostrādātas {{ submission.done_hours }} stundas "
                  "(vismaz {{ submission.half }}); notiesātais strādā priekšzīmīgi."),
            ("p", "Lūdzam atbrīvot notiesāto no atlikušo {{ submission.remaining_hours }} stundu izpildes. "
                  "{% if submission.note %}Piezīme: {{ submission.note }}{% endif %}"),
            _SIGN,
        ]),
        "en": ("Submission to the court: early release from community service", [
            *_HEAD["en"], ("b", "To the court"),
            ("h", "SUBMISSION on release from the rest of the community service"),
            ("p", "Convicted person: {{ person.full_name }}, personal code {{ person.personal_code }}. Basis: "
                  "{{ section.kind }} ({{ section.basis }}), {{ submission.order_type }}, "
                  "{{ submission.ordered_hours }} hours."),
            ("p", "Conditions (Criminal Law Art. 40(4)): {{ submission.ordered_hours }} hours ordered (at least "
                  "{{ submission.min_ordered }}); {{ submission.done_hours }} hours worked (at least "
                  "{{ submission.half }}); the person works exemplarily."),
            ("p", "We ask the court to release the person from the remaining {{ submission.remaining_hours }} hours. "
                  "{% if submission.note %}Note: {{ submission.note }}{% endif %}"),
            _SIGN,
        ]),
        "ru": ("Представление в суд об освобождении от общественных работ", [
            *_HEAD["ru"], ("b", "В суд"),
            ("h", "ПРЕДСТАВЛЕНИЕ об освобождении от оставшихся общественных работ"),
            ("p", "Осуждённый: {{ person.full_name }}, п. к. {{ person.personal_code }}. Основание: "
                  "{{ section.kind }} ({{ section.basis }}), {{ submission.order_type }}, "
                  "{{ submission.ordered_hours }} часов."),
            ("p", "Условия (ч. 4 ст. 40 Уголовного закона): назначено {{ submission.ordered_hours }} часов (не менее "
                  "{{ submission.min_ordered }}); отработано {{ submission.done_hours }} часов (не менее "
                  "{{ submission.half }}); осуждённый работает образцово."),
            ("p", "Просим суд освободить осуждённого от оставшихся {{ submission.remaining_hours }} часов. "
                  "{% if submission.note %}Примечание: {{ submission.note }}{% endif %}"),
            _SIGN,
        ]),
    },
}

KINDS = tuple(_TEXT)
LANGUAGES = ("lv", "en", "ru")


_BUILTIN = BuiltinLetters(_TEXT, change_note="Built-in template (community service)")
build_docx = _BUILTIN.build_docx
ensure_template = _BUILTIN.ensure_template
ensure_all = _BUILTIN.ensure_all
