"""Pages of mediation. Every page starts from ``mediation.access`` (a mediation the user holds the
permission over by scope, else 404); services make the changes and their errors are shown beside the
field. A mediator (staff or volunteer) sees only the mediations assigned to them and never the client's
case file; victim data is shown only to those ``access.victims_visible`` names, and each showing is logged.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import OrgUnit, User
from cases.models import Case
from cases.selectors import access_section, officers_of_unit
from core import access as core_access
from core.errors import ValidationFailed
from core.forms import submit
from mediation import access, correspondence, forms, letters, selectors, services
from mediation.models import KIND, Mediation, MediationDocument, Mediator, Meeting, Term, Victim

PAGE_SIZE = 25


def _versioned(data: dict[str, Any]) -> dict[str, Any]:
    rest = dict(data)
    return {"expected_version": rest.pop("version"), **rest}


def _back(mediation: Mediation) -> HttpResponse:
    return redirect("mediation:detail", mediation.pk)


# --- Lists -----------------------------------------------------------------------------------------


@core_access.page(access.MANAGE)
def mediation_list(request: HttpRequest) -> HttpResponse:
    """The mediations of the units the officer works in (or only theirs), open ones first."""
    user = request.user
    status = request.GET.get("status", "open")
    mine = request.GET.get("show") == "mine"
    qs = selectors.work_list(user, access.MANAGE, status=status, mine=mine)
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mediation/list.html", {
        "page_obj": page_obj, "status": status, "mine": mine, "statuses": Mediation.Status.choices,
        "can_register": True, "title": _("Mediations")})


@core_access.page(access.CONDUCT)
def my_mediations(request: HttpRequest) -> HttpResponse:
    """A mediator's (staff or volunteer) own mediations: only those assigned to them."""
    status = request.GET.get("status", "open")
    qs = selectors.assigned_to(request.user, status=status)
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mediation/list.html", {
        "page_obj": page_obj, "status": status, "mine": True, "statuses": Mediation.Status.choices,
        "can_register": False, "title": _("My mediations")})


# --- Registering -----------------------------------------------------------------------------------


def _home_unit(user: Any) -> OrgUnit | None:
    unit = getattr(user, "home_unit", None)
    return unit if unit is not None and unit.kind == OrgUnit.Kind.UNIT else None


def _register_form(request: HttpRequest, data: Any = None, initial: dict[str, Any] | None = None) -> forms.RegisterForm:
    unit = _home_unit(request.user)
    officers = officers_of_unit(unit.pk) if unit else User.objects.none()
    return forms.RegisterForm(data, officers=officers, initial={
        "received_on": timezone.localdate(), "responsible_officer": request.user.pk, "intentional": True,
        **(initial or {})})


def _register(request: HttpRequest, form: forms.RegisterForm, case: Case | None = None) -> Mediation | None:
    unit = _home_unit(request.user)

    def save(data: dict[str, Any]) -> Mediation:
        if unit is None:
            raise ValidationFailed("unit_kind", _("You work in no territorial unit."), field="responsible_officer")
        offender: Any = None
        offender_data = None
        number = (data.pop("case_number") or "").strip()
        if case is not None:
            offender = case.person
        elif number:
            found = Case.objects.visible_to(request.user, roles.CASE_VIEW).filter(
                registration_number=number).select_related("person").first()
            if found is None:
                raise ValidationFailed("case_not_found", _("No case file with this number that you may see."),
                                       field="case_number")
            offender = found.person
        else:
            offender_data = services.OffenderData(
                first_name=data["first_name"], last_name=data["last_name"], birth_date=data["birth_date"],
                personal_code=data["personal_code"], document_type=_("identity document") if
                data["document_number"] else "", document_number=data["document_number"])
        return services.mediation_register(
            actor=request.user, unit=unit, offender=offender, offender_data=offender_data,
            responsible_officer=data["responsible_officer"], started_by=data["started_by"],
            initiator=data["initiator"], process_director=data["process_director"],
            criminal_case_number=data["criminal_case_number"], offence=data["offence"],
            offence_date=data["offence_date"], offence_class=data["offence_class"],
            intentional=data["intentional"], received_on=data["received_on"])

    result: dict[str, Mediation] = {}

    def run(data: dict[str, Any]) -> Mediation:
        result["m"] = save(dict(data))
        return result["m"]

    if submit(request, form, run, lambda m: _("Mediation %(number)s is registered.") % {"number": m.number}):
        return result["m"]
    return None


