"""Advice one function gives another about a client, through the case file (a lower layer), so that no
function imports another: the risk and needs assessment suggests a supervision intensity and the needs
a supervision plan should address; the supervising officer sees the suggestion and confirms it.

A provider is ``(user, case) -> Advice | None`` registered with :func:`register` in its app's ``ready``;
a reader calls :func:`for_case`. Advice is read with the reader's own permissions: a provider returns
nothing the user may not see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Advice:
    source: str  # in words, for the reader: "Risk and needs assessment of 02.12.2026: high"
    url: str = ""  # where the reader can see why
    intensity: str = ""  # a supervision intensity code (low, medium, high), "" for none
    needs: tuple[str, ...] = ()  # need codes of the provider's instrument (see its docs)


Provider = Callable[[Any, Any], "Advice | None"]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def for_case(user: Any, case: Any) -> list[Advice]:
    found = []
    for provider in _PROVIDERS:
        advice = provider(user, case)
        if advice is not None:
            found.append(advice)
    return found
