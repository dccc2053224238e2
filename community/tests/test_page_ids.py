"""The section page and the organisation page (with community service's panel) show several forms at
once: every element id is unique, every form posts the names its view reads, and an error-summary link
jumps to the field of the form that failed (not to a field of the same name in another form)."""

import pytest
from django.urls import reverse

from community import forms as f
from community import services
from core.testing.checks import client_for
from core.testing.pagecheck import Page

pytestmark = pytest.mark.django_db

SECTION_FORMS = {"details": f.DetailsEditForm, "order": f.OrderForm, "hours_add": f.HoursForm,
                 "step_add": f.StepForm, "step_decide": f.DecisionForm}


@pytest.fixture
def pending(personas, order, today):
    """An active order and an evasion submission awaiting the court's decision: every form is shown."""
    details = order.details
    for kind in ("missed_session", "warning", "evasion_submission"):
        step = services.step_record(actor=personas.alice, details=details, kind=kind, day=today)
    return step


def _section_actions(section, step):
    args = [section.case_id, section.pk]
    return {name: reverse(f"community:{name}", args=args + ([step.pk] if name == "step_decide" else []))
            for name in SECTION_FORMS}


def _assert_names_are_the_forms(page, forms, actions):
    for name, action in actions.items():
        form = forms[name]()
        expected = {form[field].html_name for field in form.fields}
        posted = page.form(action).names - {"csrfmiddlewaretoken"}
        assert posted and posted <= expected, f"{name} posts {sorted(posted - expected)}"


def test_section_page_every_form_and_no_id_twice(pending, personas):
    section = pending.details.section
    page = Page(client_for(personas.alice).get(reverse("community:section", args=[section.case_id, section.pk]))
                .content.decode())
    assert page.duplicate_ids() == []
    _assert_names_are_the_forms(page, SECTION_FORMS, _section_actions(section, pending))


def test_section_page_before_the_details_and_no_id_twice(cs_section, personas):
    page = Page(client_for(personas.alice).get(reverse("community:section", args=[cs_section.case_id, cs_section.pk]))
                .content.decode())
    assert page.duplicate_ids() == []
    action = reverse("community:details", args=[cs_section.case_id, cs_section.pk])
    _assert_names_are_the_forms(page, {"details": f.DetailsForm}, {"details": action})


@pytest.mark.parametrize("name", list(SECTION_FORMS))
def test_section_empty_post_errors_point_into_their_own_form(name, pending, personas):
    action = _section_actions(pending.details.section, pending)[name]
    response = client_for(personas.alice).post(action, {})
    assert response.status_code == 422
    page = Page(response.content.decode())
    assert page.duplicate_ids() == []
    page.assert_summary_points_into(action)


def test_hours_day_error_links_to_the_hours_day(pending, personas, today):
    """Both the hours form and the step form have a day: the link goes to the one that failed."""
    section = pending.details.section
    action = reverse("community:hours_add", args=[section.case_id, section.pk])
    response = client_for(personas.alice).post(action, {"hours-day": "", "hours-hours": "2"})
    page = Page(response.content.decode())
    assert page.summary_links == ["#id_hours-day"]
    page.assert_summary_points_into(action)


def test_organisation_page_with_the_supervisor_form_and_no_id_twice(provider, personas):
    page = Page(client_for(personas.alice).get(reverse("partners:organisation", args=[provider.pk])).content.decode())
    assert page.duplicate_ids() == []
    action = reverse("community:supervisor_link", args=[provider.pk])
    _assert_names_are_the_forms(page, {"supervisor": f.SupervisorForm}, {"supervisor": action})


def test_supervisor_empty_post_errors_point_into_its_own_form(provider, personas):
    action = reverse("community:supervisor_link", args=[provider.pk])
    response = client_for(personas.alice).post(action, {})
    assert response.status_code == 422
    page = Page(response.content.decode())
    assert page.duplicate_ids() == []
    page.assert_summary_points_into(action)


def test_first_details_empty_post_points_into_the_details_form(cs_section, personas):
    action = reverse("community:details", args=[cs_section.case_id, cs_section.pk])
    response = client_for(personas.alice).post(action, {})
    assert response.status_code == 422
    page = Page(response.content.decode())
    assert page.duplicate_ids() == []
    page.assert_summary_points_into(action)