@core_access.page(access.MANAGE)
def mediation_new(request: HttpRequest) -> HttpResponse:
    form = _register_form(request, request.POST if request.method == "POST" else None,
                          initial={"case_number": request.GET.get("case", "")[:20]})
    if request.method == "POST":
        mediation = _register(request, form)
        if mediation is not None:
            return _back(mediation)
    return render(request, "mediation/new.html", {"form": form, "case": None},
                  status=422 if form.is_bound else 200)


@core_access.page(roles.CASE_VIEW)
def section(request: HttpRequest, case_id: int, section_id: int) -> HttpResponse:
    """The client file's link to a mediation section: its mediation, or (none recorded yet) the form that
    registers it for this client."""
    sec = access_section(request.user, section_id, roles.CASE_VIEW, kinds=(KIND,), case_id=case_id)
    mediation = Mediation.objects.filter(section=sec).first()
    if mediation is not None:
        access.access_mediation(request.user, mediation.pk, access.VIEW)
        return _back(mediation)
    can_register = core_access.has_perm(request.user, access.MANAGE)
    return render(request, "mediation/section.html", {"section": sec, "case": sec.case,
                                                      "can_register": can_register})


# --- The mediation page ----------------------------------------------------------------------------


def _detail(request: HttpRequest, mediation: Mediation, status: int = 200, **bound: Any) -> HttpResponse:
    user = request.user
    victims = list(mediation.victims.all())
    see_victims = access.victims_visible(user, mediation)
    if see_victims and victims:
        access.log_victim_reads(user, victims, "mediation_page")
    can_manage = mediation.is_open and access.may(user, access.MANAGE, mediation)
    can_work = access.may_work(user, mediation)
    can_coordinate = mediation.is_open and access.may(user, access.COORDINATE, mediation)
    meetings = list(mediation.meetings.all())
    settlement = getattr(mediation, "settlement", None)
    terms = list(settlement.terms.all()) if settlement else []
    docs = [d for d in mediation.documents.all() if see_victims or not d.holds_victim_data]
    today = timezone.localdate()
    ctx: dict[str, Any] = {
        "m": mediation, "victims": victims, "see_victims": see_victims, "meetings": meetings,
        "settlement": settlement, "terms": terms, "documents": docs, "today": today,
        "can_manage": can_manage, "can_work": can_work, "can_coordinate": can_coordinate,
        "gate_missing": services.gate_missing(mediation) if mediation.status == Mediation.Status.REGISTERED else [],
        "prior": services.prior_settlements(mediation),
        "minor": services.offender_is_minor(mediation),
        "case_link": (mediation.section.case_id if mediation.section_id and mediation.section and
                      Case.objects.visible_to(user, roles.CASE_VIEW).filter(pk=mediation.section.case_id).exists()
                      else None),
    }
    v = {"version": mediation.version}
    if can_coordinate:
        ctx["assign_form"] = bound.get("assign_form") or forms.AssignForm(
            prefix="assign", mediators=selectors.assignable(user, mediation), initial={
                **v, "mediator": mediation.mediator_id})
    if can_manage and mediation.status == Mediation.Status.REGISTERED:
        ctx["gate_form"] = bound.get("gate_form") or forms.GateForm(prefix="gate", initial={
            **v, "admission_on": mediation.admission_on, "offender_consent_on": mediation.offender_consent_on})
        if see_victims:
            ctx["victim_form"] = bound.get("victim_form") or forms.VictimForm(prefix="victim")
            ctx["consent_forms"] = {
                victim.pk: (bound.get("consent_form") if bound.get("consent_victim") == victim.pk else None)
                or forms.ConsentForm(prefix=f"consent{victim.pk}", initial={
                    "version": victim.version, "consent_on": victim.consent_on,
                    "representative_name": victim.representative_name})
                for victim in victims if victim.consent_on is None}
    if can_work and mediation.status in (Mediation.Status.REGISTERED, Mediation.Status.IN_PROGRESS):
        ctx["meeting_form"] = bound.get("meeting_form") or forms.MeetingForm(prefix="meeting")
        ctx["end_form"] = bound.get("end_form") or forms.EndForm(prefix="end", initial={**v, "ended_on": today})
        ctx["record_forms"] = {
            meeting.pk: (bound.get("record_form") if bound.get("record_meeting") == meeting.pk else None)
            or forms.MeetingRecordForm(prefix=f"rec{meeting.pk}", initial={"version": meeting.version})
            for meeting in meetings if meeting.status == Meeting.Status.PLANNED}
    if can_work and mediation.status == Mediation.Status.IN_PROGRESS:
        ctx["settle_form"] = bound.get("settle_form") or forms.SettleForm(prefix="settle", initial={
            **v, "signed_on": today})
    if mediation.status == Mediation.Status.SETTLED and access.may(user, access.MANAGE, mediation):
        ctx["term_forms"] = {
            term.pk: (bound.get("term_form") if bound.get("term_id") == term.pk else None)
            or forms.TermForm(prefix=f"term{term.pk}", initial={"version": term.version, "resolved_on": today})
            for term in terms if term.status == Term.Status.PENDING}
    if can_work or (access.may(user, access.MANAGE, mediation) and mediation.ended_on):
        ctx["letter_form"] = bound.get("letter_form") or _letter_form(mediation, victims, meetings, see_victims)
    ctx["error_forms"] = [f for k, f in bound.items() if k.endswith("_form") and f is not None]
    return render(request, "mediation/detail.html", ctx, status=status)


