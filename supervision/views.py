"""Pages: the supervision section (term, duties, contacts, violations, compliance), the caseload
with compliance flags, the officer calendar and the KL 45¹ conversion calculator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import CASE_VIEW, SECTION_MANAGE, WORKLOAD_VIEW
from cases import advice as case_advice
from cases.models import Section
from cases.selectors import access_section, may
from core import access
from core.errors import DomainError
from core.forms import act
from documents.confirm import confirm_letter
from supervision import catalogue, selectors, services
from supervision import forms as f
from supervision.models import (
    AbsencePermission,
    Appointment,
    Duty,
    Submission,
    SupervisionDetails,
    SupervisionPlan,
    Violation,
    Warning,
)
from supervision.policies import SUPERVISION_KINDS

PAGE_SIZE = 50


def _page(request: HttpRequest, section: Section, status: int = 200, **bound: forms.Form) -> HttpResponse:
    details = SupervisionDetails.objects.filter(section=section).first()
    can_manage = may(request.user, SECTION_MANAGE, section)
    violations = list(Violation.objects.filter(section=section).select_related("duty", "appointment")
                      .prefetch_related("warnings", "submissions"))
    submissions = list(Submission.objects.filter(section=section).select_related("document"))
    today = timezone.localdate()
    ctx: dict[str, Any] = {
        "case": section.case, "section": section, "details": details, "can_manage": can_manage,
        "duties": list(Duty.objects.filter(section=section)),
        "appointments": list(Appointment.objects.filter(section=section).select_related("officer")
                             .order_by("-starts_at")),
        "violations": violations, "submissions": submissions,
        "warnings": list(Warning.objects.filter(section=section).select_related("document")),
        "compliance": selectors.compliance(section, details), "today": today, "now": timezone.now(),
    }
    plans = list(SupervisionPlan.objects.filter(section=section).prefetch_related("goals").order_by("-number"))
    ctx["plan"] = plans[0] if plans else None
    ctx["older_plans"] = plans[1:]
    ctx["absences"] = list(AbsencePermission.objects.filter(section=section))
    if details is not None:
        ctx["window_days"] = selectors.contact_window_days(details.intensity)
    # Other functions' advice (the risk and needs assessment): an intensity to confirm, needs for the plan.
    advice = [a for a in case_advice.for_case(request.user, section.case) if a.intensity or a.needs]
    ctx["advice"] = advice
    suggested = next((a for a in advice if a.intensity in catalogue.INTENSITIES), None)
    ctx["suggested_intensity"] = suggested
    ctx["suggested_intensity_label"] = catalogue.label(catalogue.INTENSITIES, suggested.intensity) if suggested else ""
    ctx["suggested_needs_codes"] = _plan_needs(advice)
    ctx["suggested_needs"] = [catalogue.label(catalogue.NEEDS, code) for code in ctx["suggested_needs_codes"]]
    if can_manage and section.is_open:
        if details is None:
            ctx["register_form"] = bound.get("register_form") or f.RegisterForm(initial={
                "start_date": section.start_date or section.basis_in_force, "end_date": section.planned_end_date})
        else:
            initial = {"intensity": details.intensity, "version": details.version}
            if suggested is not None and suggested.intensity != details.intensity:
                # The suggestion fills the form; the officer confirms it (or changes it) with a reason.
                initial.update(intensity=suggested.intensity, reason=suggested.source)
            ctx["intensity_form"] = bound.get("intensity_form") or f.IntensityForm(initial=initial)
            ctx["duty_form"] = bound.get("duty_form") or f.DutyForm(initial={"start_date": today})
            ctx["appointment_form"] = bound.get("appointment_form") or f.AppointmentForm(
                initial={"remind": True, "duration_minutes": 30})
            ctx["violation_form"] = bound.get("violation_form") or f.ViolationForm(
                initial={"occurred_on": today}, duties=ctx["duties"], appointments=ctx["appointments"])
            ctx["submission_form"] = bound.get("submission_form") or f.SubmissionForm(violations=violations)
            ctx["outcome_form"] = bound.get("outcome_form")
            ctx["outcome_for"] = bound.get("outcome_for")
            ctx["decision_form"] = bound.get("decision_form")
            ctx["decision_for"] = bound.get("decision_for")
            ctx["decision_choices"] = f.DecisionForm(kind=section.kind).fields["decision"].choices  # type: ignore[attr-defined]
            ctx["outcome_choices"] = f.OutcomeForm().fields["outcome"].choices  # type: ignore[attr-defined]
            ctx["termination_choices"] = f.DecisionForm(  # type: ignore[attr-defined]
                kind=section.kind, purpose="early_termination").fields["decision"].choices
            ctx["plan_form"] = bound.get("plan_form") or _plan_form(ctx["plan"], _plan_needs(advice))
            ctx["absence_form"] = bound.get("absence_form") or f.AbsenceForm()
            ctx["absence_decision_form"] = bound.get("absence_decision_form")
            ctx["absence_decision_for"] = bound.get("absence_decision_for")
            ctx["termination_form"] = bound.get("termination_form") or f.TerminationForm()
            ctx["close_form"] = bound.get("close_form") or f.CloseForm(kind=section.kind,
                                                                       initial={"version": section.version})
    ctx["bound_forms"] = [form for form in bound.values() if isinstance(form, forms.Form) and form.errors]
    return render(request, "supervision/section.html", ctx, status=status)


def _plan_needs(advice: list[Any]) -> list[str]:
    """The plan's needs an assessment found, in the plan's own words (catalogue.NEED_SYNONYMS)."""
    found: list[str] = []
    for item in advice:
        for code in item.needs:
            for need in catalogue.NEED_SYNONYMS.get(code, (code,)):
                if need in catalogue.NEEDS and need not in found:
                    found.append(need)
    return found


def _plan_form(plan: SupervisionPlan | None, suggested_needs: list[str] | None = None) -> f.PlanForm:
    if plan is None:
        return f.PlanForm(initial={"number": 0, "needs": suggested_needs or []})
    goals = list(plan.goals.all())
    initial: dict[str, Any] = {"needs": plan.needs, "agreed_on": plan.agreed_on, "number": plan.number}
    for n, goal in enumerate(goals, start=1):
        initial.update({f"goal_{n}": goal.goal, f"need_{n}": goal.need, f"measures_{n}": goal.measures,
                        f"responsible_{n}": goal.responsible, f"due_date_{n}": goal.due_date})
    return f.PlanForm(initial=initial, rows=len(goals) + 2)


@access.page(CASE_VIEW)
def section_detail(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    return _page(request, access_section(request.user, section_id, CASE_VIEW, kinds=SUPERVISION_KINDS,
                                         case_id=case_id))


# --- POST actions: each starts from access_section(..., SECTION_MANAGE) (404 otherwise), runs one
# service and redirects to the section page, or shows the page again with the error beside the field.


def _action(request: HttpRequest, section: Section, form_name: str, form: forms.Form,
            run: Callable[[dict[str, Any]], str], *, letter: Any = None, **extra: Any) -> HttpResponse:
    """A section action's POST. ``letter`` (its heading): the action issues a letter, shown and
    confirmed first (``documents.confirm``)."""
    if form.is_valid():
        try:
            if letter is not None:
                pending = confirm_letter(request, lambda: run(form.cleaned_data), heading=letter,
                                         back_url=_section_url(section))
                if pending is not None:
                    return pending
            done = run(form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)  # type: ignore[attr-defined]
        else:
            messages.success(request, done)
            return redirect("supervision:section", case_id=section.case_id, section_id=section.pk)
    return _page(request, section, status=422, **{form_name: form}, **extra)


def _section_url(section: Section) -> str:
    return reverse("supervision:section", kwargs={"case_id": section.case_id, "section_id": section.pk})


def _details_of(section: Section) -> SupervisionDetails:
    details = SupervisionDetails.objects.filter(section=section).first()
    if details is None:
        raise Http404
    return details


@require_POST
@access.page(SECTION_MANAGE)
def register(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)

    def run(d: dict[str, Any]) -> str:
        services.supervision_register(
            actor=access.staff(request), section=section, start_date=d["start_date"], end_date=d["end_date"],
            intensity=d["intensity"], set_by=d["set_by"], prison_term_months=d.get("prison_term_months"),
            sentence_end_date=d.get("sentence_end_date"), extended_term=bool(d.get("extended_term")))
        return _("The supervision term is registered.")
    return _action(request, section, "register_form", f.RegisterForm(request.POST), run)


@require_POST
@access.page(SECTION_MANAGE)
def intensity(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)
    details = _details_of(section)

    def run(d: dict[str, Any]) -> str:
        services.intensity_change(actor=access.staff(request), details=details, intensity=d["intensity"],
                                  reason=d["reason"], expected_version=d["version"])
        return _("The intensity was changed.")
    return _action(request, section, "intensity_form", f.IntensityForm(request.POST), run)


@require_POST
@access.page(SECTION_MANAGE)
def duty_add(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)

    def run(d: dict[str, Any]) -> str:
        services.duty_add(actor=access.staff(request), section=section, code=d["code"], start_date=d["start_date"],
                          end_date=d.get("end_date"), justification=d["justification"], details=d.get("details", ""))
        return _("The duty was added.")
    return _action(request, section, "duty_form", f.DutyForm(request.POST), run)


@require_POST
@access.page(SECTION_MANAGE)
def appointment_add(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)
    form = f.AppointmentForm(request.POST)

    def run(d: dict[str, Any]) -> str:
        services.appointment_schedule(
            actor=access.staff(request), section=section, officer=section.responsible_officer or access.staff(request),
            kind=d["kind"], starts_at=form.starts_at(), duration_minutes=d["duration_minutes"],
            place=d.get("place", ""), remind=bool(d.get("remind")), took_place=bool(d.get("took_place")))
        return _("The appointment was scheduled.")
    return _action(request, section, "appointment_form", form, run)


@require_POST
@access.page(SECTION_MANAGE)
def outcome(request: HttpRequest, case_id: int, section_id: int, appointment_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)
    appointment = selectors.access_record(request.user, Appointment, appointment_id, SECTION_MANAGE, section=section)

    def run(d: dict[str, Any]) -> str:
        services.appointment_record_outcome(actor=access.staff(request), appointment=appointment,
                                            outcome=d["outcome"], reason=d.get("reason", ""),
                                            note=d.get("note", ""), expected_version=d["version"])
        return _("The outcome was recorded.")
    return _action(request, section, "outcome_form", f.OutcomeForm(request.POST), run, outcome_for=appointment.pk)


@require_POST
@access.page(SECTION_MANAGE)
def violation_add(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)
    form = f.ViolationForm(request.POST, duties=Duty.objects.filter(section=section),
                           appointments=Appointment.objects.filter(section=section).order_by("-starts_at"))

    def run(d: dict[str, Any]) -> str:
        services.violation_record(actor=access.staff(request), section=section, kind=d["kind"],
                                  occurred_on=d["occurred_on"], description=d["description"],
                                  evidence=d.get("evidence", ""), serious=bool(d.get("serious")), **form.chosen())
        return _("The violation was recorded.")
    return _action(request, section, "violation_form", form, run)


@require_POST
@access.page(SECTION_MANAGE)
def warning_issue(request: HttpRequest, case_id: int, section_id: int, violation_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)
    violation = selectors.access_record(request.user, Violation, violation_id, SECTION_MANAGE, section=section)
    try:
        pending = confirm_letter(request, lambda: services.warning_issue(actor=access.staff(request),
                                                                         violation=violation),
                                 heading=_("Written warning"), back_url=_section_url(section))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("supervision:section", case_id=case_id, section_id=section_id)
    if pending is not None:
        return pending
    act(request, lambda: services.warning_issue(actor=access.staff(request), violation=violation),
        _("The written warning was issued; the letter is in the case documents."))
    return redirect("supervision:section", case_id=case_id, section_id=section_id)


@require_POST
@access.page(SECTION_MANAGE)
def submission_add(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)
    violations = list(Violation.objects.filter(section=section))
    form = f.SubmissionForm(request.POST, violations=violations)

    def run(d: dict[str, Any]) -> str:
        chosen = next((v for v in violations if str(v.pk) == d.get("violation")), None)
        services.submission_make(actor=access.staff(request), section=section, addressee=d["addressee"],
                                 grounds=d["grounds"], violation=chosen)
        return _("The submission was recorded; the letter is in the case documents.")
    return _action(request, section, "submission_form", form, run, letter=_("Submission to the court or prosecutor"))


@require_POST
@access.page(SECTION_MANAGE)
def decision(request: HttpRequest, case_id: int, section_id: int, submission_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)
    submission = selectors.access_record(request.user, Submission, submission_id, SECTION_MANAGE, section=section)

    def run(d: dict[str, Any]) -> str:
        services.submission_decide(actor=access.staff(request), submission=submission, decision=d["decision"],
                                   decided_on=d["decided_on"], note=d.get("note", ""),
                                   extension_months=d.get("extension_months"), expected_version=d["version"])
        return _("The decision was recorded.")
    return _action(request, section, "decision_form",
                   f.DecisionForm(request.POST, kind=section.kind, purpose=submission.purpose),
                   run, decision_for=submission.pk)


@require_POST
@access.page(SECTION_MANAGE)
def plan_save(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)
    form = f.PlanForm(request.POST, rows=f.PlanForm.rows_in(request.POST))

    def run(d: dict[str, Any]) -> str:
        services.plan_save(actor=access.staff(request), section=section, needs=d.get("needs") or [],
                           goals=form.goals(), agreed_on=d.get("agreed_on"), change_note=d.get("change_note", ""),
                           expected_number=d.get("number"))
        return _("The supervision plan was saved as a new version.")
    return _action(request, section, "plan_form", form, run)


@require_POST
@access.page(SECTION_MANAGE)
def absence_add(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)

    def run(d: dict[str, Any]) -> str:
        services.absence_request(actor=access.staff(request), section=section, starts_on=d["starts_on"],
                                 ends_on=d["ends_on"], destination=d["destination"], reason=d["reason"])
        return _("The absence request was recorded.")
    return _action(request, section, "absence_form", f.AbsenceForm(request.POST), run)


@require_POST
@access.page(SECTION_MANAGE)
def absence_decide(request: HttpRequest, case_id: int, section_id: int, absence_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)
    absence = selectors.access_record(request.user, AbsencePermission, absence_id, SECTION_MANAGE, section=section)

    def run(d: dict[str, Any]) -> str:
        services.absence_decide(actor=access.staff(request), absence=absence, decision=d["decision"],
                                reason=d.get("reason", ""), expected_version=d["version"])
        return _("The decision on the absence was recorded.")
    return _action(request, section, "absence_decision_form", f.AbsenceDecisionForm(request.POST), run,
                   absence_decision_for=absence.pk)


@require_POST
@access.page(SECTION_MANAGE)
def termination_add(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)

    def run(d: dict[str, Any]) -> str:
        services.submission_make(actor=access.staff(request), section=section, addressee=d["addressee"],
                                 grounds=d["grounds"], purpose="early_termination")
        return _("The submission for early termination was recorded; the letter is in the case documents.")
    return _action(request, section, "termination_form", f.TerminationForm(request.POST), run,
                   letter=_("Submission for early termination"))


@require_POST
@access.page(SECTION_MANAGE)
def close(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    section = access_section(request.user, section_id, SECTION_MANAGE, kinds=SUPERVISION_KINDS, case_id=case_id)

    def run(d: dict[str, Any]) -> str:
        services.supervision_close(actor=access.staff(request), section=section, reason=d["reason"],
                                   closed_on=d.get("closed_on"), note=d.get("note", ""),
                                   expected_version=d["version"])
        return _("The section was closed.")
    return _action(request, section, "close_form", f.CloseForm(request.POST, kind=section.kind), run)


@access.page(CASE_VIEW)
def vitals(request: HttpRequest) -> HttpResponse:
    """Officer vitals: one's own, or per officer for those who see the workload (unit heads)."""
    all_officers = access.has_perm(request.user, WORKLOAD_VIEW)
    rows = selectors.vitals(request.user, all_officers=all_officers)
    return render(request, "supervision/vitals.html", {"rows": rows, "all_officers": all_officers})


