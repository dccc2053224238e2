"""The work providers moved from community service to ``partners`` with their data (migrations
``partners.0001``, ``community.0004``, ``partners.0002``): run on a database with providers, places,
agreements, contacts, notes, ratings, a linked supervisor, a work order and hours, backwards to where
community service owned them and forwards again. Every row keeps its id, every link (work orders to
their place, places to their organisation, supervisors to theirs) stays, and the database still refuses
to delete a place a work order points to."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cases import services as case_services
from community import services as community_services
from community.models import HourEntry, ProviderSupervisor, WorkOrder
from partners import services
from partners.models import Agreement, ContactPerson, Note, Organisation, Place, Rating

BEFORE = [("community", "0003_providers_documents_ratings"), ("partners", None)]
OLD_TABLES = {"community_workprovider", "community_agreement", "community_workplace", "community_contactperson",
              "community_providernote", "community_providerrating"}
NEW_TABLES = {"partners_organisation", "partners_agreement", "partners_place", "partners_contactperson",
              "partners_note", "partners_rating"}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_row_and_link(personas, client_case):
    today = timezone.localdate()
    alice = personas.alice
    organisation = services.organisation_create(actor=alice, unit=personas.org.riga_centre, name="Rīgas dārzi",
                                                kind="municipal", status="active", stage="agreed")
    other = services.organisation_create(actor=alice, unit=personas.org.riga_centre, name="Biedrība",
                                         kind="ngo", status="prospect", stage="contacted")
    place = services.place_add(actor=alice, organisation=organisation, name="Parks", address="Parka iela 1",
                               municipality="LV-RIX", kinds_of_work="Sakopšana", capacity=3)
    services.agreement_add(actor=alice, organisation=organisation, number="L-1", valid_from=today)
    services.contact_add(actor=alice, organisation=organisation, name="Anna", phone="67000000")
    services.note_add(actor=alice, organisation=other, text="Zvanīju")
    services.rating_add(actor=alice, organisation=organisation, year=today.year, rated_on=today, score=4)
    in_force = today - dt.timedelta(days=60)
    section = case_services.section_open(
        actor=alice, case=client_case, kind="community_service", basis_type="court_ruling", basis_number="K1",
        basis_date=in_force - dt.timedelta(days=10), basis_issuer="Rīgas pilsētas tiesa", basis_in_force=in_force)
    details = community_services.details_create(actor=alice, section=section, order_type="court_sentence",
                                                ordered_hours=100, registration_basis="ruling", basis_event_date=None,
                                                ruling_in_force=in_force)
    order = community_services.order_issue(actor=alice, details=details, place=place, start_date=in_force,
                                           schedule="Sestdienās")
    community_services.hours_record(actor=alice, order=order, day=today, hours="4")
    ProviderSupervisor.objects.create(user=personas.walt, provider=organisation)
    latest = _latest()
    try:
        _migrate(BEFORE)
        tables = set(connection.introspection.table_names())
        assert tables >= OLD_TABLES and not NEW_TABLES & tables
        assert _rows("SELECT id, provider_id FROM community_workplace") == [(place.pk, organisation.pk)]
        assert _rows("SELECT id, place_id FROM community_workorder") == [(order.pk, place.pk)]
        assert _rows("SELECT user_id, provider_id FROM community_providersupervisor") == [
            (personas.walt.pk, organisation.pk)]
        assert _rows("SELECT provider_id FROM community_providernote") == [(other.pk,)]
    finally:
        _migrate(latest)
    tables = set(connection.introspection.table_names())
    assert tables >= NEW_TABLES and not OLD_TABLES & tables
    assert sorted(Organisation.objects.values_list("pk", "name")) == sorted(
        [(organisation.pk, "Rīgas dārzi"), (other.pk, "Biedrība")])
    assert Place.objects.get().organisation_id == organisation.pk
    assert Agreement.objects.get().organisation_id == organisation.pk
    assert ContactPerson.objects.get().organisation_id == organisation.pk
    assert Note.objects.get().organisation_id == other.pk
    assert Rating.objects.get().organisation_id == organisation.pk
    assert WorkOrder.objects.get().place_id == place.pk
    assert HourEntry.objects.get().order_id == order.pk
    assert ProviderSupervisor.objects.get().provider_id == organisation.pk
    # The foreign keys are the database's, not only Django's: a place with a work order cannot go.
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM partners_place WHERE id = %s", [place.pk])
    assert Place.objects.filter(pk=place.pk).exists()
    # And the services work on the moved rows.
    assert community_services.hours_record(actor=alice, order=order, day=today - dt.timedelta(days=1),
                                           hours="2").hours == 2
