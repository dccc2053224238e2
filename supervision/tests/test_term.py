import datetime as dt

import pytest

from cases.kinds import SECTION_KINDS
from cases.services import section_open
from core.errors import Conflict, ValidationFailed
from supervision import services
from supervision.jobs import create_registration_tasks_now
from supervision.models import Duty, SupervisionDetails
from supervision.policies import PERIOD_RULES
from tasks.models import Task

pytestmark = pytest.mark.django_db
START = dt.date(2025, 9, 12)


def _open(personas, case, kind, basis_type="court_ruling"):
    return section_open(actor=personas.alice, case=case, kind=kind, basis_type=basis_type, basis_number="X-1",
                        basis_date=dt.date(2025, 9, 1), basis_issuer="Rīgas pilsētas tiesa",
                        basis_in_force=dt.date(2025, 9, 12))


def test_every_supervision_kind_has_a_period_rule_citing_its_article():
    assert set(PERIOD_RULES) == {"supervision_conditional_release", "supervision_conditional_sentence",
                                 "supervision_parole", "supervision_parole_em", "probation_supervision",
                                 "probation_observation"}
    assert {r.article for r in PERIOD_RULES.values()} == {"KL 58¹", "KL 55(3)", "KL 61", "KL 45¹", "MK 815"}


@pytest.mark.parametrize("kind,end,code,rule", [
    ("supervision_conditional_release", dt.date(2025, 12, 11), "period_too_short", "KL 58¹"),
    ("supervision_conditional_release", dt.date(2027, 3, 13), "period_too_long", "KL 58¹"),
    ("supervision_conditional_sentence", dt.date(2026, 3, 11), "period_too_short", "KL 55(3)"),
    ("supervision_conditional_sentence", dt.date(2030, 9, 13), "period_too_long", "KL 55(3)"),
    ("probation_supervision", dt.date(2026, 9, 11), "period_too_short", "KL 45¹"),
    ("probation_supervision", dt.date(2028, 9, 13), "period_too_long", "KL 45¹"),
])
def test_period_outside_its_limits_names_the_rule(kind, end, code, rule):
    with pytest.raises(ValidationFailed) as exc:
        services.check_period(kind=kind, start_date=START, end_date=end)
    assert exc.value.code == code and exc.value.field == "end_date"
    assert rule in exc.value.message and exc.value.extra["rule"] == rule


def test_limits_are_inclusive():
    services.check_period(kind="supervision_conditional_release", start_date=START, end_date=dt.date(2025, 12, 12))
    services.check_period(kind="supervision_conditional_release", start_date=START, end_date=dt.date(2027, 3, 12))


def test_conditional_sentence_at_least_the_prison_term():
    with pytest.raises(ValidationFailed) as exc:
        services.check_period(kind="supervision_conditional_sentence", start_date=START,
                              end_date=dt.date(2026, 9, 12), prison_term_months=18)
    assert exc.value.code == "period_too_short" and "18" in exc.value.message


def test_probation_supervision_prosecutor_at_most_half_and_extended_term():
    services.check_period(kind="probation_supervision", start_date=START, end_date=dt.date(2030, 9, 12),
                          extended_term=True)
    with pytest.raises(ValidationFailed) as exc:
        services.check_period(kind="probation_supervision", start_date=START, end_date=dt.date(2027, 9, 12),
                              set_by="prosecutor")
    assert exc.value.code == "period_too_long" and "18" in exc.value.message


def test_parole_is_the_remaining_sentence():
    with pytest.raises(ValidationFailed) as exc:
        services.check_period(kind="supervision_parole", start_date=START, end_date=dt.date(2026, 5, 1))
    assert exc.value.code == "sentence_end_required" and exc.value.field == "sentence_end_date"
    with pytest.raises(ValidationFailed) as exc:
        services.check_period(kind="supervision_parole_em", start_date=START, end_date=dt.date(2026, 5, 1),
                              sentence_end_date=dt.date(2026, 6, 1))
    assert exc.value.code == "period_not_remaining_sentence" and "KL 61" in exc.value.message
    services.check_period(kind="supervision_parole", start_date=START, end_date=dt.date(2026, 6, 1),
                          sentence_end_date=dt.date(2026, 6, 1))


