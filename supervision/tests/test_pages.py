import datetime as dt
import itertools

import pytest
from django.urls import reverse

from cases.services import case_open, section_open
from core.testing.checks import assert_api_access, assert_constant_queries, assert_page_access, client_for
from documents.confirm import CONFIRMED_FORM as CONFIRMED
from documents.models import CaseDocument
from people.services import person_create
from supervision import services, views
from supervision.models import Appointment, SupervisionDetails
from supervision.tests.conftest import at, posted

pytestmark = pytest.mark.django_db
READERS = ["alice", "bob", "hanna", "rita", "audrey"]
OTHERS = ["carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]
# Pages that are not one record: every case worker opens them, and sees only what is in scope.
CASEWORKERS = [*READERS, "carol", "otto"]
NO_CASEWORK = ["anna", "rolf", "emil", "vera", "walt", "admin", "noah"]


def _url(name, section, *extra):
    return reverse(f"supervision:{name}", args=[section.case_id, section.pk, *extra])


def test_section_page_access(section, personas):
    assert_page_access(_url("section", section), personas, allowed=READERS, denied=OTHERS)


def test_section_page_is_under_the_client_file_header(section, personas):
    """The client file's header and tabs; no tab is marked current (the section is none of them)."""
    page = client_for(personas.alice).get(_url("section", section)).content.decode()
    assert section.case.registration_number in page and "moj-sub-navigation" in page
    assert reverse("case_detail", args=[section.case_id]) in page
    assert 'aria-current="page"' not in page.split("moj-sub-navigation", 1)[1].split("</nav>", 1)[0]


def test_case_file_links_to_section_page(section, personas):
    response = client_for(personas.alice).get(reverse("case_detail", args=[section.case_id]))
    assert _url("section", section) in response.content.decode()


def test_register_from_the_page_and_period_error_beside_field(section, personas):
    client = client_for(personas.alice)
    response = client.post(_url("register", section), posted("register", {
        "start_date": "2025-09-12", "end_date": "2026-01-01", "intensity": "high", "set_by": "court"}))
    assert response.status_code == 422
    assert "KL 55(3)" in response.content.decode() and "govuk-error-summary" in response.content.decode()
    assert not SupervisionDetails.objects.exists()
    response = client.post(_url("register", section), posted("register", {
        "start_date": "2025-09-12", "end_date": "2027-09-12", "intensity": "high", "set_by": "court"}))
    assert response.status_code == 302
    assert SupervisionDetails.objects.get().intensity == "high"
    page = client.get(_url("section", section)).content.decode()
    assert "Schedule a contact" in page or "Plānot kontaktu" in page


WRITERS = ["alice", "bob", "hanna", "rita"]
NOT_WRITERS = ["audrey", "carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]


@pytest.mark.parametrize("name", ["register", "duty_add", "appointment_add", "violation_add", "submission_add",
                                  "intensity"])
def test_write_pages_need_section_manage_in_scope(name, registered, personas):
    # Writers get the page back with the errors (422) on empty input; auditors, officers and heads of
    # another region, and roles without case work get 404 — nothing in between.
    assert_page_access(_url(name, registered.section), personas, allowed=WRITERS, denied=NOT_WRITERS,
                       method="post", ok_status=(422,))


def test_overlapping_appointment_error_on_the_page(registered, personas):
    section = registered.section
    services.appointment_schedule(actor=personas.alice, section=section, officer=personas.alice, kind="office",
                                  starts_at=at(2, 10), duration_minutes=60, remind=False)
    day = at(2, 10).date().isoformat()
    response = client_for(personas.alice).post(_url("appointment_add", section), posted("appointment", {
        "kind": "phone", "date": day, "time": "10:30", "duration_minutes": 15}))
    assert response.status_code == 422
    assert Appointment.objects.count() == 1


def test_outcome_without_reason_on_the_page(registered, personas):
    a = services.appointment_schedule(actor=personas.alice, section=registered.section, officer=personas.alice,
                                      kind="office", starts_at=at(2), duration_minutes=30, remind=False)
    Appointment.objects.filter(pk=a.pk).update(starts_at=at(-2), ends_at=at(-2) + dt.timedelta(minutes=30))
    response = client_for(personas.alice).post(_url("outcome", registered.section, a.pk), posted("outcome", {
        "outcome": "acceptable_absence", "reason": "", "version": 1}))
    assert response.status_code == 422
    assert Appointment.objects.get(pk=a.pk).outcome == ""


def test_warning_page_action_and_banner(registered, personas):
    section = registered.section
    v = services.violation_record(actor=personas.alice, section=section, kind="duty_breach",
                                  occurred_on=dt.date(2026, 1, 5), description="Missed")
    page = client_for(personas.bob).get(_url("section", section)).content.decode()
    assert "moj-banner" in page
    # The letter is shown first and nothing counts until it is confirmed (documents.confirm).
    preview = client_for(personas.alice).post(_url("warning", section, v.pk))
    assert preview.status_code == 200 and "letter_checked" in preview.content.decode()
    assert v.warnings.count() == 0 and not CaseDocument.objects.exists()
    unticked = client_for(personas.alice).post(_url("warning", section, v.pk), {"letter_confirmed": "1"})
    assert unticked.status_code == 422 and "govuk-error-summary" in unticked.content.decode()
    response = client_for(personas.alice).post(_url("warning", section, v.pk), CONFIRMED)
    assert response.status_code == 302
    assert v.warnings.count() == 1


def test_warning_button_only_for_a_violation_without_a_warning(registered, personas):
    section = registered.section
    warned = services.violation_record(actor=personas.alice, section=section, kind="duty_breach",
                                       occurred_on=dt.date(2026, 1, 5), description="Missed")
    other = services.violation_record(actor=personas.alice, section=section, kind="duty_breach",
                                      occurred_on=dt.date(2026, 1, 6), description="Missed again")
    warning = services.warning_issue(actor=personas.alice, violation=warned)
    client = client_for(personas.alice)
    page = client.get(_url("section", section)).content.decode()
    assert f'action="{_url("warning", section, warned.pk)}"' not in page  # warned: its letter instead
    assert reverse("documents:download", args=[warning.document_id]) in page
    assert f'action="{_url("warning", section, other.pk)}"' in page
    again = client.post(_url("warning", section, warned.pk), follow=True)  # e.g. from a page open since
    assert again.status_code == 200 and warned.warnings.count() == 1
    assert "govuk-notification-banner" in again.content.decode()  # the refusal is said, not swallowed


def _client(personas, n, counter=itertools.count(1)):
    for _ in range(n):
        i = next(counter)
        person = person_create(actor=personas.alice, personal_code="", first_name=f"Klients{i}", last_name="Test",
                               birth_date=dt.date(1990, 1, 1), sex="M", declared_municipality="LV-RIX",
                               document_type="passport", document_number=f"PA{i:06d}")
        case = case_open(actor=personas.alice, person=person, responsible_officer=personas.alice)
        section = section_open(actor=personas.alice, case=case, kind="probation_supervision",
                               basis_type="court_ruling", basis_number=f"P{i}", basis_date=dt.date(2025, 9, 1),
                               basis_issuer="Tiesa", basis_in_force=dt.date(2025, 9, 12))
        details = services.supervision_register(actor=personas.alice, section=section,
                                                start_date=dt.date(2025, 9, 12), end_date=dt.date(2027, 9, 12))
        services.appointment_schedule(actor=personas.alice, section=section, officer=personas.alice,
                                      kind="office", starts_at=at(1 + i, 8 + i % 8), duration_minutes=20,
                                      remind=False)
        services.violation_record(actor=personas.alice, section=details.section, kind="duty_breach",
                                  occurred_on=dt.date(2026, 1, 5), description="Missed")


def test_caseload_access_and_constant_queries(personas):
    url = reverse("supervision:caseload")
    assert_page_access(url, personas, allowed=CASEWORKERS, denied=NO_CASEWORK)
    client = client_for(personas.alice)
    assert_constant_queries(lambda n: _client(personas, n), lambda: client.get(url), none_in_render=True)
    page = client.get(url).content.decode()
    assert "Klients1" in page
    assert "Klients1" not in client_for(personas.carol).get(url, {"view": "all"}).content.decode()
    assert "Klients1" in client_for(personas.hanna).get(url, {"view": "all"}).content.decode()


def test_calendar_access_and_constant_queries(personas):
    url = reverse("supervision:calendar")
    assert_page_access(url, personas, allowed=CASEWORKERS, denied=NO_CASEWORK)
    client = client_for(personas.alice)
    week = at(1).date()
    assert_constant_queries(lambda n: _client(personas, n), lambda: client.get(url, {"week": week.isoformat()}),
                            sizes=(2, 5))


def test_calculator_page(personas):
    url = reverse("supervision:calculator")
    assert_page_access(url, personas, allowed=CASEWORKERS, denied=NO_CASEWORK)
    page = client_for(personas.alice).get(url, {"end_date": "2026-03-01", "from_date": "2026-01-01"}).content.decode()
    assert "59 ÷ 2 = 29 (+1)" in page


def test_api_access(registered, personas):
    section = registered.section
    assert_api_access(f"/api/supervision/sections/{section.pk}", personas, allowed=READERS, denied=OTHERS)
    assert_api_access(f"/api/supervision/sections/{section.pk}/appointments", personas, allowed=READERS,
                      denied=OTHERS)
    body = {"kind": "office", "starts_at": at(3).isoformat(), "duration_minutes": 30, "remind": False}
    assert_api_access(f"/api/supervision/sections/{section.pk}/appointments", personas, allowed=["alice"],
                      denied=["audrey", "carol", "noah"], method="post", json=body, ok_status=(201,))


def test_api_errors_have_code_and_field(registered, personas):
    client = client_for(personas.alice)
    url = f"/api/supervision/sections/{registered.section_id}/appointments"
    body = {"kind": "office", "starts_at": at(3).isoformat(), "duration_minutes": 30, "remind": False}
    assert client.post(url, data=body, content_type="application/json").status_code == 201
    clash = client.post(url, data=body, content_type="application/json")
    assert clash.status_code == 409 and clash.json()["code"] == "appointment_overlap"
    a = Appointment.objects.get()
    Appointment.objects.filter(pk=a.pk).update(starts_at=at(-2), ends_at=at(-2) + dt.timedelta(minutes=30))
    bad = client.post(f"/api/supervision/appointments/{a.pk}/outcome",
                      data={"outcome": "acceptable_absence", "version": 1}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "reason"


def test_all_i_can_see_pages_without_counting_and_constant_queries(personas, monkeypatch):
    url = reverse("supervision:caseload")
    client = client_for(personas.hanna)  # the unit head sees the whole unit
    assert_constant_queries(lambda n: _client(personas, n), lambda: client.get(url, {"view": "all"}),
                            none_in_render=True)
    monkeypatch.setattr(views, "PAGE_SIZE", 5)  # 12 sections: pages of 5, 5 and 2, the newest first
    first = client.get(url, {"view": "all"}).content.decode()
    assert 'rel="next"' in first and 'rel="prev"' not in first and "view=all&amp;page=2" in first
    third = client.get(url, {"view": "all", "page": "3"}).content.decode()
    assert 'rel="prev"' in third and 'rel="next"' not in third
    assert third.count('class="govuk-table__row"') == 1 + 2
    terms = SupervisionDetails.objects.select_related("section__case__person")
    newest = terms.latest("section_id").section.case.person
    oldest = terms.earliest("section_id").section.case.person
    assert f">{newest.full_name}<" in first and f">{oldest.full_name}<" in third
    assert client.get(url, {"view": "all", "page": "x"}).status_code == 200  # a bad page number is page 1
