"""Partner organisations' services: the rules of each record, the unit an organisation is given, the
version of an edit, and a change-log row for every change."""

import datetime as dt

import pytest
from django.utils import translation

from core.errors import Conflict, ValidationFailed
from core.models import ChangeLog
from partners import registry, services
from partners.models import Organisation


def _code(exc):
    return exc.value.code, exc.value.field


def test_organisation_needs_a_name_a_kind_and_a_unit_the_actor_works_in(personas):
    base = {"name": "Biedrība", "kind": "ngo", "status": "active", "stage": "agreed"}
    for bad, expected in (({"name": " "}, ("name_required", "name")), ({"kind": "pub"}, ("kind_invalid", "kind")),
                          ({"status": "x"}, ("status_invalid", "status")), ({"stage": "x"}, ("stage_invalid", "stage"))):
        with pytest.raises(ValidationFailed) as exc:
            services.organisation_create(actor=personas.alice, unit=personas.org.riga_centre, **{**base, **bad})
        assert _code(exc) == expected
    with pytest.raises(ValidationFailed) as exc:
        services.organisation_create(actor=personas.alice, unit=personas.org.liepaja, **base)
    assert _code(exc) == ("unit_not_yours", "unit")
    with pytest.raises(ValidationFailed) as exc:
        services.organisation_create(actor=personas.alice, unit=personas.org.riga_region, **base)
    assert _code(exc) == ("unit_kind", "unit")
    assert not Organisation.objects.exists()
    organisation = services.organisation_create(actor=personas.alice, unit=personas.org.riga_centre,
                                                **{**base, "name": " Biedrība "})
    assert organisation.name == "Biedrība"
    assert ChangeLog.objects.filter(verb="partner_organisation_create", object_id=str(organisation.pk)).exists()


def test_organisation_update_is_versioned(personas, organisation):
    fields = {"name": "Rīgas dārzi un parki", "kind": "municipal", "status": "active", "stage": "agreed"}
    changed = services.organisation_update(actor=personas.bob, organisation=organisation,
                                           expected_version=organisation.version, unit=personas.org.riga_centre,
                                           **fields)
    assert changed.name == "Rīgas dārzi un parki" and changed.version == 2
    with pytest.raises(Conflict) as exc:
        services.organisation_update(actor=personas.bob, organisation=organisation, expected_version=1,
                                     unit=personas.org.riga_centre, **fields)
    assert exc.value.status == 409
    # Carol works in Liepāja: she may not change an organisation of Rīga centre.
    with pytest.raises(ValidationFailed) as exc:
        services.organisation_update(actor=personas.carol, organisation=organisation, expected_version=2,
                                     unit=personas.org.liepaja, **fields)
    assert _code(exc) == ("unit_not_yours", "unit")


def test_placed_clients_keep_a_place_open_and_its_organisation_active(personas, organisation, place):
    """A function that places clients counts them through the registry; here a stand-in function
    that has placed two clients at the place."""
    registry.register(registry.Use(app="placing_test", placed=lambda ids: {place.pk: 2} if place.pk in ids else {}))
    try:
        base = {"name": place.name, "address": place.address, "municipality": place.municipality,
                "kinds_of_work": place.kinds_of_work}
        with pytest.raises(ValidationFailed) as exc:
            services.place_update(actor=personas.alice, place=place, expected_version=place.version, capacity=1,
                                  **base)
        assert _code(exc) == ("capacity_below_placed", "capacity")
        with pytest.raises(Conflict) as conflict:
            services.place_update(actor=personas.alice, place=place, expected_version=place.version, capacity=3,
                                  active=False, **base)
        assert conflict.value.code == "place_has_clients"
        with pytest.raises(Conflict) as conflict:
            services.organisation_update(actor=personas.alice, organisation=organisation,
                                         expected_version=organisation.version, unit=organisation.unit,
                                         name=organisation.name, kind=organisation.kind, status="inactive",
                                         stage=organisation.stage)
        assert conflict.value.code == "organisation_has_clients"
        assert services.place_update(actor=personas.alice, place=place, expected_version=place.version, capacity=2,
                                     **base).capacity == 2
    finally:
        registry.USES.pop("placing_test")
    closed = services.place_update(actor=personas.alice, place=place, expected_version=2, capacity=2, active=False,
                                   **base)
    assert not closed.active
    assert ChangeLog.objects.filter(verb="partner_place_update").count() == 2


