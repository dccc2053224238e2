"""Records looked up by their id (an appointment, violation, submission or absence) reach only the
records of supervision sections the user may manage: on the pages through the section of the URL, in
the API through the record's own section (``selectors.access_record`` → ``cases.selectors.access_section``).
Every other persona, a record of another section and a record on a section of another function get
404 — the same answer as a record that does not exist."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.kinds import SECTION_KINDS
from cases.services import section_open
from core.testing.checks import assert_api_access, assert_page_access, client_for
from documents.confirm import CONFIRMED_FORM
from supervision import services
from supervision.models import AbsencePermission, Appointment, Violation
from supervision.policies import SUPERVISION_KINDS
from supervision.tests.conftest import at
from supervision.tests.test_pages import NOT_WRITERS, WRITERS

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _url(name, section, *extra):
    return reverse(f"supervision:{name}", args=[section.case_id, section.pk, *extra])


@pytest.fixture
def records(registered, personas):
    """A past appointment, a violation, a pending submission and a requested absence on Alice's section."""
    section = registered.section
    appointment = services.appointment_schedule(actor=personas.alice, section=section, officer=personas.alice,
                                                kind="office", starts_at=at(2), duration_minutes=30, remind=False)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=at(-2), ends_at=at(-2) + dt.timedelta(minutes=30))
    violation = services.violation_record(actor=personas.alice, section=section, kind="duty_breach",
                                          occurred_on=TODAY - dt.timedelta(days=2), description="Neieradās")
    submission = services.submission_make(actor=personas.alice, section=section, addressee="court",
                                          grounds="Nepilda pienākumus.", violation=violation)
    absence = services.absence_request(actor=personas.alice, section=section, starts_on=dt.date(2027, 1, 1),
                                       ends_on=dt.date(2027, 2, 1), destination="Oslo", reason="Darbs")
    return {"appointment": Appointment.objects.get(pk=appointment.pk), "violation": violation,
            "submission": submission, "absence": absence}


# --- Pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "record", "ok"), [
    ("outcome", "appointment", 422),  # empty form: the page again with the errors
    ("decision", "submission", 422),
    ("absence_decide", "absence", 422),
    ("warning", "violation", 302),  # a button: issued (or refused, said in a banner), back to the page
])
def test_record_pages_need_section_manage_in_scope(name, record, ok, records, registered, personas):
    url = _url(name, registered.section, records[record].pk)
    data = CONFIRMED_FORM if name == "warning" else None  # the letter confirmed (documents.confirm)
    assert_page_access(url, personas, allowed=WRITERS, denied=NOT_WRITERS, method="post", ok_status=(ok,), data=data)


def test_record_pages_refuse_a_record_of_another_section(records, registered, personas, client_case):
    """Alice manages both sections; a record id of one through the other's URL is 404."""
    other = section_open(actor=personas.alice, case=client_case, kind="probation_supervision",
                         basis_type="court_ruling", basis_number="K30-9", basis_date=dt.date(2025, 10, 1),
                         basis_issuer="Tiesa", basis_in_force=dt.date(2025, 10, 10))
    client = client_for(personas.alice)
    for name, record in (("outcome", "appointment"), ("decision", "submission"), ("absence_decide", "absence"),
                         ("warning", "violation")):
        assert client.post(_url(name, other, records[record].pk)).status_code == 404, name
        assert client.post(_url(name, registered.section, 10**9)).status_code == 404, name
    assert not records["violation"].warnings.exists()


# --- API ----------------------------------------------------------------------------------------


def _bad_bodies(records):
    """A valid body that the service refuses (422): a denied persona must get 404 before it."""
    return {
        f"/api/supervision/appointments/{records['appointment'].pk}/outcome":
            {"outcome": "no_such_outcome", "version": records["appointment"].version},
        f"/api/supervision/violations/{records['violation'].pk}/warnings":
            {"issued_on": (TODAY + dt.timedelta(days=1)).isoformat()},
        f"/api/supervision/submissions/{records['submission'].pk}/decision":
            {"decision": "no_such_decision", "decided_on": TODAY.isoformat(), "version": records["submission"].version},
        f"/api/supervision/absences/{records['absence'].pk}/decision":
            {"decision": "no_such_decision", "version": records["absence"].version},
    }


def test_record_api_needs_section_manage_in_scope(records, personas):
    for url, body in _bad_bodies(records).items():
        assert_api_access(url, personas, allowed=WRITERS, denied=NOT_WRITERS, method="post", json=body,
                          ok_status=(422,))


def test_record_api_refuses_records_that_do_not_exist(records, personas):
    client = client_for(personas.alice)
    for url, body in _bad_bodies(records).items():
        missing = "/".join(part if not part.isdigit() else str(10**9) for part in url.split("/"))
        response = client.post(missing, data=body, content_type="application/json")
        assert response.status_code == 404 and response.json()["code"] == "not_found", url


def test_record_api_refuses_a_record_on_a_section_of_another_function(registered, personas, client_case):
    """Only supervision's services make these records; one on another function's section (made here
    directly, as bad data would be) is still not supervision's to change."""
    kind = next(code for code, k in SECTION_KINDS.items() if code not in SUPERVISION_KINDS and not k.for_children)
    foreign = section_open(actor=personas.alice, case=client_case, kind=kind, basis_type="court_ruling",
                           basis_number="X-1", basis_date=dt.date(2025, 10, 1), basis_issuer="Tiesa",
                           basis_in_force=dt.date(2025, 10, 10))
    violation = Violation.objects.create(section=foreign, kind="duty_breach", occurred_on=TODAY,
                                         description="Neieradās")
    absence = AbsencePermission.objects.create(section=foreign, starts_on=dt.date(2027, 1, 1),
                                               ends_on=dt.date(2027, 2, 1), destination="Oslo", reason="Darbs")
    client = client_for(personas.alice)  # she manages the section, but it is not a supervision one
    for url, body in ((f"/api/supervision/violations/{violation.pk}/warnings", {}),
                      (f"/api/supervision/absences/{absence.pk}/decision", {"decision": "granted", "version": 1})):
        response = client.post(url, data=body, content_type="application/json")
        assert response.status_code == 404 and response.json()["code"] == "not_found", url
    assert not violation.warnings.exists()
    absence.refresh_from_db()
    assert absence.status == AbsencePermission.Status.REQUESTED
