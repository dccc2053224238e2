"""Domain errors raised by services. Views show them beside the field; the API returns them as
4xx JSON ``{"code": ..., "message": ..., "field": ...}``."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule was broken. ``code`` is stable and machine-readable; ``message`` is for people."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.field = field
        self.extra = extra

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        body.update({k: str(v) if not isinstance(v, (int, float, bool, list, dict)) else v
                     for k, v in self.extra.items()})
        return body


class ValidationFailed(DomainError):
    status = 422


class Conflict(DomainError):
    """The request conflicts with the current state (a duplicate, a stale version)."""

    status = 409


class ConcurrentEdit(Conflict):
    def __init__(self, message: str | None = None) -> None:
        from django.utils.translation import gettext as _

        super().__init__(
            "concurrent_edit",
            message or _("Someone else changed this record after you opened it. Reload and try again."),
        )


class NotFoundOrForbidden(DomainError):
    """Missing and forbidden look the same to the caller."""

    status = 404

    def __init__(self) -> None:
        super().__init__("not_found", "Not found")


class PermissionDenied(DomainError):
    """An action the user may not take on a record they can see."""

    status = 403

    def __init__(self, message: str = "You do not have permission to do this.") -> None:
        super().__init__("forbidden", message)
