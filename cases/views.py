"""Case work pages: the caseload, search, the client file and its actions."""

from __future__ import annotations

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
from cases import functions, selectors, services, timeline
from cases.forms import (
    AllocateForm,
    AssignForm,
    CaseForPersonForm,
    CaseOpenForm,
    CoverForm,
    NoteForm,
    NoteSearchForm,
    SectionCloseForm,
    SectionForm,
    TransferForm,
)
from cases.kinds import SECTION_KINDS
from cases.models import Case, Section
from core import access, audit
from core.errors import DomainError
from core.forms import act, submit
from core.places import countries, languages, municipality_names
from core.sensitivity import Sensitivity, can_see
from people import services as people_services
from people.forms import AliasForm, ContactForm, PersonEditForm
from people.models import Person

PAGE_SIZE = 50
OFFICER_FILTER_LIMIT = 300


def _case_or_404(request: HttpRequest, case_id: int, perm: str = roles.CASE_VIEW) -> Case:
    case = selectors.client_file(request.user, case_id, perm)
    if case is None:
        raise Http404
    return case


@access.page(roles.CASE_VIEW)
def caseload(request: HttpRequest) -> HttpResponse:
    p = access.principal(request.user)
    heads = {roles.Role.UNIT_HEAD, roles.Role.REGIONAL_HEAD, roles.Role.AUDITOR}
    default_show = "all" if p.roles & heads else "mine"
    params = {
        "show": request.GET.get("show", default_show),
        "status": request.GET.get("status", "open"),
        "kind": request.GET.get("kind", ""),
        "officer": request.GET.get("officer", ""),
        "text": request.GET.get("text", "").strip(),
        "sort": request.GET.get("sort", "name"),
    }
    cases = selectors.caseload(request.user, **params).values(*CASELOAD_COLUMNS)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    # Only people who lead others filter by officer; the list is bounded by the units they see.
    officers = ([(str(o.pk), str(o)) for o in selectors.officers_visible_to(request.user)
                 .only("first_name", "last_name", "username")[:OFFICER_FILTER_LIMIT]]
                if p.roles & heads else [])
    return render(request, "cases/caseload.html", {
        "page_obj": page, "rows": _caseload_rows(page.object_list), "params": params,
        "kinds": [(k.code, str(k.label)) for k in SECTION_KINDS.values()], "officers": officers,
        "default_sort": "name", "can_open": p.can(roles.CASE_OPEN),
        "covering": selectors.covers_of(request.user) if p.acting_for else [],
        "can_allocate": p.can(roles.CASE_TRANSFER),
    })


# The columns the caseload table shows: the page is evaluated here, in the view, with only these
# columns, and reaches the template as rows of plain strings (docs/performance.md, "How a page
# stays fast"): building three model instances per row and resolving their attributes, filters and
# {% url %} in the template was most of this page's time.
CASELOAD_COLUMNS = ("pk", "registration_number", "opened_on", "person__first_name", "person__last_name",
                    "person__personal_code", "responsible_officer__first_name",
                    "responsible_officer__last_name", "responsible_officer__username")


def _caseload_rows(cases: Any) -> list[dict[str, Any]]:
    cases = list(cases)
    tags: dict[int, list[str]] = {}
    for case_id, kind in (Section.objects.filter(case_id__in=[c["pk"] for c in cases], state__in=Section.OPEN_STATES)
                          .order_by("registered_on", "id").values_list("case_id", "kind")):
        kind_def = SECTION_KINDS.get(kind)
        tags.setdefault(case_id, []).append(str(kind_def.short) if kind_def is not None and kind_def.short else kind)
    url = reverse("case_detail", args=[0])[:-2]  # "/clients/0/" -> "/clients/": one reverse per page
    no_code = _("no personal code")
    rows = []
    for c in cases:
        code = c["person__personal_code"]
        officer = " ".join(filter(None, (c["responsible_officer__first_name"], c["responsible_officer__last_name"])))
        rows.append({
            "url": f"{url}{c['pk']}/",
            "name": f"{c['person__last_name']}, {c['person__first_name']}",
            "code": f"{code[:6]}-{code[6:]}" if code else no_code,
            "number": c["registration_number"],
            "sections": tags.get(c["pk"], []),
            "officer": officer or c["responsible_officer__username"] or "—",
            "opened": c["opened_on"].strftime("%d.%m.%Y") if c["opened_on"] else "",
        })
    return rows


