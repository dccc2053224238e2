"""End-to-end in headless Chromium: an officer records a violation on a supervision section (first
with a missing description, using the error summary to reach the field by keyboard), issues the
written warning and downloads its letter.
"""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.testing.personas import PASSWORD
from tests.browser.test_smoke import CHROMIUM, assert_styled_and_scripted, in_db, page, shot  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed: apt-get install chromium"),
]


@pytest.fixture
def supervised(client_case, personas):
    from cases.models import Section
    from supervision import services

    section = Section.objects.get(case=client_case)
    services.supervision_register(actor=personas.alice, section=section, start_date=dt.date(2025, 9, 12),
                                  end_date=dt.date(2027, 9, 12), intensity="high")
    return section


def test_officer_records_a_violation_and_issues_the_warning(live_server, personas, supervised, page):  # noqa: F811
    from supervision.models import Violation, Warning

    violations = lambda: in_db(Violation.objects.count)  # noqa: E731
    warnings = lambda: in_db(Warning.objects.count)  # noqa: E731

    base = live_server.url
    section = supervised
    page.goto(f"{base}/login/")
    page.fill("#id_username", personas.alice.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{base}/supervision/case/{section.case_id}/section/{section.pk}/")
    assert_styled_and_scripted(page)
    page.get_by_text("Reģistrēt pārkāpumu").click()  # the <details> summary

    # Forget the description: the error summary names it and its link takes the focus to the field.
    page.select_option("#id_violation-kind", "duty_breach")
    page.fill("#id_violation-occurred_on", (dt.date.today() - dt.timedelta(days=1)).isoformat())
    page.locator("form[action$='/violations/'] button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 1, page.locator("main").inner_text()[:2000]
    link = summary.locator("a").first
    assert link.get_attribute("href") == "#id_violation-description"
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_violation-description"
    assert violations() == 0
    shot(page, "sup-1-error")

    page.keyboard.type("Neieradās uz norunāto tikšanos un nepaziņoja iemeslu.")
    page.locator("form[action$='/violations/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert violations() == 1, page.locator("main").inner_text()[:2000]

    # Issue the written warning; its letter is linked from the violation.
    page.get_by_role("button", name="Izteikt rakstisku brīdinājumu").click()
    page.wait_for_load_state()
    # The letter is shown first; nothing counts until it is confirmed (documents.confirm).
    assert warnings() == 0
    assert "Bērziņš" in page.locator(".app-letter-preview").inner_text()
    page.get_by_label("Esmu pārbaudījis vēstuli: izsniegt").check()
    page.get_by_role("button", name="Izsniegt", exact=True).click()
    page.wait_for_load_state()
    assert warnings() == 1
    assert page.get_by_role("button", name="Izteikt rakstisku brīdinājumu").count() == 0
    with page.expect_download() as download:
        page.locator("main table a", has_text="vēstule").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    shot(page, "sup-2-warning")
