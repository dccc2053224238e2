"""JSON API for tasks (/api/tasks) and the inbox (/api/inbox). Same access rules as the pages;
missing and forbidden both answer 404 ``not_found``; rule errors come back as 4xx with a ``code``."""

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy
from ninja import File, Form, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accounts import roles
from accounts.models import User
from core import registry
from core.api import ApiRouter, PageNumber, get_or_404
from core.errors import ValidationFailed
from tasks import selectors, services
from tasks.models import IncomingDocument, Task

router = ApiRouter(tags=["tasks"], write_scope="tasks:write", write_label=gettext_lazy("Create and complete tasks"))
inbox_router = ApiRouter(tags=["inbox"], write_scope=registry.api_scope(
    "inbox:write", gettext_lazy("Post incoming documents to the inbox"), default=True))


# --- Schemas ------------------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    due_date: dt.date
    overdue: bool
    outcome: str
    unit_id: int
    assignee_id: int | None
    case_id: int | None
    section_id: int | None
    inbox_item_id: int | None
    completed_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_title(obj: Task) -> str:
        return obj.display_title

    @staticmethod
    def resolve_overdue(obj: Task) -> bool:
        return obj.is_overdue


class CompleteIn(Schema):
    outcome: str
    version: int


class AssignIn(Schema):
    assignee_id: int
    version: int


class InboxOut(Schema):
    id: int
    kind: str
    sender: str
    sender_reference: str
    document_date: dt.date
    received_at: dt.datetime
    channel: str
    status: str
    routed_unit_id: int
    routed_unit_code: str
    file_name: str
    file_type: str
    file_sha256: str
    metadata: dict[str, Any]
    hint_personal_code: str
    hint_first_name: str
    hint_last_name: str
    hint_birth_date: dt.date | None
    case_id: int | None
    section_id: int | None
    rejection_reason: str
    version: int

    @staticmethod
    def resolve_routed_unit_code(obj: IncomingDocument) -> str:
        return obj.routed_unit.code


class InboxIn(Schema):
    kind: str
    sender: str
    sender_reference: str
    document_date: dt.date
    hint_personal_code: str = ""
    hint_first_name: str = ""
    hint_last_name: str = ""
    hint_birth_date: dt.date | None = None
    hint_municipality: str = ""
    unit_code: str = ""
    external_id: str = ""
    note: str = ""


# --- Tasks --------------------------------------------------------------------------------------


@router.get("/", perm=roles.TASK_VIEW, response=list[TaskOut], summary="Tasks: mine, my units' or overdue")
@paginate(PageNumber, page_size=50)
def list_tasks(request: HttpRequest, view: Literal["mine", "unit", "overdue"] = "mine",
               status: Literal["open", "done", "cancelled", "all"] = "open") -> Any:
    qs = selectors.tasks_for(request.user, view).select_related(None).select_related("unit")
    if status != "all":
        qs = qs.filter(status=status)
    return qs.order_by("due_date", "id")


def _task(request: HttpRequest, task_id: int, perm: str) -> Task:
    task = Task.objects.visible_to(request.user, perm).select_related("unit", "case").filter(pk=task_id).first()
    if task is None:
        raise Http404
    return task


@router.get("/{task_id}", perm=roles.TASK_VIEW, response=TaskOut)
def get_task(request: HttpRequest, task_id: int) -> Any:
    return _task(request, task_id, roles.TASK_VIEW)


@router.post("/{task_id}/complete", perm=roles.TASK_WORK, response=TaskOut)
def complete_task(request: HttpRequest, task_id: int, payload: CompleteIn) -> Any:
    task = _task(request, task_id, roles.TASK_WORK)
    return services.task_complete(actor=request.user, task=task, outcome=payload.outcome,
                                  expected_version=payload.version)


