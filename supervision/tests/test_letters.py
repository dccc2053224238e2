"""The letters name what they are about: the warning its violation, the submissions the violations,
warnings, compliance and what is asked for; a violation is linked to its duty or appointment."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from cases.services import case_open, section_open
from core.errors import Conflict, ValidationFailed
from core.testing.checks import assert_api_access, client_for
from documents import services as documents
from documents.confirm import CONFIRMED_FORM
from documents.kinds import TEMPLATE_KINDS
from documents.models import CaseDocument, DocumentTemplate
from documents.rendering import check_template
from people.services import person_create
from supervision import letters, services
from supervision.letters import submission_context
from supervision.models import Appointment, Duty, Submission, Violation
from supervision.tests.conftest import at, posted
from supervision.tests.test_pages import OTHERS, READERS

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def text_of(document: CaseDocument) -> str:
    with document.file.open("rb") as fh:
        return "\n".join(p.text for p in Document(io.BytesIO(fh.read())).paragraphs)


def _docx(section, code):
    return CaseDocument.objects.get(section=section, document_type=code, format="docx")


def _missed_appointment(details, personas):
    appointment = services.appointment_schedule(took_place=True, actor=personas.alice, section=details.section,
                                                officer=personas.alice, kind="office", starts_at=at(-5),
                                                duration_minutes=30, remind=False)
    return services.appointment_record_outcome(actor=personas.alice, appointment=appointment,
                                               outcome="failed_to_attend", expected_version=appointment.version)


def test_warning_names_the_violation_and_the_duty_it_concerns(registered, personas):
    duty = Duty.objects.filter(section=registered.section, code="appear_when_summoned").get()
    violation = services.violation_record(actor=personas.alice, section=registered.section, kind="duty_breach",
                                          occurred_on=dt.date(2026, 1, 14), description="Neieradās pēc izsaukuma.",
                                          duty=duty)
    services.warning_issue(actor=personas.alice, violation=violation, language="lv")
    text = text_of(_docx(registered.section, letters.WARNING))
    assert "BRĪDINĀJUMS" in text
    assert "Probācijas dienests ir konstatējis pārkāpumu: pienākuma neizpilde, 14.01.2026" in text
    assert "Neieradās pēc izsaukuma." in text
    assert "Ierasties probācijas dienestā" in text  # the duty, in Latvian


def test_warning_in_english_names_the_appointment(registered, personas):
    appointment = _missed_appointment(registered, personas)
    violation = services.violation_record(actor=personas.alice, section=registered.section, kind="duty_breach",
                                          occurred_on=TODAY - dt.timedelta(days=5), description="Did not come",
                                          appointment=appointment)
    services.warning_issue(actor=personas.alice, violation=violation, language="en")
    text = text_of(_docx(registered.section, letters.WARNING))
    when = timezone.localtime(appointment.starts_at).strftime("%d.%m.%Y %H:%M")
    assert f"The probation service has found a violation: breach of a duty on {violation.occurred_on:%d.%m.%Y} " \
           f"(appointment {when} (at the office))." in text


def test_a_stored_template_without_the_violation_keeps_working(registered, personas):
    """Version 1 stored before the violation was in the context: generating still works."""
    old = Document()
    old.add_paragraph().add_run("Brīdinājums {{ person.full_name }}, {{ section.kind }}")
    out = io.BytesIO()
    old.save(out)
    documents.template_upload(actor=None, code=letters.WARNING, language="lv", title="Brīdinājums",
                              upload=SimpleUploadedFile("w.docx", out.getvalue()))
    violation = services.violation_record(actor=personas.alice, section=registered.section, kind="duty_breach",
                                          occurred_on=TODAY, description="x")
    warning = services.warning_issue(actor=personas.alice, violation=violation, language="lv")
    assert warning.document is not None
    assert text_of(_docx(registered.section, letters.WARNING)).startswith("Brīdinājums ")
    assert DocumentTemplate.objects.filter(code=letters.WARNING, language="lv").count() == 1


def test_builtin_templates_pass_the_upload_check_with_samples(db):
    for code in (letters.WARNING, letters.BREACH_SUBMISSION, letters.TERMINATION_SUBMISSION):
        for language in letters.LANGUAGES:
            check_template(letters.build_docx(code, language), TEMPLATE_KINDS[code])
    assert letters.ensure_all() == 9 and letters.ensure_all() == 0


def test_breach_submission_is_generated_with_violations_warnings_compliance_and_request(registered, personas):
    section = registered.section
    appointment = _missed_appointment(registered, personas)
    first = services.violation_record(actor=personas.alice, section=section, kind="duty_breach",
                                      occurred_on=TODAY - dt.timedelta(days=5), description="Neieradās uz tikšanos",
                                      appointment=appointment)
    services.warning_issue(actor=personas.alice, violation=first, issued_on=TODAY - dt.timedelta(days=4))
    second = services.violation_record(actor=personas.alice, section=section, kind="new_offence",
                                       occurred_on=TODAY - dt.timedelta(days=1), description="Zādzība veikalā",
                                       evidence="Policijas ziņojums")
    submission = services.submission_make(actor=personas.alice, section=section, addressee="court",
                                          grounds="Atkārtoti pārkāpumi un jauns noziedzīgs nodarījums",
                                          violation=second)
    assert submission.document is not None and submission.document.format == "pdf"
    assert submission.document.document_type == letters.BREACH_SUBMISSION
    assert submission.document.section == section
    text = text_of(_docx(section, letters.BREACH_SUBMISSION))
    assert "IESNIEGUMS PAR UZRAUDZĪBAS PĀRKĀPUMIEM" in text
    assert "Adresāts: tiesa" in text
    assert "Pamatojums: Atkārtoti pārkāpumi un jauns noziedzīgs nodarījums" in text
    assert f"{first.occurred_on:%d.%m.%Y} — pienākuma neizpilde (tikšanās " in text
    assert f"{second.occurred_on:%d.%m.%Y} — jauns noziedzīgs nodarījums: Zādzība veikalā [Policijas ziņojums]" in text
    assert f"{TODAY - dt.timedelta(days=4):%d.%m.%Y} — pienākuma neizpilde ({first.occurred_on:%d.%m.%Y})" in text
    assert "nav izpildījis: 1; neierašanās: 1; brīdinājumi: 1; iepriekšējie iesniegumi: 0" in text
    # What is asked for: the decisions of a conditional sentence (KL 55).
    assert ("Izskatīt jautājumu par nosacīti piespriestā soda izpildi vai pārbaudes laika pagarināšanu līdz "
            "vienam gadam.") in text
    assert "Nav." not in text  # there are violations and warnings
    assert "{{" not in text and "{%" not in text


def test_early_termination_submission_is_generated(registered, personas):
    section = registered.section
    submission = services.submission_make(actor=personas.alice, section=section, addressee="prosecutor",
                                          grounds="Pilda visus pienākumus", purpose="early_termination",
                                          language="en")
    assert submission.document.document_type == letters.TERMINATION_SUBMISSION
    text = text_of(_docx(section, letters.TERMINATION_SUBMISSION))
    assert "SUBMISSION FOR EARLY TERMINATION OF SUPERVISION" in text
    assert "To: prosecutor" in text and "To end the supervision early." in text
    assert "Violations on record\nNone." in text and "Written warnings issued\nNone." in text
    assert "term 12.09.2025–12.09.2027" in text


def test_refused_submission_stores_no_letter(registered, personas):
    services.submission_make(actor=personas.alice, section=registered.section, addressee="court", grounds="x")
    with pytest.raises(Conflict) as exc:
        services.submission_make(actor=personas.alice, section=registered.section, addressee="court", grounds="y")
    assert exc.value.code == "submission_pending"
    assert CaseDocument.objects.filter(document_type=letters.BREACH_SUBMISSION).count() == 2  # docx + pdf of one
    assert Submission.objects.count() == 1


def test_section_page_links_the_submission_letter(registered, personas):
    section = registered.section
    client = client_for(personas.alice)
    response = client.post(reverse("supervision:termination_add", args=[section.case_id, section.pk]),
                           {**posted("termination", {"addressee": "court", "grounds": "Pilda pienākumus"}),
                            **CONFIRMED_FORM})
    assert response.status_code == 302
    submission = Submission.objects.get()
    page = client.get(reverse("supervision:section", args=[section.case_id, section.pk])).content.decode()
    assert reverse("documents:download", args=[submission.document_id]) in page


def test_violation_form_links_own_duty_and_refuses_a_foreign_one(registered, personas):
    section = registered.section
    duty = Duty.objects.filter(section=section).first()
    # A duty of another client's section.
    person = person_create(actor=personas.alice, personal_code="", first_name="Ilze", last_name="Kalniņa",
                           birth_date=dt.date(1990, 1, 1), sex="F", declared_municipality="LV-RIX",
                           document_type="passport", document_number="PA900001")
    other_case = case_open(actor=personas.alice, person=person, responsible_officer=personas.alice)
    other = section_open(actor=personas.alice, case=other_case, kind="supervision_conditional_sentence",
                         basis_type="court_ruling", basis_number="K-2", basis_date=dt.date(2025, 9, 1),
                         basis_issuer="Rīgas tiesa", basis_in_force=dt.date(2025, 9, 12))
    services.supervision_register(actor=personas.alice, section=other, start_date=dt.date(2025, 9, 12),
                                  end_date=dt.date(2027, 9, 12))
    foreign = Duty.objects.filter(section=other).first()
    client = client_for(personas.alice)
    url = reverse("supervision:violation_add", args=[section.case_id, section.pk])
    data = {"kind": "duty_breach", "occurred_on": TODAY.isoformat(), "description": "Neieradās"}
    response = client.post(url, posted("violation", {**data, "duty": str(foreign.pk)}))
    assert response.status_code == 422
    assert 'id="id_violation-duty-error"' in response.content.decode()
    assert not Violation.objects.exists()
    response = client.post(url, posted("violation", {**data, "duty": str(duty.pk)}))
    assert response.status_code == 302
    assert Violation.objects.get().duty == duty
    page = client.get(reverse("supervision:section", args=[section.case_id, section.pk])).content.decode()
    assert f'<option value="{duty.pk}"' in page and f'<option value="{foreign.pk}"' not in page


def test_service_refuses_a_foreign_appointment(registered, personas):
    appointment = _missed_appointment(registered, personas)
    other = Appointment(pk=appointment.pk, section_id=registered.section_id + 999)
    with pytest.raises(ValidationFailed) as exc:
        services.violation_record(actor=personas.alice, section=registered.section, kind="duty_breach",
                                  occurred_on=TODAY, description="x", appointment=other)
    assert exc.value.field == "appointment"


def test_violation_api_access_and_linking(registered, personas):
    section = registered.section
    url = f"/api/supervision/sections/{section.pk}/violations"
    assert_api_access(url, personas, allowed=READERS, denied=OTHERS)
    appointment = _missed_appointment(registered, personas)
    body = {"kind": "duty_breach", "occurred_on": TODAY.isoformat(), "description": "Neieradās",
            "appointment_id": appointment.pk}
    assert_api_access(url, personas, allowed=["alice"], denied=["audrey", "carol", "noah"], method="post",
                      json=body, ok_status=(201,))
    created = Violation.objects.get()
    assert created.appointment == appointment
    client = client_for(personas.alice)
    foreign = client.post(url, data={**body, "appointment_id": appointment.pk + 1000, "duty_id": None},
                          content_type="application/json")
    assert foreign.status_code == 422 and foreign.json()["field"] == "appointment_id"
    rows = client.get(url).json()
    assert [(r["id"], r["appointment_id"]) for r in rows] == [(created.pk, appointment.pk)]
    assert Violation.objects.count() == 1


def test_russian_warning_names_the_violation_in_russian(registered, personas):
    duty = Duty.objects.filter(section=registered.section, code="appear_when_summoned").get()
    violation = services.violation_record(actor=personas.alice, section=registered.section, kind="duty_breach",
                                          occurred_on=dt.date(2026, 1, 14), description="Не явился.", duty=duty)
    services.warning_issue(actor=personas.alice, violation=violation, language="ru")
    text = text_of(_docx(registered.section, letters.WARNING))
    assert ("Служба пробации установила нарушение: невыполнение обязанности, 14.01.2026 "
            "(обязанность: Являться в службу пробации по вызову).") in text


def test_the_breach_submission_asks_for_what_the_court_may_decide(registered, personas):
    """It asks (to order the execution ...), it does not state a decision ("Sentence to be executed")."""
    section = registered.section
    ctx = submission_context(section=section, details=registered, addressee="court", purpose="breach", grounds="x",
                             submitted_on=TODAY, violations=[], warnings=[],
                             compliance=__import__("supervision.selectors", fromlist=["compliance"]).compliance(
                                 section, registered), language="en")
    request = ctx["submission"]["request"]
    assert request == ("To consider ordering the execution of the suspended sentence or extending the probation "
                       "period by up to one year.")
    assert "Sentence to be executed" not in request and "No action" not in request
