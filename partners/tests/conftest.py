import pytest
from django.utils import timezone

from partners import services


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def organisation(personas):
    return services.organisation_create(actor=personas.alice, unit=personas.org.riga_centre, name="Rīgas dārzi",
                                        kind="municipal", status="active", stage="agreed")


@pytest.fixture
def place(personas, organisation):
    return services.place_add(actor=personas.alice, organisation=organisation, name="Parks", address="Parka iela 1",
                              municipality="LV-RIX", kinds_of_work="Sakopšana", capacity=3,
                              working_times="Sestdienās 9–15")


def posted(prefix, data):
    """``data`` as the organisation page's form posts it: each of its forms has its own prefix."""
    return {f"{prefix}-{key}": value for key, value in data.items()}
