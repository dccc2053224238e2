import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Section
from core.errors import Conflict, DomainError, ValidationFailed
from monitoring import eligibility, ingest, services
from monitoring.models import Alert, Device, EmDetails
from monitoring.schedules import Window
from monitoring.tests.conftest import devices_of
from tasks.models import Task

pytestmark = pytest.mark.django_db


def test_plan_needs_consent_and_1_to_12_months(em_section, personas):
    with pytest.raises(ValidationFailed) as err:
        services.em_plan(actor=personas.alice, section=em_section, technology="rf", months=13,
                         consent_on=dt.date(2025, 9, 10))
    assert err.value.code == "months_out_of_range" and "KL 61" in err.value.message
    with pytest.raises(ValidationFailed) as err:
        services.em_plan(actor=personas.alice, section=em_section, technology="rf", months=6, consent_on=None)
    assert err.value.code == "consent_required"
    services.em_plan(actor=personas.alice, section=em_section, technology="rf", months=12,
                     consent_on=dt.date(2025, 9, 10))
    assert Task.objects.filter(kind="monitoring.install_visit", section=em_section).count() == 1


def test_fitting_needs_a_feasible_home_and_a_device(em_section, personas):
    details = services.em_plan(actor=personas.alice, section=em_section, technology="rf", months=3,
                               consent_on=dt.date(2025, 9, 10))
    with pytest.raises(ValidationFailed) as err:
        services.em_fit(actor=personas.alice, details=details, fitted_at=timezone.now(), expected_version=None)
    assert err.value.code == "home_not_feasible"
    with pytest.raises(ValidationFailed) as err:
        services.em_feasibility_record(actor=personas.alice, details=details, electricity=True, connectivity=True,
                                       household_members=2, household_consent=None, checked_on=dt.date(2025, 9, 11),
                                       note="", expected_version=None)
    assert err.value.code == "household_consent_required"
    details = services.em_feasibility_record(actor=personas.alice, details=details, electricity=True, connectivity=True,
                                             household_members=0, household_consent=None,
                                             checked_on=dt.date(2025, 9, 11), note="", expected_version=None)
    with pytest.raises(ValidationFailed) as err:
        services.em_fit(actor=personas.alice, details=details, fitted_at=timezone.now(), expected_version=None)
    assert err.value.code == "no_device"
    tag = services.device_create(actor=personas.emil, kind="tag", serial="t-9", model="RT-9")
    services.device_assign(actor=personas.alice, section=em_section, device=tag)
    fitted = timezone.make_aware(dt.datetime(2026, 1, 31, 12, 0))
    details = services.em_fit(actor=personas.alice, details=details, fitted_at=fitted, expected_version=None)
    assert details.ends_on == dt.date(2026, 4, 30)  # three months from fitting (end of a shorter month)
    assert not Task.objects.filter(kind="monitoring.install_visit", status="open").exists()


def test_a_device_is_never_assigned_twice(em_section, client_case, personas):
    tag = services.device_create(actor=personas.emil, kind="tag", serial="T-1", model="RT-9")
    services.device_assign(actor=personas.alice, section=em_section, device=tag)
    with pytest.raises(Conflict) as err:
        services.device_assign(actor=personas.alice, section=em_section, device=Device.objects.get(pk=tag.pk))
    assert err.value.code == "device_assigned_twice"
    other = services.device_create(actor=personas.emil, kind="tag", serial="T-2", model="RT-9")
    with pytest.raises(Conflict) as err:
        services.device_assign(actor=personas.alice, section=em_section, device=other)
    assert err.value.code == "device_kind_assigned"
    with pytest.raises(DomainError):
        services.device_create(actor=personas.emil, kind="tag", serial="t-1", model="RT-9")


def test_schedule_limits_and_negative_windows(em_section, personas):
    def save(windows):
        return services.schedule_set(actor=personas.alice, section=em_section, valid_from=dt.date(2026, 1, 1),
                                     valid_until=None, windows=windows)

    for windows, code in [
        ([Window(0, dt.time(22), dt.time(6))], "window_negative"),
        ([Window(0, dt.time(22), dt.time(22))], "window_empty"),
        ([Window(0, dt.time(22), dt.time(23))], "curfew_day_limit"),  # 1 h < 2 h a day
        ([Window(d, dt.time(6), dt.time(23)) for d in range(7)], "curfew_week_limit"),  # 119 h > 112
        ([Window(0, dt.time(20), dt.time(23)), Window(0, dt.time(22), dt.time(6), True)], "windows_overlap"),
    ]:
        with pytest.raises(ValidationFailed) as err:
            save(windows)
        assert err.value.code == code
    first = save([Window(d, dt.time(22), dt.time(6), True) for d in range(7)])
    second = services.schedule_set(actor=personas.alice, section=em_section, valid_from=dt.date(2026, 2, 1),
                                   valid_until=None, windows=[Window(4, dt.time(21), dt.time(7), True)])
    first.refresh_from_db()
    assert first.valid_until == dt.date(2026, 1, 31) and second.valid_until is None


def test_zone_polygon_must_close(em_section, personas):
    open_ring = [[56.9, 24.1], [56.9, 24.2], [57.0, 24.2]]
    with pytest.raises(ValidationFailed) as err:
        services.zone_save(actor=personas.alice, section=em_section, name="Centrs", kind="exclusion",
                           polygon=[*open_ring, [57.0, 24.1]])
    assert err.value.code == "polygon_not_closed"
    zone = services.zone_save(actor=personas.alice, section=em_section, name="Centrs", kind="exclusion",
                              polygon=[*open_ring, open_ring[0]])
    assert zone.polygon[0] == zone.polygon[-1]


