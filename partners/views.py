"""Pages of partner organisations: the registry (organisations and prospects), an organisation with
its places, agreements, contact persons, satisfaction and notes, and the functions' panels
(``partners.registry``). Reading needs ``case.view``; changing an organisation ``section.manage`` in
its unit. Services make the changes; a service's error is shown beside its field."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import OrgUnit
from core import access
from core.errors import DomainError
from core.forms import submit
from partners import forms as f
from partners import registry, selectors, services
from partners.models import Agreement, ContactPerson, Organisation, Place

PAGE_SIZE = 25


@access.page(roles.CASE_VIEW)
def organisation_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    stage = request.GET.get("stage", "")
    query = (request.GET.get("q") or "").strip()
    page_obj = Paginator(selectors.organisations(status=status, stage=stage, text=query), PAGE_SIZE).get_page(
        request.GET.get("page"))
    placed = selectors.clients_placed(list(page_obj))
    rows = [{"organisation": o, "placed": placed.get(o.pk, 0)} for o in page_obj]
    return render(request, "partners/organisation_list.html", {
        "page_obj": page_obj, "rows": rows, "status": status, "stage": stage, "q": query,
        "statuses": Organisation.Status.choices, "stages": Organisation.Stage.choices,
        "can_manage": access.has_perm(request.user, roles.SECTION_MANAGE),
        "links": [link for link in registry.links() if access.has_perm(request.user, link.permission)],
    })


@access.page(roles.SECTION_MANAGE)
def organisation_new(request: HttpRequest) -> HttpResponse:
    form = f.OrganisationForm(request.POST or None, units=selectors.manage_units(request.user))

    created: dict[str, Organisation] = {}

    def create(data: dict[str, Any]) -> None:
        data = dict(data)
        data.pop("version", None)
        unit = OrgUnit.objects.filter(pk=data.pop("unit")).first()
        created["organisation"] = services.organisation_create(actor=request.user, unit=unit, **data)

    if submit(request, form, create, _("The organisation is added.")):
        return redirect("partners:organisation", created["organisation"].pk)
    return render(request, "partners/organisation_form.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


# The organisation page's own forms, by the action they post to.
FORMS: dict[str, Any] = {
    "edit": f.OrganisationForm, "place": f.PlaceForm, "agreement": f.AgreementForm, "contact": f.ContactForm,
    "rating": f.RatingForm, "note": f.NoteForm,
}


def _place_links(user: Any, organisation: Organisation) -> list[dict[str, Any]]:
    """The functions' links on each place, each with the places where it leads somewhere for the user
    (a link that would answer 404 is not shown)."""
    ids = list(organisation.places.values_list("pk", flat=True))
    return [{"label": link.label, "url_name": link.url_name,
             "places": set(ids) if link.places is None else link.places(user, ids)}
            for link in registry.place_links()]


def organisation_page(request: HttpRequest, organisation: Organisation, *, status: int = 200,
                      bound: dict[str, Any] | None = None) -> HttpResponse:
    """The organisation page. ``bound`` holds the forms that failed on a POST, by name: the page's own
    (``FORMS``) and those of a function's panel, which a function's view passes here to show the page
    again with its errors."""
    bound = bound or {}
    user = request.user
    can_manage = selectors.may_manage(user, organisation)
    panels = []
    for panel in registry.panels():
        context = panel.context(request, organisation, bound)
        if context is not None:
            panels.append({"code": panel.code, "template": panel.template, "context": context})
    ctx: dict[str, Any] = {
        "organisation": organisation, "can_manage": can_manage,
        "places": selectors.places_with_load(organisation),
        "place_links": _place_links(user, organisation) if can_manage else [],
        "agreements": list(organisation.agreements.all()), "contacts": list(organisation.contacts.all()),
        "ratings": list(organisation.ratings.select_related("author")),
        "notes": list(organisation.notes.select_related("author")),
        "panels": panels, "error_forms": list(bound.values()),
    }
    if can_manage:
        today = timezone.localdate()
        for name, cls in FORMS.items():
            if name in bound:
                ctx[f"{name}_form"] = bound[name]
            elif name == "edit":
                ctx["edit_form"] = cls(units=selectors.manage_units(user), initial={
                    **{k: getattr(organisation, k) for k in services.ORGANISATION_FIELDS},
                    "unit": organisation.unit_id, "version": organisation.version})
            elif name == "rating":
                ctx["rating_form"] = cls(initial={"year": today.year, "rated_on": today})
            else:
                ctx[f"{name}_form"] = cls()
    return render(request, "partners/organisation_detail.html", ctx, status=status)


@access.page(roles.CASE_VIEW)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return organisation_page(request, selectors.access_organisation(pk))


@require_POST
@access.page(roles.SECTION_MANAGE)
def organisation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    organisation = selectors.access_organisation(pk)
    if action not in FORMS or not selectors.may_manage(request.user, organisation):
        raise Http404
    cls = FORMS[action]
    form: Any = cls(request.POST, units=selectors.manage_units(request.user)) if action == "edit" else cls(request.POST)

    def save(data: dict[str, Any]) -> None:
        data = dict(data)
        if action == "edit":
            unit = OrgUnit.objects.filter(pk=data.pop("unit")).first()
            services.organisation_update(actor=request.user, organisation=organisation,
                                         expected_version=data.pop("version"), unit=unit, **data)
        else:
            SERVICES[action](actor=request.user, organisation=organisation, **data)

    if submit(request, form, save, _("Saved.")):
        return redirect("partners:organisation", organisation.pk)
    return organisation_page(request, organisation, status=422, bound={action: form})


SERVICES: dict[str, Any] = {
    "place": services.place_add, "agreement": services.agreement_add, "contact": services.contact_add,
    "rating": services.rating_add, "note": services.note_add,
}


# Editing an organisation's agreements, places and contact persons: one page each, the same pattern.
ITEMS: dict[str, tuple[Any, Any, Any, tuple[str, ...]]] = {
    "agreement": (Agreement, f.AgreementEditForm, services.agreement_update,
                  ("number", "signed_on", "valid_from", "valid_until", "status")),
    "place": (Place, f.PlaceEditForm, services.place_update,
              ("name", "address", "municipality", "kinds_of_work", "capacity", "working_times", "active")),
    "contact": (ContactPerson, f.ContactEditForm, services.contact_update,
                ("name", "position", "phone", "email", "active")),
}
# gettext_lazy under its own name: makemessages extracts it (it did not know an alias such as ``_lazy``).
ITEM_TITLES = {"agreement": gettext_lazy("Change the agreement"),
               "place": gettext_lazy("Change or close the place"),
               "contact": gettext_lazy("Change the contact person")}


def _versioned(data: dict[str, Any]) -> dict[str, Any]:
    """A form's data as service keywords: the version it read becomes ``expected_version``."""
    rest = dict(data)
    return {"expected_version": rest.pop("version"), **rest}


@access.page(roles.SECTION_MANAGE)
def item_edit(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    organisation = selectors.access_organisation(pk)
    if kind not in ITEMS or not selectors.may_manage(request.user, organisation):
        raise Http404
    model, form_cls, service, fields = ITEMS[kind]
    item = model.objects.filter(pk=item_id, organisation=organisation).first()
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
        return redirect("partners:organisation", organisation.pk)
    return render(request, "partners/item_form.html", {
        "organisation": organisation, "form": form, "title": ITEM_TITLES[kind]},
        status=failed.get("status", 422) if request.method == "POST" else 200)
