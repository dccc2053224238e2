"""The JSON API: django-ninja, OpenAPI at /api/openapi.json, docs at /api/docs."""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from core.api import AUTH
from core.errors import DomainError

api = NinjaAPI(
    title="Probation case system API",
    version="1",
    description="Persons, cases, sections, documents, tasks and the inbox. Session or bearer-token "
    "authentication; the same access rules as the UI; errors are JSON with a `code`.",
    auth=AUTH,
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


def _mount() -> None:
    from accounts.api import router as accounts_router
    from cases.api import router as cases_router
    from community.api import router as community_router
    from documents.api import router as documents_router
    from outbox.api import router as outbox_router
    from people.api import router as people_router
    from supervision.api import router as supervision_router
    from tasks.api import inbox_router
    from tasks.api import router as tasks_router

    api.add_router("/persons", people_router)
    api.add_router("/cases", cases_router)
    api.add_router("/tasks", tasks_router)
    api.add_router("/inbox", inbox_router)
    api.add_router("/documents", documents_router)
    api.add_router("/org", accounts_router)
    api.add_router("/supervision", supervision_router)
    api.add_router("/community", community_router)
    api.add_router("/outbox", outbox_router)


_mount()
