"""Criminal history, scores, assessments: the services' rules and their audit."""

import datetime as dt

import pytest

from core.errors import ConcurrentEdit, Conflict, ValidationFailed
from core.models import ChangeLog
from risk import services
from risk.models import Assessment, RiskScore
from risk.tests.conftest import answers_all


def test_history_is_scored_and_rescored_when_it_changes(history, client_case, personas):
    score = RiskScore.objects.get(person=client_case.person, current=True)
    # Current conviction 01.08.2025 at 49, first 01.06.2020 at 44, 2 sanctions, KL 175.3 = burglary (dwelling).
    assert score.inputs == {"sex": "male", "age": 49, "sanctions": 2, "age_at_first_sanction": 44,
                            "offence_category": "burglary_dwelling"}
    assert score.model == "ogrs3" and score.model_version == "1"
    assert [row["feature"] for row in score.breakdown] == ["age_sex", "sanctions", "copas", "offence_category"]
    services.conviction_withdraw(actor=personas.alice, entry=history, reason="Reģistra kļūda",
                                 expected_version=history.version)
    new = RiskScore.objects.get(person=client_case.person, current=True)
    assert new.pk != score.pk and new.inputs["sanctions"] == 1 and new.inputs["offence_category"] == "theft"
    assert RiskScore.objects.filter(person=client_case.person).count() == 3  # one per change
    assert ChangeLog.objects.filter(verb="risk_conviction_withdraw").exists()


def test_a_new_conviction_creates_a_reassessment_task(history, client_case):
    from tasks.models import Task

    tasks = Task.objects.filter(case=client_case, kind="risk.reassess_conviction", status="open")
    assert tasks.count() == 1  # not one per entry


@pytest.mark.parametrize(("change", "field"), [
    ({"offence_date": dt.date(1980, 1, 1)}, "offence_date"),  # before the tenth birthday
    ({"offence_date": dt.date.today() + dt.timedelta(days=1)}, "offence_date"),
    ({"conviction_date": dt.date(2019, 1, 1)}, "conviction_date"),  # before the offence
    ({"conviction_date": None}, "conviction_date"),
    ({"kind": "proceeding"}, "conviction_date"),
    ({"article": "999"}, "article"),
])
def test_implausible_history_is_refused(client_case, personas, change, field):
    data = {"kind": "conviction", "article": "175", "offence_date": dt.date(2020, 1, 10),
            "conviction_date": dt.date(2020, 6, 1), **change}
    with pytest.raises(ValidationFailed) as caught:
        services.conviction_add(actor=personas.alice, person=client_case.person, **data)
    assert caught.value.field == field
    assert not client_case.person.convictions.exists()


def test_a_stale_edit_is_refused(history, personas):
    with pytest.raises(ConcurrentEdit):
        services.conviction_update(actor=personas.alice, entry=history, expected_version=history.version - 1,
                                   kind="conviction", article="175", offence_date=history.offence_date,
                                   conviction_date=history.conviction_date, sanction="", custodial=False, court="")


def test_assessment_draft_resume_complete_is_immutable(draft, personas):
    services.assessment_save(actor=personas.alice, assessment=draft, answers={"ch_previous": 2}, note="pirmā tikšanās",
                             expected_version=draft.version)
    draft.refresh_from_db()
    assert draft.answers == {"ch_previous": {"value": 2, "by": "officer"}}
    with pytest.raises(ValidationFailed) as caught:
        services.assessment_complete(actor=personas.alice, assessment=draft, answers={}, note="",
                                     assessed_on=dt.date.today(), expected_version=draft.version)
    assert caught.value.code == "unanswered" and caught.value.field == "ch_early"
    done = services.assessment_complete(actor=personas.alice, assessment=draft,
                                        answers={**answers_all(draft.instrument, 0), "ch_previous": 2}, note="",
                                        assessed_on=dt.date.today(), expected_version=draft.version)
    assert (done.status, done.level, done.computed_level, done.needs) == ("completed", "low", "low", [])
    with pytest.raises(Conflict):
        services.assessment_save(actor=personas.alice, assessment=done, answers={"ch_early": 2}, note="",
                                 expected_version=None)


