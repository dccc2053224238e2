"""Pages of risk assessment: the client file's tab, criminal history, assessments, questionnaires, the
model calculator, the administrator's instruments, article table and register import, the researcher's
pseudonymised export, and the client's public e-testing pages."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import Case
from core import access as core_access
from core import audit
from core.access import has_perm
from core.errors import DomainError
from core.forms import act, submit
from core.sensitivity import Sensitivity, can_see
from risk import access, algorithms, instrument, selectors, services
from risk import forms as f
from risk.models import (
    CATEGORY_LABELS,
    LEVEL_LABELS,
    Assessment,
    Conviction,
    ImportBatch,
    Instrument,
    OffenceArticle,
    Questionnaire,
    RiskScore,
)

PAGE_SIZE = 50
SESSION_KEY = "risk_etesting_questionnaire"
LANGUAGE_KEY = "risk_etesting_language"
CLIENT_LANGUAGES = ["lv", "ru", "en"]


def _case(request: HttpRequest, case_id: int, perm: str = access.VIEW) -> Case:
    return core_access.get_visible_or_404(
        Case.objects.select_related("person", "responsible_unit", "responsible_officer"), request.user, perm,
        pk=case_id)


def _language() -> str:
    return (get_language() or "lv")[:2]


def _render_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    form = context.get("form")
    status = 400 if request.method == "POST" and form is not None and form.errors else 200
    return render(request, template, context, status=status)


# --- The client file's tab ------------------------------------------------------------------------


@core_access.page(access.VIEW)
def case_risk(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    p = core_access.principal(request.user)
    show_history = can_see(request.user, Sensitivity.CRIMINAL_RECORD)
    entries = list(selectors.history_of(request.user, case)[:100]) if show_history else []
    if entries:
        audit.log_sensitive_read(user=request.user, sensitivity=Sensitivity.CRIMINAL_RECORD, instance=case.person,
                                 purpose="page:risk_case")
    score = selectors.current_score(request.user, case)
    scores = list(RiskScore.objects.visible_to(request.user, access.VIEW).filter(person_id=case.person_id)[:10])
    assessments = list(selectors.assessments_of(request.user, case)[:30])
    latest = next((a for a in assessments if a.status == Assessment.Status.COMPLETED), None)
    questionnaires = list(selectors.questionnaires_of(request.user, case)[:20])
    language = _language()
    records: list[Any] = [*assessments, *questionnaires]
    for record in records:
        record.title = instrument.text(record.instrument.definition["title"], language)
    return render(request, "risk/case.html", {
        "case": case, "active_tab": "risk", "score": score,
        "breakdown": selectors.breakdown_rows(score.breakdown) if score else [],
        "scores": scores, "entries": entries, "show_history": show_history, "assessments": assessments,
        "latest": latest, "consequences": selectors.consequences(latest.level) if latest else None,
        "questionnaires": questionnaires, "categories": CATEGORY_LABELS,
        "can_assess": p.can(access.ASSESS) and case.status == Case.Status.OPEN,
        "now": timezone.now(),
    })


# --- Criminal history -----------------------------------------------------------------------------


def _entry(request: HttpRequest, entry_id: int, perm: str) -> Conviction:
    if not can_see(request.user, Sensitivity.CRIMINAL_RECORD):
        raise Http404
    entry = Conviction.objects.visible_to(request.user, perm).select_related("person", "person__case").filter(
        pk=entry_id).first()
    if entry is None or not hasattr(entry.person, "case"):
        raise Http404
    return entry


def _entry_fields(d: dict[str, Any]) -> dict[str, Any]:
    return {"kind": d["kind"], "article": d["article"], "offence_date": d["offence_date"],
            "conviction_date": d.get("conviction_date"), "sanction": d.get("sanction", ""),
            "custodial": d.get("custodial") == "yes", "court": d.get("court", "")}


@core_access.page(access.ASSESS)
def conviction_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, access.ASSESS)
    form = f.ConvictionForm(request.POST or None)
    if submit(request, form, lambda d: services.conviction_add(actor=request.user, person=case.person,
                                                               **_entry_fields(d)),
              _("The criminal history entry was added.")):
        return redirect("risk:case", case.pk)
    return _render_form(request, "risk/conviction_form.html", {"form": form, "case": case, "entry": None})


@core_access.page(access.ASSESS)
def conviction_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry(request, entry_id, access.ASSESS)
    case = entry.person.case
    initial = {"kind": entry.kind, "article": entry.article, "offence_date": entry.offence_date,
               "conviction_date": entry.conviction_date, "sanction": entry.sanction,
               "custodial": "yes" if entry.custodial else "no", "court": entry.court, "version": entry.version}
    form = f.ConvictionForm(request.POST or None, initial=initial)
    if submit(request, form, lambda d: services.conviction_update(
            actor=request.user, entry=entry, expected_version=d.get("version"), **_entry_fields(d)),
            _("The criminal history entry was changed.")):
        return redirect("risk:case", case.pk)
    return _render_form(request, "risk/conviction_form.html", {"form": form, "case": case, "entry": entry})


@core_access.page(access.ASSESS)
def conviction_withdraw(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry(request, entry_id, access.ASSESS)
    case = entry.person.case
    form = f.WithdrawForm(request.POST or None, initial={"version": entry.version})
    if submit(request, form, lambda d: services.conviction_withdraw(
            actor=request.user, entry=entry, reason=d["reason"], expected_version=d.get("version")),
            _("The criminal history entry was withdrawn.")):
        return redirect("risk:case", case.pk)
    return _render_form(request, "risk/conviction_withdraw.html", {"form": form, "case": case, "entry": entry})


# --- Assessments ----------------------------------------------------------------------------------


@core_access.page(access.ASSESS)
def assessment_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, access.ASSESS)
    instruments = list(Instrument.objects.filter(status=Instrument.Status.ACTIVE).exclude(kind="test"))
    form = f.StartForm(request.POST or None, instruments=instruments)
    created: list[Assessment] = []

    def start(d: dict[str, Any]) -> Assessment:
        record = next(i for i in instruments if str(i.pk) == d["instrument"])
        created.append(services.assessment_start(actor=request.user, case=case, record=record))
        return created[0]

    if submit(request, form, start, _("The assessment was started.")):
        return redirect("risk:assessment", created[0].pk)
    return _render_form(request, "risk/assessment_new.html", {"form": form, "case": case})


def _assessment(request: HttpRequest, assessment_id: int, perm: str) -> Assessment:
    return core_access.get_visible_or_404(
        Assessment.objects.select_related("instrument", "case", "case__person", "case__responsible_unit",
                                          "case__responsible_officer", "completed_by", "corrects"),
        request.user, perm, pk=assessment_id)


def _item_rows(assessment: Assessment, language: str) -> list[dict[str, Any]]:
    """Each domain with its items, the answer in words and who gave it (officer or client)."""
    definition = assessment.instrument.definition
    domains = []
    for domain in definition["domains"]:
        rows = []
        for item in domain["items"]:
            answer = assessment.answers.get(item["code"]) or {}
            labels = {o["value"]: instrument.text(o["label"], language) for o in instrument.options(definition, item)}
            value = answer.get("value")
            client_value = answer.get("client_value")
            rows.append({"code": item["code"], "text": instrument.text(item["text"], language),
                         "self_report": bool(item.get("self_report")), "value": value,
                         "label": labels.get(value, "") if value is not None else "",
                         "by": answer.get("by", ""),
                         "skipped": bool(answer.get("skipped") or answer.get("client_skipped")),
                         "client_label": labels.get(client_value, "") if client_value is not None else ""})
        domains.append({"code": domain["code"], "title": instrument.text(domain["title"], language), "items": rows})
    return domains


@core_access.page(access.VIEW)
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id, access.VIEW)
    case = assessment.case
    language = _language()
    definition = assessment.instrument.definition
    editable = (assessment.status == Assessment.Status.DRAFT and core_access.has_perm(request.user, access.ASSESS)
                and Assessment.objects.visible_to(request.user, access.ASSESS).filter(pk=assessment.pk).exists())
    form = None
    if editable:
        initial = {f"item_{code}": (a or {}).get("value") for code, a in assessment.answers.items()}
        initial.update(note=assessment.note, version=assessment.version, assessed_on=timezone.localdate())
        form = f.AssessmentForm(request.POST or None, definition=definition, initial=initial)
        if request.method == "POST":
            completing = "complete" in request.POST
            if form.is_valid():
                d = form.cleaned_data
                try:
                    if completing:
                        services.assessment_complete(
                            actor=request.user, assessment=assessment, answers=form.answers(), note=d["note"],
                            assessed_on=d.get("assessed_on"), override_level=d.get("override_level") or "",
                            override_reason=d.get("override_reason") or "", expected_version=d.get("version"))
                    else:
                        services.assessment_save(actor=request.user, assessment=assessment, answers=form.answers(),
                                                 note=d["note"], expected_version=d.get("version"))
                except DomainError as error:
                    if error.field and f"item_{error.field}" in form.fields:
                        error.field = f"item_{error.field}"
                    form.add_domain_error(error)
                else:
                    from django.contrib import messages

                    messages.success(request, _("The assessment was completed.") if completing
                                     else _("The draft was saved."))
                    return redirect("risk:assessment", assessment.pk)
    elif request.method == "POST":
        raise Http404
    needs_labels = definition.get("needs", {})
    result = assessment.result or {}
    domain_titles = {d["code"]: instrument.text(d["title"], language) for d in definition["domains"]}
    return render(request, "risk/assessment.html", {
        "assessment": assessment, "case": case, "active_tab": "risk", "form": form, "editable": editable,
        "domains": _item_rows(assessment, language),
        "title": instrument.text(definition["title"], language),
        "description": instrument.text(definition.get("description") or definition["title"], language),
        "needs": [instrument.text(needs_labels[n], language) for n in assessment.needs if n in needs_labels],
        "domain_scores": [{**d, "title": domain_titles.get(d["code"], d["code"])} for d in result.get("domains", [])],
        "result": result,
        "consequences": selectors.consequences(assessment.level) if assessment.level else None,
        "can_correct": (assessment.status == Assessment.Status.COMPLETED
                        and core_access.has_perm(request.user, access.ASSESS)
                        and not Assessment.objects.filter(corrects=assessment).exists()),
        "questionnaires": list(assessment.questionnaires.all()),
    }, status=400 if form is not None and form.errors else 200)


@require_POST
@core_access.page(access.ASSESS)
def assessment_correct(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id, access.ASSESS)
    created: list[Assessment] = []
    if act(request, lambda: created.append(services.assessment_correct(actor=request.user, assessment=assessment)),
           _("A correction was started: change the answers and complete it.")):
        return redirect("risk:assessment", created[0].pk)
    return redirect("risk:assessment", assessment.pk)


@core_access.page(access.VIEW)
def overrides(request: HttpRequest) -> HttpResponse:
    """Completed assessments whose level the officer overrode, with the reasons (the override report)."""
    qs = (Assessment.objects.visible_to(request.user, access.VIEW)
          .filter(status__in=(Assessment.Status.COMPLETED, Assessment.Status.SUPERSEDED))
          .exclude(override_reason="")
          .select_related("case", "case__person", "instrument", "completed_by").order_by("-completed_at", "-id"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "risk/overrides.html", {"page_obj": page})


# --- Questionnaires (officer's side) --------------------------------------------------------------


@core_access.page(access.ASSESS)
def questionnaire_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, access.ASSESS)
    drafts = list(Assessment.objects.filter(case=case, status=Assessment.Status.DRAFT).select_related("instrument"))
    tests = list(Instrument.objects.filter(status=Instrument.Status.ACTIVE, kind="test"))
    form = f.IssueForm(request.POST or None, drafts=drafts, tests=tests)
    issued: list[tuple[Questionnaire, str]] = []

    def issue(d: dict[str, Any]) -> Questionnaire:
        source = d["source"]
        assessment = next((a for a in drafts if f"a{a.pk}" == source), None)
        test = next((t for t in tests if f"t{t.pk}" == source), None)
        issued.append(services.questionnaire_issue(actor=request.user, case=case, assessment=assessment, record=test,
                                                   language=d["language"]))
        return issued[0][0]

    if submit(request, form, issue, _("The questionnaire was issued.")):
        questionnaire, code = issued[0]
        # The code is shown once, on this answer, and never stored in clear.
        return render(request, "risk/questionnaire_code.html", {
            "case": case, "questionnaire": questionnaire, "code": code,
            "start_url": request.build_absolute_uri(reverse("risk:etest_start"))})
    return _render_form(request, "risk/questionnaire_new.html", {"form": form, "case": case,
                                                                  "nothing": not drafts and not tests})


def _questionnaire(request: HttpRequest, questionnaire_id: int, perm: str) -> Questionnaire:
    return core_access.get_visible_or_404(
        Questionnaire.objects.select_related("case", "case__person", "case__responsible_unit",
                                             "case__responsible_officer", "instrument", "assessment", "issued_by"),
        request.user, perm, pk=questionnaire_id)


@core_access.page(access.VIEW)
def questionnaire_detail(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = _questionnaire(request, questionnaire_id, access.VIEW)
    language = _language()
    definition = questionnaire.instrument.definition
    by_code = {i["code"]: i for i in instrument.items(definition)}
    rows = []
    for code in questionnaire.items:
        item = by_code.get(code)
        if item is None:
            continue
        labels = {o["value"]: instrument.text(o["label"], language) for o in instrument.options(definition, item)}
        answered = code in questionnaire.answers
        value = questionnaire.answers.get(code)
        rows.append({"text": instrument.text(item["text"], language), "answered": answered and value is not None,
                     "skipped": answered and value is None, "label": labels.get(value, "") if value is not None else ""})
    return render(request, "risk/questionnaire.html", {
        "questionnaire": questionnaire, "case": questionnaire.case, "active_tab": "risk", "rows": rows,
        "title": instrument.text(definition["title"], language),
        "expired": questionnaire.expires_at <= timezone.now(),
        "can_cancel": (core_access.has_perm(request.user, access.ASSESS)
                       and questionnaire.status in (Questionnaire.Status.ISSUED, Questionnaire.Status.STARTED)),
    })


@require_POST
@core_access.page(access.ASSESS)
def questionnaire_cancel(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = _questionnaire(request, questionnaire_id, access.ASSESS)
    act(request, lambda: services.questionnaire_cancel(actor=request.user, questionnaire=questionnaire),
        _("The questionnaire was cancelled; its code no longer works."))
    return redirect("risk:questionnaire", questionnaire.pk)


# --- The model calculator -------------------------------------------------------------------------


@core_access.page(access.SCORE)
def calculator(request: HttpRequest) -> HttpResponse:
    """What-if and training: OGRS3 on typed-in values (no client data), and the model's version history."""
    form = f.CalculatorForm(request.GET or None)
    score = None
    if request.GET and form.is_valid():
        d = form.cleaned_data
        try:
            score = algorithms.get("ogrs3", d.get("version") or None).score(
                {k: d[k] for k in ("sex", "age", "sanctions", "age_at_first_sanction", "offence_category")})
        except algorithms.InputError as error:
            form.add_error(error.field if error.field in form.fields else None, _("Check this value: %(m)s")
                           % {"m": error.message})
    return render(request, "risk/calculator.html", {
        "form": form, "score": score, "versions": algorithms.versions("ogrs3"),
        "breakdown": selectors.breakdown_rows([{"feature": c.feature, "value": c.value,
                                                "contribution": c.contribution} for c in score.breakdown])
        if score else [],
        "band_label": LEVEL_LABELS.get(score.band, "") if score else "",
    }, status=422 if request.GET and form.errors else 200)


