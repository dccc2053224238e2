"""JSON API of evaluation reports (/api/evaluation). The same services and access rules as the pages:
a request is reached through its section's case scope (``visible_to``), so missing and forbidden both
answer 404 ``not_found``; rule errors come back as 4xx with a ``code``. The e-case integration posts
requests (``evaluation.submit``, token scope ``evaluation:write``) and reads back their status."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import File, Form, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accounts import roles
from accounts.models import User
from core.api import ApiRouter, PageNumber, get_or_404
from core.errors import ValidationFailed
from evaluation import perms, selectors, services
from evaluation.models import OPEN_STATUSES, EvaluationRequest
from evaluation.schemas import (
    EvaluationReviewIn,
    EvaluationStepIn,
    EvaluationStepOut,
    EvaluationSubmittedOut,
    FinishIn,
    InvitationIn,
    InvitationOut,
    RequestIn,
    RequestOut,
    SectionsIn,
    SubmitIn,
    TimelinessOut,
)

router = ApiRouter(tags=["evaluation"], write_scope="evaluation:write",
                   write_label=gettext_lazy("Post evaluation report requests and work on the reports"))

_IDENTITY = ("personal_code", "first_name", "last_name", "birth_date", "document_type", "document_number",
             "document_country", "declared_municipality", "declared_address")
def _request(request: HttpRequest, request_id: int, perm: str) -> EvaluationRequest:
    return get_or_404(selectors.visible(request.user, perm), pk=request_id)


def _fresh(user: Any, pk: int) -> EvaluationRequest:
    return selectors.visible(user).get(pk=pk)


@router.post("/requests", perm=perms.SUBMIT, response={201: EvaluationSubmittedOut},
             summary="Post a request for an evaluation report (e-case integration)")
def submit_request(request: HttpRequest, payload: Form[RequestIn], file: File[UploadedFile] = None) -> Any:  # type: ignore[assignment]
    """Multipart: the request fields of MK 271 p.2¹, the person's identity and ``file`` (the request
    letter). A request without the required fields is refused with ``request_incomplete`` and ``missing``
    (every missing field); the same ``external_id`` twice is 409 ``request_exists``."""
    data = payload.dict()
    identity = {k: data.pop(k) for k in _IDENTITY}
    external_id = data.pop("external_id")
    ev = services.request_submit(actor=request.user, identity=identity, file=file, external_id=external_id, **data)
    return Status(201, ev)


@router.get("/submitted/{request_id}", perm=perms.SUBMIT, response=EvaluationSubmittedOut,
            summary="The status of a request the caller posted (e-case integration)")
def get_submitted(request: HttpRequest, request_id: int) -> Any:
    return get_or_404(EvaluationRequest.objects.filter(submitted_by_id=request.user.pk), pk=request_id)


@router.get("/requests", perm=roles.CASE_VIEW, response=list[RequestOut],
            summary="Evaluation report requests the user may see, nearest deadline first")
@paginate(PageNumber, page_size=50)
def list_requests(request: HttpRequest, mine: bool = False, open: bool = True) -> Any:  # noqa: A002
    qs = selectors.visible(request.user).order_by("deadline", "id")
    if mine:
        qs = qs.filter(author_id=request.user.pk)
    if open:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs


@router.get("/requests/{request_id}", perm=roles.CASE_VIEW, response=RequestOut, summary="One request")
def get_request(request: HttpRequest, request_id: int) -> Any:
    return _request(request, request_id, roles.CASE_VIEW)


@router.post("/requests/{request_id}/invitations", perm=roles.SECTION_MANAGE, response={201: InvitationOut},
             summary="Invite the client (the appearance at most 10 days after sending, MK 271 p.13)")
def invite(request: HttpRequest, request_id: int, payload: InvitationIn) -> Any:
    ev = _request(request, request_id, roles.SECTION_MANAGE)
    invitation = services.invitation_send(actor=request.user, request=ev, **payload.dict())
    return Status(201, invitation)


@router.post("/requests/{request_id}/steps", perm=roles.SECTION_MANAGE, response={201: EvaluationStepOut},
             summary="Log an interview, a check with another agency or the victim contact")
def add_step(request: HttpRequest, request_id: int, payload: EvaluationStepIn) -> Any:
    ev = _request(request, request_id, roles.SECTION_MANAGE)
    return Status(201, services.step_record(actor=request.user, request=ev, **payload.dict()))


@router.put("/requests/{request_id}/sections", perm=roles.SECTION_MANAGE, response=RequestOut,
            summary="Save the report's sections (optimistic locking by version)")
def save_sections(request: HttpRequest, request_id: int, payload: SectionsIn) -> Any:
    ev = _request(request, request_id, roles.SECTION_MANAGE)
    services.sections_save(actor=request.user, request=ev, expected_version=payload.version,
                           sections=payload.sections)
    return _fresh(request.user, ev.pk)


@router.post("/requests/{request_id}/submit", perm=roles.SECTION_MANAGE, response=RequestOut,
             summary="Submit the draft to a senior officer for review")
def submit_for_review(request: HttpRequest, request_id: int, payload: SubmitIn) -> Any:
    ev = _request(request, request_id, roles.SECTION_MANAGE)
    reviewer = None
    if payload.reviewer_id is not None:
        reviewer = User.objects.filter(pk=payload.reviewer_id).first()
        if reviewer is None:
            raise ValidationFailed("reviewer_not_senior", "Choose a senior officer of the client's unit as the "
                                   "reviewer.", field="reviewer_id")
    services.review_submit(actor=request.user, request=ev, expected_version=payload.version, reviewer=reviewer)
    return _fresh(request.user, ev.pk)


@router.post("/requests/{request_id}/review", perm=perms.REVIEW, response=RequestOut,
             summary="Approve the draft or send it back with comments (senior officers)")
def review(request: HttpRequest, request_id: int, payload: EvaluationReviewIn) -> Any:
    ev = _request(request, request_id, perms.REVIEW)
    services.review_decide(actor=request.user, request=ev, expected_version=payload.version,
                           decision=payload.decision, comments=payload.comments)
    return _fresh(request.user, ev.pk)


@router.post("/requests/{request_id}/finish", perm=roles.SECTION_MANAGE, response=RequestOut,
             summary="Send the report or the informative letter (the only two end states)")
def finish(request: HttpRequest, request_id: int, payload: FinishIn) -> Any:
    ev = _request(request, request_id, roles.SECTION_MANAGE)
    services.request_finish(actor=request.user, request=ev, expected_version=payload.version,
                            end_state=payload.end_state, letter_reason=payload.letter_reason, sent_on=payload.sent_on)
    return _fresh(request.user, ev.pk)


@router.get("/timeliness/{year}", perm=roles.STATS_VIEW, response=list[TimelinessOut],
            summary="Share of reports delivered by the deadline, per unit and month")
@paginate(PageNumber, page_size=100)
def timeliness(request: HttpRequest, year: int) -> Any:
    if not 2000 <= year <= 2100:
        raise ValidationFailed("year_out_of_range", "The year must be between 2000 and 2100.", field="year")
    return selectors.timeliness(request.user, year)
