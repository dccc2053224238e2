from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core import context


class RequestContextMiddleware:
    """Gives every request an id (echoed as X-Request-ID) and binds it for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else context.new_request_id()
        channel = "api" if request.path.startswith("/api/") else "web"
        ip = request.META.get("REMOTE_ADDR")
        request.request_id = request_id  # type: ignore[attr-defined]
        with context.bind(context.RequestContext(request_id=request_id, ip=ip, channel=channel)):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