EXPORT_LIMIT = 5000


@access.page(roles.CASE_VIEW)
def caseload_export(request: HttpRequest) -> HttpResponse:
    """The caseload with the same filters, as XLSX; sensitive columns only for roles that may see them."""
    from django.utils import timezone as tz

    from core.exports import Column, xlsx

    params = {key: request.GET.get(key, default) for key, default in
              (("show", "mine"), ("status", "open"), ("kind", ""), ("officer", ""), ("text", ""), ("sort", "name"))}
    cases = selectors.caseload(request.user, **params)[:EXPORT_LIMIT]
    names = municipality_names()
    columns = [
        Column(_("Case number"), lambda c: c.registration_number),
        Column(_("Last name"), lambda c: c.person.last_name),
        Column(_("First name"), lambda c: c.person.first_name),
        Column(_("Personal code"), lambda c: c.person.personal_code_display),
        Column(_("Date of birth"), lambda c: c.person.birth_date),
        Column(_("Declared residence: municipality"), lambda c: names.get(c.person.declared_municipality, ""),
               "people.person", "declared_municipality"),
        Column(_("Declared residence: address"), lambda c: c.person.declared_address, "people.person",
               "declared_address"),
        Column(_("Open sections"), lambda c: ", ".join(str(s.kind_label) for s in c.open_sections)),
        Column(_("Unit"), lambda c: c.responsible_unit.name),
        Column(_("Officer"), lambda c: str(c.responsible_officer or "")),
        Column(_("Opened"), lambda c: c.opened_on),
    ]
    content = xlsx(request.user, cases, columns, title=_("Caseload"), purpose="export:caseload",
                   sensitive_record=lambda c: c.person)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="caseload-{tz.localdate():%Y-%m-%d}.xlsx"'
    return response


# The columns the result table shows (and the order key): a name search returns up to a page of
# rows, and loading every column of three models per row was most of its time (performance.md).
SEARCH_COLUMNS = ("first_name", "last_name", "personal_code", "birth_date", "search_name",
                  "case__id", "case__registration_number", "case__responsible_unit__id",
                  "case__responsible_unit__name")


@access.page(roles.PERSON_VIEW)
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    persons = selectors.search_persons(request.user, query, limit=PAGE_SIZE).only(*SEARCH_COLUMNS) if query else []
    # Plain strings per row: a result page has up to PAGE_SIZE rows, and resolving model attributes,
    # filters and {% url %} in the template for each was half of this page's time.
    results = []
    for person in persons:
        case = getattr(person, "case", None)
        results.append({
            "name": f"{person.last_name}, {person.first_name}",
            "url": reverse("case_detail", args=[case.pk]) if case is not None else "",
            "code": person.personal_code_display or "—",
            "born": person.birth_date.strftime("%d.%m.%Y") if person.birth_date else "",
            "number": case.registration_number if case is not None else "—",
            "unit": case.responsible_unit.name if case is not None else "—",
        })
    return render(request, "cases/search.html", {"query": query, "results": results})


def _log_address_read(request: HttpRequest, case: Case) -> bool:
    """Show the address only to roles that may see it, and log each showing."""
    if not can_see(request.user, Sensitivity.ADDRESS):
        return False
    person = case.person
    if any((person.declared_address, person.declared_municipality, person.actual_address,
            person.actual_municipality)):
        audit.log_sensitive_read(user=request.user, sensitivity=Sensitivity.ADDRESS, instance=person,
                                 purpose="page:case_detail")
    return True


def _panels(request: HttpRequest, case: Case, p: access.Principal) -> list[dict[str, Any]]:
    """The panels case-level modules registered on the client file (``cases.functions.Panel``)."""
    shown = []
    for panel in functions.PANELS:
        if not p.can(panel.permission):
            continue
        context = panel.context(request, case)
        if context is not None:
            shown.append({"code": panel.code, "label": panel.label, "template": panel.template, "context": context})
    return shown


