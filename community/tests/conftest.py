import datetime as dt

import pytest
from django.utils import timezone

from cases import services as case_services
from community import services
from community.models import ProviderSupervisor
from partners import services as partners
from people import services as people_services


@pytest.fixture
def today():
    return timezone.localdate()


def open_section(actor, case, kind="community_service", in_force=None):
    in_force = in_force or timezone.localdate() - dt.timedelta(days=60)
    return case_services.section_open(
        actor=actor, case=case, kind=kind, basis_type="court_ruling", basis_number="K30-55-26",
        basis_date=in_force - dt.timedelta(days=10), basis_issuer="Rīgas pilsētas tiesa", basis_in_force=in_force,
    )


def make_client(personas, code="010190-11004", first="Pēteris", last="Kalns", birth=dt.date(1990, 1, 1),
                officer=None):
    person = people_services.person_create(
        actor=personas.alice, personal_code=code, first_name=first, last_name=last, birth_date=birth, sex="M",
        declared_municipality="LV-RIX", declared_address="Elizabetes iela 2, Rīga",
    )
    return case_services.case_open(actor=personas.alice, person=person, responsible_officer=officer or personas.alice)


def record_details(actor, section, hours=100, order_type="court_sentence", offence_date=None):
    return services.details_create(
        actor=actor, section=section, order_type=order_type, ordered_hours=hours, registration_basis="ruling",
        basis_event_date=None, ruling_in_force=section.basis_in_force, offence_date=offence_date,
    )


@pytest.fixture
def cs_section(personas, client_case):
    return open_section(personas.alice, client_case)


@pytest.fixture
def details(personas, cs_section):
    return record_details(personas.alice, cs_section)


@pytest.fixture
def provider(personas):
    return partners.organisation_create(actor=personas.alice, unit=personas.org.riga_centre, name="Rīgas dārzi",
                                    kind="municipal", status="active", stage="agreed")


@pytest.fixture
def place(personas, provider):
    return partners.place_add(actor=personas.alice, organisation=provider, name="Parks", address="Parka iela 1",
                              municipality="LV-RIX", kinds_of_work="Sakopšana", capacity=3,
                              working_times="Sestdienās 9–15")


@pytest.fixture
def order(personas, details, place, today):
    return services.order_issue(actor=personas.alice, details=details, place=place,
                                start_date=today - dt.timedelta(days=30), schedule="Sestdienās")


@pytest.fixture
def walt_link(personas, provider):
    return ProviderSupervisor.objects.create(user=personas.walt, provider=provider)


def posted(prefix, data):
    """``data`` as a page's form posts it: each form on the section and provider pages has its own prefix."""
    return {f"{prefix}-{key}": value for key, value in data.items()}
