"""Bearer tokens for integration service accounts: ``Authorization: Bearer pl_<prefix>_<secret>``.
Only the token's hash is stored. Listed before the session in the API's authentication."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
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