def test_a_correction_keeps_both_versions(completed, personas):
    correction = services.assessment_correct(actor=personas.alice, assessment=completed)
    assert correction.answers == completed.answers and correction.status == "draft"
    with pytest.raises(Conflict):
        services.assessment_correct(actor=personas.alice, assessment=completed)
    services.assessment_complete(actor=personas.alice, assessment=correction, answers={"ch_previous": 2}, note="",
                                 assessed_on=dt.date.today(), expected_version=None)
    completed.refresh_from_db()
    assert completed.status == Assessment.Status.SUPERSEDED and completed.level == "high"
    assert Assessment.objects.filter(case=completed.case).count() == 2


def test_an_override_needs_a_reason_and_is_on_the_timeline(draft, personas):
    answers = answers_all(draft.instrument, 1)
    with pytest.raises(ValidationFailed) as caught:
        services.assessment_complete(actor=personas.alice, assessment=draft, answers=answers, note="",
                                     assessed_on=dt.date.today(), override_level="very_high", expected_version=None)
    assert caught.value.field == "override_reason"
    done = services.assessment_complete(actor=personas.alice, assessment=draft, answers=answers, note="",
                                        assessed_on=dt.date.today(), override_level="very_high",
                                        override_reason="Jauna informācija no policijas", expected_version=None)
    assert (done.computed_level, done.level, done.overridden) == ("high", "very_high", True)
    assert done.case.events.filter(type="risk_level_overridden").exists()


def test_the_assessment_date_is_plausible(draft, personas):
    for day, code in ((dt.date.today() + dt.timedelta(days=1), "assessed_on_future"),
                      (dt.date(2000, 1, 1), "assessed_on_before_case")):
        with pytest.raises(ValidationFailed) as caught:
            services.assessment_complete(actor=personas.alice, assessment=draft,
                                         answers=answers_all(draft.instrument, 0), note="", assessed_on=day,
                                         expected_version=None)
        assert caught.value.code == code


def test_completing_closes_the_reassessment_tasks(history, draft, personas, client_case):
    from tasks.models import Task

    services.assessment_complete(actor=personas.alice, assessment=draft, answers=answers_all(draft.instrument, 0),
                                 note="", assessed_on=dt.date.today(), expected_version=None)
    assert not Task.objects.filter(case=client_case, kind__startswith="risk.", status="open").exists()


def test_the_scheduled_scan_creates_due_reassessments_once(completed, client_case):
    from risk import jobs
    from tasks.models import Task

    Assessment.objects.filter(pk=completed.pk).update(assessed_on=dt.date.today() - dt.timedelta(days=200))
    assert jobs.scan() == 1
    assert jobs.scan() == 0
    assert Task.objects.filter(case=client_case, kind="risk.reassess_due", status="open").count() == 1


def test_a_version_in_use_is_never_changed(adult, personas):
    new = services.instrument_version_create(actor=personas.admin, definition={**adult.definition}, note="teksti")
    assert (new.number, new.status) == (2, "draft")
    services.instrument_activate(actor=personas.admin, record=new)
    adult.refresh_from_db()
    assert adult.status == "retired" and adult.definition["version"] == 1
    with pytest.raises(ValidationFailed) as caught:
        services.instrument_version_create(actor=personas.admin, definition={**adult.definition, "levels": []})
    assert caught.value.field == "definition"


def test_the_article_table_is_editable(personas):
    record = services.article_save(actor=personas.admin, article="178", title="Transportlīdzekļa nolaupīšana",
                                   category="vehicle_theft")
    with pytest.raises(Conflict):
        services.article_save(actor=personas.admin, article="178", title="x", category="theft")
    with pytest.raises(ValidationFailed):
        services.article_save(actor=personas.admin, article="178", title="x", category="arson", record=record)
    with pytest.raises(ConcurrentEdit):
        services.article_save(actor=personas.admin, article="178", title="y", category="theft", record=record,
                              expected_version=0)
