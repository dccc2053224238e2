"""The evaluation-report workflow through its services: request, deadline and tasks, invitation (MK 271
p.13), steps and victim contact rules, drafting, review, and the only two end states."""

import datetime as dt

import pytest

from core import calendar
from core.errors import Conflict, ValidationFailed
from core.models import ChangeLog
from evaluation import services
from evaluation.models import EndState, EvaluationRequest, Review, Status, Step
from evaluation.tests.conftest import request_data, written
from tasks.models import Task

pytestmark = pytest.mark.django_db


def test_request_recorded_with_its_deadline_and_tasks(personas, ev_request, today):
    assert ev_request.deadline == today + dt.timedelta(days=20)
    assert ev_request.deadline_from_request and ev_request.author == personas.alice
    assert ev_request.unit == personas.org.riga_centre
    kinds = set(Task.objects.filter(section=ev_request.section).values_list("kind", flat=True))
    assert kinds == {"evaluation.deliver", "evaluation.invite", "evaluation.victim_contact"}
    deliver = Task.objects.get(kind="evaluation.deliver")
    assert deliver.due_date == ev_request.deadline and deliver.assignee == personas.alice
    assert ChangeLog.objects.filter(verb="evaluation_request_register").exists()


def test_default_deadline_in_working_days_when_the_request_names_none(personas, ev_section, today):
    request = services.request_record(actor=personas.alice, section=ev_section,
                                      **request_data(today, deadline=None, victim_meeting_undesirable=True))
    assert not request.deadline_from_request
    assert request.deadline == calendar.add_working_days(today - dt.timedelta(days=1), 20)
    # No victim contact task when the requester said a meeting is undesirable.
    assert not Task.objects.filter(kind="evaluation.victim_contact").exists()


def test_missing_required_fields_are_named(personas, ev_section, today):
    with pytest.raises(ValidationFailed) as exc:
        services.request_record(actor=personas.alice, section=ev_section,
                                **request_data(today, case_number="", offence=" ", victim_meeting_undesirable=None))
    assert exc.value.code == "request_incomplete"
    assert exc.value.extra["missing"] == ["case_number", "offence", "victim_meeting_undesirable"]
    assert not EvaluationRequest.objects.exists()


def test_prison_request_goes_to_the_unit_covering_the_prison(personas, client_case, today):
    from evaluation.tests.conftest import open_section

    section = open_section(personas, client_case, today)
    request = services.request_record(actor=personas.alice, section=section, **request_data(
        today, requester_kind="prison", requester_name="Liepājas cietums", prison_code="liepaja"))
    assert request.unit == personas.org.liepaja
    with pytest.raises(ValidationFailed) as exc:
        services.check_request(request_data(today, requester_kind="prison", prison_code=""))
    assert exc.value.extra["missing"] == ["prison_code"]


def test_invitation_at_most_ten_days_ahead(personas, ev_request, today, templates_loaded):
    with pytest.raises(ValidationFailed) as exc:
        services.invitation_send(actor=personas.alice, request=ev_request, appearance_date=today + dt.timedelta(days=11),
                                 appearance_time=dt.time(10), language="ru")
    assert (exc.value.code, exc.value.field) == ("appearance_too_late", "appearance_date")
    invitation = services.invitation_send(actor=personas.alice, request=ev_request,
                                          appearance_date=today + dt.timedelta(days=10),
                                          appearance_time=dt.time(10), language="ru")
    assert invitation.document.language == "ru" and invitation.document.format == "docx"
    ev_request.refresh_from_db()
    assert ev_request.status == Status.IN_PROGRESS
    assert Task.objects.get(kind="evaluation.invite").status == Task.Status.DONE


def test_victim_contact_rules(personas, ev_section, today):
    request = services.request_record(actor=personas.alice, section=ev_section, **request_data(
        today, victim_minor=True, victim_representative="Māte Inga Kalna"))
    day = today - dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        services.step_record(actor=personas.alice, request=request, kind="victim_contact", source="victim", day=day,
                             summary="Runāju")
    assert exc.value.code == "victim_minor_representative"
    step = services.step_record(actor=personas.alice, request=request, kind="victim_contact",
                                source="victim_representative", day=day, summary="Runāju ar māti")
    assert step.created_by == personas.alice and step.created_at
    assert Task.objects.get(kind="evaluation.victim_contact").status == Task.Status.DONE


def test_victim_not_contacted_when_undesirable(personas, ev_section, today):
    request = services.request_record(actor=personas.alice, section=ev_section,
                                      **request_data(today, victim_meeting_undesirable=True))
    with pytest.raises(ValidationFailed) as exc:
        services.step_record(actor=personas.alice, request=request, kind="victim_contact", source="victim",
                             day=today, summary="x")
    assert exc.value.code == "victim_meeting_undesirable"
    assert not Step.objects.exists()


def test_step_dates_checked(personas, ev_request, today):
    for day, code in ((today + dt.timedelta(days=1), "day_future"), (today - dt.timedelta(days=30), "day_before_request")):
        with pytest.raises(ValidationFailed) as exc:
            services.step_record(actor=personas.alice, request=ev_request, kind="check", source="police", day=day,
                                 summary="Izziņa")
        assert exc.value.code == code


