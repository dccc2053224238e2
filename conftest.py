import datetime as dt

import pytest

from accounts.testing.personas import make_personas


@pytest.fixture
def personas(db):
    return make_personas()


@pytest.fixture
def section_kind():
    """The code of a section kind of no probation function, registered for one test as a function of its
    own would register it (``cases.functions.register``). Tests of the shared layers open sections of
    this kind, so that they name no function and hold whichever functions are installed (ADR 0006)."""
    from cases import functions, kinds

    kind = kinds.SectionKind("seam_probe", "Pārbaudes uzdevums", "Pārbaude", group="seam_probe")
    function = functions.register(functions.Function(app="seam_probe", label="Pārbaude", section_kinds=(kind,)))
    yield kind.code
    functions.FUNCTIONS.pop(function.app, None)
    kinds.SECTION_KINDS.pop(kind.code, None)


@pytest.fixture
def client_case(personas):
    """A client of Alice's (Rīga centre) with an open supervision section (the function apps' tests
    rely on it; the shared layers' tests read its kind from the section, never by name)."""
    from cases import services as case_services
    from people import services as people_services

    person = people_services.person_create(
        actor=personas.alice, personal_code="161175-19997", first_name="Jānis", last_name="Bērziņš",
        birth_date=dt.date(1975, 11, 16), sex="M", declared_municipality="LV-RIX",
        declared_address="Brīvības iela 1-2, Rīga",
    )
    case = case_services.case_open(actor=personas.alice, person=person, responsible_officer=personas.alice)
    case_services.section_open(
        actor=personas.alice, case=case, kind="supervision_conditional_sentence", basis_type="court_ruling",
        basis_number="K30-1234-25", basis_date=dt.date(2025, 9, 1), basis_issuer="Rīgas pilsētas tiesa",
        basis_in_force=dt.date(2025, 9, 12), start_date=dt.date(2025, 9, 12), planned_end_date=dt.date(2027, 9, 12),
    )
    return case


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_policy_values():
    """Every test reads policy values afresh: an override one test made (or a value it cached) never
    reaches the next. ``core.policies.value`` caches values in Django's cache for a minute; that cache is
    the only place a value outlives a test (overrides are rows, rolled back; ``_REGISTRY`` and ``_LOADED``
    hold definitions from code). tests/test_policy_isolation.py proves it and keeps it so."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
