"""How probation functions use partner organisations, registered once per function (a module named
in the function's ``modules``, as its task rules are). ``partners`` reads this and names no function.

* ``placed`` counts the clients a function has placed at each place now. The counts of every
  function add up to a place's load: a place cannot be closed, or its capacity cut below its load,
  while clients are placed there, and an organisation with placed clients cannot be made inactive.
* ``links`` are links on the registry page for users who hold their permission (e.g. a function's
  report of the work done at the organisations).
* ``place_links`` are links on each open place of the organisation page, for users who may manage
  the organisation (e.g. "Enter a day's hours").
* ``panels`` are parts of the organisation page that belong to a function (e.g. who supervises the
  clients' work there, and the value of the work done there).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Link:
    """A link on the registry page, for users who hold ``permission``."""

    label: str | Promise
    url_name: str
    permission: str


@dataclass(frozen=True)
class PlaceLink:
    """A link on an open place of the organisation page; ``url_name`` takes the place's id.
    ``places(user, place_ids)`` returns the ids of the places where the link leads somewhere for this
    user (one query for the page); without it the link is shown on every open place."""

    label: str | Promise
    url_name: str
    places: Callable[[Any, list[int]], set[int]] | None = None


@dataclass(frozen=True)
class Panel:
    """A function's part of the organisation page.

    ``context(request, organisation, bound)`` returns the template's context, or ``None`` when the
    panel has nothing to show (it is then left out); ``bound`` holds the function's forms that failed
    on a POST (by the name the function gave them), to be shown with their errors. It runs once per
    page: keep it to a query or two."""

    code: str
    template: str
    context: Callable[[Any, Any, dict[str, Any]], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class Use:
    app: str
    placed: Callable[[Sequence[int]], dict[int, int]] | None = None
    links: tuple[Link, ...] = ()
    place_links: tuple[PlaceLink, ...] = ()
    panels: tuple[Panel, ...] = ()


USES: dict[str, Use] = {}


def register(use: Use) -> Use:
    existing = USES.get(use.app)
    if existing is not None and existing != use:
        raise ValueError(f"{use.app} registered its use of partner organisations twice")
    USES[use.app] = use
    return use


def placed(place_ids: Sequence[int]) -> dict[int, int]:
    """Clients placed now at each of the places, by every function (places without any are left out)."""
    load: dict[int, int] = {}
    ids = list(place_ids)
    if not ids:
        return load
    for use in USES.values():
        if use.placed is None:
            continue
        for place_id, n in use.placed(ids).items():
            if n:
                load[place_id] = load.get(place_id, 0) + n
    return load


def links() -> list[Link]:
    return [link for use in USES.values() for link in use.links]


def place_links() -> list[PlaceLink]:
    return [link for use in USES.values() for link in use.place_links]


def panels() -> list[Panel]:
    return sorted((panel for use in USES.values() for panel in use.panels), key=lambda p: (p.order, p.code))
