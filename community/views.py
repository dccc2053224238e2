"""Pages of community service. A section page starts from ``cases.selectors.access_section`` (a section
of community service's kinds the user may see, else 404) and is drawn under the client-file header;
services make the changes; a service's error is shown beside its field. The partner organisations
(work providers) have their own pages in ``partners``; community service adds its panel there
(``community.work_providers``) and keeps redirects from its old provider links."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import User
from cases.models import Section
from cases.selectors import access_section, may
from community import forms as f
from community import progress, reports, selectors, services, value
from community.models import KINDS, ORDER_TYPES_FOR_KIND, EnforcementStep, HourEntry, WorkOrder
from core import access
from core.errors import DomainError
from core.forms import act, submit
from documents.confirm import confirm_letter
from partners import selectors as partner_selectors
from partners import views as partner_views
from partners.models import Place

PAGE_SIZE = 25


# --- The section page ------------------------------------------------------------------------------


def _section(request: HttpRequest, case_id: int, section_id: int, perm: str = roles.CASE_VIEW) -> Section:
    return access_section(request.user, section_id, perm, kinds=KINDS, case_id=case_id)


def _section_page(request: HttpRequest, section: Section, status: int = 200, **forms: Any) -> HttpResponse:
    details = selectors.details_of(section)
    can_manage = section.is_open and may(request.user, roles.SECTION_MANAGE, section)
    order_types = ORDER_TYPES_FOR_KIND[section.kind]
    today = timezone.localdate()
    ctx: dict[str, Any] = {"section": section, "case": section.case, "details": details, "can_manage": can_manage,
                           "today": today}
    if details is None:
        if can_manage:
            ctx["details_form"] = forms.get("details_form") or f.DetailsForm(
                order_types=order_types, initial={"ruling_in_force": section.basis_in_force})
    else:
        orders = list(WorkOrder.objects.filter(details=details).select_related("place", "place__organisation"))
        ctx["values"] = value.value_by_year(HourEntry.objects.filter(details=details))
        ctx["value_total"] = value.total_value(ctx["values"])
        entries = list(HourEntry.objects.filter(details=details).select_related("order", "entered_by", "corrects"))
        done = sum((e.hours for e in entries if not e.superseded), Decimal(0))
        first = min((o.start_date for o in orders), default=None)
        ctx.update({
            "orders": orders, "entries": entries,
            "active_order": next((o for o in orders if o.status == WorkOrder.Status.ACTIVE), None),
            "progress": progress.compute(ordered=details.ordered_hours, done=done, first_order_start=first,
                                         ruling_in_force=details.ruling_in_force, exemplary=details.exemplary_work,
                                         today=today),
            "hours_limits": selectors.hours_limits(details.order_type),
            "steps": list(EnforcementStep.objects.filter(details=details)),
        })
        ctx["can_complete"] = can_manage and done >= details.ordered_hours
        if can_manage:
            ctx["edit_form"] = forms.get("edit_form") or f.DetailsEditForm(order_types=order_types, initial={
                "version": details.version, "order_type": details.order_type, "ordered_hours": details.ordered_hours,
                "offence_date": details.offence_date, "exemplary_work": details.exemplary_work})
            ctx["order_form"] = forms.get("order_form") or f.OrderForm(
                places=selectors.place_choices(),
                initial={"version": ctx["active_order"].version if ctx["active_order"] else None})
            ctx["step_form"] = forms.get("step_form") or f.StepForm(initial={"day": today})
            pending = next((x for x in ctx["steps"] if x.decision == EnforcementStep.Decision.PENDING), None)
            if pending is not None:
                ctx["pending"] = pending
                ctx["decision_form"] = forms.get("decision_form") or f.DecisionForm(initial={
                    "version": pending.version, "decided_on": today})
            if ctx["active_order"]:
                ctx["hours_form"] = forms.get("hours_form") or f.HoursForm(initial={"day": today})
    ctx["error_forms"] = [x for x in forms.values() if x is not None]
    return render(request, "community/section.html", ctx, status=status)


@access.page(roles.CASE_VIEW)
def section_detail(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    return _section_page(request, _section(request, case_id, section_id))


def _back(section: Section) -> HttpResponse:
    return redirect("community:section", section.case_id, section.pk)


def _versioned(data: dict[str, Any]) -> dict[str, Any]:
    """A form's data as service keywords: the version it read becomes ``expected_version``."""
    rest = dict(data)
    return {"expected_version": rest.pop("version"), **rest}


