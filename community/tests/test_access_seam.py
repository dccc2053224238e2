"""Persona access of the community-service pages and API routes that had none, and the query count of the
work-provider supervisor's page (tests/test_seam.py asks for one per page, route and list). The partner
organisations' own pages and API are tested in partners/tests."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from stdnum.lv import pvn

from cases import services as case_services
from community import services
from community.models import CommunityServiceDetails, HourEntry
from community.tests.conftest import open_section, record_details
from core.testing.checks import assert_api_access, assert_constant_queries, assert_page_access, client_for
from documents.models import CaseDocument
from partners import services as partners
from partners.models import Organisation
from people import services as people_services

MANAGERS = ["alice", "bob", "hanna", "rita"]  # section.manage over Alice's unit
NOT_MANAGERS = ["carol", "otto", "audrey", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]


def _url(name, section, *extra):
    return reverse(f"community:{name}", args=[section.case_id, section.pk, *extra])


def test_details_form_posts_need_section_manage_in_scope(personas, cs_section):
    # Those who may manage the section get the form back with its errors (nothing is saved).
    assert_page_access(_url("details", cs_section), personas, allowed=MANAGERS, denied=NOT_MANAGERS,
                       method="post", data={}, ok_status=(422,))
    assert not CommunityServiceDetails.objects.exists()


def test_hours_form_posts_need_section_manage_in_scope(personas, order):
    section = order.details.section
    assert_page_access(_url("hours_add", section), personas, allowed=MANAGERS, denied=NOT_MANAGERS,
                       method="post", data={}, ok_status=(422,))
    assert not HourEntry.objects.exists()


def test_order_document_again_only_for_managers(personas, order):
    section = order.details.section
    url = _url("order_document", section, order.pk)
    docs = CaseDocument.objects.filter(case=section.case, format="docx")
    before = docs.count()
    assert_page_access(url, personas, allowed=["alice"], denied=NOT_MANAGERS, method="post", ok_status=(302,))
    assert docs.count() == before + 1


# --- API ---------------------------------------------------------------------------------------------


def test_provider_create_over_the_old_api(personas):
    unit = personas.org.riga_centre.pk
    assert_api_access("/api/community/providers", personas, method="post", allowed=MANAGERS[:1],
                      json={"name": "Biedrība", "kind": "ngo", "unit_id": unit}, ok_status=(201,),
                      denied=["audrey", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"])
    # An officer of another unit may not add a provider to Alice's unit.
    response = client_for(personas.carol).post("/api/community/providers", {
        "name": "Cits", "kind": "ngo", "unit_id": unit}, content_type="application/json")
    assert response.status_code in (404, 422) and response.json()["code"]
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Biedrība"]


def test_hours_over_the_api_for_the_clients_officers_and_the_places_supervisor(personas, order, walt_link, today):
    not_allowed = ["carol", "otto", "audrey", "anna", "rolf", "emil", "vera", "admin", "noah"]
    future = (today + dt.timedelta(days=1)).isoformat()  # those allowed get the day refused, after the access check
    one = f"/api/community/orders/{order.pk}/hours"
    assert_api_access(one, personas, method="post", json={"day": future, "hours": "1"}, allowed=[*MANAGERS, "walt"],
                      denied=not_allowed, ok_status=(422,))
    bulk = f"/api/community/places/{order.place_id}/hours"
    assert_api_access(bulk, personas, method="post", json={"day": future, "rows": [{"order_id": order.pk, "hours": 1}]},
                      allowed=[*MANAGERS, "walt"], denied=not_allowed, ok_status=(422,))
    assert not HourEntry.objects.exists()
    for client, url, data in (
            (client_for(personas.alice), one, {"day": (today - dt.timedelta(days=2)).isoformat(), "hours": "1"}),
            (client_for(personas.walt), bulk, {"day": (today - dt.timedelta(days=1)).isoformat(),
                                               "rows": [{"order_id": order.pk, "hours": "2"}]})):
        assert client.post(url, data, content_type="application/json").status_code == 201
    assert sorted(HourEntry.objects.values_list("channel", flat=True)) == ["officer", "supervisor"]


# --- The supervisor's page ---------------------------------------------------------------------------


def test_supervisor_page_query_count_is_constant(personas, provider, place, walt_link, today):
    place.capacity = 50
    place.save()
    counter = {"n": 0}

    def build(n):
        for _ in range(n):
            i = counter["n"]
            counter["n"] += 1
            base = f"32{i:08d}"  # new-format codes carry no date of birth
            code = next(base + str(c) for c in range(10) if pvn.is_valid(base + str(c)))
            person = people_services.person_create(
                actor=personas.alice, personal_code=code, first_name=f"K{i}", last_name="L",
                birth_date=dt.date(1990, 1, 1), sex="M", declared_municipality="LV-RIX", declared_address="Iela 1")
            case = case_services.case_open(actor=personas.alice, person=person, responsible_officer=personas.alice)
            details = record_details(personas.alice, open_section(personas.alice, case))
            at = place if i % 2 else partners.place_add(
                actor=personas.alice, organisation=provider, name=f"Vieta {i}", address="Iela 2", municipality="LV-RIX",
                kinds_of_work="Darbs", capacity=5)
            services.order_issue(actor=personas.alice, details=details, place=at, start_date=today, schedule="S")

    walt = client_for(personas.walt)
    # Each order generates its document, which is slow: 2 and 6 clients show a growth as well as 2 and 12.
    assert_constant_queries(build, lambda: walt.get(reverse("community:supervisor")), sizes=(2, 6))
