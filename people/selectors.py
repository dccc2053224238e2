"""Reads for persons that need no case file: the person with a personal code."""

from __future__ import annotations

from people.identity import parse_personal_code
from people.models import Person


def person_by_code(code: str) -> Person | None:
    """The person registered with this Latvian personal code (either format, with or without the
    hyphen), or ``None``. An invalid code raises ``ValidationFailed`` with the reason."""
    return Person.objects.filter(personal_code=parse_personal_code(code).compact).first()
