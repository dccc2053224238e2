import datetime as dt

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.models import CaseEvent
from core.errors import ValidationFailed
from core.models import ChangeLog, SensitiveRead
from documents import rendering, services
from documents.models import CaseDocument, DocumentTemplate
from documents.tests.conftest import docx_bytes, docx_text, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unit_contacts(personas):
    unit = personas.org.riga_centre
    unit.address, unit.phone, unit.email = "Brīvības iela 10, Rīga", "67000000", "riga.centrs@example.org"
    unit.save()


def _in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _evaluation(personas, case):
    return case_services.section_open(
        actor=personas.alice, case=case, kind="evaluation", basis_type="evaluation_request",
        basis_number="11-22/2025", basis_date=timezone.localdate(), basis_issuer="Rīgas rajona prokuratūra",
    )


def test_notice_is_generated_as_docx_and_pdf_with_the_clients_data(personas, client_case, templates_loaded):
    docx, pdf = services.document_generate(actor=personas.alice, case=client_case, code="case_opening_notice")
    assert (docx.format, pdf.format) == ("docx", "pdf")
    assert docx.version == pdf.version == 1
    assert docx.language == "lv" and docx.source == "generated"
    assert docx.template.code == "case_opening_notice" and docx.template_version == 1
    text = docx_text(docx.file.read())
    assert "Jānis Bērziņš" in text
    assert "161175-19997" in text
    assert client_case.registration_number in text
    assert "PAZIŅOJUMS PAR LIETAS ATVĒRŠANU" in text
    assert "Brīvības iela 1-2, Rīga" in text  # Alice may see addresses
    assert "{{" not in text and "{%" not in text
    content = pdf.file.read()
    assert content.startswith(b"%PDF-")
    assert pdf.size == len(content) > 3000  # fonts and a page of text, not an empty shell
    import hashlib

    assert docx.sha256 == hashlib.sha256(docx.file.open("rb").read()).hexdigest()
    # Change log, timeline and the sensitive-read log (the address went into the letter).
    assert ChangeLog.objects.filter(verb="document_generate").count() == 2
    event = CaseEvent.objects.get(case=client_case, type="document_generated")
    assert event.data["version"] == 1 and event.actor == personas.alice
    assert SensitiveRead.objects.filter(user=personas.alice, sensitivity="address", purpose="document_generate").exists()


def test_regenerating_gives_the_next_version(personas, client_case, templates_loaded):
    services.document_generate(actor=personas.alice, case=client_case, code="case_opening_notice")
    second = services.document_generate(actor=personas.bob, case=client_case, code="case_opening_notice",
                                        language="en")
    assert {d.version for d in second} == {2}
    assert "NOTICE OF CASE OPENING" in docx_text(second[0].file.read())
    other = services.document_generate(actor=personas.alice, case=client_case, code="invitation_to_appear",
                                       appearance_date=_in_days(3), appearance_time=dt.time(9, 30))
    assert {d.version for d in other} == {1}  # versions count per letter
    assert "Brīvības iela 10, Rīga" in docx_text(other[0].file.read())  # place defaults to the unit's address
    assert CaseDocument.objects.filter(case=client_case).count() == 6


def test_new_template_version_is_used_and_recorded(personas, client_case, templates_loaded):
    services.template_upload(actor=personas.admin, code="case_opening_notice", language="lv", title="Jauns",
                             upload=upload("t.docx", docx_bytes("Sveiki, {{ person.first_name }} ({{ today }})")))
    docx, _pdf = services.document_generate(actor=personas.alice, case=client_case, code="case_opening_notice")
    assert docx.template_version == 2
    assert docx_text(docx.file.read()).startswith("Sveiki, Jānis")


def test_russian_invitation_in_cyrillic_with_appointment(personas, client_case, templates_loaded):
    docx, pdf = services.document_generate(
        actor=personas.alice, case=client_case, code="invitation_to_appear", language="ru",
        appearance_date=_in_days(5), appearance_time=dt.time(14, 15), place="Brīvības iela 10, Rīga",
        bring="справку с места работы",
    )
    text = docx_text(docx.file.read())
    assert "ПРИГЛАШЕНИЕ ЯВИТЬСЯ" in text
    assert _in_days(5).strftime("%d.%m.%Y") in text and "14:15" in text
    assert "Brīvības iela 10, Rīga" in text and "справку с места работы" in text
    assert pdf.file.read().startswith(b"%PDF-")


def test_values_are_escaped_in_the_docx(personas, client_case, templates_loaded):
    docx, _ = services.document_generate(
        actor=personas.alice, case=client_case, code="invitation_to_appear", appearance_date=_in_days(2),
        appearance_time=dt.time(9, 0), place="SIA <A&B>, Rīga",
    )
    assert "SIA <A&B>, Rīga" in docx_text(docx.file.read())


def test_default_language_is_the_clients_first_letter_language(personas, client_case, templates_loaded):
    person = client_case.person
    person.languages = ["de", "ru", "lv"]
    person.save()
    docx, _ = services.document_generate(actor=personas.alice, case=client_case, code="case_opening_notice")
    assert docx.language == "ru"
    person.languages = ["de"]
    person.save()
    docx, _ = services.document_generate(actor=personas.alice, case=client_case, code="case_opening_notice")
    assert docx.language == "lv"