@access.page(roles.CASE_VIEW)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    p = access.principal(request.user)
    show_address = _log_address_read(request, case)
    events = list(selectors.timeline(case)[:8])
    for event in events:
        event.label = timeline.label(event)
        event.description = timeline.describe(event)
    names = municipality_names()
    country_names = dict(countries())
    language_names = dict(languages())
    return render(request, "cases/case_detail.html", {
        "panels": _panels(request, case, p),
        "citizenship": country_names.get(case.person.citizenship, case.person.citizenship),
        "person_languages": [language_names.get(code, code) for code in case.person.languages or []],
        "case": case, "person": case.person, "sections": case.sections.all(), "events": events,
        "show_address": show_address, "active_tab": "overview",
        "declared_municipality": names.get(case.person.declared_municipality, ""),
        "actual_municipality": names.get(case.person.actual_municipality, ""),
        "can_edit": p.can(roles.CASE_EDIT) and case.status == Case.Status.OPEN,
        "can_manage_sections": p.can(roles.SECTION_MANAGE) and case.status == Case.Status.OPEN,
        "can_transfer": p.can(roles.CASE_TRANSFER),
    })


@access.page(roles.CASE_VIEW)
def case_timeline(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    page = Paginator(selectors.timeline(case), PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        event.label = timeline.label(event)
        event.description = timeline.describe(event)
    return render(request, "cases/case_timeline.html", {"case": case, "page_obj": page, "active_tab": "timeline"})


def _form_page(request: HttpRequest, template: str, form: Any, **context: Any) -> HttpResponse:
    return render(request, template, {"form": form, **context}, status=400 if form.is_bound else 200)


def _registered_person(request: HttpRequest) -> Person | None:
    """``?person=<id>``: a registered person the user may see, to open their case file; else 404."""
    person_id = request.GET.get("person")
    if person_id is None:
        return None
    person = (selectors.persons_visible_to(request.user).select_related("case")
              .filter(pk=int(person_id) if person_id.isdigit() else 0).first())
    if person is None:
        raise Http404
    return person


@access.page(roles.CASE_OPEN)
def case_new(request: HttpRequest) -> HttpResponse:
    """Register a new client: the person and the case file in one step (``cases.services.client_register``).
    With ``?person=<id>``: open the case file of a person already registered whom the user may see (the
    choice offered when the typed personal code is a registered person's, with other names)."""
    officers = selectors.officers_visible_to(request.user)
    chosen = _registered_person(request)
    posted = request.POST if request.method == "POST" else None
    form: CaseOpenForm | CaseForPersonForm = (
        CaseForPersonForm(posted, officers=officers) if chosen is not None else CaseOpenForm(posted, officers=officers))
    existing_case = None
    registered = None  # the registered person whose code was typed with other names, if the user may see them
    if chosen is not None and hasattr(chosen, "case"):
        existing_case = Case.objects.visible_to(request.user).filter(pk=chosen.case.pk).first()
    if request.method == "POST" and form.is_valid():
        data = form.service_data() if isinstance(form, CaseOpenForm) else dict(form.cleaned_data)
        try:
            registration = services.client_register(
                actor=request.user, person=chosen, responsible_unit=data.pop("responsible_unit", None),
                responsible_officer=data.pop("responsible_officer", None),
                default_officer=request.user if isinstance(request.user, User) else None,
                **data)
        except DomainError as error:
            form.add_domain_error(error)
            if error.code == "case_exists":
                existing_case = Case.objects.visible_to(request.user).filter(pk=error.extra.get("case_id")).first()
            elif error.extra.get("person_id"):
                registered = selectors.persons_visible_to(request.user).filter(pk=error.extra["person_id"]).first()
        else:
            number = registration.case.registration_number
            if chosen is None and not registration.person_created:
                messages.success(request, _(
                    "The person was already registered with this personal code and the same name: case file "
                    "%(number)s is opened for them. Their registered personal data was kept; check it.")
                    % {"number": number})
            else:
                messages.success(request, _("Case file %(number)s opened.") % {"number": number})
            return redirect("case_detail", registration.case.pk)
    return _form_page(request, "cases/case_new.html", form, existing_case=existing_case, registered=registered,
                      chosen=chosen)


@access.page(roles.PERSON_EDIT)
def person_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id, roles.CASE_EDIT)
    person = case.person
    hide_address = not can_see(request.user, Sensitivity.ADDRESS)
    initial = {f: getattr(person, f) for f in PersonEditForm.base_fields if hasattr(person, f)}
    initial["personal_code"] = person.personal_code_display
    form = PersonEditForm(request.POST or None, initial=initial, hide_address=hide_address)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        code = data.pop("personal_code", "")
        try:
            services.client_person_update(actor=request.user, person=person, expected_version=form.cleaned_data["version"],
                                          personal_code=code, **data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Personal data saved."))
            return redirect("case_detail", case.pk)
    return _form_page(request, "cases/person_edit.html", form, case=case)


@access.page(roles.PERSON_EDIT)
def contact_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id, roles.CASE_EDIT)
    form = ContactForm(request.POST or None)
    if submit(request, form, lambda data: people_services.person_add_contact(
            actor=request.user, person=case.person, **data), _("Contact added.")):
        return redirect("case_detail", case.pk)
    return _form_page(request, "cases/simple_form.html", form, case=case, heading=_("Add a contact"))


@access.page(roles.PERSON_EDIT)
def alias_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id, roles.CASE_EDIT)
    form = AliasForm(request.POST or None)
    if submit(request, form, lambda data: people_services.person_add_alias(
            actor=request.user, person=case.person, **data), _("Other name added.")):
        return redirect("case_detail", case.pk)
    return _form_page(request, "cases/simple_form.html", form, case=case, heading=_("Add another name"))


