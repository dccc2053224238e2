"""Reading a rendered page the way a browser does: element ids, forms (action, the ids and field
names inside), and the links of the error summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageForm:
    action: str
    ids: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


class Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.forms: list[PageForm] = []
        self.summary_links: list[str] = []
        self._form: PageForm | None = None
        self._in_summary = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = PageForm(action=a.get("action", ""))
            self.forms.append(self._form)
        if "id" in a:
            self.ids.append(a["id"])
            if self._form is not None:
                self._form.ids.add(a["id"])
        if self._form is not None and tag in ("input", "select", "textarea") and a.get("name"):
            self._form.names.add(a["name"])
        if tag == "ul" and "govuk-error-summary__list" in a.get("class", "").split():
            self._in_summary = True
        if tag == "a" and self._in_summary:
            self.summary_links.append(a.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        if tag == "ul":
            self._in_summary = False

    def duplicate_ids(self) -> list[str]:
        return sorted(i for i, n in Counter(self.ids).items() if n > 1)

    def form(self, action: str) -> PageForm:
        found = [f for f in self.forms if f.action == action]
        assert len(found) == 1, f"{len(found)} forms post to {action}"
        return found[0]

    def assert_summary_points_into(self, action: str) -> None:
        """Every error-summary link jumps to an element of the form that posts to ``action``."""
        assert self.summary_links, "no error summary"
        inside = self.form(action).ids
        for href in self.summary_links:
            assert href.startswith("#") and href[1:] in inside, f"{href} is not a field of the form posting to {action}"
