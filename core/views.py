from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from core import access, registry
from core.models import ChangeLog, JobRun, SensitiveRead
from core.permissions import AUDIT_VIEW, JOBS_VIEW


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


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: branded, in the user's language, with the request id (``X-Request-ID``) for the
    service desk. Rendered without context processors or the database, so that it shows whatever failed."""
    from django.http import HttpResponseServerError
    from django.template import loader
    from django.utils import translation

    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        html = loader.get_template("500.html").render({"request_id": getattr(request, "request_id", "")})
    return HttpResponseServerError(html)


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


def _cache_status() -> tuple[bool, str]:
    from django.core.cache import cache

    backend = settings.CACHES["default"]["BACKEND"]
    if not backend.endswith("RedisCache"):
        return True, "local (per process)"
    try:
        cache.set("ready:probe", 1, 5)
        cache.get("ready:probe")
        return True, "ok"
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness. Without the database a node cannot serve: ``503 unavailable``. Without Redis (the job
    broker, the shared cache) or the reports replica it still serves every page: ``200 degraded``, with
    the failing check named, so that a load balancer keeps the node while operations see what is wrong."""
    from core.db import replica_status

    checks = {}
    database_ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001
        database_ok = False
        checks["database"] = type(exc).__name__
    broker_ok, checks["broker"] = _broker_status()
    cache_ok, checks["cache"] = _cache_status()
    checks["reports"] = replica_status()
    reports_ok = checks["reports"] in ("ok", "not configured")
    if not database_ok:
        status, code = "unavailable", 503
    elif broker_ok and cache_ok and reports_ok:
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)


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


@access.page(JOBS_VIEW)
def job_runs(request: HttpRequest) -> HttpResponse:
    """The background jobs for operations: the periodic ones with their last run, and every run, newest
    first (``?status=lost`` for the interrupted ones). Run one now with ``manage.py run_job NAME``."""
    runs = JobRun.objects.all()
    status = request.GET.get("status", "")
    if status in JobRun.Status.values:
        runs = runs.filter(status=status)
    page_obj = Paginator(runs, 50).get_page(request.GET.get("page"))
    schedule = registry.beat_schedule()
    tasks = [entry["task"] for entry in schedule.values()]
    # One indexed query per scheduled job (name, -started_at): as many as there are jobs, whatever the runs.
    latest = {task: JobRun.objects.filter(name=task).first() for task in tasks}
    periodic = [{"name": name, "task": entry["task"], "last": latest.get(entry["task"])}
                for name, entry in sorted(schedule.items())]
    lost = JobRun.objects.filter(status=JobRun.Status.LOST).count()
    return render(request, "core/job_runs.html", {
        "page_obj": page_obj, "periodic": periodic, "status": status, "statuses": JobRun.Status.choices,
        "lost": lost})