@access.page(roles.SECTION_MANAGE)
def section_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id, roles.SECTION_MANAGE)
    form = SectionForm(request.POST or None, officers=selectors.officers_of_unit(case.responsible_unit_id),
                       initial={"responsible_officer": case.responsible_officer_id})
    if submit(request, form, lambda data: services.section_open(actor=request.user, case=case, **data),
              _("Section opened.")):
        return redirect("case_detail", case.pk)
    return _form_page(request, "cases/simple_form.html", form, case=case, heading=_("Open a section"))


@access.page(roles.SECTION_MANAGE)
def section_close(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id, roles.SECTION_MANAGE)
    section = Section.objects.filter(case=case, pk=section_id).first()
    if section is None:
        raise Http404
    form = SectionCloseForm(request.POST or None, kind=section.kind,
                            initial={"version": section.version, "closed_on": timezone.localdate()})
    if submit(request, form, lambda data: services.section_close(
            actor=request.user, section=section, reason=data["reason"], closed_on=data["closed_on"],
            note=data["note"], expected_version=data["version"]), _("Section closed.")):
        return redirect("case_detail", case.pk)
    return _form_page(request, "cases/simple_form.html", form, case=case,
                      heading=_("Close the section: %(kind)s") % {"kind": section.kind_label})


@access.page(roles.CASE_TRANSFER)
def case_transfer(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id, roles.CASE_TRANSFER)
    form = TransferForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_transfer(actor=request.user, case=case, to_unit=data["to_unit"], reason=data["reason"],
                                   expected_version=data["version"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Case transferred to %(unit)s. The registration number is kept.")
                             % {"unit": data["to_unit"].name})
            visible = Case.objects.visible_to(request.user).filter(pk=case.pk).exists()
            return redirect("case_detail", case.pk) if visible else redirect("caseload")
    return _form_page(request, "cases/simple_form.html", form, case=case, heading=_("Transfer to another unit"))


@access.page(roles.CASE_TRANSFER)
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id, roles.CASE_TRANSFER)
    form = AssignForm(request.POST or None, officers=selectors.officers_of_unit(case.responsible_unit_id),
                      initial={"version": case.version, "officer": case.responsible_officer_id})
    if submit(request, form, lambda data: services.case_assign_officer(
            actor=request.user, case=case, officer=data["officer"], expected_version=data["version"]),
            _("Responsible officer changed.")):
        return redirect("case_detail", case.pk)
    return _form_page(request, "cases/simple_form.html", form, case=case, heading=_("Change the responsible officer"))


# --- Case notes ------------------------------------------------------------------------------------


def _note_sensitivities(request: HttpRequest) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in Sensitivity.choices
            if code in services.NOTE_SENSITIVITIES and can_see(request.user, code)]