@pytest.mark.parametrize(("capacity", "municipality", "code"), [
    (0, "LV-RIX", "capacity_invalid"), (None, "LV-RIX", "capacity_invalid"), (2, "Rīga", "municipality_invalid"),
])
def test_place_rules(personas, organisation, capacity, municipality, code):
    with pytest.raises(ValidationFailed) as exc:
        services.place_add(actor=personas.alice, organisation=organisation, name="Dārzs", address="Iela 1",
                           municipality=municipality, kinds_of_work="Ravēšana", capacity=capacity)
    assert exc.value.code == code


def test_agreements(personas, organisation, today):
    agreement = services.agreement_add(actor=personas.alice, organisation=organisation, number="L-1",
                                       valid_from=today - dt.timedelta(days=300))
    with pytest.raises(Conflict) as exc:
        services.agreement_add(actor=personas.alice, organisation=organisation, number="L-1", valid_from=today)
    assert exc.value.code == "agreement_duplicate"
    for kwargs, code in (({"valid_from": None}, "valid_from_required"),
                         ({"valid_until": today - dt.timedelta(days=400)}, "valid_until_before_from"),
                         ({"signed_on": today + dt.timedelta(days=1)}, "signed_on_future"),
                         ({"status": "ended"}, "valid_until_required")):
        args = {"number": "L-2", "valid_from": today - dt.timedelta(days=300), **kwargs}
        with pytest.raises(ValidationFailed) as exc:
            services.agreement_add(actor=personas.alice, organisation=organisation, **args)
        assert exc.value.code == code
    ended = services.agreement_update(actor=personas.alice, agreement=agreement, expected_version=1, number="L-1",
                                      valid_from=agreement.valid_from, valid_until=today, status="ended")
    assert ended.status == "ended" and ended.version == 2
    assert ChangeLog.objects.filter(verb="partner_agreement_update", object_id=str(agreement.pk)).exists()


def test_contacts_notes_and_ratings(personas, organisation, today):
    with pytest.raises(ValidationFailed) as exc:
        services.contact_add(actor=personas.alice, organisation=organisation, name="Anna")
    assert _code(exc) == ("contact_required", "phone")
    contact = services.contact_add(actor=personas.alice, organisation=organisation, name="Anna", email="a@example.org")
    assert services.contact_update(actor=personas.alice, contact=contact, expected_version=1, name="Anna Liepa",
                                   phone="2000", active=False).version == 2
    with pytest.raises(ValidationFailed) as exc:
        services.note_add(actor=personas.alice, organisation=organisation, text=" ")
    assert exc.value.code == "text_required"
    note = services.note_add(actor=personas.alice, organisation=organisation, text="Zvanīju")
    assert note.author == personas.alice
    rating = services.rating_add(actor=personas.alice, organisation=organisation, year=today.year, rated_on=today,
                                 score=4, note="Labi organizē darbu")
    assert ChangeLog.objects.filter(verb="partner_rating_add", object_id=str(rating.pk)).exists()
    with pytest.raises(Conflict) as conflict:
        services.rating_add(actor=personas.alice, organisation=organisation, year=today.year, rated_on=today, score=5)
    assert conflict.value.code == "rating_exists"
    for kwargs, code in (({"score": 6}, "score_invalid"), ({"score": 0}, "score_invalid"),
                         ({"year": today.year + 1}, "year_invalid"),
                         ({"rated_on": today + dt.timedelta(days=1)}, "rated_on_future")):
        args = {"year": today.year - 1, "rated_on": today, "score": 3, **kwargs}
        with pytest.raises(ValidationFailed) as exc:
            services.rating_add(actor=personas.alice, organisation=organisation, **args)
        assert exc.value.code == code


def test_latvian_messages_name_an_organisation_and_a_person(personas, organisation):
    """"Enter the name." reads differently for an organisation and for a contact person (msgid contexts)."""
    with translation.override("lv"):
        with pytest.raises(ValidationFailed) as exc:
            services.organisation_create(actor=personas.alice, unit=personas.org.riga_centre, name=" ", kind="ngo",
                                         status="active", stage="agreed")
        assert exc.value.message == "Ievadiet nosaukumu."
        with pytest.raises(ValidationFailed) as exc:
            services.contact_add(actor=personas.alice, organisation=organisation, name="", phone="20000000")
        assert exc.value.message == "Ievadiet vārdu un uzvārdu."
    with translation.override("en"):
        with pytest.raises(ValidationFailed) as exc:
            services.contact_add(actor=personas.alice, organisation=organisation, name="", phone="20000000")
        assert exc.value.message == "Enter the name."
