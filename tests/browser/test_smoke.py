"""End-to-end smoke test in headless Chromium (Debian's /usr/bin/chromium; never a downloaded one).

An officer signs in, finds her client by typing the name without diacritics, opens the client file,
and switches the interface from Latvian to English. The page must be styled and its scripts must run.
A screenshot of each step lands in test-results/ (git-ignored).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from accounts.testing.personas import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
RESULTS = Path(settings.BASE_DIR) / "test-results"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed: apt-get install chromium"),
]


@pytest.fixture
def page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    RESULTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        context = browser.new_context(locale="lv-LV", viewport={"width": 1280, "height": 900})
        # Generous: a loaded CI machine (load average 10+) can take many seconds to render a page; a
        # timeout only ever ends a test that would fail anyway, so a long one costs nothing when green.
        context.set_default_timeout(60_000)
        context.set_default_navigation_timeout(90_000)
        page = context.new_page()
        page.failed_assets = []  # type: ignore[attr-defined]

        def check_asset(response) -> None:  # type: ignore[no-untyped-def]
            if "/static/" in response.url and response.status >= 400:
                page.failed_assets.append(f"{response.status} {response.url}")  # type: ignore[attr-defined]

        page.on("response", check_asset)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    page.screenshot(path=str(RESULTS / f"smoke-{name}-{worker}.png"), full_page=True)


def in_db(fn):  # type: ignore[no-untyped-def]
    """Run ``fn`` (database reads) in a worker thread: Playwright's sync API keeps an event loop in this
    thread, where Django refuses (or would open an extra, never-closed connection for) ORM calls."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def run():  # type: ignore[no-untyped-def]
        try:
            return fn()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def assert_styled_and_scripted(page) -> None:  # type: ignore[no-untyped-def]
    assert page.failed_assets == [], "static files failed to load (run `make assets`)"
    # GOV.UK Frontend CSS: the green start button; the body font is not the browser's default serif.
    button = page.locator("main .govuk-button").first
    colour = button.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "rgb(239, 239, 239)", "rgb(240, 240, 240)"), colour
    # GOV.UK Frontend JS ran: initialised components carry data-<module>-init.
    assert page.locator("[data-govuk-button-init]").count() > 0, "govuk-frontend JavaScript did not initialise"


def test_officer_finds_client_and_switches_language(live_server, personas, client_case, page):
    case = client_case
    registration_number = case.registration_number
    base = live_server.url

    # Sign in as Alice, the client's officer.
    page.goto(f"{base}/login/")
    assert page.locator("html").get_attribute("lang") == "lv"
    assert_styled_and_scripted(page)
    page.fill("#id_username", personas.alice.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login/" not in page.url, page.locator("main").inner_text()

    # Search by name without diacritics, from the search box in the navigation bar.
    page.fill("#nav-search", "berzins")
    page.press("#nav-search", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q=berzins"))
    result = page.locator("main table a", has_text="Bērziņš")
    assert result.count() == 1, page.locator("main").inner_text()
    assert registration_number in page.locator("main table").inner_text()
    shot(page, "1-search")

    # Open the client file.
    result.click()
    page.wait_for_url(f"{base}/clients/{case.pk}/")
    assert page.locator("h1").inner_text().strip() == "Jānis Bērziņš"
    assert registration_number in page.locator("main").inner_text()
    assert_styled_and_scripted(page)
    heading_lv = page.locator("main h2").first.inner_text().strip()
    shot(page, "2-client-lv")

    # Switch to English: the same page comes back in English.
    page.locator("form.app-lang-switch button[value=en]").click()
    page.wait_for_url(f"{base}/clients/{case.pk}/")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    heading_en = page.locator("main h2").first.inner_text().strip()
    assert heading_en == "Sections"
    assert heading_lv != heading_en, "the Latvian page showed the English heading: is the lv catalogue compiled?"
    assert page.locator("h1").inner_text().strip() == "Jānis Bērziņš"
    shot(page, "3-client-en")