@require_POST
@access.page(roles.SECTION_MANAGE)
def details_save(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = _section(request, case_id, section_id, roles.SECTION_MANAGE)
    details = selectors.details_of(section)
    order_types = ORDER_TYPES_FOR_KIND[section.kind]
    if details is None:
        form: Any = f.DetailsForm(request.POST, order_types=order_types)
        if submit(request, form, lambda data: services.details_create(actor=request.user, section=section, **data),
                  _("The order details are recorded.")):
            return _back(section)
        return _section_page(request, section, status=422, details_form=form)
    form = f.DetailsEditForm(request.POST, order_types=order_types)
    if submit(request, form, lambda data: services.details_update(
            actor=request.user, details=details, **_versioned(data)), _("The order details are saved.")):
        return _back(section)
    return _section_page(request, section, status=422, edit_form=form)


@require_POST
@access.page(roles.SECTION_MANAGE)
def order_save(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = _section(request, case_id, section_id, roles.SECTION_MANAGE)
    details = selectors.details_or_404(section)
    form = f.OrderForm(request.POST, places=selectors.place_choices())

    def save(data: dict[str, Any]) -> Any:
        place = Place.objects.filter(pk=data["place"]).first() if data["place"] else None
        active = WorkOrder.objects.active().filter(details=details).first()
        if active is None:
            return services.order_issue(actor=request.user, details=details, place=place,
                                        start_date=data["start_date"], schedule=data["schedule"])
        return services.order_change_place(actor=request.user, order=active, expected_version=data.get("version"),
                                           place=place, start_date=data["start_date"], schedule=data["schedule"])

    if submit(request, form, save, _("The work order is issued.")):
        return _back(section)
    return _section_page(request, section, status=422, order_form=form)


@require_POST
@access.page(roles.SECTION_MANAGE)
def order_document(request: HttpRequest, case_id: int, section_id: int, order_id: int) -> HttpResponse:
    """Generate the work order document again (a new version on the case, linked from the order)."""
    section = _section(request, case_id, section_id, roles.SECTION_MANAGE)
    order = WorkOrder.objects.filter(pk=order_id, details__section=section, status=WorkOrder.Status.ACTIVE).first()
    if order is None:
        raise Http404
    act(request, lambda: services.order_document(actor=request.user, order=order),
        _("The work order document is generated."))
    return _back(section)


@require_POST
@access.page(roles.SECTION_MANAGE)
def hours_add(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = _section(request, case_id, section_id, roles.SECTION_MANAGE)
    order = WorkOrder.objects.active().filter(details__section=section).first()
    if order is None:
        raise Http404
    form = f.HoursForm(request.POST)
    if submit(request, form, lambda data: services.hours_record(actor=request.user, order=order, **data),
              _("The hours are recorded.")):
        return _back(section)
    return _section_page(request, section, status=422, hours_form=form)


@require_POST
@access.page(roles.SECTION_MANAGE)
def step_add(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = _section(request, case_id, section_id, roles.SECTION_MANAGE)
    details = selectors.details_or_404(section)
    form = f.StepForm(request.POST)
    if form.is_valid() and form.cleaned_data["kind"] in EnforcementStep.SUBMISSIONS:
        # A submission to the court is a letter: shown, and confirmed, before it counts.
        try:
            pending = confirm_letter(request, lambda: services.step_record(actor=request.user, details=details,
                                                                           **form.cleaned_data),
                                     heading=_("Submission to the court"),
                                     back_url=reverse("community:section", args=[section.case_id, section.pk]))
        except DomainError as error:
            form.add_domain_error(error)
            return _section_page(request, section, status=422, step_form=form)
        if pending is not None:
            return pending
    if submit(request, form, lambda data: services.step_record(actor=request.user, details=details, **data),
              _("The step is recorded.")):
        return _back(section)
    return _section_page(request, section, status=422, step_form=form)


@require_POST
@access.page(roles.SECTION_MANAGE)
def step_decide(request: HttpRequest, case_id: int, section_id: int, step_id: int) -> HttpResponse:
    section = _section(request, case_id, section_id, roles.SECTION_MANAGE)
    step = EnforcementStep.objects.filter(pk=step_id, details__section=section).first()
    if step is None:
        raise Http404
    form = f.DecisionForm(request.POST)
    if submit(request, form, lambda data: services.submission_decide(
            actor=request.user, step=step, **_versioned(data)), _("The court's decision is recorded.")):
        return _back(section)
    return _section_page(request, section, status=422, decision_form=form)


@require_POST
@access.page(roles.SECTION_MANAGE)
def complete(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = _section(request, case_id, section_id, roles.SECTION_MANAGE)
    details = selectors.details_or_404(section)
    act(request, lambda: services.details_complete(actor=request.user, details=details),
        _("Community service is completed and the section is closed."))
    return _back(section)


@access.page(roles.SECTION_MANAGE)
def hours_correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry = HourEntry.objects.filter(pk=pk, superseded=False).select_related("order", "details").first()
    if entry is None:
        raise Http404
    section = access_section(request.user, entry.details.section_id, roles.SECTION_MANAGE, kinds=KINDS)
    form = f.CorrectForm(request.POST or None, initial={"hours": entry.hours})
    if submit(request, form, lambda data: services.hours_correct(actor=request.user, entry=entry, **data),
              _("The entry is corrected.")):
        return _back(section)
    return render(request, "community/hours_correct.html",
                  {"entry": entry, "section": section, "case": section.case, "form": form},
                  status=422 if request.method == "POST" else 200)


# --- Work providers: the partner organisations' pages, community service's part of them ------------


@require_POST
@access.page(roles.SECTION_MANAGE)
def supervisor_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a work-provider supervisor's account to an organisation (the panel on its page)."""
    organisation = partner_selectors.access_organisation(pk)
    if not partner_selectors.may_manage(request.user, organisation):
        raise Http404
    form = f.SupervisorForm(request.POST)
    if form.is_valid():
        user = User.objects.filter(username=form.cleaned_data["username"], is_active=True).first()
        try:
            services.supervisor_link(actor=request.user, provider=organisation, user=user)
        except DomainError as exc:
            if exc.field == "user":
                exc.field = "username"
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("partners:organisation", organisation.pk)
    return partner_views.organisation_page(request, organisation, status=422, bound={"supervisor": form})


# The work providers' pages moved to /partners/; links to the old addresses keep working.


@access.page(roles.CASE_VIEW)
def old_providers(request: HttpRequest) -> HttpResponse:
    query = request.GET.urlencode()
    return redirect(reverse("partners:list") + (f"?{query}" if query else ""), permanent=True)


@access.page(roles.SECTION_MANAGE)
def old_provider_new(request: HttpRequest) -> HttpResponse:
    return redirect("partners:new", permanent=True)


@access.page(roles.CASE_VIEW)
def old_provider(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect("partners:organisation", pk, permanent=True)


@access.page(roles.SECTION_MANAGE)
def old_provider_item_edit(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    return redirect("partners:item_edit", pk, kind, item_id, permanent=True)


# --- Bulk entry for one day at one work place (officers and the provider's supervisor) -------------


@access.page()
def bulk_hours(request: HttpRequest, place_id: int) -> HttpResponse:
    """The page decides who may enter (like ``services.hours_record_bulk``): the place's supervisor, or
    an officer (``section.manage``) who sees only the clients placed there in their scope."""
    place = Place.objects.select_related("organisation").filter(pk=place_id).first()
    supervised = selectors.supervised_provider_ids(request.user)
    if place is None or (place.organisation_id not in supervised
                         and not access.has_perm(request.user, roles.SECTION_MANAGE)):
        raise Http404
    orders = list(selectors.bulk_orders(request.user, place))
    if place.organisation_id not in supervised and not orders:
        raise Http404
    form = f.BulkDayForm(request.POST or None, initial={"day": timezone.localdate()})
    error = None
    values = {o.pk: request.POST.get(f"hours_{o.pk}", "") for o in orders} if request.method == "POST" else {}
    if request.method == "POST" and form.is_valid():
        rows = [(o.pk, values[o.pk]) for o in orders if values[o.pk].strip()]
        try:
            created = services.hours_record_bulk(actor=request.user, day=form.cleaned_data["day"], rows=rows,
                                                 place=place)
            messages.success(request, _("Hours recorded for %(n)s clients.") % {"n": len(created)})
            return redirect("community:bulk_hours", place.pk)
        except DomainError as exc:
            error = exc
            if exc.field == "day":
                form.add_domain_error(exc)
    rows_out = [{"order": o, "value": values.get(o.pk, ""),
                 "error": error.message if error and error.extra.get("order_id") == o.pk and error.field != "day"
                 else ""} for o in orders]
    status = 422 if request.method == "POST" else 200
    return render(request, "community/bulk_hours.html", {
        "place": place, "rows": rows_out, "form": form, "supervisor_view": place.organisation_id in supervised,
        "top_error": error.message if error and not error.extra.get("order_id") and error.field != "day" else "",
    }, status=status)


@access.page()
def supervisor_home(request: HttpRequest) -> HttpResponse:
    """What a work-provider supervisor sees: their places and, per place, the clients placed there —
    first name and case number only. Anyone else: 404."""
    provider_ids = selectors.supervised_provider_ids(request.user)
    if not provider_ids:
        raise Http404
    return render(request, "community/supervisor_home.html", {"places": selectors.supervisor_places(provider_ids)})


# --- Community-service caseload (progress and the enforcement limit at a glance) -------------------


@access.page(roles.CASE_VIEW)
def caseload(request: HttpRequest) -> HttpResponse:
    """Open community-service sections: the user's own by default, or all they may see; nearest
    enforcement limit first, with the limit warning (policy lead time) on each row."""
    user = request.user
    show_all = request.GET.get("show") == "all"
    today = timezone.localdate()
    qs, counts = selectors.caseload(user, show_all=show_all, today=today)
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for section in page_obj:
        details = getattr(section, "community", None)
        p = None
        if details is not None:
            # ``done`` and ``first_start`` are annotations of selectors.caseload.
            p = progress.compute(ordered=details.ordered_hours, done=section.done,  # type: ignore[attr-defined]
                                 first_order_start=section.first_start,  # type: ignore[attr-defined]
                                 ruling_in_force=details.ruling_in_force, exemplary=details.exemplary_work, today=today)
        rows.append({"section": section, "details": details, "progress": p})
    return render(request, "community/caseload.html", {
        "page_obj": page_obj, "rows": rows, "show_all": show_all, "near": counts["near"], "passed": counts["passed"],
        "warn_days": counts["warn_days"], "can_report": access.has_perm(user, roles.STATS_VIEW),
    })


# --- Reports ---------------------------------------------------------------------------------------


@access.page(roles.STATS_VIEW)
def value_report(request: HttpRequest) -> HttpResponse:
    form = f.ReportForm(request.GET or None, initial={"year": timezone.localdate().year})
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else timezone.localdate().year
    report = reports.year_report(year, access.unit_ids_for(request.user, roles.STATS_VIEW))
    return render(request, "community/report.html", {"form": form, "report": report,
                                                     "wages": value.wage_table()})
