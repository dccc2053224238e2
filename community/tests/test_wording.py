"""Latvian wording where another app translates the same English words differently (msgid contexts):
Django merges every catalogue, so without a context the first app's form wins everywhere."""

import pytest
from django.urls import reverse
from django.utils import translation

from community import services
from community.models import WorkOrder
from core.errors import ValidationFailed
from core.testing.checks import client_for

pytestmark = pytest.mark.django_db


def test_a_work_provider_has_a_name_a_contact_person_a_full_name(personas, provider):
    with translation.override("lv"):
        with pytest.raises(ValidationFailed) as exc:
            services.provider_create(actor=personas.alice, unit=personas.org.riga_centre, name=" ", kind="ngo",
                                     status="active", stage="agreed")
        assert exc.value.message == "Ievadiet nosaukumu."  # not the person's "vārdu vai uzvārdu"
        with pytest.raises(ValidationFailed) as exc:
            services.contact_add(actor=personas.alice, provider=provider, name="", phone="20000000")
        assert exc.value.message == "Ievadiet vārdu un uzvārdu."
        assert str(WorkOrder.Status.CLOSED.label) == "slēgts"  # norīkojums, not a case file's "slēgta"
    with translation.override("en"):
        with pytest.raises(ValidationFailed) as exc:
            services.contact_add(actor=personas.alice, provider=provider, name="", phone="20000000")
        assert exc.value.message == "Enter the name."


def test_agreement_dates_and_filter_button_read_as_meant(personas, provider):
    """The agreement's 'Valid from' is not a role grant's "Derīga no"; 'Filter' is a verb on a button,
    not Django admin's noun "Filtrs"."""
    client = client_for(personas.alice)
    page = client.get(reverse("community:provider", args=[provider.pk])).content.decode()
    assert "Spēkā no" in page and "Spēkā līdz" in page and "Derīga no" not in page
    providers = client.get(reverse("community:providers")).content.decode()
    assert ">Atlasīt</button>" in providers and "Filtrs" not in providers
