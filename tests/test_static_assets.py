"""Pages ask only for files that exist: the favicon is ours, and no CSS rule makes the browser fetch a
font file that is not vendored (GOV.UK's "GDS Transport" is for GOV.UK only and is not copied).

The vendored assets must be there (``make test`` vendors them first): a missing file fails, so that
these checks never pass for having found nothing to check."""

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
        pytest.fail(f"{path} is not vendored (run `make assets`; `make test` does it first)")
    return re.sub(r"/\*.*?\*/", "", Path(found).read_text(encoding="utf-8"), flags=re.S)


def _font_faces() -> list[tuple[str, list[str]]]:
    """(family, file URLs) of every @font-face of the vendored CSS."""
    faces = []
    for path in VENDOR_CSS:
        for block in re.findall(r"@font-face\s*\{([^}]*)\}", _text(path)):
            family = re.search(r"font-family:\s*([^;]+)", block).group(1).strip().strip("\"'")  # type: ignore[union-attr]
            faces.append((family, [u.strip("\"'") for u in re.findall(r"url\(([^)]+)\)", block)]))
    return faces


def _missing_font_families() -> set[str]:
    """Families of the vendored CSS whose @font-face names a file that static/ does not have."""
    return {family for family, urls in _font_faces() if any(_static(u) is None for u in urls)}


@pytest.mark.django_db
def test_pages_link_our_favicon(client):
    page = client.get("/login/").content.decode()
    link = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert link, "no favicon link: browsers ask for /favicon.ico and get 404"
    found = _static(link.group(1))
    assert found and found.endswith(".svg")
    assert ElementTree.parse(found).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_stylesheets_point_only_at_files_that_exist():
    """Every url() of app.css and of the vendored CSS names a file we serve (the font files of the
    families app.css overrides excepted: the next test)."""
    fonts = {u for _family, urls in _font_faces() for u in urls}
    checked = 0
    for path in [APP_CSS, *VENDOR_CSS]:
        for url in re.findall(r"url\(([^)]+)\)", _text(path)):
            url = url.strip("\"'")
            if url.startswith("data:") or url in fonts:
                continue
            assert _static(url), f"{path}: {url}"
            checked += 1
    assert checked, "no url() found in the stylesheets: are they vendored?"


def test_no_element_asks_for_a_missing_font_file():
    """The vendored CSS names fonts whose files are missing through selectors of any specificity (the
    error-summary link in bold, MOJ alert links…); app.css must put the system font on every element
    with `!important`, naming none of the missing families."""
    assert _font_faces(), "no @font-face found in the vendored CSS: are they vendored?"
    missing = _missing_font_families()
    if not missing:
        return  # every font file the vendored CSS names is there: nothing is fetched in vain
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", _text(APP_CSS))
    everywhere = [decl for selector, decl in rules
                  if any(s.strip().startswith("body :not(") or s.strip() == "body *" for s in selector.split(","))
                  and "font-family" in decl and "!important" in decl]
    assert everywhere, f"{sorted(missing)} would be fetched from files that do not exist"
    for decl in everywhere:
        value = decl.split("font-family", 1)[1]
        assert not any(family in value for family in missing), decl
