"""API plumbing shared by every router: the session authentication of the UI, token scopes, the one
error schema, and :class:`ApiRouter`, whose routes declare their permission and token scope.

Bearer tokens are checked by the token authenticator of ``accounts`` (the API lists it before the
session, so that a request with a token never meets the session's CSRF check). A route is declared as

    router = ApiRouter(tags=["volunteers"], write_scope="volunteers:write",
                       write_label=_("Match clients with volunteer mentors"))

    @router.get("/sections/{section_id}", perm=CASE_VIEW, response=SummaryOut)
    def section_summary(request, section_id: int): ...

and the router checks, right after authentication and before the input is read, that a token carries
the route's scope (the router's
read scope for GET, its write scope otherwise, or the route's own ``scope=``) and that the user holds
``perm`` at all (else 404, as for a missing record: the handler still narrows to the records the user
may see). ``perm=None`` is allowed only where the handler decides access itself, and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.operation import Operation
from ninja.pagination import LimitOffsetPagination, PageNumberPagination
from ninja.security import APIKeyCookie

from core import registry
from core.access import has_perm
from core.errors import DomainError

READ_SCOPE = registry.api_scope("read", _("Read persons, cases, sections, documents and tasks"), default=True)


class ErrorOut(Schema):
    """Every 4xx answer: a stable machine-readable ``code``, a message for people and, where the
    error belongs to one input, the ``field``."""

    code: str
    message: str
    field: str | None = None


ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                          413: ErrorOut, 422: ErrorOut}


class CsrfFailed(DomainError):
    status = 403

    def __init__(self, reason: str) -> None:
        super().__init__("csrf_failed", f"CSRF check failed: {reason}. Send the csrftoken cookie's value in the "
                         "X-CSRFToken header, or use a bearer token.")


class _CsrfCheck(CsrfViewMiddleware):
    """Django's own CSRF check, answering with the reason instead of a page."""

    def _reject(self, request: HttpRequest, reason: str) -> Any:
        return reason


def _csrf_reject(request: HttpRequest) -> str | None:
    """The reason Django's CSRF check refuses ``request``, or ``None`` if it passes."""
    check = _CsrfCheck(lambda req: None)  # type: ignore[arg-type, return-value]
    request.csrf_processing_done = False  # type: ignore[attr-defined]  # the API view itself is exempt
    check.process_request(request)
    return check.process_view(request, lambda req: None, (), {})  # type: ignore[arg-type, return-value]


class StaffSessionAuth(APIKeyCookie):
    """The UI's session. A request without a signed-in session is not authenticated (401, whatever
    the method); a signed-in session must pass the CSRF check on unsafe methods; a session still owing a
    sign-in step (``core.registry.sign_in_gate``, e.g. two-step sign-in) is not authenticated."""

    param_name = "sessionid"
    openapi_type = "apiKey"

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if registry.pending_step(user) is not None:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            reason = _csrf_reject(request)
            if reason is not None:
                raise CsrfFailed(reason)
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover - see __call__
        return None


class ScopeMissing(DomainError):
    status = 403

    def __init__(self, scope: str) -> None:
        super().__init__("token_scope_missing", f"The API token lacks the scope '{scope}'.", scope=scope)


def require_scope(request: HttpRequest, scope: str) -> None:
    """Session users act with their grants; tokens must also carry the scope."""
    token = getattr(request, "api_token", None)
    if token is not None and scope not in (token.scopes or []):
        raise ScopeMissing(scope)


_UNSET: Any = object()
_SAFE = {"GET", "HEAD", "OPTIONS"}


