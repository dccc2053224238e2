"""Pages of evaluation reports: the section page on the client file (the request, the steps, the report's
sections, review and sending), the officer's reports by deadline, the unit's reports, a senior officer's
review queue and the timeliness page. A section page starts from ``cases.selectors.access_section``;
services make the changes and their errors are shown beside the field."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import User
from cases.models import Section
from cases.selectors import access_section, may
from core import access, permissions, policies
from core.forms import submit
from evaluation import forms as f
from evaluation import perms, prisons, selectors, services
from evaluation.models import KINDS, REPORT_SECTIONS, EvaluationRequest, Status
from evaluation.policies import INVITATION_MAX_DAYS

PAGE_SIZE = 25


def _section(request: HttpRequest, case_id: int, section_id: int, perm: str = roles.CASE_VIEW) -> Section:
    return access_section(request.user, section_id, perm, kinds=KINDS, case_id=case_id)


def _request_or_404(section: Section) -> EvaluationRequest:
    ev = selectors.request_of(section)
    if ev is None:
        raise Http404
    ev.section = section
    return ev


def _officers(section: Section) -> Any:
    return User.objects.filter(is_active=True, is_service_account=False,
                               home_unit_id=section.case.responsible_unit_id).order_by("last_name", "first_name")


def _reviewers(ev: EvaluationRequest, section: Section) -> Any:
    """The senior officers who may review: staff of the client's unit holding a role with
    ``evaluation.review`` whose scope covers the unit (their grants read in one query)."""
    candidates = (_officers(section).filter(grants__role__in=permissions.holders_of(perms.REVIEW)).distinct()
                  .prefetch_related("grants"))
    ids = [u.pk for u in candidates if services.may_review(u, ev)]
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name")


def _section_page(request: HttpRequest, section: Section, status: int = 200, **forms: Any) -> HttpResponse:
    ev = selectors.request_of(section)
    can_manage = section.is_open and may(request.user, roles.SECTION_MANAGE, section)
    today = timezone.localdate()
    ctx: dict[str, Any] = {"section": section, "case": section.case, "ev": ev, "can_manage": can_manage,
                           "today": today}
    if ev is None:
        if can_manage:
            ctx["request_form"] = forms.get("request_form") or f.RequestForm(initial={
                "request_date": section.basis_date, "received_on": section.registered_on,
                "requester_name": section.basis_issuer, "request_number": section.basis_number})
    else:
        ev.section = section
        ctx["prison_name"] = prisons.name(ev.prison_code)
        ctx["max_days"] = policies.value(INVITATION_MAX_DAYS.key)
        ctx["invitations"] = list(ev.invitations.select_related("document", "created_by"))
        ctx["steps"] = list(ev.steps.select_related("created_by"))
        ctx["reviews"] = list(ev.reviews.select_related("created_by"))
        ctx["report_sections"] = [(code, label, (ev.sent_sections or ev.sections or {}).get(code, ""))
                                  for code, label in REPORT_SECTIONS]
        ctx["victim_visible"] = "victim_name" not in _hidden(request.user)
        ctx["can_review"] = ev.status == Status.IN_REVIEW and services.may_review(request.user, ev) and \
            ev.author_id != request.user.pk
        if ctx["can_review"]:
            ctx["review_form"] = forms.get("review_form") or f.ReviewForm(initial={"version": ev.version})
        if can_manage and ev.is_open:
            reviewers = _reviewers(ev, section)
            ctx["assign_form"] = forms.get("assign_form") or f.AssignForm(
                officers=_officers(section), reviewers=reviewers,
                initial={"version": ev.version, "author": ev.author_id, "reviewer": ev.reviewer_id})
            ctx["invitation_form"] = forms.get("invitation_form") or f.InvitationForm(initial={
                "language": _language(section)})
            ctx["step_form"] = forms.get("step_form") or f.StepForm(initial={"day": today})
            if ev.is_editable:
                ctx["sections_form"] = forms.get("sections_form") or f.SectionsForm(
                    initial={"version": ev.version, **(ev.sections or {})})
                ctx["submit_form"] = forms.get("submit_form") or f.SubmitForm(
                    reviewers=reviewers, initial={"version": ev.version, "reviewer": ev.reviewer_id})
            if ev.status == Status.APPROVED:
                ctx["send_form"] = forms.get("send_form") or f.ReportSendForm(initial={"version": ev.version})
            ctx["letter_form"] = forms.get("letter_form") or f.LetterForm(initial={"version": ev.version})
    ctx["error_forms"] = [x for x in forms.values() if x is not None]
    return render(request, "evaluation/section.html", ctx, status=status)


def _hidden(user: Any) -> set[str]:
    from core.sensitivity import hidden_fields

    return hidden_fields(user, "evaluation.evaluationrequest")


def _language(section: Section) -> str:
    from documents.services import default_language

    return default_language(section.case.person)


@access.page(roles.CASE_VIEW)
def section_detail(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    return _section_page(request, _section(request, case_id, section_id))


def _back(section: Section) -> HttpResponse:
    return redirect("evaluation:section", section.case_id, section.pk)


def _versioned(data: dict[str, Any]) -> dict[str, Any]:
    rest = dict(data)
    return {"expected_version": rest.pop("version"), **rest}


@require_POST
@access.page(roles.SECTION_MANAGE)
def request_save(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = _section(request, case_id, section_id, roles.SECTION_MANAGE)
    form = f.RequestForm(request.POST)
    if submit(request, form, lambda data: services.request_record(actor=request.user, section=section, **data),
              _("The request is recorded.")):
        return _back(section)
    return _section_page(request, section, status=422, request_form=form)


def _managed(request: HttpRequest, case_id: int, section_id: int) -> tuple[Section, EvaluationRequest]:
    section = _section(request, case_id, section_id, roles.SECTION_MANAGE)
    return section, _request_or_404(section)


@require_POST
@access.page(roles.SECTION_MANAGE)
def assign(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section, ev = _managed(request, case_id, section_id)
    form = f.AssignForm(request.POST, officers=_officers(section), reviewers=_reviewers(ev, section))
    if submit(request, form, lambda data: services.request_assign(actor=request.user, request=ev, **_versioned(data)),
              _("Saved.")):
        return _back(section)
    return _section_page(request, section, status=422, assign_form=form)


@require_POST
@access.page(roles.SECTION_MANAGE)
def invite(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section, ev = _managed(request, case_id, section_id)
    form = f.InvitationForm(request.POST)
    if submit(request, form, lambda data: services.invitation_send(actor=request.user, request=ev, **data),
              _("The invitation is generated.")):
        return _back(section)
    return _section_page(request, section, status=422, invitation_form=form)


@require_POST
@access.page(roles.SECTION_MANAGE)
def step_add(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section, ev = _managed(request, case_id, section_id)
    form = f.StepForm(request.POST)
    if submit(request, form, lambda data: services.step_record(actor=request.user, request=ev, **data),
              _("The step is recorded.")):
        return _back(section)
    return _section_page(request, section, status=422, step_form=form)


@require_POST
@access.page(roles.SECTION_MANAGE)
def sections_save(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section, ev = _managed(request, case_id, section_id)
    form = f.SectionsForm(request.POST)

    def save(data: dict[str, Any]) -> Any:
        version = data.pop("version")
        return services.sections_save(actor=request.user, request=ev, expected_version=version, sections=data)

    if submit(request, form, save, _("The report is saved.")):
        return _back(section)
    return _section_page(request, section, status=422, sections_form=form)


@require_POST
@access.page(roles.SECTION_MANAGE)
def review_submit(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section, ev = _managed(request, case_id, section_id)
    form = f.SubmitForm(request.POST, reviewers=_reviewers(ev, section))
    if submit(request, form, lambda data: services.review_submit(actor=request.user, request=ev, **_versioned(data)),
              _("The report is submitted for review.")):
        return _back(section)
    return _section_page(request, section, status=422, submit_form=form)


@require_POST
@access.page(perms.REVIEW)
def review(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = _section(request, case_id, section_id, perms.REVIEW)
    ev = _request_or_404(section)
    form = f.ReviewForm(request.POST)
    if submit(request, form, lambda data: services.review_decide(actor=request.user, request=ev, **_versioned(data)),
              _("The review is recorded.")):
        return _back(section)
    return _section_page(request, section, status=422, review_form=form)


@require_POST
@access.page(roles.SECTION_MANAGE)
def send_report(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section, ev = _managed(request, case_id, section_id)
    form = f.ReportSendForm(request.POST)
    if submit(request, form, lambda data: services.request_finish(
            actor=request.user, request=ev, end_state="report", **_versioned(data)), _("The report is sent.")):
        return _back(section)
    return _section_page(request, section, status=422, send_form=form)


@require_POST
@access.page(roles.SECTION_MANAGE)
def send_letter(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section, ev = _managed(request, case_id, section_id)
    form = f.LetterForm(request.POST)
    if submit(request, form, lambda data: services.request_finish(
            actor=request.user, request=ev, end_state="informative_letter", **_versioned(data)),
              _("The informative letter is sent.")):
        return _back(section)
    return _section_page(request, section, status=422, letter_form=form)


# --- Work lists ------------------------------------------------------------------------------------


def _list(request: HttpRequest, qs: Any, template: str, **extra: Any) -> HttpResponse:
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(request, template, {"page_obj": page_obj, "today": today,
                                      "soon": selectors.due_soon_limit(today), **_nav_flags(request), **extra})


def _nav_flags(request: HttpRequest) -> dict[str, bool]:
    return {"can_review": access.has_perm(request.user, perms.REVIEW),
            "can_stats": access.has_perm(request.user, roles.STATS_VIEW)}


@access.page(roles.CASE_VIEW)
def mine(request: HttpRequest) -> HttpResponse:
    """My reports by deadline (as author)."""
    return _list(request, selectors.mine(request.user), "evaluation/mine.html")


@access.page(roles.CASE_VIEW)
def unit(request: HttpRequest) -> HttpResponse:
    """The unit's reports (all the user may see) with who drafts and who reviews."""
    status = request.GET.get("status", "open")
    if status not in ("open", "sent", "all"):
        status = "open"
    return _list(request, selectors.unit_list(request.user, status), "evaluation/unit.html", status=status)


@access.page(perms.REVIEW)
def reviews(request: HttpRequest) -> HttpResponse:
    """A senior officer's review queue."""
    return _list(request, selectors.review_queue(request.user), "evaluation/reviews.html")


@access.page(roles.STATS_VIEW)
def timeliness(request: HttpRequest) -> HttpResponse:
    """Share of reports delivered by the deadline, per unit and month."""
    form = f.YearForm(request.GET or None, initial={"year": timezone.localdate().year})
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else timezone.localdate().year
    return render(request, "evaluation/timeliness.html", {"form": form, "year": year, **_nav_flags(request),
                                                          "rows": selectors.timeliness(request.user, year)})
