"""The field-visibility registry: which fields belong to a sensitive class, and which roles may
see each class. Forms, tables, API schemas and exports all ask this module."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import principal


class Sensitivity(models.TextChoices):
    HEALTH = "health", _("Health")
    VICTIM = "victim", _("Victim")
    ADDRESS = "address", _("Address")
    CRIMINAL_RECORD = "criminal_record", _("Criminal record")
    EM_LOCATION = "em_location", _("Electronic monitoring location")


# (model label, field name) -> sensitivity class. Apps register their fields at import time.
FIELDS: dict[tuple[str, str], str] = {}


def register_field(model_label: str, field: str, sensitivity: str) -> None:
    FIELDS[(model_label.lower(), field)] = sensitivity


def fields_of(model_label: str) -> dict[str, str]:
    label = model_label.lower()
    return {field: cls for (m, field), cls in FIELDS.items() if m == label}


def can_see(user: Any, sensitivity: str) -> bool:
    return sensitivity in principal(user).sensitivities


def hidden_fields(user: Any, model_label: str) -> set[str]:
    """Fields of the model the user may not see."""
    allowed = principal(user).sensitivities
    return {field for field, cls in fields_of(model_label).items() if cls not in allowed}


def redact(user: Any, model_label: str, data: dict[str, Any]) -> dict[str, Any]:
    """Blank the sensitive keys the user may not see (for API bodies and exports)."""
    hidden = hidden_fields(user, model_label)
    return {k: (None if k in hidden else v) for k, v in data.items()}
