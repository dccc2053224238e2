"""Pages ask only for files that exist: the favicon is ours, and no CSS rule makes the browser fetch a
font file that is not vendored (GOV.UK's "GDS Transport" is for GOV.UK only and is not copied)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders

APP_CSS = "css/app.css"
VENDOR_CSS = ["vendor/govuk/govuk-frontend.min.css", "vendor/moj/moj-frontend.min.css"]


def _static(url: str) -> str | None:
    """The file behind a /static/… URL, or None."""
    path = url.split("?")[0].split("#")[0]
    return finders.find(path.removeprefix("/static/")) if path.startswith("/static/") else None


def _text(path: str) -> str:
    found = finders.find(path)
    if found is None:
        pytest.skip(f"{path} is not vendored (run `make assets`)")
    return re.sub(r"/\*.*?\*/", "", Path(found).read_text(encoding="utf-8"), flags=re.S)


def _missing_font_families() -> set[str]:
    """Families of the vendored CSS whose @font-face names a file that static/ does not have."""
    missing = set()
    for path in VENDOR_CSS:
        for block in re.findall(r"@font-face\s*\{([^}]*)\}", _text(path)):
            family = re.search(r"font-family:\s*([^;]+)", block).group(1).strip().strip("\"'")  # type: ignore[union-attr]
            urls = re.findall(r"url\(([^)]+)\)", block)
            if any(_static(u.strip("\"'")) is None for u in urls):
                missing.add(family)
    return missing


@pytest.mark.django_db
def test_pages_link_our_favicon(client):
    page = client.get("/login/").content.decode()
    link = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert link, "no favicon link: browsers ask for /favicon.ico and get 404"
    found = _static(link.group(1))
    assert found and found.endswith(".svg")
    assert ElementTree.parse(found).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_app_css_points_only_at_files_that_exist():
    for url in re.findall(r"url\(([^)]+)\)", _text(APP_CSS)):
        assert _static(url.strip("\"'")) or url.startswith("data:"), url


def test_no_element_asks_for_a_missing_font_file():
    """The vendored CSS names fonts whose files are missing through selectors of any specificity (the
    error-summary link in bold, MOJ alert links…); app.css must put the system font on every element
    with `!important`, naming none of the missing families."""
    missing = _missing_font_families()
    if not missing:
        return  # every font file the vendored CSS names is there
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", _text(APP_CSS))
    everywhere = [decl for selector, decl in rules
                  if any(s.strip().startswith("body :not(") or s.strip() == "body *" for s in selector.split(","))
                  and "font-family" in decl and "!important" in decl]
    assert everywhere, f"{sorted(missing)} would be fetched from files that do not exist"
    for decl in everywhere:
        value = decl.split("font-family", 1)[1]
        assert not any(family in value for family in missing), decl
