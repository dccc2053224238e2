"""The work order and the submissions to the court as documents generated from templates."""

import datetime as dt
import io

from django.core.management import call_command
from django.urls import reverse
from docx import Document

from community import letters, services
from community.models import EnforcementStep
from core.testing.checks import client_for
from documents.kinds import TEMPLATE_KINDS
from documents.models import CaseDocument, DocumentTemplate
from documents.rendering import check_template
from partners import services as partners


def text_of(doc: CaseDocument) -> str:
    with doc.file.open("rb") as fh:
        return "\n".join(p.text for p in Document(io.BytesIO(fh.read())).paragraphs)


def test_built_in_templates_pass_the_placeholder_check_in_every_language():
    for code in letters.KINDS:
        for language in letters.LANGUAGES:
            check_template(letters.build_docx(code, language), TEMPLATE_KINDS[code])


def test_issuing_an_order_generates_the_work_order_document(personas, order, provider):
    partners.contact_add(actor=personas.alice, organisation=provider, name="Anna Liepa", phone="67000002")
    order.refresh_from_db()
    assert order.document is not None and order.document.format == "docx"
    assert order.document.case_id == order.details.section.case_id and order.document.section_id == order.details.section_id
    text = text_of(order.document)
    assert f"NORĪKOJUMS Nr. {order.number}" in text
    assert "Darba devējs: Rīgas dārzi. Darba vieta: Parks, Parka iela 1." in text
    assert "Darba veidi: Sakopšana." in text and "Sestdienās 9–15" in text
    assert "Piespriestās stundas: 100; nostrādātas: 0; atlikušas: 100." in text
    assert f"no {order.start_date:%d.%m.%Y}" in text
    # A PDF twin is stored too, and the built-in template became version 1.
    assert CaseDocument.objects.filter(case=order.document.case, document_type=letters.WORK_ORDER, format="pdf").exists()
    assert DocumentTemplate.objects.filter(code=letters.WORK_ORDER, language="lv", version=1).exists()
    # Generated again (e.g. after the contact person is added): a new version, linked from the order.
    services.hours_record(actor=personas.alice, order=order, day=order.start_date, hours="4")
    first = order.document_id
    services.order_document(actor=personas.alice, order=order)
    order.refresh_from_db()
    assert order.document_id != first and order.document.version == 2
    text = text_of(order.document)
    assert "nostrādātas: 4; atlikušas: 96" in text and "Anna Liepa 67000002" in text


def test_the_client_language_chooses_the_template(personas, cs_section, place, today):
    person = cs_section.case.person
    person.languages = ["ru"]
    person.save()
    d = services.details_create(actor=personas.alice, section=cs_section, order_type="court_sentence",
                                ordered_hours=60, registration_basis="ruling", basis_event_date=None,
                                ruling_in_force=cs_section.basis_in_force)
    o = services.order_issue(actor=personas.alice, details=d, place=place, start_date=today, schedule="Сб")
    assert o.document.language == "ru" and f"НАПРАВЛЕНИЕ № {o.number}" in text_of(o.document)


def test_the_order_page_links_and_regenerates_the_document(personas, order):
    section = order.details.section
    page = client_for(personas.alice).get(reverse("community:section", args=[section.case_id, section.pk]))
    assert reverse("documents:download", args=[order.document_id]) in page.content.decode()
    url = reverse("community:order_document", args=[section.case_id, section.pk, order.pk])
    assert client_for(personas.carol).post(url).status_code == 404
    assert client_for(personas.audrey).post(url).status_code == 404
    assert client_for(personas.alice).post(url).status_code == 302
    assert CaseDocument.objects.filter(document_type=letters.WORK_ORDER, format="docx").count() == 2


def test_the_evasion_submission_shows_the_conversion_with_its_working(personas, order, today):
    services.hours_record(actor=personas.alice, order=order, day=today - dt.timedelta(days=20), hours="7")
    for kind, days in (("missed_session", 10), ("warning", 9)):
        services.step_record(actor=personas.alice, details=order.details, kind=kind, day=today - dt.timedelta(days=days))
    step = services.step_record(actor=personas.alice, details=order.details, kind="evasion_submission",
                                day=today - dt.timedelta(days=2), note="Neierodas kopš septembra.")
    assert step.document is not None and step.document.document_type == letters.EVASION_SUBMISSION
    text = text_of(step.document)
    # 100 − 7 = 93 h; 93 ÷ 4 = 23.25 → 23 days (a remainder of less than a day is not counted).
    assert "93 st. ÷ 4 st. = 23,25 dienas → 23 dienas īslaicīgas brīvības atņemšanas" in text
    assert "Atlikums, kas ir mazāks par dienu, netiek skaitīts." in text and "Ne vairāk kā 90 dienas." in text
    assert f"Neierašanās darbā: {today - dt.timedelta(days=10):%d.%m.%Y}" in text
    assert "Piezīme: Neierodas kopš septembra." in text
    section = order.details.section
    page = client_for(personas.alice).get(reverse("community:section", args=[section.case_id, section.pk]))
    assert reverse("documents:download", args=[step.document_id]) in page.content.decode()


def test_the_early_release_submission_names_the_conditions(personas, details, place, today):
    o = services.order_issue(actor=personas.alice, details=details, place=place,
                             start_date=today - dt.timedelta(days=30), schedule="S")
    for i in range(7):
        services.hours_record(actor=personas.alice, order=o, day=today - dt.timedelta(days=20 - i), hours="8")
    services.details_update(actor=personas.alice, details=details, expected_version=details.version,
                            order_type=details.order_type, ordered_hours=100, offence_date=None, exemplary_work=True)
    step = services.step_record(actor=personas.alice, details=details, kind="early_release_submission", day=today)
    text = text_of(step.document)
    assert step.kind == EnforcementStep.Kind.EARLY_RELEASE
    assert "piespriestas 100 stundas (vismaz 80); nostrādātas 56 stundas (vismaz 50)" in text
    assert "atlikušo 44 stundu" in text


def test_load_command_stores_each_built_in_template_once(db):
    call_command("load_document_templates")
    assert DocumentTemplate.objects.filter(code__in=letters.KINDS).count() == 9
    call_command("load_document_templates")
    assert DocumentTemplate.objects.filter(code__in=letters.KINDS).count() == 9


def test_a_change_of_place_gives_a_new_document_naming_the_replaced_order(personas, order, provider, today):
    other = partners.place_add(actor=personas.alice, organisation=provider, name="Skola", address="Skolas iela 3",
                               municipality="LV-RIX", kinds_of_work="Remonts", capacity=2)
    new = services.order_change_place(actor=personas.alice, order=order, expected_version=order.version, place=other,
                                      start_date=today, schedule="Svētdienās")
    text = text_of(new.document)
    assert f"NORĪKOJUMS Nr. {new.number}" in text and f"aizstāj norīkojumu Nr. {order.number}" in text
    assert "Darba vieta: Skola, Skolas iela 3." in text
    order.refresh_from_db()
    assert order.document_id and order.document_id != new.document_id  # the old one stays linked to the old order
