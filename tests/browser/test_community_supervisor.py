"""End-to-end in headless Chromium: a work provider's supervisor signs in, lands on their work
places, sees their client by first name and case number only, enters a day's hours — first too
many for one day (the error is beside the client's row), then the right number.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.testing.personas import PASSWORD
from tests.browser.test_smoke import CHROMIUM, assert_styled_and_scripted, in_db, page, shot  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed: apt-get install chromium"),
]


@pytest.fixture
def placed(client_case, personas):
    from cases import services as case_services
    from community import services
    from community.models import ProviderSupervisor
    from partners import services as partners

    in_force = timezone.localdate() - dt.timedelta(days=60)
    section = case_services.section_open(
        actor=personas.alice, case=client_case, kind="community_service", basis_type="court_ruling",
        basis_number="K30-55-26", basis_date=in_force - dt.timedelta(days=10), basis_issuer="Rīgas pilsētas tiesa",
        basis_in_force=in_force)
    details = services.details_create(actor=personas.alice, section=section, order_type="court_sentence",
                                      ordered_hours=100, registration_basis="ruling", basis_event_date=None,
                                      ruling_in_force=in_force)
    provider = partners.organisation_create(actor=personas.alice, unit=personas.org.riga_centre,
                                            name="Rīgas dārzi", kind="municipal", status="active", stage="agreed")
    place = partners.place_add(actor=personas.alice, organisation=provider, name="Parks", address="Parka iela 1",
                               municipality="LV-RIX", kinds_of_work="Sakopšana", capacity=3,
                               working_times="Sestdienās 9–15")
    order = services.order_issue(actor=personas.alice, details=details, place=place,
                                 start_date=timezone.localdate() - dt.timedelta(days=30), schedule="Sestdienās")
    ProviderSupervisor.objects.create(user=personas.walt, provider=provider)
    return order


def test_supervisor_enters_a_days_hours(live_server, personas, client_case, placed, page):  # noqa: F811
    from community.models import HourEntry
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("#id_username", personas.walt.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/community/supervisor/")
    assert_styled_and_scripted(page)
    main = page.locator("main").inner_text()
    assert client_case.registration_number in main and "Jānis" in main
    assert "Bērziņš" not in main and "161175" not in main  # first name and case number, no more
    shot(page, "cs-1-places")

    page.locator("main a.govuk-button").first.click()
    page.wait_for_url(f"{base}/community/places/{placed.place_id}/hours/")
    field = f"#id_hours_{placed.pk}"
    page.fill(field, "12")
    page.locator("main form button.govuk-button").click()
    page.wait_for_load_state()
    assert page.locator(f"{field}-error").count() == 1, page.locator("main").inner_text()[:1500]
    assert page.locator(field).get_attribute("aria-invalid") == "true"
    assert in_db(HourEntry.objects.count) == 0
    shot(page, "cs-2-too-many")

    page.fill(field, "4")
    page.locator("main form button.govuk-button").click()
    page.wait_for_load_state()
    entries = in_db(lambda: list(HourEntry.objects.values_list("hours", "day")))
    assert entries == [(4, timezone.localdate())]
    shot(page, "cs-3-recorded")
