"""Case notes (issue #9 item 19): a free-text entry on the case file, in the timeline, searchable,
its text behind its sensitive class."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.testing.personas import CASE_NON_READERS, CASE_READERS
from cases import services, timeline
from cases.models import CaseEvent, CaseNote
from core.errors import ValidationFailed
from core.models import ChangeLog, SensitiveRead
from core.testing.checks import assert_api_access, assert_constant_queries, assert_page_access, client_for

pytestmark = pytest.mark.django_db

WRITERS = {"alice", "bob", "hanna", "rita"}


def _note(personas, case, text="Zvanīja klienta māsa par darbu", **kw):
    data = {"kind": "phone", "occurred_on": timezone.localdate(), "text": text, **kw}
    return services.case_note_add(actor=personas.alice, case=case, **data)


def test_notes_pages_access(personas, client_case):
    assert_page_access(reverse("case_notes", args=[client_case.pk]), personas, allowed=CASE_READERS,
                       denied=CASE_NON_READERS)
    assert_page_access(reverse("case_note_add", args=[client_case.pk]), personas, allowed=WRITERS,
                       denied=CASE_NON_READERS | {"audrey"})


def test_notes_api_access(personas, client_case):
    assert_api_access(f"/api/cases/{client_case.pk}/notes", personas, allowed=sorted(CASE_READERS),
                      denied=sorted(CASE_NON_READERS))
    body = {"kind": "email", "occurred_on": timezone.localdate().isoformat(), "text": "E-pasts no darba devēja"}
    assert_api_access(f"/api/cases/{client_case.pk}/notes", personas, method="post", json=body,
                      allowed=sorted(WRITERS), denied=sorted(CASE_NON_READERS | {"audrey"}), ok_status=(201,))


def test_adding_a_note_on_the_page_audits_and_shows_it_in_the_timeline(personas, client_case):
    client = client_for(personas.bob)
    response = client.post(reverse("case_note_add", args=[client_case.pk]), {
        "kind": "agency_meeting", "occurred_on": timezone.localdate().strftime("%d.%m.%Y"),
        "text": "Tikšanās ar sociālo dienestu", "sensitivity": ""})
    assert response.status_code == 302
    note = CaseNote.objects.get(case=client_case)
    assert note.author == personas.bob and note.kind == "agency_meeting"
    assert ChangeLog.objects.filter(verb="case_note_add", object_id=str(note.pk)).exists()
    event = CaseEvent.objects.get(case=client_case, type="case_note")
    assert "Tikšanās" not in str(event.data)  # the text never goes to the timeline
    page = client.get(reverse("case_timeline", args=[client_case.pk])).content.decode()
    assert timeline.label(event) in page and timeline.describe(event) in page


@pytest.mark.parametrize(("change", "code"), [
    ({"occurred_on": None}, "occurred_on_required"),
    ({"text": "  "}, "text_required"),
    ({"kind": "fax"}, "kind_unknown"),
    ({"sensitivity": "em_location"}, "sensitivity_unknown"),
])
def test_bad_notes_are_refused(personas, client_case, change, code):
    with pytest.raises(ValidationFailed) as error:
        _note(personas, client_case, **change)
    assert error.value.code == code
    assert not CaseNote.objects.exists()


def test_a_note_is_neither_in_the_future_nor_before_the_case(personas, client_case):
    client = client_for(personas.alice)
    url = reverse("case_note_add", args=[client_case.pk])
    for day, message in ((timezone.localdate() + dt.timedelta(days=1), "future"),
                         (client_case.opened_on - dt.timedelta(days=1), "opened")):
        response = client.post(url, {"kind": "note", "occurred_on": day.strftime("%d.%m.%Y"), "text": "x"})
        assert response.status_code == 400
        assert "govuk-error-summary" in response.content.decode()
    assert not CaseNote.objects.exists()
    response = client_for(personas.alice).post(
        f"/api/cases/{client_case.pk}/notes", {"kind": "note", "occurred_on": "2000-01-01", "text": "x"},
        content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "occurred_on_before_case"


def test_search_ignores_case_and_diacritics(personas, client_case):
    _note(personas, client_case, text="Zvanīja klienta MĀSA par darbu")
    _note(personas, client_case, text="Cits ieraksts", kind="note")
    client = client_for(personas.bob)
    page = client.get(reverse("case_notes", args=[client_case.pk]), {"q": "masa"}).content.decode()
    assert "MĀSA" in page and "Cits ieraksts" not in page
    body = client.get(f"/api/cases/{client_case.pk}/notes", {"q": "māsa"}).json()
    assert [n["text"] for n in body["items"]] == ["Zvanīja klienta MĀSA par darbu"]
    assert client.get(f"/api/cases/{client_case.pk}/notes", {"kind": "note"}).json()["count"] == 1


def test_a_sensitive_note_is_hidden_from_roles_without_its_class_and_never_found_by_search(personas, client_case):
    note = _note(personas, client_case, text="Ārstējas no atkarības", sensitivity="health")
    # The regional head may see the case, but not health information.
    rita = client_for(personas.rita)
    page = rita.get(reverse("case_notes", args=[client_case.pk])).content.decode()
    assert "Ārstējas" not in page
    assert rita.get(reverse("case_notes", args=[client_case.pk]), {"q": "atkaribas"}).content.decode().count(
        "govuk-tag--red") == 0
    assert rita.get(f"/api/cases/{client_case.pk}/notes").json()["items"][0]["text"] is None
    assert rita.get(f"/api/cases/{client_case.pk}/notes", {"q": "atkarib"}).json()["count"] == 0
    assert not SensitiveRead.objects.filter(user=personas.rita).exists()
    # The officer reads it, and the reading is logged.
    page = client_for(personas.bob).get(reverse("case_notes", args=[client_case.pk])).content.decode()
    assert "Ārstējas" in page
    assert SensitiveRead.objects.filter(user=personas.bob, sensitivity="health", object_id=str(note.pk)).exists()
    # Nobody marks a note with a class they may not read.
    with pytest.raises(ValidationFailed) as error:
        services.case_note_add(actor=personas.rita, case=client_case, kind="note",
                               occurred_on=timezone.localdate(), text="x", sensitivity="health")
    assert error.value.code == "sensitivity_not_yours"


def test_notes_page_has_a_constant_query_count(personas, client_case):
    client = client_for(personas.alice)

    def build(n):
        for i in range(n):
            _note(personas, client_case, text=f"Piezīme {i}", sensitivity="health" if i % 2 else "")

    assert_constant_queries(build, lambda: client.get(reverse("case_notes", args=[client_case.pk])))


def test_notes_api_has_a_constant_query_count(personas, client_case):
    client = client_for(personas.alice)

    def build(n):
        for i in range(n):
            _note(personas, client_case, text=f"Piezīme {i}", sensitivity="health" if i % 2 else "")

    assert_constant_queries(build, lambda: client.get(f"/api/cases/{client_case.pk}/notes"))
