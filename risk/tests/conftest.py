import datetime as dt

import pytest

from risk import services
from risk.models import Assessment, Instrument


@pytest.fixture
def history(client_case, personas):
    """Two convictions of Alice's client (born 16.11.1975, a man): theft in 2020, then theft in 2025."""
    person = client_case.person
    services.conviction_add(actor=personas.alice, person=person, kind="conviction", article="175",
                            offence_date=dt.date(2020, 1, 10), conviction_date=dt.date(2020, 6, 1),
                            sanction="nosacīta notiesāšana", court="Rīgas pilsētas tiesa")
    return services.conviction_add(actor=personas.alice, person=person, kind="conviction", article="175.3",
                                   offence_date=dt.date(2025, 3, 1), conviction_date=dt.date(2025, 8, 1),
                                   sanction="probācijas uzraudzība", court="Rīgas pilsētas tiesa")


@pytest.fixture(autouse=True)
def shipped_data(request):
    """The article table and instruments a migration ships. A browser test's live server flushes the
    database after it, so a later test finds them gone; they are put back the way the migration does."""
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server"))
    if not uses_db:
        return
    if "live_server" in request.fixturenames or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif request.node.get_closest_marker("django_db") is None:
        request.getfixturevalue("db")
    if not Instrument.objects.exists():
        from importlib import import_module

        from django.apps import apps

        import_module("risk.migrations.0002_articles_and_instruments").load(apps, None)


@pytest.fixture
def adult(db):
    return Instrument.objects.get(code="adult-general", status="active")


@pytest.fixture
def draft(client_case, personas, adult):
    return services.assessment_start(actor=personas.alice, case=client_case, record=adult)


def answers_all(instrument, value):
    from risk import instrument as inst

    return {item["code"]: value for item in inst.items(instrument.definition)}


@pytest.fixture
def completed(draft, personas):
    return services.assessment_complete(actor=personas.alice, assessment=draft, answers=answers_all(draft.instrument, 1),
                                        note="", assessed_on=dt.date.today(), expected_version=None)


@pytest.fixture
def overridden(completed, personas):
    correction = services.assessment_correct(actor=personas.alice, assessment=completed)
    return services.assessment_complete(actor=personas.alice, assessment=correction, answers={}, note="",
                                        assessed_on=dt.date.today(), override_level="very_high",
                                        override_reason="Vardarbība ģimenē pēc pēdējā novērtējuma",
                                        expected_version=None)


@pytest.fixture
def issued(draft, personas, client_case):
    questionnaire, code = services.questionnaire_issue(actor=personas.alice, case=client_case, assessment=draft,
                                                       language="ru")
    return questionnaire, code


def assessment_of(pk):
    return Assessment.objects.get(pk=pk)
