"""Every page and endpoint with the personas; bad input beside the field; query counts; the live stream; the
EM location class."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from core.models import SensitiveRead
from core.testing.checks import assert_api_access, assert_constant_queries, assert_page_access, client_for
from monitoring import ingest, services
from monitoring.models import Alert, Gateway
from monitoring.tests.conftest import devices_of

pytestmark = pytest.mark.django_db
READERS = ["alice", "bob", "hanna", "rita", "emil", "audrey"]
NON_READERS = ["carol", "otto", "anna", "rolf", "vera", "walt", "admin", "noah"]
MANAGERS = ["alice", "bob", "hanna", "rita", "emil"]
NOT_MANAGERS = ["audrey", "carol", "otto", "anna", "vera", "walt", "noah"]
OPERATORS = ["emil"]
NOT_OPERATORS = ["alice", "bob", "carol", "hanna", "rita", "anna", "vera", "walt", "admin", "audrey", "noah"]


def url(name, section, *extra):
    return reverse(f"monitoring:{name}", args=[section.case_id, section.pk, *extra])


@pytest.fixture
def alert(equipped):
    d = devices_of(equipped)
    t = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)
    body = {"v": 1, "device": d["base"].serial, "seq": 1, "t": t.isoformat(), "kind": "strap_tamper"}
    ingest.ingest([(ingest.sign(body, d["base"].key), t, None)])
    return Alert.objects.get()


def test_em_login_lands_on_the_queue(personas):
    response = client_for(personas.emil).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:queue")


def test_section_page_access(equipped, personas):
    assert_page_access(url("section", equipped), personas, allowed=READERS, denied=NON_READERS)


def test_client_file_panel_links_to_the_em_page(equipped, personas):
    page = client_for(personas.alice).get(reverse("case_detail", args=[equipped.case_id])).content.decode()
    assert url("section", equipped) in page


@pytest.mark.parametrize("name", ["plan", "home", "fit", "end", "assign", "schedule", "exception", "zone"])
def test_write_pages_need_manage_in_scope(name, equipped, personas):
    assert_page_access(url(name, equipped), personas, allowed=MANAGERS, denied=NOT_MANAGERS, method="post",
                       ok_status=(422, 302))


def test_centre_pages_are_the_operators(alert, personas):
    assert_page_access(reverse("monitoring:queue"), personas, allowed=OPERATORS, denied=NOT_OPERATORS)
    assert_page_access(reverse("monitoring:devices"), personas, allowed=OPERATORS, denied=NOT_OPERATORS)
    assert_page_access(reverse("monitoring:stream") + "?once=1", personas, allowed=OPERATORS, denied=NOT_OPERATORS)
    assert_page_access(reverse("monitoring:alert", args=[alert.pk]), personas, allowed=READERS, denied=NON_READERS)
    assert_page_access(reverse("monitoring:alert_action", args=[alert.pk, "note"]), personas, allowed=OPERATORS,
                       denied=NOT_OPERATORS, method="post", ok_status=(422,))
    assert_page_access(reverse("monitoring:alert_review", args=[alert.pk]), personas,
                       allowed=["alice", "bob", "hanna", "rita"], denied=["emil", "carol", "otto", "audrey", "vera"],
                       method="post", ok_status=(422,))


def test_calculator_and_export_access(equipped, personas):
    assert_page_access(reverse("monitoring:calculator"), personas, allowed=["alice", "carol", "hanna", "rita"],
                       denied=["emil", "anna", "vera", "audrey", "noah"])
    assert_page_access(url("export", equipped), personas, allowed=["emil", "hanna", "audrey"],
                       denied=["alice", "carol", "otto", "vera", "anna", "noah"])


def test_calculator_shows_the_working(personas):
    page = client_for(personas.alice).get(reverse("monitoring:calculator"), {
        "calc-category": "less_serious", "calc-sentence_start": "2024-01-01", "calc-years": "6"}).content.decode()
    assert "01.01.2026" in page and "2192" in page


def test_negative_window_error_beside_the_field(equipped, personas):
    response = client_for(personas.alice).post(url("schedule", equipped), {
        "schedule-valid_from": "2026-01-01", "schedule-days": ["0", "1"], "schedule-start": "22:00",
        "schedule-end": "06:00", "schedule-place": "home"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "govuk-error-summary" in page and ("crosses midnight" in page or "pusnakt" in page)


def test_open_polygon_refused_on_the_page(equipped, personas):
    response = client_for(personas.alice).post(url("zone", equipped), {
        "zone-name": "Centrs", "zone-kind": "exclusion", "zone-polygon": "56.9, 24.1\n56.9, 24.2\n57.0, 24.2"})
    assert response.status_code == 422 and "govuk-error-summary" in response.content.decode()


def test_map_only_for_em_location_roles_and_the_read_is_logged(equipped, personas):
    services.zone_save(actor=personas.alice, section=equipped, name="Centrs", kind="exclusion",
                       polygon=[[56.9, 24.1], [56.9, 24.2], [57.0, 24.2], [56.9, 24.1]])
    assert 'id="em-map"' not in client_for(personas.alice).get(url("section", equipped)).content.decode()
    assert not SensitiveRead.objects.exists()
    page = client_for(personas.emil).get(url("section", equipped)).content.decode()
    assert 'id="em-map"' in page and "vendor/leaflet/leaflet.js" in page
    assert SensitiveRead.objects.filter(user=personas.emil, sensitivity="em_location").count() == 1


def test_export_json_and_csv(alert, equipped, personas):
    client = client_for(personas.emil)
    doc = json.loads(client.get(url("export", equipped)).content)
    assert doc["format"] == "probacija-em-history" and doc["locations_included"] is True
    assert doc["events"][0]["kind"] == "strap_tamper" and doc["alerts"][0]["kind"] == "strap_tamper"
    csv_text = client.get(url("export", equipped) + "?format=csv").content.decode()
    assert csv_text.splitlines()[0] == "record,id,time,end,kind,device,seq,lat,lon,detail"
    assert "\nalert," in csv_text
    hanna = json.loads(client_for(personas.hanna).get(url("export", equipped)).content)
    assert hanna["locations_included"] is False and "lat" not in hanna["events"][0]


def test_the_stream_pushes_alert_changes(alert, personas):
    client = client_for(personas.emil)
    since = (alert.updated_at - dt.timedelta(seconds=1)).isoformat()
    response = client.get(reverse("monitoring:stream"), {"once": "1", "since": since})
    assert response["Content-Type"] == "text/event-stream"
    body = b"".join(response.streaming_content).decode()
    assert "event: alert" in body and f'"id": {alert.pk}' in body
    services.alert_acknowledge(actor=personas.emil, alert=alert, note="", expected_version=alert.version)
    body = b"".join(client.get(reverse("monitoring:stream"), {"once": "1", "since": since}).streaming_content).decode()
    assert '"status": "acknowledged"' in body


def test_acknowledge_from_the_page(alert, personas):
    response = client_for(personas.emil).post(reverse("monitoring:alert_action", args=[alert.pk, "acknowledge"]),
                                              {"alert-note": "Redzu", "alert-version": alert.version})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "acknowledged" and alert.acknowledged_by == personas.emil


def test_queue_and_inventory_queries_do_not_grow(equipped, personas):
    from cases import services as case_services
    from people.services import person_create

    n = {"i": 0}

    def build(count):
        for _ in range(count):
            n["i"] += 1
            i = n["i"]
            person = person_create(actor=personas.alice, personal_code="", document_type="passport",
                                   document_number=f"P{i:07d}", first_name=f"Klients{i}", last_name="Zālīte",
                                   birth_date=dt.date(1980, 1, 1), sex="M", declared_municipality="LV-RIX",
                                   declared_address="Rīga")
            case = case_services.case_open(actor=personas.alice, person=person, responsible_officer=personas.alice)
            section = case_services.section_open(
                actor=personas.alice, case=case, kind="electronic_monitoring", basis_type="court_ruling",
                basis_number=f"K-{i}", basis_date=dt.date(2025, 1, 1), basis_issuer="Tiesa")
            Alert.objects.create(section=section, kind="strap_tamper", started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                                 raised_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                                 updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
            device = services.device_create(actor=personas.emil, kind="tag", serial=f"Q-{i}", model="RT-9")
            services.device_assign(actor=personas.alice, section=section, device=device)

    client = client_for(personas.emil)
    assert_constant_queries(build, lambda: client.get(reverse("monitoring:queue")))
    assert_constant_queries(build, lambda: client.get(reverse("monitoring:devices")), sizes=(14, 24))


# --- API -------------------------------------------------------------------------------------------


def test_api_access(alert, equipped, personas):
    assert_api_access("/api/monitoring/alerts", personas, allowed=OPERATORS, denied=NOT_OPERATORS)
    assert_api_access(f"/api/monitoring/sections/{equipped.pk}", personas, allowed=READERS, denied=NON_READERS)
    assert_api_access(f"/api/monitoring/sections/{equipped.pk}/export", personas, allowed=["emil", "hanna", "audrey"],
                      denied=["alice", "carol", "vera"])
    assert_api_access("/api/monitoring/devices", personas, allowed=OPERATORS, denied=["alice", "vera", "audrey"])
    assert_api_access("/api/monitoring/eligibility?category=life&sentence_start=2000-01-01", personas,
                      allowed=["alice", "carol"], denied=["emil", "vera", "audrey"])
    assert_api_access(f"/api/monitoring/alerts/{alert.pk}/note", personas, allowed=OPERATORS,
                      denied=["alice", "carol", "vera"], method="post", json={"note": "x"})
    assert_api_access(f"/api/monitoring/sections/{equipped.pk}/schedules", personas, allowed=[],
                      denied=["audrey", "carol", "vera"], method="post",
                      json={"valid_from": "2026-01-01", "windows": []})


def test_api_bad_input_codes(equipped, personas):
    client = client_for(personas.alice)
    response = client.post(f"/api/monitoring/sections/{equipped.pk}/schedules", data={
        "valid_from": "2026-01-01", "windows": [{"weekday": 0, "start": "22:00", "end": "06:00"}]},
        content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "window_negative"
    response = client.post(f"/api/monitoring/sections/{equipped.pk}/zones", data={
        "name": "A", "kind": "exclusion", "polygon": [[56.9, 24.1], [56.9, 24.2], [57.0, 24.2]]},
        content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "polygon_not_closed"
    serial = devices_of(equipped)["base"].serial
    response = client.post(f"/api/monitoring/sections/{equipped.pk}/devices", data={"serial": serial},
                           content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "device_assigned_twice"


def test_batch_endpoint_with_gateway_and_device_credentials(equipped, personas):
    from django.test import Client

    gateway, secret = services.gateway_create(actor=personas.emil, name="GW-Rīga")
    d = devices_of(equipped)
    t = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)
    bodies = [ingest.sign({"v": 1, "device": d["base"].serial, "seq": s, "t": (t + dt.timedelta(seconds=s)).isoformat(),
                           "kind": "heartbeat", "tag": "in"}, d["base"].key) for s in (1, 2, 2)]
    bodies.append({**bodies[0], "seq": 99})  # the signature no longer matches
    response = Client().post("/api/monitoring/ingest", data={"messages": bodies}, content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200, response.content
    assert response.json() == {"accepted": 2, "duplicates": 1, "rejected": [
        {"index": 3, "code": "signature_invalid", "message": "The message's signature does not match the device's key."}]}
    assert Gateway.objects.get().pk == gateway.pk
    device_token = f"dev_{d['base'].serial}.{d['base'].key}"
    response = Client().post("/api/monitoring/ingest", data={"messages": bodies[:1]}, content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {device_token}")
    assert response.json()["duplicates"] == 1
    # A staff session is not a sender: missing and forbidden look the same; no credential is 401.
    assert_api_access("/api/monitoring/ingest", personas, allowed=[], denied=["alice", "emil", "admin"],
                      method="post", json={"messages": bodies})
    for token in ("gw_unknown", f"dev_{d['base'].serial}.{'0' * 64}", ""):
        response = Client().post("/api/monitoring/ingest", data={"messages": bodies}, content_type="application/json",
                                 HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 401 and response.json()["code"] == "credential_unknown"


def test_visit_and_return_pages(equipped, personas):
    from monitoring.models import DeviceAssignment

    assert_page_access(url("visit", equipped), personas, allowed=MANAGERS, denied=NOT_MANAGERS, method="post",
                       data={"visit-visit": "monitoring.check_visit"}, ok_status=(302,))
    assignment = DeviceAssignment.objects.filter(section=equipped, kind="tag").get()
    assert_page_access(url("device_return", equipped, assignment.pk), personas, allowed=["alice"],
                       denied=NOT_MANAGERS, method="post", data={"return-reason": "Bojāta", "return-status": "faulty"},
                       ok_status=(302,))
    assert DeviceAssignment.objects.get(pk=assignment.pk).returned_at is not None


def test_more_api_access(alert, equipped, personas):
    from monitoring.models import DeviceAssignment

    assert_api_access(f"/api/monitoring/sections/{equipped.pk}/zones", personas, allowed=["alice", "emil"],
                      denied=["audrey", "carol", "vera"], method="post", json={"name": "", "kind": "exclusion",
                                                                               "polygon": []}, ok_status=(422,))
    assert_api_access(f"/api/monitoring/sections/{equipped.pk}/devices", personas, allowed=["alice", "emil"],
                      denied=["audrey", "carol", "vera"], method="post", json={"serial": "NONE"}, ok_status=(422,))
    assert_api_access("/api/monitoring/devices", personas, allowed=["emil"], denied=["alice", "vera", "audrey"],
                      method="post", json={"kind": "tag", "serial": "", "model": ""}, ok_status=(422,))
    assert_api_access(f"/api/monitoring/alerts/{alert.pk}/review", personas, allowed=["alice", "hanna"],
                      denied=["emil", "carol", "vera", "audrey"], method="post", json={"response": "none", "note": ""},
                      ok_status=(422,))
    assignment = DeviceAssignment.objects.filter(section=equipped, kind="gps").get()
    assert_api_access(f"/api/monitoring/assignments/{assignment.pk}/return", personas, allowed=["alice"],
                      denied=["carol", "vera", "audrey"], method="post", json={"note": ""}, ok_status=(422,))


def test_created_device_credential_is_shown_once(personas):
    response = client_for(personas.emil).post("/api/monitoring/devices", data={"kind": "gps", "serial": "gp-77",
                                                                               "model": "GT-5"},
                                              content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["serial"] == "GP-77" and body["credential"].startswith("dev_GP-77.")
    listed = client_for(personas.emil).get("/api/monitoring/devices").json()
    assert "credential" not in listed[0] and "key" not in listed[0]
