import datetime as dt

import pytest
from django.utils import timezone

from cases.services import section_close, section_open
from core.errors import Conflict, ValidationFailed
from documents.models import CaseDocument
from supervision import selectors, services
from supervision.models import SupervisionDetails, Violation, Warning

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _violation(details, personas, **kw):
    data = {"kind": "duty_breach", "occurred_on": TODAY - dt.timedelta(days=3), "description": "Did not come"}
    data.update(kw)
    return services.violation_record(actor=personas.alice, section=details.section, **data)


def test_warning_is_generated_as_a_document(registered, personas):
    violation = _violation(registered, personas)
    c = selectors.compliance(registered.section, registered)
    assert c.breach_in_progress and c.unanswered_violations == 1
    warning = services.warning_issue(actor=personas.alice, violation=violation)
    docs = CaseDocument.objects.filter(document_type="supervision_warning")
    assert {d.format for d in docs} == {"docx", "pdf"}
    assert warning.document in docs and warning.document.section == registered.section
    c = selectors.compliance(registered.section, registered)
    assert c.warnings == 1 and not c.breach_in_progress and not c.submission_due


def test_warning_for_a_closed_section_is_refused(registered, personas):
    violation = _violation(registered, personas)
    section = registered.section
    section_close(actor=personas.alice, section=section, reason="term_expired", expected_version=section.version)
    with pytest.raises(Conflict) as exc:
        services.warning_issue(actor=personas.alice, violation=violation)
    assert exc.value.code == "section_closed"
    assert not Warning.objects.exists() and not CaseDocument.objects.exists()


def test_violation_input_is_checked(registered, personas):
    with pytest.raises(ValidationFailed) as exc:
        _violation(registered, personas, description=" ")
    assert exc.value.field == "description"
    with pytest.raises(ValidationFailed) as exc:
        _violation(registered, personas, occurred_on=TODAY + dt.timedelta(days=1))
    assert exc.value.code == "occurred_on_future"
    assert not Violation.objects.exists()
    assert _violation(registered, personas, kind="new_offence").serious is True


def test_submission_due_after_configured_warnings(registered, personas):
    for _ in range(2):
        services.warning_issue(actor=personas.alice, violation=_violation(registered, personas))
    c = selectors.compliance(registered.section, registered)
    assert c.warnings == 2 and c.submission_due


def test_serious_violation_makes_a_submission_due_at_once(registered, personas):
    _violation(registered, personas, kind="absconding")
    assert selectors.compliance(registered.section, registered).submission_due


def test_submission_tracked_to_decision_with_extension(registered, personas):
    violation = _violation(registered, personas)
    submission = services.submission_make(actor=personas.alice, section=registered.section, addressee="court",
                                          grounds="Repeated absences", violation=violation)
    assert selectors.compliance(registered.section, registered).breach_in_progress
    with pytest.raises(Conflict):
        services.submission_make(actor=personas.alice, section=registered.section, addressee="court", grounds="x")
    with pytest.raises(ValidationFailed) as exc:
        services.submission_decide(actor=personas.alice, submission=submission, decision="rest_served",
                                   decided_on=TODAY, expected_version=submission.version)
    assert exc.value.code == "decision_invalid"  # a parole decision on a conditional sentence
    with pytest.raises(ValidationFailed) as exc:
        services.submission_decide(actor=personas.alice, submission=submission, decision="probation_extended",
                                   decided_on=TODAY, extension_months=13, expected_version=submission.version)
    assert exc.value.code == "extension_invalid" and "KL 55" in exc.value.message
    services.submission_decide(actor=personas.alice, submission=submission, decision="probation_extended",
                               decided_on=TODAY, extension_months=6, expected_version=submission.version)
    details = SupervisionDetails.objects.get(pk=registered.pk)
    assert details.end_date == dt.date(2028, 3, 12)
    assert not selectors.compliance(registered.section, details).breach_in_progress


def test_conversion_shows_its_working():
    result = selectors.conversion(end_date=dt.date(2026, 3, 1), from_date=dt.date(2026, 1, 1))
    assert result.unserved_days == 59 and result.prison_days == 29 and result.remainder == 1
    assert result.steps[0] == "01.03.2026 − 01.01.2026 = 59"
    assert result.steps[1] == "59 ÷ 2 = 29 (+1)"
    assert selectors.conversion(end_date=dt.date(2026, 1, 1), from_date=dt.date(2026, 3, 1)).prison_days == 0


def test_decisions_per_kind(client_case, personas):
    section = section_open(actor=personas.alice, case=client_case, kind="probation_supervision",
                           basis_type="court_ruling", basis_number="Y", basis_date=dt.date(2025, 9, 1),
                           basis_issuer="Tiesa", basis_in_force=dt.date(2025, 9, 12))
    details = services.supervision_register(actor=personas.alice, section=section, start_date=dt.date(2025, 9, 12),
                                            end_date=dt.date(2027, 9, 12))
    submission = services.submission_make(actor=personas.alice, section=details.section, addressee="court",
                                          grounds="Rules broken")
    with pytest.raises(ValidationFailed):
        services.submission_decide(actor=personas.alice, submission=submission, decision="sentence_executed",
                                   decided_on=TODAY, expected_version=1)
    done = services.submission_decide(actor=personas.alice, submission=submission, decision="converted",
                                      decided_on=TODAY, expected_version=1)
    assert done.decision == "converted" and done.decided_on == TODAY


def test_one_warning_per_violation(registered, personas):
    violation = _violation(registered, personas)
    services.warning_issue(actor=personas.alice, violation=violation)
    with pytest.raises(Conflict) as exc:
        services.warning_issue(actor=personas.alice, violation=violation)
    assert exc.value.code == "warning_exists"
    assert Warning.objects.count() == 1
    assert CaseDocument.objects.filter(document_type="supervision_warning").count() == 2  # one DOCX, one PDF
