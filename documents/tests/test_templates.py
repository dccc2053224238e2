import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.testing.personas import CASE_NON_READERS, CASE_READERS
from core.models import ChangeLog
from core.testing.checks import assert_page_access, client_for
from documents import services
from documents.letters import BUILTIN, LETTERS
from documents.models import DocumentTemplate
from documents.tests.conftest import PDF_BYTES, docx_bytes, upload

pytestmark = pytest.mark.django_db

ALL = CASE_READERS | CASE_NON_READERS
NOT_ADMIN = ALL - {"admin"}


def test_load_command_creates_version_1_for_each_letter_and_language_once(templates_loaded):
    own = DocumentTemplate.objects.filter(code__in={code for code, _language in LETTERS})
    assert own.count() == 6 == len(LETTERS)
    assert set(own.values_list("language", flat=True)) == {"lv", "en", "ru"}
    # Every module's built-in letters (documents.letters.BUILTIN), once each.
    expected = sum(len(by_language) for letters in BUILTIN for by_language in letters.texts.values())
    assert DocumentTemplate.objects.count() == expected
    assert set(DocumentTemplate.objects.values_list("version", "active")) == {(1, True)}
    out = io.StringIO()
    call_command("load_document_templates", stdout=out)
    assert DocumentTemplate.objects.count() == expected
    assert "0 template(s) created" in out.getvalue()


def test_built_in_templates_pass_the_placeholder_check(templates_loaded):
    # Every built-in letter was checked by template_upload; a Russian one is in Cyrillic.
    tpl = DocumentTemplate.objects.get(code="invitation_to_appear", language="ru")
    assert tpl.title == "Приглашение явиться"


def test_upload_new_version_activates_it_and_keeps_the_old_one(personas, templates_loaded):
    new = services.template_upload(actor=personas.admin, code="case_opening_notice", language="lv",
                                   title="Paziņojums (jauns)", change_note="Shorter text",
                                   upload=upload("notice.docx", docx_bytes("Labdien, {{ person.full_name }}!")))
    assert new.version == 2 and new.active
    old = DocumentTemplate.objects.get(code="case_opening_notice", language="lv", version=1)
    assert not old.active
    assert services.active_template("case_opening_notice", "lv") == new
    assert ChangeLog.objects.filter(verb="template_upload", object_id=str(new.pk)).exists()
    assert ChangeLog.objects.filter(verb="template_deactivate", object_id=str(old.pk)).exists()

    services.template_activate(actor=personas.admin, template=old)
    assert DocumentTemplate.objects.filter(code="case_opening_notice", language="lv", active=True).get() == old
    assert ChangeLog.objects.filter(verb="template_activate", object_id=str(old.pk)).exists()


def test_activating_the_active_version_is_a_conflict(personas, templates_loaded):
    from core.errors import Conflict

    tpl = DocumentTemplate.objects.get(code="case_opening_notice", language="en")
    with pytest.raises(Conflict) as exc:
        services.template_activate(actor=personas.admin, template=tpl)
    assert exc.value.code == "template_already_active"


@pytest.mark.parametrize("text,code", [
    ("Dear {{ client.name }}", "template_unknown_placeholder"),  # unknown top-level name
    ("Dear {{ person.nickname }}", "template_unknown_placeholder"),  # unknown attribute
    ("On {{ appearance.date }}", "template_unknown_placeholder"),  # not in a notice's context
    ("Dear {{ person.full_name }", "template_syntax"),
])
def test_template_with_unknown_placeholder_or_bad_syntax_is_refused(personas, text, code):
    from core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as exc:
        services.template_upload(actor=personas.admin, code="case_opening_notice", language="lv", title="X",
                                 upload=upload("t.docx", docx_bytes(text)))
    assert exc.value.code == code and exc.value.field == "file"
    assert DocumentTemplate.objects.count() == 0


def test_invitation_may_use_appearance(personas):
    tpl = services.template_upload(actor=personas.admin, code="invitation_to_appear", language="en", title="Inv",
                                   upload=upload("t.docx", docx_bytes("Come on {{ appearance.date }}")))
    assert tpl.version == 1 and tpl.active


def test_template_must_be_a_real_docx(personas):
    from core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as exc:
        services.template_upload(actor=personas.admin, code="case_opening_notice", language="lv", title="X",
                                 upload=upload("t.docx", PDF_BYTES))
    assert exc.value.code == "file_type" and exc.value.field == "file"
    with pytest.raises(ValidationFailed) as exc:
        services.template_upload(actor=personas.admin, code="case_opening_notice", language="lv", title="X",
                                 upload=upload("t.pdf", docx_bytes("Hello")))
    assert exc.value.code in ("file_type", "file_extension")
    assert DocumentTemplate.objects.count() == 0


def test_template_pages_only_for_administrators(personas, templates_loaded):
    tpl = DocumentTemplate.objects.get(code="case_opening_notice", language="lv")
    assert_page_access(reverse("documents:templates"), personas, allowed=["admin"], denied=NOT_ADMIN)
    assert_page_access(reverse("documents:template_upload"), personas, allowed=["admin"], denied=NOT_ADMIN)
    assert_page_access(reverse("documents:template_download", args=[tpl.pk]), personas, allowed=["admin"],
                       denied=NOT_ADMIN)
    # Activation is a POST; denied personas get 404 and change nothing.
    services.template_upload(actor=personas.admin, code="case_opening_notice", language="lv", title="v2",
                             upload=upload("t.docx", docx_bytes("{{ person.full_name }}")))
    assert_page_access(reverse("documents:template_activate", args=[tpl.pk]), personas, allowed=[],
                       denied=NOT_ADMIN, method="post")
    assert not DocumentTemplate.objects.get(pk=tpl.pk).active
    response = client_for(personas.admin).post(reverse("documents:template_activate", args=[tpl.pk]))
    assert response.status_code == 302
    assert DocumentTemplate.objects.get(pk=tpl.pk).active


def test_template_list_page_and_download(personas, templates_loaded):
    client = client_for(personas.admin)
    response = client.get(reverse("documents:templates"))
    assert response.status_code == 200
    assert "invitation_to_appear" in response.content.decode()
    tpl = DocumentTemplate.objects.get(code="invitation_to_appear", language="ru")
    response = client.get(reverse("documents:template_download", args=[tpl.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_template_upload_page_shows_the_error_beside_the_field(personas):
    client = client_for(personas.admin)
    response = client.post(reverse("documents:template_upload"), {
        "code": "case_opening_notice", "language": "lv", "title": "X",
        "file": upload("t.docx", docx_bytes("{{ client.name }}")),
    })
    assert response.status_code == 422
    body = response.content.decode()
    assert "govuk-error-summary" in body and 'id="id_file-error"' in body and "client" in body
    assert DocumentTemplate.objects.count() == 0

    response = client.post(reverse("documents:template_upload"), {
        "code": "case_opening_notice", "language": "lv", "title": "Paziņojums",
        "file": upload("t.docx", docx_bytes("{{ person.full_name }}")), "change_note": "first",
    })
    assert response.status_code == 302
    assert DocumentTemplate.objects.get().change_note == "first"
