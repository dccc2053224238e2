import datetime as dt

from django.utils import timezone

from accounts import services as accounts
from accounts.testing.personas import CASE_NON_READERS, CASE_READERS
from community.models import HourEntry
from core.testing.checks import assert_api_access, client_for
from partners import services as partners


def test_section_api_access(personas, order):
    url = f"/api/community/sections/{order.details.section_id}"
    assert_api_access(url, personas, allowed=sorted(CASE_READERS), denied=sorted(CASE_NON_READERS))
    body = client_for(personas.alice).get(url).json()
    assert body["ordered_hours"] == 100 and body["active_order_id"] == order.pk
    assert body["progress"]["conversion_days"] == 25


def test_the_old_provider_api_still_answers(personas, provider):
    """Deprecated: /api/partners/organisations. The same answers, under the community scopes."""
    assert_api_access("/api/community/providers", personas, allowed=["alice", "carol", "audrey"],
                      denied=["walt", "anna", "admin", "noah"])
    assert_api_access(f"/api/community/providers/{provider.pk}", personas, allowed=["alice"], denied=["walt"])
    response = client_for(personas.alice).post("/api/community/providers", {
        "name": "Biedrība", "kind": "ngo", "unit_id": personas.org.riga_centre.pk}, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "prospect"
    bad = client_for(personas.alice).post("/api/community/providers", {
        "name": "X", "kind": "pub", "unit_id": personas.org.riga_centre.pk}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["code"] == "kind_invalid" and bad.json()["field"] == "kind"


def test_hours_api(personas, order, walt_link, today):
    """The two hour-entry routes declare no permission (the role work_supervisor holds none): the
    service decides, so the supervisor linked to the work place and the client's officers may record and
    everyone else gets 404."""
    url = f"/api/community/orders/{order.pk}/hours"
    future = {"day": (today + dt.timedelta(days=1)).isoformat(), "hours": "2"}
    response = client_for(personas.alice).post(url, future, content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "day_future"
    for name in ("carol", "anna", "admin", "vera"):
        response = client_for(getattr(personas, name)).post(url, {"day": today.isoformat(), "hours": "2"},
                                                            content_type="application/json")
        assert response.status_code == 404 and response.json()["code"] == "not_found", name
    assert not HourEntry.objects.exists()
    response = client_for(personas.walt).post(url, {"day": today.isoformat(), "hours": "2"},
                                              content_type="application/json")
    assert response.status_code == 201 and response.json()["channel"] == "supervisor"
    bulk = client_for(personas.alice).post(f"/api/community/places/{order.place_id}/hours", {
        "day": (today - dt.timedelta(days=1)).isoformat(), "rows": [{"order_id": order.pk, "hours": "8.5"}]},
        content_type="application/json")
    assert bulk.status_code == 422 and bulk.json()["code"] == "daily_cap"


def test_rate_and_report_api(personas):
    assert_api_access("/api/community/hourly-rate/2024/1", personas, allowed=["anna", "hanna"],
                      denied=["alice", "walt", "admin"])
    body = client_for(personas.anna).get("/api/community/hourly-rate/2024/6").json()
    assert body["normal_hours"] == 160 and body["hourly_rate"] == "4.3750"
    assert_api_access("/api/community/report/2024", personas, allowed=["anna", "rita"], denied=["alice", "walt"])


def test_bulk_hours_api_by_the_supervisor_and_no_one_else(personas, order, walt_link, provider, today):
    url = f"/api/community/places/{order.place_id}/hours"
    payload = {"day": today.isoformat(), "rows": [{"order_id": order.pk, "hours": "3"}]}
    for name in ("carol", "otto", "audrey", "anna", "admin", "vera", "noah"):
        response = client_for(getattr(personas, name)).post(url, payload, content_type="application/json")
        assert response.status_code == 404 and response.json()["code"] == "not_found", name
    assert client_for(None).post(url, payload, content_type="application/json").status_code == 401
    response = client_for(personas.walt).post(url, payload, content_type="application/json")
    assert response.status_code == 201 and [e["channel"] for e in response.json()] == ["supervisor"]
    # An order at another place cannot ride along in this place's batch.
    other_place = partners.place_add(actor=personas.alice, organisation=provider, name="Skola", address="Iela 3",
                                     municipality="LV-RIX", kinds_of_work="Remonts", capacity=2)
    elsewhere = client_for(personas.walt).post(f"/api/community/places/{other_place.pk}/hours", payload,
                                               content_type="application/json")
    assert elsewhere.status_code == 404
    # A supervisor whose link has ended records nothing.
    walt_link.active = False
    walt_link.save()
    gone = client_for(personas.walt).post(url, {**payload, "day": (today - dt.timedelta(days=1)).isoformat()},
                                          content_type="application/json")
    assert gone.status_code == 404
    assert HourEntry.objects.count() == 1


def test_hours_api_with_a_token_needs_the_write_scope(personas, order):
    """A route without a permission still runs with the router's token scope: a token without
    ``community:write`` is refused before the service is asked; with it, the service decides (an
    integration account is neither the client's officer nor the place's supervisor: not found)."""
    account = accounts.service_account_create(actor=personas.admin, username="dvs", name="DVS")
    url = f"/api/community/orders/{order.pk}/hours"
    payload = {"day": timezone.localdate().isoformat(), "hours": "2"}
    for scopes, status, code in ((["read"], 403, "token_scope_missing"), (["read", "community:write"], 404, "not_found")):
        _token, raw = accounts.token_create(actor=personas.admin, account=account, name="t", scopes=scopes)
        response = client_for(None).post(url, payload, content_type="application/json",
                                         HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert (response.status_code, response.json()["code"]) == (status, code), scopes
    assert not HourEntry.objects.exists()