def test_address_is_left_out_for_a_user_who_may_not_see_addresses(personas, client_case):
    ctx = rendering.build_context(user=personas.anna, case=client_case, language="lv")
    assert ctx["person"]["address"] == ""
    ctx = rendering.build_context(user=personas.alice, case=client_case, language="lv")
    assert ctx["person"]["address"] == "Brīvības iela 1-2, Rīga"
    assert ctx["person"]["birth_date"] == "16.11.1975"
    assert ctx["officer"]["name"] == "Alise Ozola"
    assert ctx["unit"]["name"] == "Rīgas centra TSV"


def test_section_data_reach_the_letter(personas, client_case, templates_loaded):
    section = client_case.sections.get()
    docx, _ = services.document_generate(actor=personas.alice, case=client_case, code="case_opening_notice",
                                         language="en", section=section)
    assert docx.section == section
    text = docx_text(docx.file.read())
    assert "K30-1234-25" in text and "Rīgas pilsētas tiesa" in text


@pytest.mark.parametrize("kwargs,code,field", [
    ({"appearance_date": None, "appearance_time": dt.time(10)}, "appearance_date_required", "appearance_date"),
    ({"appearance_date": "tomorrow", "appearance_time": None}, "appearance_time_required", "appearance_time"),
    ({"appearance_date": "yesterday", "appearance_time": dt.time(10)}, "appearance_not_future", "appearance_date"),
])
def test_invitation_needs_a_future_appointment(personas, client_case, templates_loaded, kwargs, code, field):
    days = {"tomorrow": 1, "yesterday": -1}
    if isinstance(kwargs["appearance_date"], str):
        kwargs = {**kwargs, "appearance_date": _in_days(days[kwargs["appearance_date"]])}
    with pytest.raises(ValidationFailed) as exc:
        services.document_generate(actor=personas.alice, case=client_case, code="invitation_to_appear", **kwargs)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert not CaseDocument.objects.exists()
    assert not CaseEvent.objects.filter(type="document_generated").exists()


def test_missing_template_and_foreign_section_are_refused(personas, client_case, templates_loaded):
    DocumentTemplate.objects.filter(code="case_opening_notice", language="en").delete()
    with pytest.raises(ValidationFailed) as exc:
        services.document_generate(actor=personas.alice, case=client_case, code="case_opening_notice", language="en")
    assert (exc.value.code, exc.value.field) == ("template_missing", "language")
    with pytest.raises(ValidationFailed) as exc:
        services.document_generate(actor=personas.alice, case=client_case, code="no_such_letter")
    assert exc.value.code == "template_code_unknown"
    assert not CaseDocument.objects.exists()


@pytest.fixture
def kind_with_extra():
    from documents.kinds import TEMPLATE_KINDS, TemplateKind, register

    kind = register(TemplateKind("test_extra_letter", "Test letter", extra_context=("violation",),
                                 samples={"violation": {"what": "Neieradās", "date": "01.10.2025"}}))
    yield kind
    TEMPLATE_KINDS.pop(kind.code)


def test_a_kinds_extra_context_is_checked_on_upload_and_filled_in_on_generation(personas, client_case,
                                                                                 kind_with_extra):
    with pytest.raises(ValidationFailed) as exc:
        services.template_upload(actor=personas.admin, code=kind_with_extra.code, language="lv", title="T",
                                 upload=upload("t.docx", docx_bytes("{{ violations.what }}")))
    assert exc.value.code == "template_unknown_placeholder"
    services.template_upload(actor=personas.admin, code=kind_with_extra.code, language="lv", title="T",
                             upload=upload("t.docx", docx_bytes("Pārkāpums: {{ violation.what }} {{ violation.date }}")))
    docx, _pdf = services.document_generate(actor=personas.alice, case=client_case, code=kind_with_extra.code,
                                            extra={"violation": {"what": "Neieradās uz tikšanos", "date": "02.11.2026"}})
    assert "Pārkāpums: Neieradās uz tikšanos 02.11.2026" in docx_text(docx.file.read())
    with pytest.raises(TypeError):
        services.document_generate(actor=personas.alice, case=client_case, code=kind_with_extra.code,
                                   extra={"other": 1})


def test_a_letter_that_needs_its_modules_data_is_not_offered_on_the_generic_page(personas, client_case,
                                                                                  kind_with_extra):
    from documents.forms import GenerateForm

    codes = [code for code, _label in GenerateForm(sections=[]).fields["code"].choices]
    assert "case_opening_notice" in codes and kind_with_extra.code not in codes
    services.template_upload(actor=personas.admin, code=kind_with_extra.code, language="lv", title="T",
                             upload=upload("t.docx", docx_bytes("{{ violation.what }}")))
    with pytest.raises(ValidationFailed) as exc:
        services.document_generate(actor=personas.alice, case=client_case, code=kind_with_extra.code)
    assert exc.value.code == "letter_made_elsewhere" and exc.value.field == "code"