# --- Administration: instruments, the article table, the register import ---------------------------


@core_access.page(access.CONFIGURE)
def instruments(request: HttpRequest) -> HttpResponse:
    qs = Instrument.objects.select_related("created_by").order_by("code", "-number")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    language = _language()
    for record in page:
        record.title = instrument.text(record.definition.get("title") or {}, language)  # type: ignore[attr-defined]
    return render(request, "risk/instruments.html", {"page_obj": page,
                                                     "may_see_overrides": has_perm(request.user, access.VIEW)})


def _instrument(instrument_id: int) -> Instrument:
    record = Instrument.objects.filter(pk=instrument_id).first()
    if record is None:
        raise Http404
    return record


@core_access.page(access.CONFIGURE)
def instrument_detail(request: HttpRequest, instrument_id: int) -> HttpResponse:
    record = _instrument(instrument_id)
    language = _language()
    definition = record.definition
    domains = [{"title": instrument.text(d["title"], language), "need": instrument.text(
        definition.get("needs", {}).get(d.get("need"), {}) or {"en": ""}, language) if d.get("need") else "",
        "items": [{"code": i["code"], "text": instrument.text(i["text"], language),
                   "self_report": i.get("self_report", False), "reverse": i.get("reverse", False)}
                  for i in d["items"]]} for d in definition["domains"]]
    return render(request, "risk/instrument.html", {
        "record": record, "title": instrument.text(definition["title"], language), "domains": domains,
        "levels": [{"label": LEVEL_LABELS.get(r["level"], r["level"]), "min": r["min"]} for r in definition["levels"]],
        "in_use": record.assessments.exists(),
    })


