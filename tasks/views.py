"""Pages of the management module: task lists and detail, the inbox and its guided registration,
workload, notifications. Every page goes through ``core.access``; services do the changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import OrgUnit, User
from cases import selectors as case_selectors
from cases.models import Case
from core import access
from core.errors import DomainError, ValidationFailed
from core.files import TYPES
from core.forms import submit
from core.text import Latvian
from people.models import Person
from people.selectors import person_by_code
from tasks import selectors, services
from tasks.forms import (
    AssignForm,
    CancelForm,
    CompleteForm,
    FindPersonForm,
    InboxFilterForm,
    InboxItemForm,
    NewPersonForm,
    RegisterForm,
    RejectForm,
    TaskFilterForm,
)
from tasks.models import IncomingDocument, Notification, Task

PAGE_SIZE = 25


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _sorted(qs: QuerySet, request: HttpRequest, sorts: Mapping[str, tuple[str, ...]],
            default: str) -> tuple[Any, str]:
    sort = request.GET.get("sort", default)
    if sort not in sorts:
        sort = default
    return qs.order_by(*sorts[sort]), sort


# --- Task lists ---------------------------------------------------------------------------------

_LIST_TITLES = {
    "mine": lambda: _("My tasks"),
    "unit": lambda: _("Unit tasks"),
    "overdue": lambda: _("Overdue tasks"),
}


def _task_list(request: HttpRequest, view: str) -> HttpResponse:
    qs = selectors.tasks_for(request.user, view)
    form = TaskFilterForm(request.GET or None)
    params = request.GET if view != "overdue" else {**request.GET.dict(), "status": "open"}
    qs = selectors.filter_tasks(qs, params if request.GET else {"status": "open"})
    qs, sort = _sorted(qs, request, selectors.TASK_SORTS, "due")
    units: list[OrgUnit] | None = None
    if view != "mine":
        unit_ids = access.unit_ids_for(request.user, roles.TASK_VIEW)
        unit_qs = OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT)
        if unit_ids is not None:
            unit_qs = unit_qs.filter(pk__in=sorted(unit_ids))
        units = list(unit_qs.order_by(Latvian("name")))
    return render(request, "tasks/task_list.html", {
        "view": view, "title": _LIST_TITLES[view](), "page_obj": _page(request, qs), "form": form,
        "default_sort": "due", "sort": sort, "units": units, "unit_filter": request.GET.get("unit", ""),
        "today": timezone.localdate(),
    })


@access.page(roles.TASK_VIEW)
def my_tasks(request: HttpRequest) -> HttpResponse:
    return _task_list(request, "mine")


@access.page(roles.TASK_VIEW)
def unit_tasks(request: HttpRequest) -> HttpResponse:
    return _task_list(request, "unit")


@access.page(roles.TASK_VIEW)
def overdue_tasks(request: HttpRequest) -> HttpResponse:
    return _task_list(request, "overdue")


# --- Task detail and its actions ----------------------------------------------------------------


def _assignees(user: Any) -> QuerySet[User]:
    units = access.unit_ids_for(user, roles.TASK_ASSIGN)
    qs = User.objects.filter(is_active=True, is_service_account=False, home_unit__isnull=False,
                             grants__role__in=selectors.WORKLOAD_ROLES).select_related("home_unit").distinct()
    if units is not None:
        qs = qs.filter(home_unit_id__in=sorted(units))
    return qs.order_by(Latvian("last_name"), Latvian("first_name"))


def _task_detail(request: HttpRequest, task: Task, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    can_work = access.has_perm(user, roles.TASK_WORK) and task.is_open
    can_assign = access.has_perm(user, roles.TASK_ASSIGN) and task.is_open
    can_cancel = task.is_open and (can_assign or task.created_by_id == user.pk)
    initial = {"version": task.version}
    context = {
        "task": task, "today": timezone.localdate(), "error_forms": [f for f in forms.values() if f is not None],
        "complete_form": forms.get("complete_form") or (CompleteForm(initial=initial) if can_work else None),
        "assign_form": forms.get("assign_form") or (
            AssignForm(initial={**initial, "assignee": task.assignee_id}, assignees=_assignees(user))
            if can_assign else None),
        "cancel_form": forms.get("cancel_form") or (CancelForm(initial=initial) if can_cancel else None),
    }
    return render(request, "tasks/task_detail.html", context, status=status)


def _visible_task(request: HttpRequest, pk: int, perm: str = roles.TASK_VIEW) -> Task:
    task = Task.objects.visible_to(request.user, perm).select_related(
        "case", "case__person", "section", "inbox_item", "unit", "assignee", "completed_by", "created_by",
    ).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


@access.page(roles.TASK_VIEW)
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_detail(request, _visible_task(request, pk))


def _task_action(request: HttpRequest, pk: int, perm: str, form_class: type, form_key: str,
                 action: Any, done_message: str, form_kwargs: dict | None = None) -> HttpResponse:
    task = _visible_task(request, pk, perm)
    form = form_class(request.POST, **(form_kwargs or {}))
    if submit(request, form, lambda data: action(task, data), done_message):
        return redirect("tasks:detail", pk=task.pk)
    return _task_detail(request, _visible_task(request, pk), status=422, **{form_key: form})


@require_POST
@access.page(roles.TASK_WORK)
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_action(
        request, pk, roles.TASK_WORK, CompleteForm, "complete_form",
        lambda task, data: services.task_complete(actor=request.user, task=task, outcome=data["outcome"],
                                                  expected_version=data["version"]),
        _("The task is done."),
    )


@require_POST
@access.page(roles.TASK_ASSIGN)
def task_assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_action(
        request, pk, roles.TASK_ASSIGN, AssignForm, "assign_form",
        lambda task, data: services.task_assign(actor=request.user, task=task, assignee=data["assignee"],
                                                expected_version=data["version"]),
        _("The task was assigned."), {"assignees": _assignees(request.user)},
    )


@require_POST
@access.page(roles.TASK_WORK)
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_action(
        request, pk, roles.TASK_WORK, CancelForm, "cancel_form",
        lambda task, data: services.task_cancel(actor=request.user, task=task, reason=data["reason"],
                                                expected_version=data["version"]),
        _("The task was cancelled."),
    )


@access.page(roles.TASK_VIEW)
def case_tasks(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access.get_visible_or_404(Case.objects.select_related("person", "responsible_unit",
                                                                 "responsible_officer"),
                                     request.user, roles.CASE_VIEW, pk=case_id)
    qs = Task.objects.filter(case=case).for_lists()
    status = request.GET.get("status", "open")
    if status in Task.Status.values:
        qs = qs.filter(status=status)
    qs, sort = _sorted(qs, request, selectors.TASK_SORTS, "due")
    return render(request, "tasks/case_tasks.html", {
        "case": case, "page_obj": _page(request, qs), "status": status, "default_sort": "due",
        "today": timezone.localdate(), "statuses": [("open", pgettext("task", "open")), ("done", _("done")),
                                                    ("cancelled", _("cancelled")), ("all", _("all"))],
    })


# --- Inbox --------------------------------------------------------------------------------------


@access.page(roles.INBOX_VIEW)
def inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    qs = selectors.inbox_for(request.user)
    status = request.GET.get("status", "new")
    if status in IncomingDocument.Status.values:
        qs = qs.filter(status=status)
    kind = request.GET.get("kind", "")
    if kind in IncomingDocument.Kind.values:
        qs = qs.filter(kind=kind)
    qs, sort = _sorted(qs, request, selectors.INBOX_SORTS, "-received")
    return render(request, "tasks/inbox_list.html", {
        "page_obj": _page(request, qs), "form": form, "default_sort": "-received",
        "can_add": access.has_perm(request.user, roles.INBOX_REGISTER),
    })


def _registrable_units(user: Any) -> QuerySet[OrgUnit]:
    units = OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, active=True).order_by(Latvian("name"))
    ids = access.unit_ids_for(user, roles.INBOX_REGISTER)
    return units if ids is None else units.filter(pk__in=sorted(ids))


@access.page(roles.INBOX_REGISTER)
def inbox_new(request: HttpRequest) -> HttpResponse:
    units = _registrable_units(request.user)
    if request.method == "POST":
        form = InboxItemForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.inbox_receive(
                    actor=request.user, kind=data["kind"], sender=data["sender"],
                    sender_reference=data["sender_reference"], document_date=data["document_date"],
                    file=data["file"], routed_unit=data["routed_unit"], channel=IncomingDocument.Channel.UI,
                    metadata={"note": data["note"]} if data["note"] else {},
                    hint_personal_code=data["hint_personal_code"], hint_first_name=data["hint_first_name"],
                    hint_last_name=data["hint_last_name"], hint_birth_date=data["hint_birth_date"],
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("The document is in the inbox."))
                return redirect("tasks:inbox_detail", pk=item.pk)
        status = 422
    else:
        initial = {}
        home_unit_id = getattr(request.user, "home_unit_id", None)
        if home_unit_id and units.filter(pk=home_unit_id).exists():
            initial["routed_unit"] = home_unit_id
        form = InboxItemForm(units=units, initial=initial)
        status = 200
    return render(request, "tasks/inbox_new.html", {"form": form}, status=status)


def _visible_item(request: HttpRequest, pk: int, perm: str = roles.INBOX_VIEW) -> IncomingDocument:
    item = (IncomingDocument.objects.visible_to(request.user, perm)
            .select_related("routed_unit", "case", "case__person", "section", "created_by", "handled_by")
            .filter(pk=pk).first())
    if item is None:
        raise Http404
    return item


@access.page(roles.INBOX_VIEW)
def inbox_detail(request: HttpRequest, pk: int, reject_form: RejectForm | None = None,
                 status: int = 200) -> HttpResponse:
    item = _visible_item(request, pk)
    can_handle = (item.status == IncomingDocument.Status.NEW and access.has_perm(request.user, roles.INBOX_REGISTER))
    item_tasks = list(item.tasks.select_related("assignee").order_by("due_date", "id"))
    return render(request, "tasks/inbox_detail.html", {
        "item": item, "can_handle": can_handle, "item_tasks": item_tasks, "today": timezone.localdate(),
        "reject_form": reject_form or (RejectForm(initial={"version": item.version}) if can_handle else None),
    }, status=status)


@access.page(roles.INBOX_VIEW)
def inbox_file(request: HttpRequest, pk: int) -> Any:
    item = _visible_item(request, pk)
    if not item.file:
        raise Http404
    file_type = TYPES.get(item.file_type)
    name = item.file_name or (item.file.name or "").rsplit("/", 1)[-1]
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=name,
                        content_type=file_type.mime if file_type else "application/octet-stream")


@require_POST
@access.page(roles.INBOX_REGISTER)
def inbox_reject(request: HttpRequest, pk: int) -> HttpResponse:
    item = _visible_item(request, pk, roles.INBOX_REGISTER)
    form = RejectForm(request.POST)
    if submit(request, form, lambda data: services.inbox_reject(
            actor=request.user, item=item, reason=data["reason"], expected_version=data["version"]),
            _("The document was rejected.")):
        return redirect("tasks:inbox_detail", pk=item.pk)
    return inbox_detail(request, pk, reject_form=form, status=422)


# --- Guided registration ------------------------------------------------------------------------


def _new_item_or_redirect(request: HttpRequest, pk: int) -> IncomingDocument | HttpResponse:
    item = _visible_item(request, pk, roles.INBOX_REGISTER)
    if item.status != IncomingDocument.Status.NEW:
        messages.info(request, _("This document has already been handled."))
        return redirect("tasks:inbox_detail", pk=item.pk)
    return item


@access.page(roles.INBOX_REGISTER)
def register_find(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: find the person (visible persons by name/code/case number; any person by exact code)."""
    item = _new_item_or_redirect(request, pk)
    if isinstance(item, HttpResponse):
        return item
    q = request.GET.get("q")
    if q is None:
        q = item.hint_personal_code or item.hint_name
    form = FindPersonForm({"q": q})
    results: list[Person] = []
    code_match = None
    if q.strip():
        results = list(case_selectors.search_persons(request.user, q, limit=20))
        code_match = selectors.code_match(request.user, q)
        if code_match and code_match.visible and any(p.pk == code_match.person_id for p in results):
            code_match = None
    return render(request, "tasks/register_find.html", {
        "item": item, "form": form, "results": results, "code_match": code_match, "q": q, "step": 1,
    })