def _draft_and_submit(personas, request, reviewer):
    request = services.sections_save(actor=personas.alice, request=request, expected_version=request.version,
                                     sections=written(request))
    return services.review_submit(actor=personas.alice, request=request, expected_version=request.version,
                                  reviewer=reviewer)


def test_review_changes_then_approve_then_send(personas, ev_request, sam, templates_loaded):
    with pytest.raises(ValidationFailed) as exc:
        services.review_submit(actor=personas.alice, request=ev_request, expected_version=ev_request.version,
                               reviewer=sam)
    assert exc.value.code == "sections_incomplete"
    with pytest.raises(ValidationFailed) as exc:
        _draft_and_submit(personas, ev_request, personas.bob)  # an officer is no senior officer
    assert exc.value.code == "reviewer_not_senior"
    ev_request.refresh_from_db()
    request = services.review_submit(actor=personas.alice, request=ev_request, expected_version=ev_request.version,
                                     reviewer=sam)
    assert Task.objects.get(kind="evaluation.review").assignee == sam
    # The author cannot change the draft while it is with the reviewer.
    with pytest.raises(Conflict):
        services.sections_save(actor=personas.alice, request=request, expected_version=request.version,
                               sections={"risk": "x"})
    with pytest.raises(ValidationFailed) as exc:
        services.review_decide(actor=sam, request=request, expected_version=request.version, decision="changes")
    assert exc.value.code == "comments_required"
    services.review_decide(actor=sam, request=request, expected_version=request.version, decision="changes",
                           comments="Papildiniet riska vērtējumu.")
    request.refresh_from_db()
    assert request.status == Status.CHANGES_REQUESTED
    with pytest.raises(Conflict) as cexc:
        services.request_finish(actor=personas.alice, request=request, expected_version=request.version,
                                end_state="report")
    assert cexc.value.code == "report_not_approved"
    request = services.sections_save(actor=personas.alice, request=request, expected_version=request.version,
                                     sections={"risk": "Zems risks.\nPamatojums: stabils darbs."})
    request = services.review_submit(actor=personas.alice, request=request, expected_version=request.version)
    services.review_decide(actor=sam, request=request, expected_version=request.version, decision="approved")
    request.refresh_from_db()
    assert [r.decision for r in Review.objects.all()] == ["changes", "approved"]
    request = services.request_finish(actor=personas.alice, request=request, expected_version=request.version,
                                      end_state="report")
    assert request.status == Status.REPORT_SENT and request.sent_sections["risk"].startswith("Zems risks.")
    assert request.sent_document.format == "docx" and request.sent_pdf.format == "pdf"
    # The report's text as the officer wrote it, line breaks kept, in the DOCX.
    import io
    import zipfile

    with request.sent_document.file.open("rb") as fh:
        xml = zipfile.ZipFile(io.BytesIO(fh.read())).read("word/document.xml").decode()
    assert "Zems risks.</w:t><w:br/><w:t xml:space=\"preserve\">Pamatojums: stabils darbs." in xml
    assert "Teksts recommendation" in xml and "IZVĒRTĒŠANAS ZIŅOJUMS" in xml
    request.section.refresh_from_db()
    assert request.section.closing_reason == "report_sent" and not request.section.is_open
    assert not Task.objects.filter(section=request.section, status=Task.Status.OPEN).exists()
    # The sent version is frozen.
    with pytest.raises(Conflict):
        services.sections_save(actor=personas.alice, request=request, expected_version=request.version,
                               sections={"risk": "cits"})


def test_the_author_cannot_review(personas, ev_request, templates_loaded):
    from accounts.roles import Role
    from accounts.testing.personas import make_user

    senior = make_user("sara", Role.SENIOR_OFFICER, unit=personas.org.riga_centre)
    with pytest.raises(ValidationFailed) as exc:
        services.request_assign(actor=personas.hanna, request=ev_request, expected_version=ev_request.version,
                                author=senior, reviewer=senior)
    assert exc.value.code == "reviewer_is_author"


def test_only_two_end_states(personas, ev_request, templates_loaded):
    with pytest.raises(ValidationFailed) as exc:
        services.request_finish(actor=personas.alice, request=ev_request, expected_version=ev_request.version,
                                end_state="withdrawn")
    assert exc.value.code == "end_state_unknown"
    with pytest.raises(ValidationFailed) as exc:
        services.request_finish(actor=personas.alice, request=ev_request, expected_version=ev_request.version,
                                end_state="informative_letter")
    assert exc.value.code == "letter_reason_required"
    request = services.request_finish(actor=personas.alice, request=ev_request, expected_version=ev_request.version,
                                      end_state="informative_letter", letter_reason="refused")
    assert request.end_state == EndState.INFORMATIVE_LETTER and request.sent_document.document_type == \
        "evaluation_informative_letter"
    request.section.refresh_from_db()
    assert request.section.closing_reason == "informative_letter"


def test_stale_version_refused(personas, ev_request):
    from core.errors import ConcurrentEdit

    services.sections_save(actor=personas.alice, request=ev_request, expected_version=ev_request.version,
                           sections={"offence": "a"})
    with pytest.raises(ConcurrentEdit):
        services.sections_save(actor=personas.bob, request=ev_request, expected_version=ev_request.version,
                               sections={"offence": "b"})