@core_access.page(access.CONFIGURE)
def instrument_new(request: HttpRequest) -> HttpResponse:
    from_id = request.GET.get("from") or ""
    base = Instrument.objects.filter(pk=int(from_id)).first() if from_id.isdigit() and len(from_id) < 12 else None
    initial = {"definition": json.dumps(base.definition, ensure_ascii=False, indent=2)} if base else {}
    form = f.InstrumentForm(request.POST or None, request.FILES or None, initial=initial)
    created: list[Instrument] = []

    def create(d: dict[str, Any]) -> Instrument:
        created.append(services.instrument_version_create(actor=request.user, definition=d["parsed"], note=d["note"]))
        return created[0]

    if submit(request, form, create, _("The new version was saved as a draft.")):
        return redirect("risk:instrument", created[0].pk)
    return _render_form(request, "risk/instrument_new.html", {"form": form, "base": base})


@require_POST
@core_access.page(access.CONFIGURE)
def instrument_activate(request: HttpRequest, instrument_id: int) -> HttpResponse:
    record = _instrument(instrument_id)
    act(request, lambda: services.instrument_activate(actor=request.user, record=record),
        _("The version is now in use."))
    return redirect("risk:instrument", record.pk)


@core_access.page(access.CONFIGURE)
def articles(request: HttpRequest) -> HttpResponse:
    qs = OffenceArticle.objects.all()
    text = request.GET.get("q", "").strip()
    if text:
        qs = qs.filter(Q(article__startswith=text) | Q(title__icontains=text))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "risk/articles.html", {"page_obj": page, "q": text})


