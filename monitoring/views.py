"""Pages of electronic monitoring: the monitoring centre (the live alert queue over Server-Sent Events,
an alert with its history and actions), a client's EM page (terms, home check, devices, schedule,
zones, the states of the last curfews, alerts, the map), the device inventory and the KL 61 calculator."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from typing import Any

from django import forms
from django.db import close_old_connections, connection
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access as core_access
from core import audit
from core.errors import DomainError
from core.forms import act, submit
from core.sensitivity import Sensitivity, can_see
from monitoring import access, conf, eligibility, export, selectors, services
from monitoring import forms as f
from monitoring.catalogue import VIOLATION_KINDS
from monitoring.geo import parse_ring
from monitoring.models import Alert, Device, DeviceAssignment, EmDetails, Schedule
from monitoring.schedules import Window


def _page(request: HttpRequest, section: Any, status: int = 200, **bound: forms.Form) -> HttpResponse:
    data = selectors.section_page(section)
    em: EmDetails | None = data["em"]
    can_manage = section.is_open and access.may(request.user, access.MANAGE, section)
    ctx: dict[str, Any] = {"case": section.case, "section": section, **data, "can_manage": can_manage,
                           "can_export": access.may(request.user, access.EXPORT, section),
                           "can_operate": core_access.has_perm(request.user, access.OPERATE),
                           "now": timezone.now()}
    if can_see(request.user, Sensitivity.EM_LOCATION):
        fixes = selectors.fixes(section)
        if fixes or data["zones"]:
            audit.log_sensitive_read(user=request.user, sensitivity=Sensitivity.EM_LOCATION, instance=section,
                                     purpose="em_section_map")
        ctx["map"] = {"fixes": fixes, "zones": [{"name": z.name, "kind": z.kind, "polygon": z.polygon}
                                                for z in data["zones"]],
                      "tiles": conf.get("EM_MAP_TILE_URL"), "attribution": conf.get("EM_MAP_TILE_ATTRIBUTION")}
    if can_manage:
        if em is None:
            ctx["plan_form"] = bound.get("plan_form") or f.PlanForm(initial={"months": 6})
        else:
            ctx["home_form"] = bound.get("home_form") or f.FeasibilityForm(initial={
                "electricity": em.electricity, "connectivity": em.connectivity,
                "household_members": em.household_members or 0,
                "household_consent": "" if em.household_consent is None else ("yes" if em.household_consent else "no"),
                "checked_on": em.feasibility_checked_on, "note": em.feasibility_note, "version": em.version})
            if em.status == EmDetails.Status.PLANNED:
                ctx["fit_form"] = bound.get("fit_form") or f.FitForm(initial={"version": em.version})
            if em.status == EmDetails.Status.ACTIVE:
                ctx["end_form"] = bound.get("end_form") or f.EndForm(initial={"version": em.version})
        ctx["assign_form"] = bound.get("assign_form") or f.AssignForm()
        ctx["visit_form"] = f.VisitForm()
        ctx["schedule_form"] = bound.get("schedule_form") or f.ScheduleForm(initial={
            "days": [0, 1, 2, 3, 4, 5, 6], "start": "22:00", "end": "06:00", "next_day": True,
            "valid_from": timezone.localdate()})
        ctx["exception_form"] = bound.get("exception_form") or f.ExceptionForm()
        ctx["zone_form"] = bound.get("zone_form") or f.ZoneForm()
    ctx["bound_forms"] = [form for form in bound.values() if form.errors]
    return render(request, "monitoring/section.html", ctx, status=status)


@core_access.page(access.VIEW)
def section_detail(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    return _page(request, access.em_section(request.user, section_id, case_id=case_id))


def _post(request: HttpRequest, case_id: int, section_id: int, form_cls: type[forms.Form], key: str,
          action: Any, success: str, *, form_kwargs: dict[str, Any] | None = None) -> HttpResponse:
    section = access.em_section(request.user, section_id, access.MANAGE, case_id=case_id)
    if not section.is_open:
        raise Http404
    form = form_cls(request.POST, **(form_kwargs or {}))
    if submit(request, form, lambda data: action(section, data), success):
        return redirect("monitoring:section", case_id, section_id)
    return _page(request, section, status=422, **{key: form})


def _em(section: Any) -> EmDetails:
    em = EmDetails.objects.filter(section=section).first()
    if em is None:
        raise DomainError("em_not_planned", _("Plan the monitoring first."))
    return em


@require_POST
@core_access.page(access.MANAGE)
def plan(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    return _post(request, case_id, section_id, f.PlanForm, "plan_form", lambda s, d: services.em_plan(
        actor=request.user, section=s, technology=d["technology"], months=d["months"], consent_on=d["consent_on"]),
        _("Monitoring planned; the install visit is on the officer's tasks."))


@require_POST
@core_access.page(access.MANAGE)
def home_check(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    consent = {"yes": True, "no": False}
    return _post(request, case_id, section_id, f.FeasibilityForm, "home_form", lambda s, d: (
        services.em_feasibility_record(
            actor=request.user, details=_em(s), electricity=d["electricity"], connectivity=d["connectivity"],
            household_members=d["household_members"], household_consent=consent.get(d["household_consent"]),
            checked_on=d["checked_on"], note=d["note"], expected_version=d["version"])),
        _("Home check recorded."))


@require_POST
@core_access.page(access.MANAGE)
def fit(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    return _post(request, case_id, section_id, f.FitForm, "fit_form", lambda s, d: services.em_fit(
        actor=request.user, details=_em(s), fitted_at=d["fitted_at"], expected_version=d["version"]),
        _("Device fitted: monitoring has started."))


@require_POST
@core_access.page(access.MANAGE)
def end(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access.em_section(request.user, section_id, access.MANAGE, case_id=case_id)
    form = f.EndForm(request.POST)
    if submit(request, form, lambda d: services.em_end(actor=request.user, details=_em(section),
                                                       ended_at=d["ended_at"], expected_version=d["version"]),
              _("Monitoring ended; ordinary parole supervision follows.")):
        return redirect("case_detail", case_id)
    return _page(request, section, status=422, end_form=form)


@require_POST
@core_access.page(access.MANAGE)
def assign(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    return _post(request, case_id, section_id, f.AssignForm, "assign_form", lambda s, d: services.device_assign(
        actor=request.user, section=s, device=d["device"]), _("Device assigned."))


@require_POST
@core_access.page(access.MANAGE)
def device_return(request: HttpRequest, case_id: int, section_id: int, assignment_id: int) -> HttpResponse:
    section = access.em_section(request.user, section_id, access.MANAGE, case_id=case_id)
    assignment = DeviceAssignment.objects.filter(section=section, pk=assignment_id).select_related("device").first()
    if assignment is None:
        raise Http404
    form = f.ReturnForm(request.POST)
    if form.is_valid():
        act(request, lambda: services.device_return(actor=request.user, assignment=assignment,
                                                    reason=form.cleaned_data["reason"],
                                                    status=form.cleaned_data["status"]), _("Device returned."))
    return redirect("monitoring:section", case_id, section_id)


@require_POST
@core_access.page(access.MANAGE)
def visit(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access.em_section(request.user, section_id, access.MANAGE, case_id=case_id)
    act(request, lambda: services.visit_request(actor=request.user, section=section,
                                                visit=request.POST.get("visit-visit", "")),
        _("The visit is on the officer's tasks."))
    return redirect("monitoring:section", case_id, section_id)


@require_POST
@core_access.page(access.MANAGE)
def schedule(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    def save(section: Any, d: dict[str, Any]) -> Schedule:
        windows = [Window(int(day), d["start"], d["end"], d["next_day"], d["place"]) for day in d["days"]]
        return services.schedule_set(actor=request.user, section=section, valid_from=d["valid_from"],
                                      valid_until=d["valid_until"], windows=windows)

    return _post(request, case_id, section_id, f.ScheduleForm, "schedule_form", save, _("Curfew schedule saved."))


@require_POST
@core_access.page(access.MANAGE)
def exception(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    def save(section: Any, d: dict[str, Any]) -> Any:
        current = Schedule.objects.filter(section=section).order_by("-valid_from").first()
        if current is None:
            raise DomainError("schedule_required", _("Set the curfew schedule first."), field="date")
        return services.schedule_exception_add(actor=request.user, schedule=current, date=d["date"], kind=d["kind"],
                                               reason=d["reason"], start=d["start"], end=d["end"],
                                               next_day=d["next_day"])

    return _post(request, case_id, section_id, f.ExceptionForm, "exception_form", save, _("Change saved."))


@require_POST
@core_access.page(access.MANAGE)
def zone(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    return _post(request, case_id, section_id, f.ZoneForm, "zone_form", lambda s, d: services.zone_save(
        actor=request.user, section=s, name=d["name"], kind=d["kind"], polygon=parse_ring(d["polygon"])),
        _("Zone saved."))


@core_access.page(access.EXPORT)
def section_export(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access.em_section(request.user, section_id, access.EXPORT, case_id=case_id)
    doc = export.history(request.user, section)
    name = f"em-{section.case.registration_number}-{section.pk}"
    if request.GET.get("format") == "csv":
        response = HttpResponse(export.as_csv(doc), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(json.dumps(doc, ensure_ascii=False, indent=1), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


# --- The centre ---------------------------------------------------------------------------------


@core_access.page(access.OPERATE)
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in Alert.Status.values else ""
    alerts = list(selectors.queue(request.user, status=status)[:300])
    return render(request, "monitoring/queue.html", {
        "alerts": alerts, "status": status, "statuses": Alert.Status.choices,
        "counts": selectors.queue_counts(request.user), "since": timezone.now().isoformat(),
    })


def _event(alert: Alert, request: HttpRequest) -> str:
    row = render_to_string("monitoring/_alert_row.html", {"a": alert}, request=request)
    data = json.dumps({"id": alert.pk, "status": alert.status, "html": row, "label": alert.label,
                       "client": alert.section.case.person.full_name})
    return f"id: {alert.updated_at.isoformat()}\nevent: alert\ndata: {data}\n\n"


@core_access.page(access.OPERATE)
def stream(request: HttpRequest) -> StreamingHttpResponse:
    """The queue's live feed (Server-Sent Events). One request holds one thread for up to EM_SSE_SECONDS and
    polls the alert table once a second; the browser's EventSource reconnects by itself with the last event
    id, so nothing is missed between connections (docs/deployment.md: gunicorn gthread workers)."""
    last = request.headers.get("Last-Event-ID") or request.GET.get("since") or timezone.now().isoformat()
    try:
        since = dt.datetime.fromisoformat(last)
    except ValueError:
        since = timezone.now()
    user = request.user
    seconds = float(conf.get("EM_SSE_SECONDS"))
    once = request.GET.get("once") == "1"  # tests: one poll, then the stream ends

    def events() -> Iterator[str]:
        nonlocal since
        started = time.monotonic()
        yield "retry: 2000\n\n"
        quiet = 0.0
        while True:
            if not connection.in_atomic_block:  # a long stream: give back a broken or aged connection
                close_old_connections()
            changed = selectors.changed_since(user, since)
            for alert in changed:
                since = max(since, alert.updated_at)
                yield _event(alert, request)
            if once or time.monotonic() - started > seconds:
                return
            if not changed:
                quiet += 1
                if quiet >= 15:
                    quiet = 0
                    yield ": keep-alive\n\n"
            time.sleep(1)

    response = StreamingHttpResponse(events(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


@core_access.page(access.VIEW)
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = access.alert_of(request.user, alert_id, access.VIEW)
    return _alert_page(request, alert)


def _alert_page(request: HttpRequest, alert: Alert, status: int = 200, **bound: forms.Form) -> HttpResponse:
    can_operate = core_access.has_perm(request.user, access.OPERATE)
    can_review = access.may(request.user, access.REVIEW, alert.section) and alert.reviewed_at is None
    return render(request, "monitoring/alert.html", {
        "alert": alert, "case": alert.section.case, "section": alert.section,
        "notes": list(alert.notes.select_related("author")),
        "violations": list(alert.violations.order_by("-started_at")[:100]),
        "kind": VIOLATION_KINDS.get(alert.kind), "can_operate": can_operate, "can_review": can_review,
        "note_form": bound.get("note_form") or f.NoteForm(initial={"version": alert.version}),
        "review_form": bound.get("review_form") or f.ReviewForm(),
        "bound_forms": [form for form in bound.values() if form.errors],
    }, status=status)


_TRANSITIONS: dict[str, tuple[Any, bool]] = {
    "acknowledge": (services.alert_acknowledge, True),
    "clear": (services.alert_clear, True),
    "close": (services.alert_close, True),
    "escalate": (services.alert_escalate, False),
    "note": (services.alert_note_add, False),
}


@require_POST
@core_access.page(access.OPERATE)
def alert_action(request: HttpRequest, alert_id: int, action: str) -> HttpResponse:
    alert = access.alert_of(request.user, alert_id, access.OPERATE)
    if action not in _TRANSITIONS:
        raise Http404
    service, versioned = _TRANSITIONS[action]
    form = f.NoteForm(request.POST)

    def run(d: dict[str, Any]) -> Any:
        if action == "note":
            return services.alert_note_add(actor=request.user, alert=alert, text=d["note"])
        kwargs: dict[str, Any] = {"actor": request.user, "alert": alert, "note": d["note"]}
        if versioned:
            kwargs["expected_version"] = d["version"]
        return service(**kwargs)

    if submit(request, form, run, _("Done.")):
        return redirect("monitoring:alert", alert_id)
    return _alert_page(request, access.alert_of(request.user, alert_id, access.OPERATE), status=422, note_form=form)


@require_POST
@core_access.page(access.REVIEW)
def alert_review(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = access.alert_of(request.user, alert_id, access.REVIEW)
    form = f.ReviewForm(request.POST)
    if submit(request, form, lambda d: services.alert_review(actor=request.user, alert=alert, response=d["response"],
                                                             note=d["note"]), _("Review recorded.")):
        return redirect("monitoring:alert", alert_id)
    return _alert_page(request, alert, status=422, review_form=form)


# --- Inventory and calculator ---------------------------------------------------------------------


@core_access.page(access.DEVICES)
def devices(request: HttpRequest) -> HttpResponse:
    form = f.DeviceForm(request.POST or None)
    created = None
    if request.method == "POST" and submit(request, form, lambda d: services.device_create(
            actor=request.user, kind=d["kind"], serial=d["serial"], model=d["model"], firmware=d["firmware"]),
            _("Device added to the inventory.")):
        return redirect("monitoring:devices")
    status = request.GET.get("status", "")
    qs = Device.objects.all()
    if status in Device.Status.values:
        qs = qs.filter(status=status)
    active = {a.device_id: a for a in DeviceAssignment.objects.filter(returned_at__isnull=True)
              .select_related("section__case")}
    rows = [(d, active.get(d.pk)) for d in qs.order_by("kind", "serial")[:500]]
    return render(request, "monitoring/devices.html", {"rows": rows, "form": form, "created": created,
                                                       "status": status, "statuses": Device.Status.choices},
                  status=422 if request.method == "POST" else 200)


@core_access.page(access.REVIEW)
def calculator(request: HttpRequest) -> HttpResponse:
    form = f.CalculatorForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        d = form.cleaned_data
        try:
            result = eligibility.calculate(category=d["category"], sentence_start=d["sentence_start"],
                                           years=d["years"] or 0, months=d["months"] or 0, days=d["days"] or 0)
        except DomainError as error:
            form.add_domain_error(error)  # type: ignore[attr-defined]
    return render(request, "monitoring/calculator.html", {"form": form, "result": result},
                  status=422 if request.GET and form.errors else 200)
