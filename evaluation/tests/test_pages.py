"""The evaluation-report pages: persona access for every page and form, errors beside the field (nothing
saved), the whole workflow through the forms, and constant query counts on the work lists."""

import datetime as dt

import pytest
from django.urls import reverse

from core.testing.checks import assert_constant_queries, assert_page_access, client_for
from core.testing.pagecheck import Page
from evaluation import services
from evaluation.models import EvaluationRequest, Invitation, Status, Step
from evaluation.tests.conftest import open_section, request_data, written

pytestmark = pytest.mark.django_db

READERS = ["alice", "bob", "hanna", "rita", "audrey"]
NON_READERS = ["carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]
MANAGERS = ["alice", "bob", "hanna", "rita"]
NOT_MANAGERS = ["carol", "otto", "audrey", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]


def _url(name, section):
    return reverse(f"evaluation:{name}", args=[section.case_id, section.pk])


def test_section_page_access(personas, ev_request, sam):
    assert_page_access(_url("section", ev_request.section), personas, allowed=READERS, denied=NON_READERS)


def test_request_form_records_or_shows_errors_beside_fields(personas, ev_section, today):
    url = _url("request", ev_section)
    assert_page_access(url, personas, allowed=MANAGERS, denied=NOT_MANAGERS, method="post", data={},
                       ok_status=(422,))
    response = client_for(personas.alice).post(url, {**{k: v for k, v in request_data(today).items()
                                                        if v is not None},
                                                     "victim_meeting_undesirable": "no",
                                                     "deadline": (today - dt.timedelta(days=5)).isoformat()})
    assert response.status_code == 422
    page = Page(response.content.decode())
    page.assert_summary_points_into(url)
    assert "govuk-error-message" in response.content.decode()
    assert not EvaluationRequest.objects.exists()
    data = {**request_data(today), "victim_meeting_undesirable": "no"}
    data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items() if v is not None}
    response = client_for(personas.alice).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert EvaluationRequest.objects.get().victim_meeting_undesirable is False


def test_every_form_needs_section_manage(personas, ev_request, today):
    section = ev_request.section
    for name in ("assign", "invite", "step", "sections", "submit", "send", "letter"):
        assert_page_access(_url(name, section), personas, allowed=MANAGERS, denied=NOT_MANAGERS, method="post",
                           data={}, ok_status=(422,))
    assert not Invitation.objects.exists() and not Step.objects.exists()


def test_review_form_needs_the_review_permission(personas, ev_request, sam):
    section = ev_request.section
    assert_page_access(_url("review", section), personas, allowed=["hanna"],
                       denied=["alice", "bob", "carol", "otto", "audrey", "anna", "rolf", "emil", "vera", "walt",
                               "admin", "noah"], method="post", data={}, ok_status=(422,))


