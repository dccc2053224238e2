"""Work providers (partner organisations) seen from community service: a place's load counts the active
work orders, so its capacity and closing follow them; the value of the work per client, per provider
and per unit; the organisation page with community service's panel in a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from stdnum.lv import pvn

from accounts.roles import Role
from accounts.testing.personas import make_user
from community import reports, selectors, services
from community.models import HourEntry
from community.tests.conftest import make_client, open_section, record_details
from core.errors import Conflict, ValidationFailed
from core.models import ChangeLog
from core.testing.checks import assert_constant_queries, client_for
from partners import services as partners

# --- A place's load: the active work orders there ---------------------------------------------------


def test_place_capacity_cannot_drop_below_the_placed_clients_and_a_place_with_clients_stays_open(
        personas, order, place):
    base = {"name": place.name, "address": place.address, "municipality": place.municipality,
                "kinds_of_work": place.kinds_of_work, "working_times": place.working_times}
    d2 = record_details(personas.alice, open_section(personas.alice, make_client(
        personas, code="020295-11007", first="Ilze", birth=dt.date(1995, 2, 2))))
    services.order_issue(actor=personas.alice, details=d2, place=place, start_date=order.start_date, schedule="S")
    with pytest.raises(ValidationFailed) as exc:
        partners.place_update(actor=personas.alice, place=place, expected_version=place.version, capacity=1, **base)
    assert exc.value.code == "capacity_below_placed" and exc.value.field == "capacity"
    with pytest.raises(Conflict) as exc:
        partners.place_update(actor=personas.alice, place=place, expected_version=place.version, capacity=3,
                              active=False, **base)
    assert exc.value.code == "place_has_clients"
    place = partners.place_update(actor=personas.alice, place=place, expected_version=place.version, capacity=2,
                                  **{**base, "kinds_of_work": "Sniega tīrīšana"})
    assert place.capacity == 2 and place.version == 2
    with pytest.raises(Conflict) as exc:
        partners.place_update(actor=personas.alice, place=place, expected_version=1, capacity=5, **base)
    assert exc.value.status == 409
    url = reverse("partners:item_edit", args=[place.organisation_id, "place", place.pk])
    response = client_for(personas.alice).post(url, {**base, "capacity": "1", "version": place.version,
                                                     "active": "on"})
    assert response.status_code == 422 and "capacity" in response.context["form"].errors
    assert ChangeLog.objects.filter(verb="partner_place_update").count() == 1


def test_a_provider_with_placed_clients_stays_active_and_a_full_place_takes_no_one(personas, order, provider,
                                                                                   place):
    with pytest.raises(Conflict) as exc:
        partners.organisation_update(actor=personas.alice, organisation=provider, expected_version=provider.version,
                                     unit=provider.unit, name=provider.name, kind=provider.kind, status="inactive",
                                     stage=provider.stage)
    assert exc.value.code == "organisation_has_clients"
    place = partners.place_update(actor=personas.alice, place=place, expected_version=place.version, name=place.name,
                                  address=place.address, municipality=place.municipality,
                                  kinds_of_work=place.kinds_of_work, capacity=1)
    d2 = record_details(personas.alice, open_section(personas.alice, make_client(
        personas, code="020295-11007", first="Ilze", birth=dt.date(1995, 2, 2))))
    with pytest.raises(Conflict) as exc:
        services.order_issue(actor=personas.alice, details=d2, place=place, start_date=order.start_date, schedule="S")
    assert exc.value.code == "place_full"
    choices = dict(selectors.place_choices())
    assert choices[place.pk] == "Rīgas dārzi: Parks (1/1)"


def _hours_2024(order, details):
    HourEntry.objects.create(order=order, details=details, day=dt.date(2024, 1, 10), hours=10, channel="officer")
    HourEntry.objects.create(order=order, details=details, day=dt.date(2024, 6, 10), hours=10, channel="officer")
    HourEntry.objects.create(order=order, details=details, day=dt.date(2024, 6, 11), hours=5, channel="officer",
                             superseded=True)


def test_value_per_client_and_provider(personas, details, place):
    order = services.order_issue(actor=personas.alice, details=details, place=place,
                                 start_date=dt.date(2024, 1, 2), schedule="S")
    _hours_2024(order, details)
    section = details.section
    page = client_for(personas.alice).get(reverse("community:section", args=[section.case_id, section.pk]))
    [row] = page.context["values"]
    assert (row.year, row.hours, row.value) == (2024, Decimal(20), Decimal("81.79"))  # 10 × 3.8043 + 10 × 4.3750
    assert "81,79" in page.content.decode()  # Latvian number format
    page = client_for(personas.carol).get(reverse("partners:organisation", args=[place.organisation_id]))
    [panel] = [p["context"] for p in page.context["panels"] if p["code"] == "community"]
    assert [(r.year, r.value) for r in panel["values"]] == [(2024, Decimal("81.79"))]
    assert panel["value_total"] == (Decimal(20), Decimal("81.79"), True)
    assert "81,79" in page.content.decode()


def test_value_per_unit_in_the_report(personas, details, place):
    order = services.order_issue(actor=personas.alice, details=details, place=place,
                                 start_date=dt.date(2024, 1, 2), schedule="S")
    _hours_2024(order, details)
    report = reports.year_report(2024)
    [unit] = report.units
    assert unit.unit_id == personas.org.riga_centre.pk and unit.name == personas.org.riga_centre.name
    assert (unit.adult_hours, unit.minor_hours, unit.total_value, unit.people) == (20, 0, Decimal("81.79"), 1)
    body = client_for(personas.rita).get("/api/community/report/2024").json()
    [row] = body["units"]
    assert (row["unit_id"], row["name"], row["people"]) == (unit.unit_id, unit.name, 1)
    assert (Decimal(row["adult_hours"]), Decimal(row["minor_hours"]), Decimal(row["value_eur"])) == (
        20, 0, Decimal("81.79"))
    assert client_for(personas.otto).get("/api/community/report/2024").json()["units"] == []
    page = client_for(personas.otto).get(reverse("community:report"), {"year": 2024})
    assert page.context["report"].units == []  # Liepāja's head: only his unit
    page = client_for(personas.rita).get(reverse("community:report"), {"year": 2024})
    assert personas.org.riga_centre.name in page.content.decode() and len(page.context["report"].units) == 1


def test_provider_page_queries_are_constant(personas, provider, place, today):
    place.capacity = 20
    place.save()
    counter = {"n": 0}

    def build(n):

        for _ in range(n):
            i = counter["n"]
            counter["n"] += 1
            base = f"32{i + 40:08d}"
            code = next(base + str(c) for c in range(10) if pvn.is_valid(base + str(c)))
            d = record_details(personas.alice, open_section(personas.alice, make_client(personas, code=code)))
            o = services.order_issue(actor=personas.alice, details=d, place=place, start_date=today, schedule="S")
            services.hours_record(actor=personas.alice, order=o, day=today, hours="2")
            partners.rating_add(actor=personas.alice, organisation=provider, year=2000 + i, rated_on=today, score=3)
            partners.contact_add(actor=personas.alice, organisation=provider, name=f"K{i}", phone="1")
            services.supervisor_link(actor=personas.alice, provider=provider, user=make_user(
                f"walt{i}", Role.WORK_SUPERVISOR, unit=None))

    client = client_for(personas.alice)
    assert_constant_queries(build, lambda: client.get(reverse("partners:organisation", args=[provider.pk])))
