"""The client's e-testing in headless Chromium, by keyboard only: the code, one question a page with its
progress, a skip, Russian from the language switch, sending; then the officer sees the self-report on the
risk tab. Screenshots land in test-results/."""

from __future__ import annotations

import pytest

from accounts.testing.personas import PASSWORD
from tests.browser.test_smoke import CHROMIUM, assert_styled_and_scripted, in_db, page, shot  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed: apt-get install chromium"),
]


def test_a_client_answers_by_keyboard_and_the_officer_sees_it(live_server, personas, issued, history, page):  # noqa: F811
    questionnaire, code = issued
    base = live_server.url
    page.goto(f"{base}/risk/e-testing/")
    assert_styled_and_scripted(page)
    page.locator("#id_code").focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/risk/e-testing/question/")
    # The questionnaire was issued in Russian: the page opens in Russian.
    assert page.locator("html").get_attribute("lang") == "ru"
    total = len(questionnaire.items)
    assert f"из {total}" in page.locator("#progress").inner_text()
    shot(page, "etest-1-question")
    # First question: Tab to the radios, pick the second answer with the arrow keys, submit with Enter.
    page.locator("input[name=answer]").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/risk/e-testing/question/?q=1")
    # Second question: skip it with the keyboard.
    page.locator("button[name=skip]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/risk/e-testing/question/?q=2")
    # Sending without an answer shows the error summary, focused for screen readers.
    page.locator("button[name=next]").click()
    assert page.locator(".govuk-error-summary").is_visible()
    for _ in range(2, total):
        page.locator("input[name=answer]").first.check()
        page.locator("button[name=next]").click()
        page.wait_for_load_state()
    shot(page, "etest-2-review")
    page.locator("button[name=submit]").click()
    page.wait_for_url(f"{base}/risk/e-testing/done/")
    assert page.locator(".govuk-panel").is_visible()

    # The officer signs in and sees the client's answers marked, and the skipped one.
    page.goto(f"{base}/login/")
    page.fill("#id_username", personas.alice.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assessment_id = questionnaire.assessment_id
    page.goto(f"{base}/risk/assessments/{assessment_id}/")
    assert page.locator(".app-self-report").count() >= total - 1
    shot(page, "etest-3-officer")
    page.goto(f"{base}/risk/cases/{questionnaire.case_id}/")
    assert page.locator("main table").count() >= 2
    shot(page, "etest-4-risk-tab")