@core_access.page(access.CONFIGURE)
def article_edit(request: HttpRequest, article_id: int | None = None) -> HttpResponse:
    record = None
    if article_id is not None:
        record = OffenceArticle.objects.filter(pk=article_id).first()
        if record is None:
            raise Http404
    initial = ({"article": record.article, "title": record.title, "category": record.category,
                "version": record.version} if record else {})
    form = f.ArticleForm(request.POST or None, initial=initial)
    if submit(request, form, lambda d: services.article_save(
            actor=request.user, article=d["article"], title=d["title"], category=d["category"], record=record,
            expected_version=d.get("version")), _("The article table was saved.")):
        return redirect("risk:articles")
    return _render_form(request, "risk/article_form.html", {"form": form, "record": record})


@core_access.page(access.IMPORT)
def imports(request: HttpRequest) -> HttpResponse:
    form = f.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = services.history_import(actor=request.user, filename=upload.name, content=upload.read())
        from django.contrib import messages

        if batch.status == ImportBatch.Status.IMPORTED:
            messages.success(request, _("Imported %(rows)d rows: %(created)d new, %(unchanged)d already there.")
                             % {"rows": batch.rows, "created": batch.created, "unchanged": batch.unchanged})
        else:
            messages.error(request, _("Nothing was imported: %(n)d rows have errors.") % {"n": len(batch.errors)})
        return redirect("risk:import", batch.pk)
    page = Paginator(ImportBatch.objects.select_related("actor"), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render_form(request, "risk/imports.html", {"form": form, "page_obj": page})


@core_access.page(access.IMPORT)
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = ImportBatch.objects.filter(pk=batch_id).select_related("actor").first()
    if batch is None:
        raise Http404
    return render(request, "risk/import.html", {"batch": batch})


# --- Research: pseudonymised scores and histories -------------------------------------------------


@core_access.page(access.RESEARCH)
def research(request: HttpRequest) -> HttpResponse:
    return render(request, "risk/research.html", {
        "scores": RiskScore.objects.filter(current=True).count(), "entries": Conviction.objects.count()})


class _Echo:
    def write(self, value: str) -> str:
        return value


@core_access.page(access.RESEARCH)
def research_export(request: HttpRequest) -> StreamingHttpResponse:
    """Every score (current and past) or every history entry, with a stable pseudonym instead of the
    person, the year of birth and sex, never a name or personal code."""
    what = request.GET.get("what", "scores")
    writer = csv.writer(_Echo())

    def rows() -> Any:
        if what == "history":
            yield writer.writerow(["pseudonym", "birth_year", "sex", "kind", "article", "offence_date",
                                   "conviction_date", "custodial", "source", "withdrawn"])
            for c in Conviction.objects.select_related("person").order_by("person_id", "offence_date").iterator():
                yield writer.writerow([selectors.pseudonym(c.person_id), c.person.birth_date.year, c.person.sex,
                                       c.kind, c.article, c.offence_date, c.conviction_date or "", int(c.custodial),
                                       c.source, int(c.withdrawn)])
        else:
            yield writer.writerow(["pseudonym", "birth_year", "sex", "model", "model_version", "computed_at",
                                   "current", "one_year", "two_year", "band", "inputs"])
            for s in RiskScore.objects.select_related("person").order_by("person_id", "computed_at").iterator():
                yield writer.writerow([selectors.pseudonym(s.person_id), s.person.birth_date.year, s.person.sex,
                                       s.model, s.model_version, s.computed_at.isoformat(), int(s.current),
                                       s.one_year, s.two_year, s.band, json.dumps(s.inputs, sort_keys=True)])

    user = core_access.staff(request)
    audit.record(actor=user, verb="risk_research_export", instance=user, before={},
                 after={"what": what})
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="risk-{what}.csv"'
    return response


# --- The client's e-testing pages (public: a one-time code, no account) ----------------------------


def _client_language(request: HttpRequest) -> None:
    """The questionnaire's language, until the client picks another with the switch (a cookie); no cookie is
    set here, so a shared office tablet does not keep it for the next person."""
    from django.conf import settings

    chosen = request.session.get(LANGUAGE_KEY)
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and chosen in CLIENT_LANGUAGES:
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen  # type: ignore[attr-defined]


def _client_page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    request.page_languages = CLIENT_LANGUAGES  # type: ignore[attr-defined]
    response = render(request, template, {**context, "client_page": True}, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def etest_start(request: HttpRequest) -> HttpResponse:
    """The public page: the client types the one-time code (or the officer's kiosk shows this page)."""
    form = f.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.questionnaire_open(code=form.cleaned_data["code"], ip=_client_ip(request))
        except DomainError as error:
            form.add_domain_error(error)
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = questionnaire.pk
            request.session[LANGUAGE_KEY] = questionnaire.language
            return redirect("risk:etest_question")
    return _client_page(request, "risk/etest_start.html", {"form": form},
                        status=400 if request.method == "POST" else 200)


def _session_questionnaire(request: HttpRequest) -> Questionnaire | None:
    pk = request.session.get(SESSION_KEY)
    if not isinstance(pk, int):
        return None
    questionnaire = Questionnaire.objects.select_related("instrument").filter(pk=pk).first()
    if questionnaire is None or not services.questionnaire_usable(questionnaire):
        return None
    return questionnaire


def etest_question(request: HttpRequest) -> HttpResponse:
    """One question a page, with progress; each answer is saved as the client goes."""
    questionnaire = _session_questionnaire(request)
    if questionnaire is None:
        request.session.pop(SESSION_KEY, None)
        return redirect("risk:etest_start")
    _client_language(request)
    items = questionnaire.items
    try:
        index = int(request.GET.get("q", questionnaire.position))
    except ValueError:
        index = questionnaire.position
    index = max(0, min(index, len(items)))
    error = ""
    if request.method == "POST":
        code = request.POST.get("item", "")
        if "submit" in request.POST:
            try:
                services.questionnaire_submit(questionnaire=questionnaire)
            except DomainError as exc:
                error = exc.message
            else:
                request.session.pop(SESSION_KEY, None)
                return redirect("risk:etest_done")
        elif code in items:
            index = items.index(code)
            raw = request.POST.get("answer", "")
            value: int | None
            if "skip" in request.POST:
                value = None
            elif raw.isdigit():
                value = int(raw)
            else:
                value = -1
            if value == -1:
                error = _("Choose an answer, or skip the question.")
            else:
                try:
                    services.questionnaire_answer(questionnaire=questionnaire, item=code, value=value)
                except DomainError as exc:
                    error = exc.message
                else:
                    return redirect(f"{reverse('risk:etest_question')}?q={index + 1}")
        else:
            error = _("Choose an answer, or skip the question.")
    language = translation.get_language() or "lv"
    definition = questionnaire.instrument.definition
    context: dict[str, Any] = {"questionnaire": questionnaire, "total": len(items), "error": error,
                               "title": instrument.text(definition["title"], language[:2])}
    if index >= len(items):
        context.update(review=True, answered=sum(1 for c in items if questionnaire.answers.get(c) is not None),
                       skipped=sum(1 for c in items if c in questionnaire.answers and questionnaire.answers[c] is None),
                       unanswered=sum(1 for c in items if c not in questionnaire.answers))
        return _client_page(request, "risk/etest_question.html", context, status=400 if error else 200)
    by_code = {i["code"]: i for i in instrument.items(definition)}
    item = by_code[items[index]]
    current = questionnaire.answers.get(item["code"])
    context.update(
        number=index + 1, index=index, item_code=item["code"], text=instrument.text(item["text"], language[:2]),
        options=[{"value": o["value"], "label": instrument.text(o["label"], language[:2]),
                  "checked": current == o["value"]} for o in instrument.options(definition, item)],
        percent=int(100 * index / len(items)), previous=index - 1 if index > 0 else None)
    return _client_page(request, "risk/etest_question.html", context, status=400 if error else 200)


def etest_done(request: HttpRequest) -> HttpResponse:
    _client_language(request)
    return _client_page(request, "risk/etest_done.html", {})


