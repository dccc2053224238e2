"""The JSON API: django-ninja, OpenAPI at /api/openapi.json, docs at /api/docs."""

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.module_loading import import_string
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from accounts.auth import TokenAuth
from core import context, registry
from core.api import StaffSessionAuth
from core.errors import DomainError

log = logging.getLogger(__name__)

api = NinjaAPI(
    title="Probation case system API",
    version="1",
    description="Persons, cases, sections, documents, tasks, the inbox and every probation function. "
    "Bearer-token or session authentication (a session's writes need the X-CSRFToken header); the same "
    "access rules as the UI; errors are JSON with a `code`.",
    # The token first: a request that carries one never meets the session's CSRF check.
    auth=[TokenAuth(), StaffSessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"code": "not_found", "message": "Not found"}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"code": "unauthenticated", "message": "Sign in or send a valid bearer token."}, status=401
    )


@api.exception_handler(NinjaValidationError)
def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for err in exc.errors:
        loc = [str(x) for x in err.get("loc", []) if x not in ("body", "payload", "query", "path", "form")]
        errors.append({"field": ".".join(loc), "message": err.get("msg", "")})
    first = errors[0] if errors else {"field": "", "message": "Invalid input"}
    return api.create_response(
        request,
        {"code": "invalid_input", "message": first["message"], "field": first["field"], "errors": errors},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"code": "http_error", "message": str(exc)}, status=exc.status_code)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A number too large for the database (an id or a filter beyond 64 bits)."""
    return api.create_response(request, {"code": "invalid_input", "message": "A number is out of range."},
                               status=422)


@api.exception_handler(MultiPartParserError)
def bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return api.create_response(request, {"code": "invalid_request", "message": f"Malformed multipart body: {exc}"},
                               status=400)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, {"code": "request_too_large", "message": str(exc)}, status=413)


@api.exception_handler(FileNotFoundError)
def file_missing(request: HttpRequest, exc: FileNotFoundError) -> HttpResponse:
    """A stored file missing from MEDIA_ROOT (e.g. a database restored without its media): 404 with a code."""
    request_id = context.current().request_id
    log.error("stored file missing (request %s): %s", request_id, exc)
    return api.create_response(request, {"code": "file_missing", "message": "The stored file is missing. Quote "
                                         f"request id {request_id} when reporting this.", "request_id": request_id},
                               status=404)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Whatever fails, the answer is JSON with a code and the request id to quote (logged with the trace)."""
    request_id = context.current().request_id
    log.exception("API request %s failed", request_id)
    return api.create_response(request, {"code": "server_error", "message": "The server failed to answer. Quote "
                                         f"request id {request_id} when reporting this.", "request_id": request_id},
                               status=500)


def _mount() -> None:
    for mount in registry.api_mounts():
        api.add_router(mount.prefix, import_string(mount.router))


_mount()
