"""Providers: satisfaction, agreements, work places and contact persons edited (audited, stale edits
refused); the value of the work per client, per provider and per unit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from community import reports, services
from community.models import HourEntry
from community.tests.conftest import make_client, open_section, posted, record_details
from core.errors import Conflict, ValidationFailed
from core.models import ChangeLog
from core.testing.checks import assert_constant_queries, assert_page_access, client_for

EDITORS = ["alice", "bob", "hanna", "rita"]
NOT_EDITORS = ["carol", "otto", "anna", "rolf", "emil", "vera", "walt", "admin", "audrey", "noah"]


# --- Satisfaction ---------------------------------------------------------------------------------


def test_yearly_rating(personas, provider, today):
    rating = services.rating_add(actor=personas.alice, provider=provider, year=today.year, rated_on=today, score=4,
                                 note="Labi organizē darbu")
    assert ChangeLog.objects.filter(verb="community_rating_add").exists()
    with pytest.raises(Conflict) as exc:
        services.rating_add(actor=personas.alice, provider=provider, year=today.year, rated_on=today, score=5)
    assert exc.value.code == "rating_exists"
    for kwargs, code in (({"score": 6}, "score_invalid"), ({"score": 0}, "score_invalid"),
                         ({"year": today.year + 1}, "year_invalid"),
                         ({"rated_on": today + dt.timedelta(days=1)}, "rated_on_future")):
        args = {"year": today.year - 1, "rated_on": today, "score": 3, **kwargs}
        with pytest.raises(ValidationFailed) as exc:
            services.rating_add(actor=personas.alice, provider=provider, **args)
        assert exc.value.code == code
    url = reverse("community:provider_action", args=[provider.pk, "rating"])
    rated = posted("rating", {"year": today.year - 1, "rated_on": today, "score": "3"})
    assert client_for(personas.carol).post(url, rated).status_code == 404
    response = client_for(personas.alice).post(url, rated)
    assert response.status_code == 302
    page = client_for(personas.audrey).get(reverse("community:provider", args=[provider.pk])).content.decode()
    assert rating.note in page


# --- Agreements, work places, contact persons -------------------------------------------------------


def test_agreement_edit_and_end(personas, provider, today):
    agreement = services.agreement_add(actor=personas.alice, provider=provider, number="L-1",
                                       valid_from=today - dt.timedelta(days=300))
    url = reverse("community:provider_item_edit", args=[provider.pk, "agreement", agreement.pk])
    assert_page_access(url, personas, allowed=EDITORS, denied=NOT_EDITORS)
    data = {"version": agreement.version, "number": "L-1", "valid_from": agreement.valid_from.isoformat(),
            "status": "ended"}
    response = client_for(personas.alice).post(url, data)
    assert response.status_code == 422 and "valid_until" in response.context["form"].errors
    data["valid_until"] = today.isoformat()
    assert client_for(personas.alice).post(url, data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "ended" and agreement.valid_until == today and agreement.version == 2
    stale = client_for(personas.bob).post(url, {**data, "version": 1, "number": "L-2"})
    assert stale.status_code == 409
    agreement.refresh_from_db()
    assert agreement.number == "L-1"
    assert ChangeLog.objects.filter(verb="community_agreement_update").count() == 1


def test_place_capacity_cannot_drop_below_the_placed_clients_and_a_place_with_clients_stays_open(
        personas, order, place):
    base = {"name": place.name, "address": place.address, "municipality": place.municipality,
                "kinds_of_work": place.kinds_of_work, "working_times": place.working_times}
    d2 = record_details(personas.alice, open_section(personas.alice, make_client(
        personas, code="020295-11007", first="Ilze", birth=dt.date(1995, 2, 2))))
    services.order_issue(actor=personas.alice, details=d2, place=place, start_date=order.start_date, schedule="S")
    with pytest.raises(ValidationFailed) as exc:
        services.place_update(actor=personas.alice, place=place, expected_version=place.version, capacity=1, **base)
    assert exc.value.code == "capacity_below_placed" and exc.value.field == "capacity"
    with pytest.raises(Conflict) as exc:
        services.place_update(actor=personas.alice, place=place, expected_version=place.version, capacity=3,
                              active=False, **base)
    assert exc.value.code == "place_has_clients"
    place = services.place_update(actor=personas.alice, place=place, expected_version=place.version, capacity=2,
                                  **{**base, "kinds_of_work": "Sniega tīrīšana"})
    assert place.capacity == 2 and place.version == 2
    with pytest.raises(Conflict) as exc:
        services.place_update(actor=personas.alice, place=place, expected_version=1, capacity=5, **base)
    assert exc.value.status == 409
    url = reverse("community:provider_item_edit", args=[place.provider_id, "place", place.pk])
    response = client_for(personas.alice).post(url, {**base, "capacity": "1", "version": place.version,
                                                     "active": "on"})
    assert response.status_code == 422 and "capacity" in response.context["form"].errors
    assert ChangeLog.objects.filter(verb="community_place_update").count() == 1


def test_closing_an_empty_place(personas, place):
    url = reverse("community:provider_item_edit", args=[place.provider_id, "place", place.pk])
    data = {"name": place.name, "address": place.address, "municipality": place.municipality,
            "kinds_of_work": place.kinds_of_work, "capacity": place.capacity, "version": place.version}
    assert client_for(personas.alice).post(url, data).status_code == 302  # "active" unchecked: closed
    place.refresh_from_db()
    assert not place.active


def test_contact_edit(personas, provider):
    contact = services.contact_add(actor=personas.alice, provider=provider, name="Anna", phone="67000000")
    url = reverse("community:provider_item_edit", args=[provider.pk, "contact", contact.pk])
    assert_page_access(url, personas, allowed=EDITORS, denied=NOT_EDITORS)
    response = client_for(personas.alice).post(url, {"version": 1, "name": "Anna Liepa", "active": "on"})
    assert response.status_code == 422 and "phone" in response.context["form"].errors
    assert client_for(personas.alice).post(url, {"version": 1, "name": "Anna Liepa", "phone": "2000"}).status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Anna Liepa" and not contact.active and contact.version == 2
    assert client_for(personas.alice).post(url, {"version": 1, "name": "X", "phone": "1"}).status_code == 409
    assert ChangeLog.objects.filter(verb="community_contact_update").count() == 1


def test_an_item_of_another_provider_is_not_found(personas, provider, place):
    other = services.provider_create(actor=personas.alice, unit=personas.org.riga_centre, name="Cits",
                                     kind="company", status="active", stage="agreed")
    url = reverse("community:provider_item_edit", args=[other.pk, "place", place.pk])
    assert client_for(personas.alice).get(url).status_code == 404
    assert client_for(personas.alice).get(
        reverse("community:provider_item_edit", args=[provider.pk, "nonsense", place.pk])).status_code == 404


# --- Value per client, provider and unit -------------------------------------------------------------


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
    page = client_for(personas.carol).get(reverse("community:provider", args=[place.provider_id]))
    assert [(r.year, r.value) for r in page.context["values"]] == [(2024, Decimal("81.79"))]
    assert page.context["value_total"] == (Decimal(20), Decimal("81.79"), True)


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
        from stdnum.lv import pvn

        for _ in range(n):
            i = counter["n"]
            counter["n"] += 1
            base = f"32{i + 40:08d}"
            code = next(base + str(c) for c in range(10) if pvn.is_valid(base + str(c)))
            d = record_details(personas.alice, open_section(personas.alice, make_client(personas, code=code)))
            o = services.order_issue(actor=personas.alice, details=d, place=place, start_date=today, schedule="S")
            services.hours_record(actor=personas.alice, order=o, day=today, hours="2")
            services.rating_add(actor=personas.alice, provider=provider, year=2000 + i, rated_on=today, score=3)
            services.contact_add(actor=personas.alice, provider=provider, name=f"K{i}", phone="1")

    client = client_for(personas.alice)
    assert_constant_queries(build, lambda: client.get(reverse("community:provider", args=[provider.pk])))
