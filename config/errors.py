"""Error answers for URLs that nothing matched: under ``/api/`` a JSON body with a code, as every other
API answer (an integration must never have to parse an HTML page); elsewhere Django's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": "Not found"}, status=404)
    return defaults.page_not_found(request, exception)
