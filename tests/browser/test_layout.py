"""The staff layout at 1280 px in headless Chromium (issue 9, item 9): for every role, the main navigation
fits one line and marks exactly one item as current; no table is cut off — a table wider than the page
sits in a scroll region that can be reached with the keyboard (axe's ``scrollable-region-focusable``);
the page itself never scrolls sideways."""

from __future__ import annotations

import pytest

from tests.browser.test_smoke import CHROMIUM, in_db, page, shot  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed: apt-get install chromium"),
]

LAYOUT = """() => {
  const items = [...document.querySelectorAll('.moj-primary-navigation__item')];
  const tops = new Set(items.map(li => Math.round(li.getBoundingClientRect().top)));
  const current = document.querySelectorAll('.moj-primary-navigation a[aria-current="page"]').length;
  const cut = [...document.querySelectorAll('main table')].filter(t => {
    const region = t.closest('.app-table-scroll');
    const box = (region || t.parentElement).getBoundingClientRect();
    const fits = t.getBoundingClientRect().width <= box.width + 1;
    return !fits && !(region && region.getAttribute('tabindex') === '0' && region.getAttribute('aria-label'));
  }).map(t => t.outerHTML.slice(0, 80));
  const bar = document.querySelector('.moj-primary-navigation__container');
  const rows = bar ? new Set([...bar.children].map(el => { const r = el.getBoundingClientRect(); return Math.round((r.top + r.bottom) / 40); })).size : 0;
  return {items: items.length, lines: tops.size, rows, current, cut,
          sideways: document.documentElement.scrollWidth > window.innerWidth};
}"""


def sign_in(page, base: str, user) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A session made on the server side (no second-factor prompt in the way of a layout check)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    def make() -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        for key, value in getattr(settings, "TEST_SESSION_EXTRAS", {}).items():
            session[key] = value
        session.create()
        return session.session_key or ""

    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": in_db(make), "url": base}])


@pytest.mark.parametrize("name", ["alice", "hanna", "rita", "anna", "emil", "admin", "audrey"])
def test_staff_pages_fit_1280_px(live_server, personas, client_case, page, name):  # noqa: F811
    base = live_server.url
    sign_in(page, base, getattr(personas, name))
    urls = ["/"]
    if name in ("admin", "audrey"):
        urls.append("/audit/")
    if name in ("alice", "hanna"):
        urls += [f"/clients/{client_case.pk}/", "/tasks/workload/"]
    for url in urls:
        page.goto(base + url)
        if "/login/" in page.url:
            pytest.fail(f"{name} was sent to sign in at {url}")
        layout = page.evaluate(LAYOUT)
        shot(page, f"layout-{name}-{url.strip('/').replace('/', '-') or 'home'}")
        assert layout["lines"] <= 1, f"{name} {url}: the navigation wraps onto {layout['lines']} lines"
        assert layout["rows"] <= 1, f"{name} {url}: the search box sits below the navigation"
        if layout["items"]:
            assert layout["current"] <= 1, f"{name} {url}: {layout['current']} navigation items marked current"
        assert not layout["cut"], f"{name} {url}: tables cut off without a focusable scroll region: {layout['cut']}"
        assert not layout["sideways"], f"{name} {url}: the page scrolls sideways at 1280 px"


def test_the_more_menu_opens_from_the_keyboard(live_server, personas, client_case, page):  # noqa: F811
    base = live_server.url
    sign_in(page, base, personas.hanna)
    page.goto(base + "/")
    more = page.locator(".app-nav-more summary")
    assert more.count() == 1
    assert not page.locator(".app-nav-more__list").is_visible()
    more.focus()
    page.keyboard.press("Enter")
    assert page.locator(".app-nav-more__list").is_visible()
    first = page.locator(".app-nav-more__list a").first
    target = first.get_attribute("href")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(base + target)
    # On a page of the "More" menu, the menu is marked as holding the current page.
    assert page.locator(".app-nav-more summary.app-nav-more--current").count() == 1