@access.page(roles.CASE_VIEW)
def case_notes(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case notes, searchable; a sensitive note's text only for roles that may see its class (each
    showing logged)."""
    case = _case_or_404(request, case_id)
    search = NoteSearchForm(request.GET or None)
    text = kind = ""
    if search.is_valid():
        text, kind = search.cleaned_data["q"].strip(), search.cleaned_data["kind"]
    page = Paginator(selectors.case_notes(request.user, case, text=text, kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page"))
    labels = dict(Sensitivity.choices)
    shown = []
    for note in page:
        note.hidden = bool(note.sensitivity) and not can_see(request.user, note.sensitivity)
        note.sensitivity_label = str(labels.get(note.sensitivity, "")) if note.sensitivity else ""
        if note.sensitivity and not note.hidden:
            shown.append((note.sensitivity, note))
    audit.log_sensitive_reads(user=request.user, items=shown, purpose="page:case_notes")
    p = access.principal(request.user)
    return render(request, "cases/case_notes.html", {
        "case": case, "page_obj": page, "search": search, "active_tab": "notes", "query": text,
        "can_add": p.can(roles.CASE_EDIT) and case.status == Case.Status.OPEN
        and Case.objects.visible_to(request.user, roles.CASE_EDIT).filter(pk=case.pk).exists(),
    })


@access.page(roles.CASE_EDIT)
def case_note_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id, roles.CASE_EDIT)
    form = NoteForm(request.POST or None, sensitivities=_note_sensitivities(request),
                    initial={"occurred_on": timezone.localdate(), "kind": "note"})
    if submit(request, form, lambda data: services.case_note_add(actor=request.user, case=case, **data),
              _("Note added.")):
        return redirect("case_notes", case.pk)
    return _form_page(request, "cases/simple_form.html", form, case=case, heading=_("Add a note"))


# --- Allocation and cover (unit heads) ------------------------------------------------------------


@access.page(roles.CASE_TRANSFER)
def allocation(request: HttpRequest) -> HttpResponse:
    """The unit head's allocation queue: open case files without a responsible officer (registrations
    left to the head, cases transferred in); several are given to one officer at once."""
    queue = selectors.unallocated(request.user, roles.CASE_TRANSFER)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    officers = selectors.allocating_officers(request.user)
    cases = list(page)
    form = AllocateForm(request.POST or None, officers=officers,
                        choices=[(c.pk, c.registration_number) for c in cases])
    if request.method == "POST" and form.is_valid():
        chosen = {c.pk: c for c in queue.filter(pk__in=form.cleaned_data["cases"])}
        picked = [(chosen[pk], _int(request.POST.get(f"version-{pk}"))) for pk in form.cleaned_data["cases"]
                  if pk in chosen]
        if submit(request, form, lambda data: services.cases_allocate(
                actor=request.user, cases=picked, officer=data["officer"]),
                lambda done: _("%(count)s case files given to %(officer)s.")
                % {"count": len(done), "officer": form.cleaned_data["officer"]}):
            return redirect("allocation")
    selected = set(request.POST.getlist("cases")) if request.method == "POST" else set()
    return render(request, "cases/allocation.html", {"page_obj": page, "cases": cases, "form": form,
                                                     "selected": selected},
                  status=400 if form.is_bound else 200)


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else None


@access.page(roles.CASE_TRANSFER)
def cover(request: HttpRequest) -> HttpResponse:
    """Cover for absent officers: current and coming periods, and a new one."""
    officers = selectors.allocating_officers(request.user)
    form = CoverForm(request.POST or None, officers=officers,
                     initial={"starts_on": timezone.localdate()})
    if submit(request, form, lambda data: services.cover_set(actor=request.user, **data),
              lambda done: _("%(cover)s covers for %(absent)s from %(start)s to %(end)s.")
              % {"cover": done.cover_officer, "absent": done.absent_officer,
                 "start": done.starts_on.strftime("%d.%m.%Y"), "end": done.ends_on.strftime("%d.%m.%Y")}):
        return redirect("cover")
    return render(request, "cases/cover.html", {"form": form, "covers": selectors.covers_in_units(request.user)},
                  status=400 if form.is_bound else 200)


@require_POST
@access.page(roles.CASE_TRANSFER)
def cover_end(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.covers_in_units(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    act(request, lambda: services.cover_end(actor=request.user, cover=found,
                                            expected_version=_int(request.POST.get("version"))),
        _("The cover has ended."))
    return redirect("cover")
