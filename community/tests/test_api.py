import datetime as dt

from accounts.testing.personas import CASE_NON_READERS, CASE_READERS
from community.models import HourEntry
from core.testing.checks import assert_api_access, client_for


def test_section_api_access(personas, order):
    url = f"/api/community/sections/{order.details.section_id}"
    assert_api_access(url, personas, allowed=sorted(CASE_READERS), denied=sorted(CASE_NON_READERS))
    body = client_for(personas.alice).get(url).json()
    assert body["ordered_hours"] == 100 and body["active_order_id"] == order.pk
    assert body["progress"]["conversion_days"] == 25


def test_provider_api(personas, provider):
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
