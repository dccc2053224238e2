import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from accounts.testing.personas import make_user
from mediation import services
from mediation.models import Mediator, Meeting


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def sam(personas):
    """A senior officer of Alice's unit: the mediation coordinator."""
    return make_user("sam", Role.SENIOR_OFFICER, unit=personas.org.riga_centre, first_name="Sandis", last_name="Kārkls")


@pytest.fixture
def mira(personas):
    """A staff mediator of Alice's unit (role mediator, own scope)."""
    return make_user("mira", Role.MEDIATOR, unit=personas.org.riga_centre, first_name="Mira", last_name="Lāce")


@pytest.fixture
def staff_mediator(personas, mira):
    return services.mediator_create(actor=personas.hanna, kind=Mediator.Kind.STAFF, first_name="Mira",
                                    last_name="Lāce", unit=personas.org.riga_centre, user=mira, languages=["lv", "ru"])


@pytest.fixture
def volunteer_mediator(personas, today):
    """Vera (the volunteer persona) as a certified volunteer mediator."""
    return services.mediator_create(
        actor=personas.hanna, kind=Mediator.Kind.VOLUNTEER, first_name="Vera", last_name="Roze",
        unit=personas.org.riga_centre, user=personas.vera, certificate_number="S-101",
        certified_from=today - dt.timedelta(days=400), certified_until=today + dt.timedelta(days=300),
        languages=["lv"])


def register(actor, unit, *, offender=None, data=None, received=None, **extra):
    received = received or timezone.localdate() - dt.timedelta(days=30)
    kwargs = {"actor": actor, "unit": unit, "started_by": "process_director", "initiator": "Valsts policija",
                  "process_director": "Valsts policijas Rīgas reģiona pārvalde", "criminal_case_number": "11816001234",
                  "offence": "Zādzība", "offence_class": "violation", "offence_date": received - dt.timedelta(days=20),
                  "received_on": received, "responsible_officer": extra.pop("officer", None)}
    kwargs.update(extra)
    if offender is not None:
        return services.mediation_register(offender=offender, **kwargs)
    return services.mediation_register(offender_data=data or services.OffenderData(
        first_name="Oskars", last_name="Zālītis", birth_date=dt.date(1990, 1, 1), personal_code="010190-10001"),
        **kwargs)


@pytest.fixture
def mediation(personas, client_case):
    """A mediation of Alice's client (so it has a section on the case file), Alice responsible."""
    return register(personas.alice, personas.org.riga_centre, offender=client_case.person, officer=personas.alice)


def add_victim(actor, mediation, consent=True, **extra):
    data = {"first_name": "Anna", "last_name": "Liepa", "phone": "+37120000000", "address": "Elizabetes iela 1, Rīga",
                "statement": "Vēlos atlīdzību", "consent_on": mediation.received_on + dt.timedelta(days=2) if consent else None}
    data.update(extra)
    return services.victim_add(actor=actor, mediation=mediation, **data)


def pass_gate(actor, mediation):
    day = mediation.received_on + dt.timedelta(days=1)
    return services.mediation_record_gate(actor=actor, mediation=mediation, expected_version=None,
                                          admission_on=day, offender_consent_on=day)


@pytest.fixture
def ready(personas, mediation, volunteer_mediator, sam):
    """Vera assigned; a victim; admission and consents: meetings may be planned."""
    services.mediation_assign(actor=sam, mediation=mediation, mediator=volunteer_mediator, expected_version=None)
    add_victim(personas.alice, mediation)
    pass_gate(personas.alice, mediation)
    mediation.refresh_from_db()
    return mediation


def held_meeting(actor, mediation, days_ago=3):
    meeting = services.meeting_plan(actor=actor, mediation=mediation, kind=Meeting.Kind.JOINT, format="in_person",
                                    starts_at=timezone.now() - dt.timedelta(days=days_ago), place="Brīvības iela 10")
    return services.meeting_record(actor=actor, meeting=meeting, status="held", expected_version=None)
