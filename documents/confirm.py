"""Letters before they count: the page step that shows a letter (a warning, a submission, …) before it is
issued and asks for an explicit confirmation. A function's view calls :func:`confirm_letter` with the
same service call it will make; the first POST answers the preview (the service runs up to the letter in
``documents.services.preview`` mode and nothing is saved), the second, confirmed POST carries the same
data and the view goes on to make the call for real."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

from documents import services
from documents.kinds import LANGUAGES

CONFIRMED = "letter_confirmed"
CHECKED = "letter_checked"
# What a confirmed POST adds (for tests and clients that post the same data again).
CONFIRMED_FORM = {CONFIRMED: "1", CHECKED: "1"}
_NOT_RESENT = {"csrfmiddlewaretoken", CONFIRMED, CHECKED}


def confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRMED) == "1" and request.POST.get(CHECKED) == "1"


def confirm_letter(request: HttpRequest, action: Callable[[], Any], *, heading: str | Promise,
                   back_url: str) -> HttpResponse | None:
    """``None`` when the user has seen the letter and confirmed it (the caller now runs ``action``);
    otherwise the preview page. A rule ``action`` breaks is raised (``DomainError``) as it would be."""
    if confirmed(request):
        return None
    letter = services.preview(action)
    resent = [(key, value) for key in request.POST for value in request.POST.getlist(key) if key not in _NOT_RESENT]
    return render(request, "documents/letter_preview.html", {
        "heading": heading, "letter": letter, "letter_html": mark_safe(letter.html),  # noqa: S308 - mammoth escapes
        "language": LANGUAGES.get(letter.language, letter.language), "resent": resent, "back_url": back_url,
        "action_url": request.get_full_path(), "not_ticked": request.POST.get(CONFIRMED) == "1",
        "confirmed_name": CONFIRMED, "checked_name": CHECKED,
    }, status=422 if request.POST.get(CONFIRMED) == "1" else 200)