class OpenEndedPage:
    """A page of a long list without counting the whole list (a unit's "all I can see" has tens of
    thousands of sections; counting them cost more than the page itself): one row more than the
    page is read to know whether there is a next page."""

    def __init__(self, queryset: Any, number: str | None, size: int) -> None:
        digits = number or ""
        self.number = int(digits) if digits.isdigit() and int(digits) > 0 else 1
        rows = list(queryset[(self.number - 1) * size:self.number * size + 1])
        self.has_next = len(rows) > size
        self.object_list = rows[:size]
        self.has_previous = self.number > 1
        self.next_page_number = self.number + 1
        self.previous_page_number = self.number - 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


@access.page(CASE_VIEW)
def caseload(request: HttpRequest) -> HttpResponse:
    """My clients (counted, with pages "n of N"), or all I can see (pages without a total)."""
    mine = request.GET.get("view", "mine") != "all"
    qs = selectors.caseload(request.user, mine=mine)
    page: Any = (Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")) if mine
                 else OpenEndedPage(qs, request.GET.get("page"), PAGE_SIZE))
    rows = selectors.decorate(list(page.object_list))
    return render(request, "supervision/caseload.html", {"page_obj": page, "rows": rows, "mine": mine})


@access.page(CASE_VIEW)
def calendar(request: HttpRequest) -> HttpResponse:
    """The officer's week of appointments (one's own, or a visible colleague's)."""
    try:
        day = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    monday = day - dt.timedelta(days=day.weekday())
    officer_id = request.GET.get("officer", "")
    officer: Any = access.staff(request)
    if officer_id.isdigit() and int(officer_id) != officer.pk:
        officer = User.objects.filter(pk=int(officer_id)).first()
        if officer is None:
            raise Http404
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    end = start + dt.timedelta(days=7)
    appointments = (Appointment.objects.visible_to(request.user, CASE_VIEW)
                    .filter(officer=officer, starts_at__gte=start, starts_at__lt=end)
                    .select_related("section", "section__case", "section__case__person").order_by("starts_at"))
    days: list[dict[str, Any]] = [{"date": monday + dt.timedelta(days=i), "items": []} for i in range(7)]
    for appointment in appointments:
        local = timezone.localtime(appointment.starts_at).date()
        days[(local - monday).days]["items"].append(appointment)
    return render(request, "supervision/calendar.html", {
        "officer": officer, "days": days, "monday": monday, "prev_week": monday - dt.timedelta(days=7),
        "next_week": monday + dt.timedelta(days=7),
    })


@access.page(CASE_VIEW)
def calculator(request: HttpRequest) -> HttpResponse:
    form = f.ConversionForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        result = selectors.conversion(end_date=form.cleaned_data["end_date"], from_date=form.cleaned_data["from_date"])
    return render(request, "supervision/calculator.html", {"form": form, "result": result})