class GuardedOperation(Operation):
    """An operation that checks the route's token scope and permission right after authentication,
    before the input is read: a caller without the permission gets 404 whatever the body, exactly as for a
    missing record (and never learns the input rules of a route it may not use)."""

    def _run_checks(self, request: HttpRequest) -> HttpResponse | None:
        error = super()._run_checks(request)
        if error is not None:
            return error
        view = self.view_func
        try:
            require_scope(request, view.api_scope)  # type: ignore[attr-defined]
            perm = view.api_permission  # type: ignore[attr-defined]
            if perm is not None and not has_perm(request.user, perm):
                raise Http404
        except Exception as exc:  # noqa: BLE001 - answered by the API's own error handlers
            return self.api.on_exception(request, exc)
        return None


class ApiRouter(Router):
    """A router whose every route declares the permission it needs and runs with the token scope of
    its kind (read or write), both checked before the input is read. Errors share :data:`ERRORS`."""

    def __init__(self, *, tags: list[str], write_scope: str | None = None,
                 write_label: str | Promise = "", read_scope: str = READ_SCOPE) -> None:
        super().__init__(tags=tags)
        self.read_scope = read_scope
        self.write_scope = write_scope
        if write_scope:
            registry.api_scope(write_scope, write_label or write_scope)

    def _route(self, methods: list[str], path: str, *, perm: str | None = _UNSET, scope: str | None = None,
               response: Any = _UNSET, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        if perm is _UNSET:
            raise TypeError(f"{methods} {path}: declare the permission the route needs (perm=...)")
        if scope is None:
            scope = self.read_scope if set(methods) <= _SAFE else self.write_scope
        if scope is None:
            raise TypeError(f"{methods} {path}: the router has no write scope; declare scope=...")
        if response is _UNSET:
            response = {200: Any}
        response = {**ERRORS, **response} if isinstance(response, dict) else {200: response, **ERRORS}
        operation = self.api_operation(methods, path, response=response, **kwargs)

        def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
            view.api_permission = perm  # type: ignore[attr-defined]
            view.api_scope = scope  # type: ignore[attr-defined]
            registered = operation(view)
            view._ninja_operation.__class__ = GuardedOperation  # type: ignore[attr-defined]
            return registered

        return decorator

    def get(self, path: str, **kwargs: Any) -> Any:  # type: ignore[override]
        return self._route(["GET"], path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:  # type: ignore[override]
        return self._route(["POST"], path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Any:  # type: ignore[override]
        return self._route(["PUT"], path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Any:  # type: ignore[override]
        return self._route(["PATCH"], path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:  # type: ignore[override]
        return self._route(["DELETE"], path, **kwargs)


def route_scopes(permissions: frozenset[str] | set[str]) -> list[str]:
    """The token scopes of the routes a holder of ``permissions`` may call (every mounted ApiRouter's
    routes whose declared permission is among them, and ``read``): what a service account's token may
    usefully carry."""
    scopes: set[str] = {READ_SCOPE}
    for mount in registry.api_mounts():
        router = import_string(mount.router)
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                view = getattr(operation.view_func, "__wrapped__", operation.view_func)
                perm = getattr(view, "api_permission", None)
                scope = getattr(view, "api_scope", None)
                if scope and perm is not None and perm in permissions:
                    scopes.add(scope)
    return sorted(scopes)


# An id in a query filter: a positive 64-bit integer (anything larger is a 422, on every database).
DbId = Annotated[int, Field(ge=1, le=2**63 - 1)]


# --- Paging with bounds ---------------------------------------------------------------------------

# Past these a list is empty anyway; bounding them makes an absurd number a 422, never a database error.
MAX_OFFSET = 10**9
MAX_PAGE = 10**7


class LimitOffset(LimitOffsetPagination):
    """``?limit=&offset=`` with the offset bounded."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class PageNumber(PageNumberPagination):
    """``?page=`` with the page bounded."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=500)


def get_or_404(queryset: Any, **lookup: Any) -> Any:
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


__all__ = ["ERRORS", "READ_SCOPE", "ApiRouter", "DbId", "ErrorOut", "HttpError", "LimitOffset", "PageNumber", "ScopeMissing",
           "StaffSessionAuth", "get_or_404", "require_scope"]