def _officers(unit_id: int) -> QuerySet[User]:
    return (User.objects.filter(is_active=True, is_service_account=False, home_unit_id=unit_id,
                                grants__role__in=selectors.WORKLOAD_ROLES)
            .select_related("home_unit").distinct().order_by(Latvian("last_name"), Latvian("first_name")))


@access.page(roles.INBOX_REGISTER)
def register_details(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: the chosen (or new) person, the section to open; then one service call."""
    item = _new_item_or_redirect(request, pk)
    if isinstance(item, HttpResponse):
        return item
    source = request.POST if request.method == "POST" else request.GET
    person: Person | None = None
    person_id = source.get("person", "")
    code = source.get("code", "")
    new = source.get("new") == "1"
    if person_id:
        person = case_selectors.persons_visible_to(request.user).filter(pk=person_id if person_id.isdigit() else 0).first()
        if person is None:
            raise Http404
    elif code:
        try:
            person = person_by_code(code)
        except ValidationFailed:
            person = None
        if person is None:
            raise Http404
    elif not new:
        return redirect("tasks:register_find", pk=item.pk)
    existing_case = Case.objects.filter(person=person).first() if person else None
    officers = _officers(item.routed_unit_id)
    default_kind = "evaluation" if item.kind == IncomingDocument.Kind.EVALUATION_REQUEST else ""
    registered_code = ""  # a new person's code that is registered with other names: offer that person
    if request.method == "POST":
        form = RegisterForm(request.POST, officers=officers)
        person_form = NewPersonForm(request.POST, prefix="person") if new else None
        valid = form.is_valid() & (person_form.is_valid() if person_form else True)
        if valid:
            data = form.cleaned_data
            try:
                services.inbox_register(
                    actor=request.user, item=item, expected_version=data["version"],
                    section_kind=data["section_kind"], person=person,
                    new_person=person_form.service_data() if person_form else None,
                    responsible_officer=data["responsible_officer"], basis_type=data["basis_type"],
                    basis_in_force=data["basis_in_force"], start_date=data["start_date"],
                    planned_end_date=data["planned_end_date"],
                )
            except DomainError as exc:
                target = person_form if person_form is not None and exc.field in person_form.fields else form
                target.add_domain_error(exc)
                if exc.code.startswith("person_exists_other") and person_form is not None:
                    registered_code = person_form.cleaned_data.get("personal_code", "")
            else:
                messages.success(request, _("The document is registered."))
                return redirect("tasks:inbox_detail", pk=item.pk)
        status = 422
    else:
        form = RegisterForm(officers=officers, initial={
            "version": item.version, "section_kind": default_kind,
            "basis_type": services.BASIS_FOR_KIND[item.kind],
        })
        person_form = NewPersonForm(prefix="person", initial={
            "personal_code": item.hint_personal_code, "first_name": item.hint_first_name,
            "last_name": item.hint_last_name, "birth_date": item.hint_birth_date,
        }) if new else None
        status = 200
    visible = person is not None and case_selectors.persons_visible_to(request.user).filter(pk=person.pk).exists()
    return render(request, "tasks/register_details.html", {
        "item": item, "form": form, "person_form": person_form, "person": person, "person_visible": visible,
        "existing_case": existing_case, "person_id": person_id, "code": code, "new": new, "step": 2,
        "registered_code": registered_code,
        "errors_forms": [f for f in (form, person_form) if f is not None],
    }, status=status)


# --- Workload -----------------------------------------------------------------------------------


@access.page(roles.WORKLOAD_VIEW)
def workload(request: HttpRequest) -> HttpResponse:
    unit_ids = access.unit_ids_for(request.user, roles.WORKLOAD_VIEW)
    unit_qs = OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT).order_by(Latvian("name"))
    if unit_ids is not None:
        unit_qs = unit_qs.filter(pk__in=sorted(unit_ids))
    units = list(unit_qs)
    unit = request.GET.get("unit", "")
    unit_id = int(unit) if unit.isdigit() and any(u.pk == int(unit) for u in units) else None
    rows = selectors.workload(request.user, unit_id)
    sort = request.GET.get("sort", "name")
    rows = selectors.sort_workload(rows, sort)
    kinds = selectors.section_kind_columns()
    codes = [code for code, _label in kinds]
    return render(request, "tasks/workload.html", {
        "rows": [(r, r.by_kind(codes)) for r in rows], "kinds": kinds, "units": units, "unit_filter": unit,
        "default_sort": "name",
    })


# --- Notifications ------------------------------------------------------------------------------


@access.page(None)
def notifications(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("notification") if i.isdigit()]
        count = services.notifications_mark_read(actor=user, ids=None if request.POST.get("all") == "1" else ids)
        messages.success(request, _("Marked as read: %(n)s.") % {"n": count})
        return redirect(reverse("tasks:notifications") + ("?show=all" if request.GET.get("show") == "all" else ""))
    qs = Notification.objects.filter(user=user).select_related("task", "task__case")
    show = request.GET.get("show", "unread")
    if show != "all":
        qs = qs.unread()
    return render(request, "tasks/notifications.html", {"page_obj": _page(request, qs), "show": show})
