import datetime as dt

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.models import Section
from monitoring import ingest, services
from monitoring.schedules import Window

RIGA_NIGHTS = [Window(d, dt.time(22), dt.time(6), True) for d in range(7)]


@pytest.fixture(autouse=True)
def _fresh_ingest_caches():
    ingest.forget()
    yield
    ingest.forget()


@pytest.fixture
def em_section(client_case, personas):
    """An EM section beside the conditional sentence of Alice's client."""
    return case_services.section_open(
        actor=personas.alice, case=client_case, kind="electronic_monitoring", basis_type="prison_request",
        basis_number="1-23/456", basis_date=dt.date(2025, 9, 1), basis_issuer="Rīgas Centrālcietums",
        start_date=dt.date(2025, 9, 12), registered_on=dt.date(2025, 9, 12))


@pytest.fixture
def equipped(em_section, personas):
    """The EM section with a base station and a tag assigned, a nightly curfew 22:00–06:00 and monitoring
    planned and fitted."""
    base = services.device_create(actor=personas.emil, kind="base", serial="BS-1", model="HB-200")
    tag = services.device_create(actor=personas.emil, kind="tag", serial="TG-1", model="RT-9")
    gps = services.device_create(actor=personas.emil, kind="gps", serial="GP-1", model="GT-5")
    for device in (base, tag, gps):
        services.device_assign(actor=personas.alice, section=em_section, device=device,
                               assigned_at=timezone.now() - dt.timedelta(days=30))
    services.schedule_set(actor=personas.alice, section=em_section, valid_from=dt.date(2025, 9, 12), valid_until=None,
                          windows=RIGA_NIGHTS)
    details = services.em_plan(actor=personas.alice, section=em_section, technology="rf", months=6,
                               consent_on=dt.date(2025, 9, 10))
    details = services.em_feasibility_record(actor=personas.alice, details=details, electricity=True, connectivity=True,
                                             household_members=1, household_consent=True,
                                             checked_on=dt.date(2025, 9, 11), note="", expected_version=None)
    services.em_fit(actor=personas.alice, details=details, fitted_at=timezone.now() - dt.timedelta(days=20),
                    expected_version=None)
    ingest.forget()
    return Section.objects.get(pk=em_section.pk)


def devices_of(section):
    from monitoring.models import DeviceAssignment

    return {a.device.kind: a.device for a in DeviceAssignment.objects.filter(section=section, returned_at__isnull=True)
            .select_related("device")}