@core_access.page(access.VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.access_mediation(request.user, pk, access.VIEW))


def _working(request: HttpRequest, pk: int) -> Mediation:
    """A mediation the user may work on (plan meetings, record the outcome, make letters): the officers
    managing it or its assigned mediator; anyone else gets 404."""
    return access.access_mediation(request.user, pk, access.MANAGE, access.CONDUCT)


@require_POST
@core_access.page(access.COORDINATE)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    mediation = access.access_mediation(request.user, pk, access.COORDINATE)
    form = forms.AssignForm(request.POST, prefix="assign", mediators=selectors.assignable(request.user, mediation))
    if submit(request, form, lambda d: services.mediation_assign(actor=request.user, mediation=mediation,
                                                                 **_versioned(d)), _("The mediator is assigned.")):
        return _back(mediation)
    return _detail(request, mediation, status=422, assign_form=form)


@require_POST
@core_access.page(access.MANAGE)
def gate(request: HttpRequest, pk: int) -> HttpResponse:
    mediation = access.access_mediation(request.user, pk, access.MANAGE)
    form = forms.GateForm(request.POST, prefix="gate")
    if submit(request, form, lambda d: services.mediation_record_gate(actor=request.user, mediation=mediation,
                                                                      **_versioned(d)),
              _("The admission and the offender's consent are saved.")):
        return _back(mediation)
    return _detail(request, mediation, status=422, gate_form=form)


@require_POST
@core_access.page(access.MANAGE)
def victim_add(request: HttpRequest, pk: int) -> HttpResponse:
    mediation = access.access_mediation(request.user, pk, access.MANAGE)
    if not access.victims_visible(request.user, mediation):
        raise Http404
    form = forms.VictimForm(request.POST, prefix="victim")
    if submit(request, form, lambda d: services.victim_add(actor=request.user, mediation=mediation, **d),
              _("The victim is added.")):
        return _back(mediation)
    return _detail(request, mediation, status=422, victim_form=form)


@require_POST
@core_access.page(access.MANAGE)
def victim_consent(request: HttpRequest, pk: int, victim_id: int) -> HttpResponse:
    mediation = access.access_mediation(request.user, pk, access.MANAGE)
    victim = Victim.objects.filter(mediation=mediation, pk=victim_id).first()
    if victim is None or not access.victims_visible(request.user, mediation):
        raise Http404
    form = forms.ConsentForm(request.POST, prefix=f"consent{victim.pk}")
    if submit(request, form, lambda d: services.victim_update(actor=request.user, victim=victim, **_versioned(d)),
              _("The victim's consent is saved.")):
        return _back(mediation)
    return _detail(request, mediation, status=422, consent_form=form, consent_victim=victim.pk)


