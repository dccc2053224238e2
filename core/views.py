from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from core import access, registry
from core.models import ChangeLog, SensitiveRead
from core.permissions import AUDIT_VIEW


def home(request: HttpRequest) -> HttpResponse:
    """The first page each kind of user works on (after sign-in too: LOGIN_REDIRECT_URL is this view),
    from the landing pages the apps registered (``core.registry.landing``)."""
    if not request.user.is_authenticated:
        return redirect("login")
    p = access.principal(request.user)
    for entry in registry.landings():
        if entry.permission is not None and not p.can(entry.permission):
            continue
        if entry.permission is None and entry.when is None:
            continue
        if entry.when is not None and not entry.when(request.user):
            continue
        return redirect(entry.url_name)
    return render(request, "core/no_access.html")


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


def _broker_status() -> tuple[bool, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager (in-process)"
    from celery import current_app as app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        return False, type(exc).__name__


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database and the job broker are reachable."""
    checks = {}
    ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001
        ok = False
        checks["database"] = type(exc).__name__
    broker_ok, broker_status = _broker_status()
    checks["broker"] = broker_status
    ok = ok and broker_ok
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503)


@access.page(AUDIT_VIEW)
def audit_log(request: HttpRequest) -> HttpResponse:
    """The change log and the sensitive-read log, filterable by record and by user."""
    changes = ChangeLog.objects.select_related("actor").order_by("-at", "-id")
    reads = SensitiveRead.objects.select_related("user").order_by("-at", "-id")
    model = request.GET.get("model", "").strip()
    object_id = request.GET.get("object_id", "").strip()
    username = request.GET.get("user", "").strip()
    if model:
        changes = changes.filter(model=model)
        reads = reads.filter(model=model)
    if object_id:
        changes = changes.filter(object_id=object_id)
        reads = reads.filter(object_id=object_id)
    if username:
        changes = changes.filter(actor__username=username)
        reads = reads.filter(user__username=username)
    tab = request.GET.get("tab", "changes")
    page = Paginator(reads if tab == "reads" else changes, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page_obj": page, "tab": tab, "model": model,
                                                   "object_id": object_id, "username": username})