def test_invitation_eleven_days_ahead_is_refused_beside_the_date(personas, ev_request, today, templates_loaded):
    url = _url("invite", ev_request.section)
    response = client_for(personas.alice).post(url, {
        "appearance_date": (today + dt.timedelta(days=11)).isoformat(), "appearance_time": "10:00",
        "language": "lv"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_appearance_date-error"' in html
    assert not Invitation.objects.exists()
    response = client_for(personas.alice).post(url, {
        "appearance_date": (today + dt.timedelta(days=10)).isoformat(), "appearance_time": "10:00",
        "language": "en"})
    assert response.status_code == 302
    assert Invitation.objects.get().language == "en"


def test_workflow_through_the_pages(personas, ev_request, sam, today, templates_loaded):
    section = ev_request.section
    alice, reviewer = client_for(personas.alice), client_for(sam)
    response = alice.post(_url("step", section), {"kind": "check", "source": "police",
                                                  "day": today.isoformat(), "summary": "Izziņa no policijas"})
    assert response.status_code == 302
    ev_request.refresh_from_db()
    response = alice.post(_url("sections", section), {"version": ev_request.version, **written(ev_request)})
    assert response.status_code == 302
    ev_request.refresh_from_db()
    response = alice.post(_url("submit", section), {"version": ev_request.version, "reviewer": sam.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    ev_request.refresh_from_db()
    assert ev_request.status == Status.IN_REVIEW
    # The reviewer's queue shows it; the review form is on the page for them.
    assert str(ev_request.case_number) in reviewer.get(reverse("evaluation:reviews")).content.decode()
    assert f'action="{_url("review", section)}"' in reviewer.get(_url("section", section)).content.decode()
    response = reviewer.post(_url("review", section), {"version": ev_request.version, "decision": "approved"})
    assert response.status_code == 302
    ev_request.refresh_from_db()
    response = alice.post(_url("send", section), {"version": ev_request.version})
    assert response.status_code == 302
    ev_request.refresh_from_db()
    assert ev_request.status == Status.REPORT_SENT and ev_request.sent_pdf_id
    page = alice.get(_url("section", section)).content.decode()
    assert "PDF" in page and f'action="{_url("sections", section)}"' not in page


def test_stale_form_is_refused(personas, ev_request):
    url = _url("sections", ev_request.section)
    old = ev_request.version
    assert client_for(personas.alice).post(url, {"version": old, "offence": "a"}).status_code == 302
    response = client_for(personas.bob).post(url, {"version": old, "offence": "b"})
    assert response.status_code == 422
    ev_request.refresh_from_db()
    assert ev_request.sections["offence"] == "a"


def test_list_pages_access(personas, ev_request, sam):
    # Every holder of case.view has the lists (each shows only what they may see).
    for name in ("mine", "unit"):
        assert_page_access(reverse(f"evaluation:{name}"), personas, allowed=[*READERS, "carol", "otto"],
                           denied=["anna", "rolf", "emil", "vera", "walt", "admin", "noah"])
    assert_page_access(reverse("evaluation:reviews"), personas, allowed=["hanna", "otto"],
                       denied=["alice", "bob", "carol", "rita", "audrey", "anna", "rolf", "emil", "vera", "walt",
                               "admin", "noah"])
    assert_page_access(reverse("evaluation:timeliness"), personas, allowed=["hanna", "rita", "otto", "anna"],
                       denied=["alice", "bob", "carol", "audrey", "rolf", "emil", "vera", "walt", "admin", "noah"])
    assert_page_access(reverse("evaluation:timeliness") + "?year=1", personas, allowed=["anna"], denied=["alice"])


def test_mine_shows_my_reports_by_deadline(personas, ev_request, client_case):
    html = client_for(personas.alice).get(reverse("evaluation:mine")).content.decode()
    assert ev_request.case_number in html
    assert ev_request.case_number not in client_for(personas.bob).get(reverse("evaluation:mine")).content.decode()
    assert ev_request.case_number in client_for(personas.bob).get(reverse("evaluation:unit")).content.decode()
    assert ev_request.case_number not in client_for(personas.carol).get(reverse("evaluation:unit")).content.decode()


def _builder(personas, today, sam=None):
    from stdnum.lv import pvn

    from cases import services as case_services
    from people import services as people_services

    counter = {"n": 0}

    def build(n):
        for _ in range(n):
            i = counter["n"]
            counter["n"] += 1
            base = f"32{i:08d}"
            code = next(base + str(c) for c in range(10) if pvn.is_valid(base + str(c)))
            person = people_services.person_create(
                actor=personas.alice, personal_code=code, first_name=f"K{i}", last_name="L",
                birth_date=dt.date(1990, 1, 1), sex="M", declared_municipality="LV-RIX", declared_address="Iela 1")
            case = case_services.case_open(actor=personas.alice, person=person, responsible_officer=personas.alice)
            request = services.request_record(actor=personas.alice, section=open_section(personas, case, today),
                                              **request_data(today))
            if sam is not None:
                request = services.sections_save(actor=personas.alice, request=request,
                                                 expected_version=request.version, sections=written(request))
                services.review_submit(actor=personas.alice, request=request, expected_version=request.version,
                                       reviewer=sam)
    return build


@pytest.mark.parametrize("name", ["mine", "unit"])
def test_work_lists_constant_queries(personas, today, name):
    alice = client_for(personas.alice)
    assert_constant_queries(_builder(personas, today), lambda: alice.get(reverse(f"evaluation:{name}")))


def test_review_queue_constant_queries(personas, today, sam):
    client = client_for(sam)
    assert_constant_queries(_builder(personas, today, sam), lambda: client.get(reverse("evaluation:reviews")))


def test_panel_on_the_client_file(personas, ev_request):
    html = client_for(personas.alice).get(reverse("case_detail", args=[ev_request.section.case_id])).content.decode()
    assert _url("section", ev_request.section) in html
