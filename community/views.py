"""Pages of the community-service module. Every page goes through ``core.access``; services make
the changes; a service's error is shown beside its field."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, DecimalField, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import OrgUnit, User
from cases.models import Section
from community import forms as f
from community import progress, reports, services, value
from community.models import (
    KINDS,
    ORDER_TYPES_FOR_KIND,
    Agreement,
    CommunityServiceDetails,
    ContactPerson,
    EnforcementStep,
    HourEntry,
    WorkOrder,
    WorkPlace,
    WorkProvider,
)
from core import access
from core.errors import DomainError
from core.forms import act, submit

PAGE_SIZE = 25


# --- The section page ------------------------------------------------------------------------------


def _section(request: HttpRequest, case_id: int, section_id: int, perm: str = roles.CASE_VIEW) -> Section:
    section = (Section.objects.visible_to(request.user, perm)
               .select_related("case", "case__person", "responsible_officer")
               .filter(pk=section_id, case_id=case_id, kind__in=KINDS).first())
    if section is None:
        raise Http404
    return section


def _details(section: Section) -> CommunityServiceDetails | None:
    return CommunityServiceDetails.objects.filter(section=section).first()


def _places_for(user: Any) -> list[tuple[int, str]]:
    places = WorkPlace.objects.filter(active=True, provider__status=WorkProvider.Status.ACTIVE).select_related(
        "provider").annotate(n=Count("orders", filter=Q(orders__status=WorkOrder.Status.ACTIVE)))
    return [(p.pk, f"{p} ({p.n}/{p.capacity})") for p in places]


def _section_page(request: HttpRequest, section: Section, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    details = _details(section)
    can_manage = section.is_open and Section.objects.visible_to(user, roles.SECTION_MANAGE).filter(
        pk=section.pk).exists()
    order_types = ORDER_TYPES_FOR_KIND[section.kind]
    ctx: dict[str, Any] = {"section": section, "case": section.case, "details": details, "can_manage": can_manage,
                           "today": timezone.localdate()}
    if details is None:
        if can_manage:
            ctx["details_form"] = forms.get("details_form") or f.DetailsForm(
                order_types=order_types, initial={"ruling_in_force": section.basis_in_force})
    else:
        orders = list(WorkOrder.objects.filter(details=details).select_related("place", "place__provider"))
        ctx["values"] = value.value_by_year(HourEntry.objects.filter(details=details))
        ctx["value_total"] = value.total_value(ctx["values"])
        entries = list(HourEntry.objects.filter(details=details).select_related("order", "entered_by", "corrects"))
        done = sum((e.hours for e in entries if not e.superseded), Decimal(0))
        first = min((o.start_date for o in orders), default=None)
        ctx.update({
            "orders": orders, "entries": entries, "active_order": next((o for o in orders if o.status == "active"), None),
            "progress": progress.compute(ordered=details.ordered_hours, done=done, first_order_start=first,
                                         ruling_in_force=details.ruling_in_force, exemplary=details.exemplary_work,
                                         today=timezone.localdate()),
            "hours_limits": services.hours_limits(details.order_type),
            "steps": list(EnforcementStep.objects.filter(details=details)),
        })
        ctx["can_complete"] = can_manage and done >= details.ordered_hours
        if can_manage:
            places = _places_for(user)
            ctx["edit_form"] = forms.get("edit_form") or f.DetailsEditForm(order_types=order_types, initial={
                "version": details.version, "order_type": details.order_type, "ordered_hours": details.ordered_hours,
                "offence_date": details.offence_date, "exemplary_work": details.exemplary_work})
            ctx["order_form"] = forms.get("order_form") or f.OrderForm(
                places=places, initial={"version": ctx["active_order"].version if ctx["active_order"] else None})
            ctx["step_form"] = forms.get("step_form") or f.StepForm(initial={"day": timezone.localdate()})
            pending = next((x for x in ctx["steps"] if x.decision == EnforcementStep.Decision.PENDING), None)
            if pending is not None:
                ctx["pending"] = pending
                ctx["decision_form"] = forms.get("decision_form") or f.DecisionForm(initial={
                    "version": pending.version, "decided_on": timezone.localdate()})
            if ctx["active_order"]:
                ctx["hours_form"] = forms.get("hours_form") or f.HoursForm(initial={"day": timezone.localdate()})
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
    details = _details(section)
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


def _place(request: HttpRequest, pk: int | None) -> WorkPlace | None:
    return WorkPlace.objects.filter(pk=pk).first() if pk else None


@require_POST
@access.page(roles.SECTION_MANAGE)
def order_save(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = _section(request, case_id, section_id, roles.SECTION_MANAGE)
    details = _details(section)
    if details is None:
        raise Http404
    form = f.OrderForm(request.POST, places=_places_for(request.user))
    if form.is_valid():
        data = form.cleaned_data
        active = WorkOrder.objects.active().filter(details=details).first()
        try:
            if active is None:
                services.order_issue(actor=request.user, details=details, place=_place(request, data["place"]),
                                     start_date=data["start_date"], schedule=data["schedule"])
            else:
                services.order_change_place(actor=request.user, order=active, expected_version=data.get("version"),
                                            place=_place(request, data["place"]), start_date=data["start_date"],
                                            schedule=data["schedule"])
            messages.success(request, _("The work order is issued."))
            return _back(section)
        except DomainError as exc:
            form.add_domain_error(exc)
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
    details = _details(section)
    if details is None:
        raise Http404
    form = f.StepForm(request.POST)
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
    details = _details(section)
    if details is None:
        raise Http404
    act(request, lambda: services.details_complete(actor=request.user, details=details),
        _("Community service is completed and the section is closed."))
    return _back(section)


@access.page(roles.SECTION_MANAGE)
def hours_correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry = (HourEntry.objects.filter(pk=pk, superseded=False,
                                      order__in=WorkOrder.objects.visible_to(request.user, roles.SECTION_MANAGE))
             .select_related("order", "details__section__case__person").first())
    if entry is None:
        raise Http404
    section = entry.details.section
    form = f.CorrectForm(request.POST or None, initial={"hours": entry.hours})
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_correct(actor=request.user, entry=entry, **form.cleaned_data)
            messages.success(request, _("The entry is corrected."))
            return _back(section)
        except DomainError as exc:
            form.add_domain_error(exc)
    return render(request, "community/hours_correct.html", {"entry": entry, "section": section, "form": form},
                  status=422 if request.method == "POST" else 200)


# --- Work providers --------------------------------------------------------------------------------


def _manage_units(user: Any) -> list[tuple[int, str]]:
    ids = access.unit_ids_for(user, roles.SECTION_MANAGE)
    qs = OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return [(u.pk, u.name) for u in qs.order_by("name")]


@access.page(roles.CASE_VIEW)
def provider_list(request: HttpRequest) -> HttpResponse:
    qs: QuerySet[WorkProvider] = WorkProvider.objects.select_related("unit").annotate(
        n_places=Count("places", distinct=True),
        n_clients=Count("places__orders", filter=Q(places__orders__status=WorkOrder.Status.ACTIVE), distinct=True))
    status = request.GET.get("status", "")
    if status in WorkProvider.Status.values:
        qs = qs.filter(status=status)
    stage = request.GET.get("stage", "")
    if stage in WorkProvider.Stage.values:
        qs = qs.filter(stage=stage)
    query = (request.GET.get("q") or "").strip()
    if query:
        qs = qs.filter(name__icontains=query)
    page_obj = Paginator(qs.order_by("name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/provider_list.html", {
        "page_obj": page_obj, "status": status, "stage": stage, "q": query,
        "statuses": WorkProvider.Status.choices, "stages": WorkProvider.Stage.choices,
        "can_manage": access.has_perm(request.user, roles.SECTION_MANAGE),
        "can_report": access.has_perm(request.user, roles.STATS_VIEW),
    })


@access.page(roles.SECTION_MANAGE)
def provider_new(request: HttpRequest) -> HttpResponse:
    form = f.ProviderForm(request.POST or None, units=_manage_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        unit = OrgUnit.objects.filter(pk=data.pop("unit")).first()
        try:
            provider = services.provider_create(actor=request.user, unit=unit, **data)
            messages.success(request, _("The work provider is added."))
            return redirect("community:provider", provider.pk)
        except DomainError as exc:
            form.add_domain_error(exc)
    return render(request, "community/provider_form.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


def _provider(pk: int) -> WorkProvider:
    provider = WorkProvider.objects.select_related("unit").filter(pk=pk).first()
    if provider is None:
        raise Http404
    return provider


def _may_manage_provider(user: Any, provider: WorkProvider) -> bool:
    if not access.has_perm(user, roles.SECTION_MANAGE):
        return False
    ids = access.unit_ids_for(user, roles.SECTION_MANAGE)
    return ids is None or provider.unit_id in ids


_PROVIDER_FORMS = {
    "edit": f.ProviderForm, "agreement": f.AgreementForm, "place": f.PlaceForm, "contact": f.ContactForm,
    "note": f.NoteForm, "supervisor": f.SupervisorForm, "rating": f.RatingForm,
}


def _provider_page(request: HttpRequest, provider: WorkProvider, status: int = 200,
                   bound: dict[str, Any] | None = None) -> HttpResponse:
    bound = bound or {}
    can_manage = _may_manage_provider(request.user, provider)
    places = list(provider.places.all())
    load = services.place_load([p.pk for p in places])
    for p in places:
        p.load = load.get(p.pk, 0)  # type: ignore[attr-defined]
    ctx: dict[str, Any] = {
        "provider": provider, "can_manage": can_manage, "places": places,
        "agreements": list(provider.agreements.all()), "contacts": list(provider.contacts.all()),
        "notes": list(provider.notes.select_related("author")),
        "supervisors": list(provider.supervisors.filter(active=True).select_related("user")),
        "ratings": list(provider.ratings.select_related("author")),
        "values": value.value_by_year(HourEntry.objects.filter(order__place__provider=provider)),
        "error_forms": list(bound.values()),
    }
    ctx["value_total"] = value.total_value(ctx["values"])
    if can_manage:
        for name, cls in _PROVIDER_FORMS.items():
            if name in bound:
                ctx[f"{name}_form"] = bound[name]
            elif name == "edit":
                ctx["edit_form"] = cls(units=_manage_units(request.user), initial={
                    **{k: getattr(provider, k) for k in services.PROVIDER_FIELDS},
                    "unit": provider.unit_id, "version": provider.version})
            elif name == "rating":
                today = timezone.localdate()
                ctx["rating_form"] = cls(initial={"year": today.year, "rated_on": today})
            else:
                ctx[f"{name}_form"] = cls()
    return render(request, "community/provider_detail.html", ctx, status=status)


@access.page(roles.CASE_VIEW)
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _provider_page(request, _provider(pk))


@require_POST
@access.page(roles.SECTION_MANAGE)
def provider_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    provider = _provider(pk)
    if action not in _PROVIDER_FORMS or not _may_manage_provider(request.user, provider):
        raise Http404
    cls = _PROVIDER_FORMS[action]
    form: Any = cls(request.POST, units=_manage_units(request.user)) if action == "edit" else cls(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if action == "edit":
                unit = OrgUnit.objects.filter(pk=data.pop("unit")).first()
                services.provider_update(actor=request.user, provider=provider,
                                         expected_version=data.pop("version"), unit=unit, **data)
            elif action == "agreement":
                services.agreement_add(actor=request.user, provider=provider, **data)
            elif action == "place":
                services.place_add(actor=request.user, provider=provider, **data)
            elif action == "contact":
                services.contact_add(actor=request.user, provider=provider, **data)
            elif action == "note":
                services.note_add(actor=request.user, provider=provider, **data)
            elif action == "rating":
                services.rating_add(actor=request.user, provider=provider, **data)
            else:
                user = User.objects.filter(username=data["username"], is_active=True).first()
                services.supervisor_link(actor=request.user, provider=provider, user=user)
            messages.success(request, _("Saved."))
            return redirect("community:provider", provider.pk)
        except DomainError as exc:
            if action == "supervisor" and exc.field == "user":
                exc.field = "username"
            form.add_domain_error(exc)
    return _provider_page(request, provider, status=422, bound={action: form})


# Editing a provider's agreements, work places and contact persons: one page each, the same pattern.
_ITEMS: dict[str, tuple[Any, Any, Any, tuple[str, ...]]] = {
    "agreement": (Agreement, f.AgreementEditForm, services.agreement_update,
                  ("number", "signed_on", "valid_from", "valid_until", "status")),
    "place": (WorkPlace, f.PlaceEditForm, services.place_update,
              ("name", "address", "municipality", "kinds_of_work", "capacity", "working_times", "active")),
    "contact": (ContactPerson, f.ContactEditForm, services.contact_update,
                ("name", "position", "phone", "email", "active")),
}
# gettext_lazy under its own name: makemessages extracts it (it did not know an alias such as ``_lazy``).
_ITEM_TITLES = {"agreement": gettext_lazy("Change the agreement"),
                "place": gettext_lazy("Change or close the work place"),
                "contact": gettext_lazy("Change the contact person")}


@access.page(roles.SECTION_MANAGE)
def provider_item_edit(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    provider = _provider(pk)
    if kind not in _ITEMS or not _may_manage_provider(request.user, provider):
        raise Http404
    model, form_cls, service, fields = _ITEMS[kind]
    item = model.objects.filter(pk=item_id, provider=provider).first()
    if item is None:
        raise Http404
    initial = {name: getattr(item, name) for name in fields}
    initial["version"] = item.version
    form = form_cls(request.POST or None, initial=initial)
    failed: dict[str, int] = {}

    def save(data: dict[str, Any]) -> None:
        try:
            service(actor=request.user, **{kind: item}, **_versioned(data))
        except DomainError as exc:
            failed["status"] = exc.status  # a stale edit answers 409, like the API
            raise

    if request.method == "POST" and submit(request, form, save, _("Saved.")):
        return redirect("community:provider", provider.pk)
    return render(request, "community/provider_item_form.html", {
        "provider": provider, "form": form, "title": _ITEM_TITLES[kind]},
        status=failed.get("status", 422) if request.method == "POST" else 200)


# --- Bulk entry for one day at one work place (officers and the provider's supervisor) -------------


def _supervisor(request: HttpRequest) -> list[int]:
    """The providers of a signed-in work-provider supervisor; 404 for everyone else."""
    ids = services.supervised_provider_ids(request.user)
    if not ids:
        raise Http404
    return ids


def _bulk_orders(request: HttpRequest, place: WorkPlace) -> QuerySet[WorkOrder]:
    qs = WorkOrder.objects.active().filter(place=place)
    if place.provider_id not in services.supervised_provider_ids(request.user):
        qs = qs.visible_to(request.user, roles.SECTION_MANAGE)
    return qs.select_related("details__section__case__person").order_by("details__section__case__registration_number")


@access.page()
def bulk_hours(request: HttpRequest, place_id: int) -> HttpResponse:
    place = WorkPlace.objects.select_related("provider").filter(pk=place_id).first()
    supervised = services.supervised_provider_ids(request.user)
    if place is None or (place.provider_id not in supervised and not access.has_perm(request.user,
                                                                                    roles.SECTION_MANAGE)):
        raise Http404
    orders = list(_bulk_orders(request, place))
    if place.provider_id not in supervised and not orders:
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
        "place": place, "rows": rows_out, "form": form, "supervisor_view": place.provider_id in supervised,
        "top_error": error.message if error and not error.extra.get("order_id") and error.field != "day" else "",
    }, status=status)


@access.page()
def supervisor_home(request: HttpRequest) -> HttpResponse:
    """What a work-provider supervisor sees: their places and, per place, the clients placed there —
    first name and case number only."""
    provider_ids = _supervisor(request)
    places = (WorkPlace.objects.filter(provider_id__in=provider_ids, provider__status=WorkProvider.Status.ACTIVE)
              .select_related("provider")
              .prefetch_related(Prefetch("orders", to_attr="active_orders",
                                         queryset=WorkOrder.objects.active()
                                         .select_related("details__section__case__person")
                                         .order_by("details__section__case__registration_number"))))
    return render(request, "community/supervisor_home.html", {"places": places})


# --- Community-service caseload (progress and the enforcement limit at a glance) -------------------


@access.page(roles.CASE_VIEW)
def caseload(request: HttpRequest) -> HttpResponse:
    """Open community-service sections: the user's own by default, or all they may see; nearest
    enforcement limit first, with the limit warning (policy lead time) on each row."""
    from community.progress import add_years
    from core import policies

    user = request.user
    show_all = request.GET.get("show") == "all"
    qs = Section.objects.visible_to(user, roles.CASE_VIEW).open().filter(kind__in=KINDS)
    if not show_all:
        qs = qs.filter(Q(responsible_officer=user) | Q(responsible_officer__isnull=True, case__responsible_officer=user))
    today = timezone.localdate()
    years = int(policies.value("community.limitation_years"))
    warn_days = int(policies.value("community.limitation_warning_days"))
    near = qs.filter(community__ruling_in_force__lte=add_years(today + timedelta(days=warn_days), -years))
    counts = near.aggregate(near=Count("pk"), passed=Count("pk", filter=Q(
        community__ruling_in_force__lt=add_years(today, -years))))
    done = (HourEntry.objects.filter(details=OuterRef("community__id"), superseded=False).values("details")
            .annotate(s=Sum("hours")).values("s"))
    first = (WorkOrder.objects.filter(details=OuterRef("community__id")).order_by("start_date").values("start_date")[:1])
    qs = (qs.select_related("case", "case__person", "community")
          .annotate(done=Coalesce(Subquery(done), Value(Decimal(0)), output_field=DecimalField()),
                    first_start=Subquery(first))
          .order_by(F("community__ruling_in_force").asc(nulls_last=True), "case__registration_number"))
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for section in page_obj:
        details = getattr(section, "community", None)
        p = None
        if details is not None:
            p = progress.compute(ordered=details.ordered_hours, done=section.done, first_order_start=section.first_start,
                                 ruling_in_force=details.ruling_in_force, exemplary=details.exemplary_work, today=today)
        rows.append({"section": section, "details": details, "progress": p})
    return render(request, "community/caseload.html", {
        "page_obj": page_obj, "rows": rows, "show_all": show_all, "near": counts["near"], "passed": counts["passed"],
        "warn_days": warn_days, "can_report": access.has_perm(user, roles.STATS_VIEW),
    })


# --- Reports ---------------------------------------------------------------------------------------


@access.page(roles.STATS_VIEW)
def value_report(request: HttpRequest) -> HttpResponse:
    form = f.ReportForm(request.GET or None, initial={"year": timezone.localdate().year})
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else timezone.localdate().year
    report = reports.year_report(year, access.unit_ids_for(request.user, roles.STATS_VIEW))
    return render(request, "community/report.html", {"form": form, "report": report,
                                                     "wages": value.wage_table()})


def section_url(section: Section) -> str:
    return reverse("community:section", args=[section.case_id, section.pk])
