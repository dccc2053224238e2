"""The section page shows a dozen forms at once: every element id is unique, every form posts the
names its view reads, and an error-summary link jumps to the field of the form that failed (not to a
field of the same name in another form)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.testing.checks import client_for
from core.testing.pagecheck import Page
from supervision import forms as f
from supervision import services
from supervision.models import Appointment
from supervision.tests.conftest import at

pytestmark = pytest.mark.django_db

# URL name of a form's action → the form class whose fields it posts (row forms take an object id).
FORMS = {
    "register": f.RegisterForm, "intensity": f.IntensityForm, "duty_add": f.DutyForm,
    "appointment_add": f.AppointmentForm, "outcome": f.OutcomeForm, "violation_add": f.ViolationForm,
    "submission_add": f.SubmissionForm, "decision": f.DecisionForm, "plan_save": f.PlanForm,
    "absence_add": f.AbsenceForm, "absence_decide": f.AbsenceDecisionForm, "termination_add": f.TerminationForm,
    "close": f.CloseForm,
}


def _url(name, section, *extra):
    return reverse(f"supervision:{name}", args=[section.case_id, section.pk, *extra])


@pytest.fixture
def full(registered, personas):
    """A registered section with something in every row form: a past contact without its outcome,
    a violation, a submission awaiting its decision and an absence request."""
    section = registered.section
    a = services.appointment_schedule(actor=personas.alice, section=section, officer=personas.alice, kind="office",
                                      starts_at=at(2), duration_minutes=30, remind=False)
    Appointment.objects.filter(pk=a.pk).update(starts_at=at(-2), ends_at=at(-2) + dt.timedelta(minutes=30))
    v = services.violation_record(actor=personas.alice, section=section, kind="duty_breach",
                                  occurred_on=timezone.localdate() - dt.timedelta(days=3), description="Neieradās")
    s = services.submission_make(actor=personas.alice, section=section, addressee="court", grounds="Pārkāpums",
                                 violation=v)
    today = timezone.localdate()
    absence = services.absence_request(actor=personas.alice, section=section, starts_on=today + dt.timedelta(days=10),
                                       ends_on=today + dt.timedelta(days=25), destination="Dublina",
                                       reason="Sezonas darbs")
    return {"section": section, "outcome": (a.pk,), "decision": (s.pk,), "absence_decide": (absence.pk,)}


def _actions(section, full):
    return {name: _url(name, section, *full.get(name, ())) for name in FORMS if name != "register"}


def _assert_names_are_the_forms(page, section, actions):
    """What each form posts is exactly what its form class reads (prefix included)."""
    for name, action in actions.items():
        kwargs = {"rows": 20} if name == "plan_save" else {"kind": section.kind} if name == "close" else {}
        form = FORMS[name](**kwargs)
        expected = {form[field].html_name for field in form.fields}
        posted = page.form(action).names - {"csrfmiddlewaretoken"}
        assert posted and posted <= expected, f"{name} posts {sorted(posted - expected)}"


def test_every_form_shown_and_no_id_twice(full, personas):
    section = full["section"]
    response = client_for(personas.alice).get(_url("section", section))
    page = Page(response.content.decode())
    actions = _actions(section, full)
    assert page.duplicate_ids() == []
    _assert_names_are_the_forms(page, section, actions)


def test_register_form_page_has_no_id_twice(section, personas):
    page = Page(client_for(personas.alice).get(_url("section", section)).content.decode())
    assert page.duplicate_ids() == []
    _assert_names_are_the_forms(page, section, {"register": _url("register", section)})


def test_absence_without_reason_links_to_the_absence_reason(full, personas):
    """The walkthrough's case: the summary link went to the intensity form's reason."""
    section = full["section"]
    today = timezone.localdate()
    response = client_for(personas.alice).post(_url("absence_add", section), {
        "absence-starts_on": (today + dt.timedelta(days=10)).isoformat(),
        "absence-ends_on": (today + dt.timedelta(days=25)).isoformat(), "absence-destination": "Rīga",
        "absence-reason": ""})
    assert response.status_code == 422
    page = Page(response.content.decode())
    assert page.summary_links == ["#id_absence-reason"]
    page.assert_summary_points_into(_url("absence_add", section))
    assert page.duplicate_ids() == []


@pytest.mark.parametrize("name", [n for n in FORMS if n != "register"])
def test_empty_post_errors_point_into_their_own_form(name, full, personas):
    section = full["section"]
    action = _actions(section, full)[name]
    response = client_for(personas.alice).post(action, {})
    assert response.status_code == 422
    page = Page(response.content.decode())
    assert page.duplicate_ids() == []
    page.assert_summary_points_into(action)


def test_empty_register_errors_point_into_the_register_form(section, personas):
    response = client_for(personas.alice).post(_url("register", section), {})
    assert response.status_code == 422
    page = Page(response.content.decode())
    assert page.duplicate_ids() == []
    page.assert_summary_points_into(_url("register", section))