def test_register_attaches_legal_duties_and_end_of_term_task(section, personas):
    details = services.supervision_register(actor=personas.alice, section=section, start_date=START,
                                            end_date=dt.date(2027, 9, 12), intensity="low")
    assert {d.code for d in Duty.objects.filter(section=section)} == {
        "obey_requirements", "appear_when_summoned", "report_residence_work", "absence_permission"}
    assert all(d.legal for d in Duty.objects.filter(section=section))
    task = Task.objects.get(section=section, kind="supervision.close_section")
    # 12.09.2027 is a Sunday; five working days later is Friday 17.09.2027.
    assert task.due_date == dt.date(2027, 9, 17)
    assert task.assignee == personas.alice
    with pytest.raises(Conflict):
        services.supervision_register(actor=personas.alice, section=section, start_date=START,
                                      end_date=dt.date(2027, 9, 12))
    assert details.intensity == "low"


def test_period_error_saves_nothing(section, personas):
    with pytest.raises(ValidationFailed) as exc:
        services.supervision_register(actor=personas.alice, section=section, start_date=START,
                                      end_date=dt.date(2026, 1, 1))
    assert exc.value.code == "period_too_short"
    assert not SupervisionDetails.objects.exists() and not Duty.objects.exists()
    assert not Task.objects.filter(kind="supervision.close_section").exists()


def test_registration_task_from_ruling_in_force_in_working_days(client_case, personas):
    section = _open(personas, client_case, "supervision_parole")
    result = create_registration_tasks_now()
    assert result["tasks"] == 2  # the fixture's section and this one
    task = Task.objects.get(section=section, kind="supervision.register")
    # In force Friday 12.09.2025: ten working days later is Friday 26.09.2025.
    assert task.due_date == dt.date(2025, 9, 26)
    assert create_registration_tasks_now()["tasks"] == 0  # once only
    services.supervision_register(actor=personas.alice, section=section, start_date=START,
                                  end_date=dt.date(2026, 6, 1), sentence_end_date=dt.date(2026, 6, 1))
    task.refresh_from_db()
    assert task.status == "done" and task.outcome == "registered"


def test_registration_deadline_skips_public_holidays(client_case, personas):
    section = section_open(actor=personas.alice, case=client_case, kind="probation_observation",
                           basis_type="court_ruling", basis_number="X-2", basis_date=dt.date(2025, 11, 10),
                           basis_issuer="Tiesa", basis_in_force=dt.date(2025, 11, 14))
    create_registration_tasks_now()
    # From Friday 14.11.2025: 17 and 18 November are public holidays in Latvia.
    assert Task.objects.get(section=section, kind="supervision.register").due_date == dt.date(2025, 12, 2)


def test_change_term_moves_the_end_of_term_task(registered, personas):
    services.supervision_change_term(actor=personas.alice, details=registered, expected_version=registered.version,
                                     end_date=dt.date(2028, 9, 12), reason="court order")
    tasks = Task.objects.filter(section=registered.section, kind="supervision.close_section")
    assert sorted(tasks.values_list("status", flat=True)) == ["done", "open"]
    assert tasks.get(status="open").due_date > dt.date(2028, 9, 12)
    with pytest.raises(ValidationFailed) as exc:
        registered.refresh_from_db()
        services.supervision_change_term(actor=personas.alice, details=registered,
                                         expected_version=registered.version, end_date=dt.date(2031, 1, 1),
                                         reason="x")
    assert exc.value.code == "period_too_long"


def test_intensity_change_needs_reason(registered, personas):
    with pytest.raises(ValidationFailed) as exc:
        services.intensity_change(actor=personas.alice, details=registered, intensity="low", reason=" ",
                                  expected_version=registered.version)
    assert exc.value.field == "reason"
    details = services.intensity_change(actor=personas.alice, details=registered, intensity="low",
                                        reason="risk reassessed", expected_version=registered.version)
    assert details.intensity == "low" and details.version == 2


def test_section_links_to_supervision_page():
    assert SECTION_KINDS["supervision_parole"].detail_url == "supervision:section"
    assert SECTION_KINDS["community_service"].detail_app != "supervision"
