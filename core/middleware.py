from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from core import context, net


class RequestContextMiddleware:
    """Gives every request an id (echoed as X-Request-ID) and binds it for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else context.new_request_id()
        channel = "api" if request.path.startswith("/api/") else "web"
        ip = net.client_ip(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        with context.bind(context.RequestContext(request_id=request_id, ip=ip, channel=channel)):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class LanguageMiddleware(LocaleMiddleware):
    """Latvian unless the person chose another language with the switch in the header.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a Latvian public service
    answers in Latvian by default, whatever the browser's locale."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]


class SecurityHeadersMiddleware:
    """``Content-Security-Policy`` and ``Permissions-Policy`` on every response (settings
    ``CONTENT_SECURITY_POLICY`` and ``PERMISSIONS_POLICY``; a view that sets its own keeps it). Pages
    have no inline scripts or style attributes, so the policy needs no ``'unsafe-inline'``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        csp = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if csp and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = csp
        permissions = getattr(settings, "PERMISSIONS_POLICY", "")
        if permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions
        return response


class MissingFileMiddleware:
    """A stored file missing from ``MEDIA_ROOT`` (a database restored without the media of the same night,
    a file lost from shared storage) gives a clear page (404, logged as an error with the request id)
    instead of a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, FileNotFoundError):
            return None
        import logging

        from django.shortcuts import render

        request_id = getattr(request, "request_id", "")
        logging.getLogger(__name__).error("stored file missing (request %s, %s): %s", request_id, request.path,
                                          exception)
        return render(request, "core/file_missing.html", {"request_id": request_id}, status=404)