def _tamper_alert(equipped, cleared=False):
    d = devices_of(equipped)
    t = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)
    msgs = [{"v": 1, "device": d["base"].serial, "seq": 1, "t": t.isoformat(), "kind": "strap_tamper"}]
    if cleared:
        msgs.append({"v": 1, "device": d["base"].serial, "seq": 2, "t": (t + dt.timedelta(minutes=2)).isoformat(),
                     "kind": "strap_ok"})
    ingest.ingest([(ingest.sign(m, d["base"].key), t, None) for m in msgs])
    return Alert.objects.get(kind="strap_tamper")


def test_alert_lifecycle_by_named_people_and_tamper_rules(equipped, personas):
    alert = _tamper_alert(equipped)
    assert alert.status == "new" and alert.condition_cleared_at is None
    alert = services.alert_acknowledge(actor=personas.emil, alert=alert, note="Zvanīju klientam",
                                       expected_version=alert.version)
    assert alert.acknowledged_by == personas.emil
    with pytest.raises(Conflict) as err:
        services.alert_clear(actor=personas.emil, alert=alert, note="", expected_version=alert.version)
    assert err.value.code == "tamper_still_reported"
    d = devices_of(equipped)
    t = dt.datetime(2026, 3, 9, 10, 2, tzinfo=dt.UTC)
    ingest.ingest([(ingest.sign({"v": 1, "device": d["base"].serial, "seq": 2, "t": t.isoformat(),
                                 "kind": "strap_ok"}, d["base"].key), t, None)])
    alert.refresh_from_db()
    assert alert.condition_cleared_at == t
    alert = services.alert_clear(actor=personas.emil, alert=alert, note="", expected_version=alert.version)
    with pytest.raises(ValidationFailed) as err:
        services.alert_close(actor=personas.emil, alert=alert, note=" ", expected_version=alert.version)
    assert err.value.code == "note_required"
    alert = services.alert_close(actor=personas.emil, alert=alert, note="Siksna nomainīta", expected_version=alert.version)
    assert [n.action for n in alert.notes.all()] == ["raised", "acknowledged", "cleared", "closed"]
    assert all(n.author == personas.emil for n in alert.notes.all()[1:])


def test_escalation_then_secondary_contacts(equipped, personas):
    alert = _tamper_alert(equipped)
    later = alert.raised_at + dt.timedelta(minutes=6)
    assert services.escalate_due(later) == {"level_1": 1, "level_2": 0}
    assert services.escalate_due(alert.raised_at + dt.timedelta(minutes=16)) == {"level_1": 0, "level_2": 1}
    alert.refresh_from_db()
    assert (alert.status, alert.escalation_level) == ("escalated", 2)
    assert Task.objects.filter(kind="monitoring.escalated_alert", case=equipped.case).count() == 1


def test_review_decides_the_response_and_completes_the_task(equipped, personas):
    alert = _tamper_alert(equipped, cleared=True)
    assert Task.objects.filter(kind="monitoring.review_alert", status="open", assignee=personas.alice).count() == 1
    with pytest.raises(DomainError):
        services.alert_review(actor=personas.carol, alert=alert, response="warning", note="x")
    with pytest.raises(ValidationFailed):
        services.alert_review(actor=personas.alice, alert=alert, response="warning", note="")
    services.alert_review(actor=personas.alice, alert=alert, response="step_up_gps", note="Otrais pārkāpums")
    assert EmDetails.objects.get(section=equipped).technology == "gps"
    assert not Task.objects.filter(kind="monitoring.review_alert", status="open").exists()
    assert Task.objects.filter(kind="monitoring.check_visit", status="open").exists()
    assert equipped.case.events.filter(type="em_alert_reviewed").exists()


def test_end_opens_ordinary_parole_supervision(equipped, personas):
    details = EmDetails.objects.get(section=equipped)
    services.em_end(actor=personas.alice, details=details, ended_at=timezone.now(), expected_version=details.version)
    details.refresh_from_db()
    assert details.status == "ended" and details.followup_section.kind == "supervision_parole"
    assert Section.objects.get(pk=equipped.pk).state == "closed"
    assert Task.objects.filter(kind="monitoring.removal_visit", section=equipped).exists()


@pytest.mark.parametrize(("category", "years", "em", "parole"), [
    ("less_serious", 6, dt.date(2026, 1, 1), dt.date(2027, 1, 1)),  # 1/3 and 1/2 of 2,192 days
    ("serious", 6, dt.date(2027, 1, 1), dt.date(2028, 1, 2)),  # 2/3 × 2,192 = 1,461.33: 1,462 days served
    ("especially_serious", 6, dt.date(2028, 1, 2), dt.date(2028, 7, 2)),
])
def test_kl61_eligibility_with_the_working(category, years, em, parole):
    result = eligibility.calculate(category=category, sentence_start=dt.date(2024, 1, 1), years=years)
    assert (result.em_date, result.parole_date) == (em, parole)
    assert "2192" in result.working[0] and len(result.working) == 3


def test_life_sentence_and_bad_input():
    result = eligibility.calculate(category="life", sentence_start=dt.date(2000, 5, 1))
    assert (result.em_date, result.parole_date) == (dt.date(2024, 5, 1), dt.date(2025, 5, 1))
    with pytest.raises(ValidationFailed):
        eligibility.calculate(category="serious", sentence_start=dt.date(2024, 1, 1))