@require_POST
@core_access.page(access.VIEW)
def meeting_plan(request: HttpRequest, pk: int) -> HttpResponse:
    mediation = _working(request, pk)
    form = forms.MeetingForm(request.POST, prefix="meeting")
    if submit(request, form, lambda d: services.meeting_plan(actor=request.user, mediation=mediation, **d),
              _("The meeting is planned.")):
        return _back(mediation)
    return _detail(request, mediation, status=422, meeting_form=form)


@require_POST
@core_access.page(access.VIEW)
def meeting_record(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    mediation = _working(request, pk)
    meeting = Meeting.objects.filter(mediation=mediation, pk=meeting_id).first()
    if meeting is None:
        raise Http404
    form = forms.MeetingRecordForm(request.POST, prefix=f"rec{meeting.pk}")
    if submit(request, form, lambda d: services.meeting_record(actor=request.user, meeting=meeting, **_versioned(d)),
              _("The meeting is recorded.")):
        return _back(mediation)
    return _detail(request, mediation, status=422, record_form=form, record_meeting=meeting.pk)


@require_POST
@core_access.page(access.VIEW)
def settle(request: HttpRequest, pk: int) -> HttpResponse:
    mediation = _working(request, pk)
    form = forms.SettleForm(request.POST, prefix="settle")

    def save(d: dict[str, Any]) -> Any:
        terms = [services.NewTerm(d[f"term_{n}"], d[f"due_{n}"]) for n in range(1, forms.TERM_ROWS + 1)]
        return services.mediation_settle(
            actor=request.user, mediation=mediation, expected_version=d["version"], signed_on=d["signed_on"],
            certified_by=d["certified_by"], voluntary=d["voluntary"],
            consequences_understood=d["consequences_understood"], terms=terms)

    if submit(request, form, save, _("The settlement is recorded.")):
        return _back(mediation)
    return _detail(request, mediation, status=422, settle_form=form)


@require_POST
@core_access.page(access.VIEW)
def end(request: HttpRequest, pk: int) -> HttpResponse:
    mediation = _working(request, pk)
    form = forms.EndForm(request.POST, prefix="end")
    if submit(request, form, lambda d: services.mediation_end_without_settlement(
            actor=request.user, mediation=mediation, **_versioned(d)), _("The mediation ended without settlement.")):
        return _back(mediation)
    return _detail(request, mediation, status=422, end_form=form)


@require_POST
@core_access.page(access.MANAGE)
def term_record(request: HttpRequest, pk: int, term_id: int) -> HttpResponse:
    mediation = access.access_mediation(request.user, pk, access.MANAGE)
    term = Term.objects.filter(settlement__mediation=mediation, pk=term_id).first()
    if term is None:
        raise Http404
    form = forms.TermForm(request.POST, prefix=f"term{term.pk}")
    if submit(request, form, lambda d: services.term_record(actor=request.user, term=term, **_versioned(d)),
              _("The fulfilment of the term is recorded.")):
        return _back(mediation)
    return _detail(request, mediation, status=422, term_form=form, term_id=term.pk)


# --- Letters -----------------------------------------------------------------------------------------


def _letter_form(mediation: Mediation, victims: list[Victim], meetings: list[Meeting], see_victims: bool,
                 data: Any = None) -> forms.LetterForm:
    codes = [(letters.INVITATION, _("Invitation to a meeting"))]
    if hasattr(mediation, "settlement"):
        codes.append((letters.SETTLEMENT, _("Settlement")))
    if mediation.ended_on:
        codes.append((letters.RESULT, _("Result to the process director (Latvian)")))
    addressees = [("offender", _("The offender"))]
    if see_victims:
        addressees += [(str(v.pk), v.full_name) for v in victims]
    planned = [(str(m.pk), f"{m.get_kind_display()} {timezone.localtime(m.starts_at):%d.%m.%Y %H:%M}")
               for m in meetings if m.status == Meeting.Status.PLANNED]
    return forms.LetterForm(data, prefix="letter", codes=codes, addressees=addressees, meetings=planned)


@require_POST
@core_access.page(access.VIEW)
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    mediation = access.access_mediation(request.user, pk, access.MANAGE, access.CONDUCT)
    victims = list(mediation.victims.all())
    meetings = list(mediation.meetings.all())
    see_victims = access.victims_visible(request.user, mediation)
    form = _letter_form(mediation, victims, meetings, see_victims, request.POST)

    def make(d: dict[str, Any]) -> Any:
        victim = next((v for v in victims if str(v.pk) == d["addressee"]), None) if see_victims else None
        meeting = next((m for m in meetings if str(m.pk) == d["meeting"]), None)
        return correspondence.letter_generate(actor=request.user, mediation=mediation, code=d["code"],
                                         language=d["language"], victim=victim, meeting=meeting)

    if submit(request, form, make, _("The letter is made (DOCX and PDF).")):
        return _back(mediation)
    return _detail(request, mediation, status=422, letter_form=form)


@core_access.page(access.VIEW)
def document(request: HttpRequest, pk: int) -> FileResponse:
    doc = MediationDocument.objects.visible_to(request.user, access.VIEW).filter(pk=pk).select_related(
        "mediation", "mediation__mediator").first()
    if doc is None:
        raise Http404
    if doc.holds_victim_data:
        if not access.victims_visible(request.user, doc.mediation):
            raise Http404
        access.log_victim_reads(request.user, [doc], "mediation_letter")
    content_type = ("application/pdf" if doc.format == "pdf" else
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return FileResponse(doc.file.open("rb"), as_attachment=True, content_type=content_type,
                        filename=f"{doc.mediation.number}-{doc.code}.{doc.format}")


# --- Mediators ---------------------------------------------------------------------------------------


def _user_by_name(username: str) -> User | None:
    username = (username or "").strip()
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationFailed("user_unknown", _("There is no active user with this username."), field="username")
    return user


@core_access.page(access.COORDINATE)
def mediators(request: HttpRequest) -> HttpResponse:
    """The mediators' register of the coordinator's units, with the form to add one."""
    form = forms.MediatorForm(request.POST if request.method == "POST" else None, prefix="mediator",
                              initial={"languages": ["lv"], "available": True})
    if request.method == "POST":
        unit = _home_unit(request.user)

        def add(d: dict[str, Any]) -> Mediator:
            d = dict(d)
            d.pop("version", None)
            user = _user_by_name(d.pop("username"))
            if unit is None:
                raise ValidationFailed("unit_kind", _("You work in no territorial unit."), field="kind")
            return services.mediator_create(actor=request.user, unit=unit, user=user, **d)

        if submit(request, form, add, _("The mediator is added.")):
            return redirect("mediation:mediators")
    qs = access.mediators_for(request.user).select_related("unit", "user")
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mediation/mediators.html", {
        "page_obj": page_obj, "form": form, "today": timezone.localdate()},
        status=422 if form.is_bound else 200)


@core_access.page(access.COORDINATE)
def mediator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mediator = access.mediators_for(request.user).filter(pk=pk).first()
    if mediator is None:
        raise Http404
    initial = {name: getattr(mediator, name) for name in (
        "version", "kind", "first_name", "last_name", "certificate_number", "certified_from", "certified_until",
        "languages", "available", "availability", "phone", "email")}
    initial["username"] = mediator.user.get_username() if mediator.user else ""
    form = forms.MediatorForm(request.POST if request.method == "POST" else None, prefix="mediator",
                              initial=initial)
    form.fields["username"].disabled = True
    if request.method == "POST":
        def save(d: dict[str, Any]) -> Mediator:
            d = dict(d)
            d.pop("username", None)
            return services.mediator_update(actor=request.user, mediator=mediator, **_versioned(d))

        if submit(request, form, save, _("The mediator is saved.")):
            return redirect("mediation:mediators")
    return render(request, "mediation/mediator_edit.html", {"form": form, "mediator": mediator},
                  status=422 if form.is_bound else 200)
