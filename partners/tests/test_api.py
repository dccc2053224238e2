"""The partner organisations API: the same access as the pages, errors with a code."""

from core.testing.checks import assert_api_access, client_for
from partners import registry


def test_organisations_api(personas, organisation, place):
    assert_api_access("/api/partners/organisations", personas, allowed=["alice", "carol", "audrey"],
                      denied=["walt", "anna", "admin", "noah", "vera"])
    assert_api_access(f"/api/partners/organisations/{organisation.pk}", personas, allowed=["alice", "carol"],
                      denied=["walt", "anna"])
    assert client_for(personas.alice).get(f"/api/partners/organisations/{organisation.pk + 99}").status_code == 404
    body = client_for(personas.alice).get("/api/partners/organisations", {"status": "active"}).json()
    assert [o["name"] for o in body] == ["Rīgas dārzi"]
    assert client_for(personas.alice).get("/api/partners/organisations", {"status": "prospect"}).json() == []


def test_add_an_organisation(personas):
    url = "/api/partners/organisations"
    payload = {"name": "Biedrība", "kind": "ngo", "unit_id": personas.org.riga_centre.pk}
    assert_api_access(url, personas, allowed=[], denied=["walt", "anna", "audrey", "admin"], method="post",
                      json=payload)
    response = client_for(personas.alice).post(url, payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "prospect"
    bad = client_for(personas.alice).post(url, {**payload, "kind": "pub"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["code"] == "kind_invalid" and bad.json()["field"] == "kind"
    other_unit = client_for(personas.carol).post(url, payload, content_type="application/json")
    assert other_unit.status_code == 422 and other_unit.json()["code"] == "unit_not_yours"


def test_places_with_the_clients_placed(personas, organisation, place):
    url = f"/api/partners/organisations/{organisation.pk}/places"
    assert_api_access(url, personas, allowed=["alice", "audrey"], denied=["walt", "anna"])
    [row] = client_for(personas.alice).get(url).json()
    assert (row["id"], row["capacity"], row["placed"], row["active"]) == (place.pk, 3, 0, True)
    registry.register(registry.Use(app="placing_test", placed=lambda ids: {place.pk: 2} if place.pk in ids else {}))
    try:
        [row] = client_for(personas.alice).get(url).json()
    finally:
        registry.USES.pop("placing_test")
    assert row["placed"] == 2