@router.post("/{task_id}/assign", perm=roles.TASK_ASSIGN, response=TaskOut)
def assign_task(request: HttpRequest, task_id: int, payload: AssignIn) -> Any:
    task = _task(request, task_id, roles.TASK_ASSIGN)
    assignee = User.objects.select_related("home_unit").filter(pk=payload.assignee_id).first()
    if assignee is None:
        raise ValidationFailed("assignee_unknown", "No such member of staff.", field="assignee_id")
    return services.task_assign(actor=request.user, task=task, assignee=assignee, expected_version=payload.version)


# --- Inbox --------------------------------------------------------------------------------------


@inbox_router.get("/", perm=roles.INBOX_VIEW, response=list[InboxOut], summary="Incoming documents routed to the user's units")
@paginate(PageNumber, page_size=50)
def list_inbox(request: HttpRequest, status: Literal["new", "registered", "rejected", "all"] = "new") -> Any:
    qs = IncomingDocument.objects.visible_to(request.user, roles.INBOX_VIEW).select_related("routed_unit")
    if status != "all":
        qs = qs.filter(status=status)
    return qs.order_by("-received_at", "-id")


@inbox_router.get("/{item_id}", perm=roles.INBOX_VIEW, response=InboxOut)
def get_inbox_item(request: HttpRequest, item_id: int) -> Any:
    item = (IncomingDocument.objects.visible_to(request.user, roles.INBOX_VIEW).select_related("routed_unit")
            .filter(pk=item_id).first())
    if item is None:
        raise Http404
    return item


class SubmittedOut(Schema):
    """What an integration can read back about a document it posted: where it stands."""

    id: int
    kind: str
    sender_reference: str
    received_at: dt.datetime
    status: str
    routed_unit_code: str
    case_registration_number: str | None
    rejection_reason: str

    @staticmethod
    def resolve_routed_unit_code(obj: IncomingDocument) -> str:
        return obj.routed_unit.code

    @staticmethod
    def resolve_case_registration_number(obj: IncomingDocument) -> str | None:
        return obj.case.registration_number if obj.case_id else None  # type: ignore[union-attr]


@inbox_router.get("/submitted/{item_id}", perm=roles.INBOX_SUBMIT, response=SubmittedOut,
                  summary="The status of a document the caller posted (integrations)")
def get_submitted_item(request: HttpRequest, item_id: int) -> Any:
    """An integration reads back what became of a document it posted: new, registered (with the case's
    registration number) or rejected (with the reason). Only the caller's own documents."""
    return get_or_404(IncomingDocument.objects.select_related("routed_unit", "case")
                      .filter(created_by_id=request.user.pk), pk=item_id)


@inbox_router.post("/", perm=roles.INBOX_SUBMIT, response={201: InboxOut}, summary="Post an incoming document (integrations)")
def submit_inbox_item(request: HttpRequest, payload: Form[InboxIn], file: File[UploadedFile] = None) -> Any:  # type: ignore[assignment]
    """Multipart: the metadata fields and ``file``. Needs the permission ``inbox.submit`` and, for
    bearer tokens, the scope ``inbox:write``. The document goes to the unit covering the hinted
    person's residence (a registered person with this personal code, else ``hint_municipality``),
    otherwise to ``unit_code``."""
    unit = services.route_unit(personal_code=payload.hint_personal_code, municipality=payload.hint_municipality,
                               unit_code=payload.unit_code)
    metadata = {k: v for k, v in {"external_id": payload.external_id, "note": payload.note,
                                  "hint_municipality": payload.hint_municipality}.items() if v}
    item = services.inbox_receive(
        actor=request.user, kind=payload.kind, sender=payload.sender, sender_reference=payload.sender_reference,
        document_date=payload.document_date, file=file, routed_unit=unit,
        channel=IncomingDocument.Channel.INTEGRATION, metadata=metadata,
        hint_personal_code=payload.hint_personal_code, hint_first_name=payload.hint_first_name,
        hint_last_name=payload.hint_last_name, hint_birth_date=payload.hint_birth_date,
    )
    return Status(201, IncomingDocument.objects.select_related("routed_unit").get(pk=item.pk))

