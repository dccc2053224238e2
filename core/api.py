"""API plumbing shared by every router: authentication (session for the UI, scoped revocable
tokens for integration service accounts), scopes, errors as JSON with a code."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from core.errors import DomainError


class TokenAuth(HttpBearer):
    """``Authorization: Bearer pl_<prefix>_<secret>``. Only the token's hash is stored."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from accounts.models import ApiToken

        if not token.startswith("pl_"):
            return None
        found = ApiToken.objects.select_related("user").filter(token_hash=ApiToken.hash(token)).first()
        if found is None or not found.active or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class StaffSessionAuth(SessionAuth):
    """The UI's session (CSRF-checked for unsafe methods). A session that has not passed two-step
    sign-in where the user needs it (``accounts.twofactor.gate``) is not authenticated."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user:
            from accounts import twofactor

            if twofactor.gate(request.user) is not None:
                return None
        return user


AUTH = [StaffSessionAuth(), TokenAuth()]


class ScopeMissing(DomainError):
    status = 403

    def __init__(self, scope: str) -> None:
        super().__init__("token_scope_missing", f"The API token lacks the scope '{scope}'.", scope=scope)


def require_scope(request: HttpRequest, scope: str) -> None:
    """Session users act with their grants; tokens must also carry the scope."""
    token = getattr(request, "api_token", None)
    if token is not None and scope not in (token.scopes or []):
        raise ScopeMissing(scope)


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "message": message, **extra}


def get_or_404(queryset: Any, **lookup: Any) -> Any:
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj
