"""State changes of risk assessment: criminal history, the article table, scores, instruments,
assessments and e-testing questionnaires. Keyword-only, the actor named, one transaction, the change log
(core.audit) and the case timeline; views, the API, the import and the jobs all call these."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import timeline
from cases.models import Case
from core import audit, policies
from core.errors import ConcurrentEdit, Conflict, ValidationFailed
from core.models import ChangeLog
from people.models import Person
from risk import algorithms, history, imports, instrument, rules
from risk.models import (
    CATEGORY_LABELS,
    LEVEL_LABELS,
    Assessment,
    CodeAttempt,
    Conviction,
    ImportBatch,
    Instrument,
    OffenceArticle,
    Questionnaire,
    RiskScore,
)
from risk.policies import ADDRESS_MAX_ATTEMPTS, CODE_MAX_ATTEMPTS, CODE_VALID_HOURS

SCORE_MODEL = "ogrs3"


def _check_version(record: Any, expected_version: int | None) -> None:
    if expected_version is not None and record.version != expected_version:
        raise ConcurrentEdit()


def _bump(model: Any, record: Any, **fields: Any) -> None:
    """Save ``fields`` only if nobody saved the record since it was read (else ConcurrentEdit)."""
    updated = model.objects.filter(pk=record.pk, version=record.version).update(version=F("version") + 1, **fields)
    if not updated:
        raise ConcurrentEdit()
    for name, value in fields.items():
        setattr(record, name, value)
    record.version += 1


def _case_of(person: Person) -> Case | None:
    return Case.objects.filter(person=person).select_related("responsible_unit", "responsible_officer").first()


# --- The article table ----------------------------------------------------------------------------


def article_save(*, actor: Any, article: str, title: str, category: str, record: OffenceArticle | None = None,
                 expected_version: int | None = None) -> OffenceArticle:
    article = (article or "").strip()
    if not article or len(article) > 20 or not article.replace(".", "").replace("¹", "").replace("²", "").isalnum():
        raise ValidationFailed("article_invalid", _("Enter the article number, e.g. 175 or 175.2."), field="article")
    if not (title or "").strip():
        raise ValidationFailed("title_required", _("Enter the article's title."), field="title")
    if category not in CATEGORY_LABELS:
        raise ValidationFailed("category_unknown", _("Choose the offence category."), field="category")
    with transaction.atomic():
        clash = OffenceArticle.objects.filter(article=article)
        if record is not None:
            clash = clash.exclude(pk=record.pk)
        if clash.exists():
            raise Conflict("article_exists", _("This article is already in the table."), field="article")
        if record is None:
            record = OffenceArticle.objects.create(article=article, title=title.strip(), category=category)
            audit.record(actor=actor, verb="risk_article_create", instance=record, action=ChangeLog.Action.CREATE,
                         after=audit.snapshot(record))
            return record
        _check_version(record, expected_version)
        before = audit.snapshot(record)
        _bump(OffenceArticle, record, article=article, title=title.strip(), category=category)
        audit.record(actor=actor, verb="risk_article_update", instance=record, before=before,
                     after=audit.snapshot(record))
    # Scores of histories with this article are recomputed by the nightly job (risk.jobs.rescore).
    return record


def article_table() -> dict[str, str]:
    return dict(OffenceArticle.objects.values_list("article", "category"))


# --- Criminal history -----------------------------------------------------------------------------


def _check_entry(*, person: Person, kind: str, article: str, offence_date: dt.date | None,
                 conviction_date: dt.date | None, sanction: str, court: str) -> None:
    today = timezone.localdate()
    if kind not in Conviction.Kind.values:
        raise ValidationFailed("kind_unknown", _("Choose conviction or pending proceedings."), field="kind")
    if history.category_of(article or "", article_table()) is None:
        raise ValidationFailed("article_unmapped", _("This Criminal Law article is not in the article table; "
                                                     "ask an administrator to add it."), field="article")
    if offence_date is None:
        raise ValidationFailed("offence_date_required", _("Enter the offence date."), field="offence_date")
    if offence_date > today:
        raise ValidationFailed("offence_date_future", _("The offence date cannot be in the future."),
                               field="offence_date")
    if offence_date < person.birth_date + dt.timedelta(days=365 * 10):
        raise ValidationFailed("offence_date_implausible",
                               _("The offence date must be after the client's tenth birthday."), field="offence_date")
    if kind == Conviction.Kind.CONVICTION and conviction_date is None:
        raise ValidationFailed("conviction_date_required", _("Enter the conviction date."), field="conviction_date")
    if kind == Conviction.Kind.PROCEEDING and conviction_date is not None:
        raise ValidationFailed("conviction_date_not_allowed",
                               _("Pending proceedings have no conviction date."), field="conviction_date")
    if conviction_date is not None and conviction_date < offence_date:
        raise ValidationFailed("conviction_before_offence",
                               _("The conviction date cannot be before the offence date."), field="conviction_date")
    if conviction_date is not None and conviction_date > today:
        raise ValidationFailed("conviction_date_future", _("The conviction date cannot be in the future."),
                               field="conviction_date")
    if len(sanction or "") > 200 or len(court or "") > 200:
        raise ValidationFailed("too_long", _("Keep the sanction and the court to 200 characters."), field="sanction")


def conviction_add(*, actor: Any, person: Person, kind: str, article: str, offence_date: dt.date | None,
                   conviction_date: dt.date | None = None, sanction: str = "", custodial: bool = False,
                   court: str = "", source: str = Conviction.Source.STAFF, external_id: str = "",
                   rescore: bool = True) -> Conviction:
    article = (article or "").strip()
    _check_entry(person=person, kind=kind, article=article, offence_date=offence_date,
                 conviction_date=conviction_date, sanction=sanction, court=court)
    assert offence_date is not None  # _check_entry refuses a missing one
    with transaction.atomic():
        entry = Conviction.objects.create(
            person=person, kind=kind, article=article, offence_date=offence_date, conviction_date=conviction_date,
            sanction=(sanction or "").strip(), custodial=custodial, court=(court or "").strip(), source=source,
            external_id=external_id, created_by=actor if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, verb="risk_conviction_add", instance=entry, action=ChangeLog.Action.CREATE,
                     after=audit.snapshot(entry))
        case = _case_of(person)
        if case is not None:
            timeline.emit("risk_conviction_added", case=case, actor=actor, article=article,
                          offence_date=offence_date.strftime("%d.%m.%Y") if offence_date else "")
        if rescore:
            person_rescore(actor=actor, person=person, reason="history_changed")
    return entry


def conviction_update(*, actor: Any, entry: Conviction, expected_version: int | None, kind: str, article: str,
                      offence_date: dt.date | None, conviction_date: dt.date | None, sanction: str,
                      custodial: bool, court: str) -> Conviction:
    if entry.withdrawn:
        raise Conflict("withdrawn", _("This entry was withdrawn and can no longer be changed."))
    article = (article or "").strip()
    _check_entry(person=entry.person, kind=kind, article=article, offence_date=offence_date,
                 conviction_date=conviction_date, sanction=sanction, court=court)
    with transaction.atomic():
        _check_version(entry, expected_version)
        before = audit.snapshot(entry)
        _bump(Conviction, entry, kind=kind, article=article, offence_date=offence_date,
              conviction_date=conviction_date, sanction=(sanction or "").strip(), custodial=custodial,
              court=(court or "").strip())
        audit.record(actor=actor, verb="risk_conviction_update", instance=entry, before=before,
                     after=audit.snapshot(entry))
        case = _case_of(entry.person)
        if case is not None:
            timeline.emit("risk_history_changed", case=case, actor=actor, article=article)
        person_rescore(actor=actor, person=entry.person, reason="history_changed")
    return entry


def conviction_withdraw(*, actor: Any, entry: Conviction, reason: str, expected_version: int | None) -> Conviction:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason_required", _("Say why the entry is withdrawn."), field="reason")
    if entry.withdrawn:
        raise Conflict("withdrawn", _("This entry was already withdrawn."))
    with transaction.atomic():
        _check_version(entry, expected_version)
        before = audit.snapshot(entry)
        _bump(Conviction, entry, withdrawn=True, withdrawn_reason=reason[:300])
        audit.record(actor=actor, verb="risk_conviction_withdraw", instance=entry, before=before,
                     after=audit.snapshot(entry))
        case = _case_of(entry.person)
        if case is not None:
            timeline.emit("risk_history_changed", case=case, actor=actor, article=entry.article)
        person_rescore(actor=actor, person=entry.person, reason="history_changed")
    return entry


def history_import(*, actor: Any, filename: str, content: bytes) -> ImportBatch:
    """Import one register file: every row, or (if any row is bad or names an unknown person or article)
    none, with every bad row and its reason on the batch. Idempotent: a register entry already imported
    with the same data is left alone; one whose data changed is updated."""
    digest = hashlib.sha256(content).hexdigest()
    rows, errors = imports.parse(content, filename)
    codes = {r.personal_code for r in rows}
    persons = {p.personal_code: p for p in Person.objects.filter(personal_code__in=codes)}
    table = article_table()
    for row in rows:
        person = persons.get(row.personal_code)
        if person is None:
            errors.append(imports.RowError(row.number, "personal_code", "person_unknown",
                                           _("no person with this personal code is registered")))
        elif history.category_of(row.article, table) is None:
            errors.append(imports.RowError(row.number, "article", "article_unmapped",
                                           _("the article is not in the article table")))
        elif row.offence_date < person.birth_date:
            errors.append(imports.RowError(row.number, "offence_date", "before_birth",
                                           _("offence_date is before the person's birth")))
    errors.sort(key=lambda e: e.row)
    name = (filename or "import")[:200]
    if errors:
        batch = ImportBatch.objects.create(filename=name, sha256=digest, status=ImportBatch.Status.FAILED,
                                           rows=len(rows) + len({e.row for e in errors if e.row}),
                                           errors=[e.as_dict() for e in errors],
                                           actor=actor if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, verb="risk_import_refused", instance=batch, action=ChangeLog.Action.CREATE,
                     after={"filename": name, "errors": len(errors)})
        return batch
    created = unchanged = 0
    touched: set[int] = set()
    with transaction.atomic():
        existing = {c.external_id: c for c in Conviction.objects.select_for_update().filter(
            source=Conviction.Source.REGISTER, external_id__in=[r.register_id for r in rows])}
        for row in rows:
            person = persons[row.personal_code]
            entry = existing.get(row.register_id)
            if entry is None:
                conviction_add(actor=actor, person=person, kind=row.kind, article=row.article,
                               offence_date=row.offence_date, conviction_date=row.conviction_date,
                               sanction=row.sanction, custodial=row.custodial, court=row.court,
                               source=Conviction.Source.REGISTER, external_id=row.register_id, rescore=False)
                created += 1
                touched.add(person.pk)
                continue
            same = (entry.person_id == person.pk and entry.kind == row.kind and entry.article == row.article
                    and entry.offence_date == row.offence_date and entry.conviction_date == row.conviction_date
                    and entry.sanction == row.sanction and entry.custodial == row.custodial
                    and entry.court == row.court and not entry.withdrawn)
            if same:
                unchanged += 1
                continue
            before = audit.snapshot(entry)
            _bump(Conviction, entry, person=person, kind=row.kind, article=row.article,
                  offence_date=row.offence_date, conviction_date=row.conviction_date, sanction=row.sanction,
                  custodial=row.custodial, court=row.court, withdrawn=False, withdrawn_reason="")
            audit.record(actor=actor, verb="risk_conviction_update", instance=entry, before=before,
                         after=audit.snapshot(entry))
            touched.add(person.pk)
            created += 1  # new or changed
        for person in Person.objects.filter(pk__in=touched):
            person_rescore(actor=actor, person=person, reason="history_changed")
        batch = ImportBatch.objects.create(filename=name, sha256=digest, status=ImportBatch.Status.IMPORTED,
                                           rows=len(rows), created=created, unchanged=unchanged,
                                           actor=actor if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, verb="risk_import", instance=batch, action=ChangeLog.Action.CREATE,
                     after={"filename": name, "rows": len(rows), "created": created, "unchanged": unchanged})
    return batch


# --- Scores ---------------------------------------------------------------------------------------


def score_inputs(person: Person) -> tuple[dict[str, Any] | None, str]:
    entries = [history.Entry(article=c.article, offence_date=c.offence_date, conviction_date=c.conviction_date,
                             kind=c.kind, withdrawn=c.withdrawn)
               for c in Conviction.objects.filter(person=person)]
    return history.ogrs3_inputs(sex=person.sex, birth_date=person.birth_date, entries=entries,
                                articles=article_table())


def person_rescore(*, actor: Any, person: Person, reason: str) -> RiskScore | None:
    """Score the person's history with the current model version; a new score only when the inputs or
    the version changed. ``None`` when the history cannot be scored (no conviction, sex not known)."""
    inputs, _why = score_inputs(person)
    with transaction.atomic():
        current = RiskScore.objects.select_for_update().filter(person=person, current=True).first()
        if inputs is None:
            if current is not None:
                RiskScore.objects.filter(pk=current.pk).update(current=False)
            return None
        model = algorithms.get(SCORE_MODEL)
        if current is not None and current.inputs == inputs and current.model_version == model.version \
                and current.model == model.code:
            return current
        result = model.score(inputs)
        if current is not None:
            RiskScore.objects.filter(pk=current.pk).update(current=False)
        score = RiskScore.objects.create(
            person=person, model=result.model, model_version=result.version, inputs=dict(result.inputs),
            one_year=result.one_year, two_year=result.two_year, band=result.band,
            breakdown=[{"feature": c.feature, "value": c.value, "contribution": c.contribution}
                       for c in result.breakdown],
            reason=reason[:40])
        audit.record(actor=actor, verb="risk_score", instance=score, action=ChangeLog.Action.CREATE,
                     after=audit.snapshot(score))
        case = _case_of(person)
        if case is not None:
            timeline.emit("risk_score_changed", case=case, actor=actor, model=result.model, version=result.version,
                          two_year=result.two_year, band=result.band)
    return score


# --- Instruments ----------------------------------------------------------------------------------


def instrument_version_create(*, actor: Any, definition: Any, note: str = "") -> Instrument:
    """A new draft version of an instrument (the code in the definition; version = last + 1)."""
    try:
        clean = instrument.check(definition)
    except instrument.DefinitionError as exc:
        raise ValidationFailed("definition_invalid", _("The instrument is not valid: %(where)s: %(what)s")
                               % {"where": exc.path, "what": exc.message}, field="definition") from exc
    with transaction.atomic():
        last = Instrument.objects.select_for_update().filter(code=clean["code"]).order_by("-number").first()
        if last is not None and last.kind != clean["kind"]:
            raise ValidationFailed("kind_changed", _("A new version cannot change the instrument's kind."),
                                   field="definition")
        number = (last.number if last else 0) + 1
        clean = {**clean, "version": number}
        record = Instrument.objects.create(code=clean["code"], number=number, kind=clean["kind"], definition=clean,
                                           note=(note or "")[:300],
                                           created_by=actor if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, verb="risk_instrument_create", instance=record, action=ChangeLog.Action.CREATE,
                     after={"code": record.code, "number": number, "note": record.note})
    return record


def instrument_activate(*, actor: Any, record: Instrument) -> Instrument:
    """Put a version in use; the version in use before it is retired (its assessments keep it)."""
    if record.status == Instrument.Status.ACTIVE:
        raise Conflict("already_active", _("This version is already in use."))
    with transaction.atomic():
        for old in Instrument.objects.select_for_update().filter(code=record.code, status=Instrument.Status.ACTIVE):
            old.status = Instrument.Status.RETIRED
            old.save(update_fields=["status"])
            audit.record(actor=actor, verb="risk_instrument_retire", instance=old,
                         before={"status": "active"}, after={"status": "retired"})
        before = {"status": record.status}
        record.status = Instrument.Status.ACTIVE
        record.save(update_fields=["status"])
        audit.record(actor=actor, verb="risk_instrument_activate", instance=record, before=before,
                     after={"status": "active"})
    return record


def instruments_load_shipped(*, actor: Any = None) -> list[Instrument]:
    """The shipped instruments (risk/instruments/*.json), each put in use unless that code exists."""
    loaded = []
    for definition in instrument.shipped():
        if Instrument.objects.filter(code=definition["code"]).exists():
            continue
        record = instrument_version_create(actor=actor, definition=definition, note="shipped")
        loaded.append(instrument_activate(actor=actor, record=record))
    return loaded


# --- Assessments ----------------------------------------------------------------------------------


def _open_case(case: Case) -> None:
    if case.status != Case.Status.OPEN:
        raise Conflict("case_closed", _("The case file is closed."))


def assessment_start(*, actor: Any, case: Case, record: Instrument) -> Assessment:
    _open_case(case)
    if record.status != Instrument.Status.ACTIVE or record.kind == "test":
        raise ValidationFailed("instrument_not_in_use", _("Choose an instrument in use."), field="instrument")
    with transaction.atomic():
        if Assessment.objects.filter(case=case, instrument__code=record.code, status=Assessment.Status.DRAFT).exists():
            raise Conflict("draft_exists", _("This client already has a draft of this instrument: resume it."),
                           field="instrument")
        assessment = Assessment.objects.create(case=case, instrument=record,
                                               created_by=actor if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, verb="risk_assessment_start", instance=assessment, action=ChangeLog.Action.CREATE,
                     after=audit.snapshot(assessment))
        timeline.emit("risk_assessment_started", case=case, actor=actor, instrument=str(record))
    return assessment


def _merged_answers(assessment: Assessment, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The officer's answers over the stored ones; ``None`` clears an item (a client's answer is kept
    unless the officer gives another)."""
    definition = assessment.instrument.definition
    merged = dict(assessment.answers)
    for code, value in answers.items():
        if value is None or value == "":
            if merged.get(code, {}).get("by") == "officer":
                merged.pop(code)
            continue
        try:
            value = instrument.check_answer(definition, code, value)
        except instrument.AnswerError as exc:
            raise ValidationFailed("answer_invalid", _("Choose one of the answers."), field=exc.item) from exc
        previous = merged.get(code) or {}
        if previous.get("value") == value and previous.get("by") == "client":
            continue
        merged[code] = {"value": value, "by": "officer"}
        if previous.get("by") == "client":
            if previous.get("skipped"):
                merged[code]["client_skipped"] = True
            else:
                merged[code]["client_value"] = previous.get("value")
    return merged


def assessment_save(*, actor: Any, assessment: Assessment, answers: Mapping[str, Any], note: str,
                    expected_version: int | None) -> Assessment:
    if assessment.status != Assessment.Status.DRAFT:
        raise Conflict("not_draft", _("A completed assessment cannot be changed: start a correction."))
    merged = _merged_answers(assessment, answers)
    with transaction.atomic():
        _check_version(assessment, expected_version)
        before = audit.snapshot(assessment)
        _bump(Assessment, assessment, answers=merged, note=(note or "").strip())
        audit.record(actor=actor, verb="risk_assessment_save", instance=assessment, before=before,
                     after=audit.snapshot(assessment))
    return assessment


def assessment_complete(*, actor: Any, assessment: Assessment, answers: Mapping[str, Any], note: str,
                        assessed_on: dt.date | None, override_level: str = "", override_reason: str = "",
                        expected_version: int | None) -> Assessment:
    if assessment.status != Assessment.Status.DRAFT:
        raise Conflict("not_draft", _("This assessment is already completed."))
    _open_case(assessment.case)
    merged = _merged_answers(assessment, answers)
    result = instrument.score(assessment.instrument.definition, merged)
    if result.unanswered:
        raise ValidationFailed("unanswered", _("Answer every item before completing (%(n)d unanswered).")
                               % {"n": len(result.unanswered)}, field=result.unanswered[0],
                               items=list(result.unanswered))
    today = timezone.localdate()
    if assessed_on is None:
        raise ValidationFailed("assessed_on_required", _("Enter the date of the assessment."), field="assessed_on")
    if assessed_on > today:
        raise ValidationFailed("assessed_on_future", _("The assessment date cannot be in the future."),
                               field="assessed_on")
    if assessed_on < assessment.case.opened_on:
        raise ValidationFailed("assessed_on_before_case", _("The assessment date cannot be before the case file "
                                                            "was opened (%(date)s).")
                               % {"date": assessment.case.opened_on.strftime("%d.%m.%Y")}, field="assessed_on")
    override_level = override_level or ""
    reason = (override_reason or "").strip()
    if override_level and override_level not in LEVEL_LABELS:
        raise ValidationFailed("level_unknown", _("Choose a level."), field="override_level")
    if override_level == result.level:
        override_level = ""
    if override_level and not reason:
        raise ValidationFailed("override_reason_required", _("Give the reason for overriding the level."),
                               field="override_reason")
    level = override_level or result.level
    with transaction.atomic():
        _check_version(assessment, expected_version)
        before = audit.snapshot(assessment)
        _bump(Assessment, assessment, answers=merged, note=(note or "").strip(), result=result.as_dict(),
              computed_level=result.level, level=level, override_reason=reason if override_level else "",
              needs=list(result.needs), assessed_on=assessed_on, status=Assessment.Status.COMPLETED,
              completed_at=timezone.now(), completed_by=actor if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, verb="risk_assessment_complete", instance=assessment, before=before,
                     after=audit.snapshot(assessment))
        if assessment.corrects_id:
            Assessment.objects.filter(pk=assessment.corrects_id).update(status=Assessment.Status.SUPERSEDED,
                                                                       version=F("version") + 1)
        case = assessment.case
        timeline.emit("risk_assessment_completed", case=case, actor=actor, instrument=str(assessment.instrument),
                      level=level)
        if override_level:
            timeline.emit("risk_level_overridden", case=case, actor=actor, computed=result.level, level=level,
                          reason=reason)
        _complete_reassessment_tasks(actor=actor, case=case)
    return assessment


def _complete_reassessment_tasks(*, actor: Any, case: Case) -> None:
    from tasks.models import Task
    from tasks.services import tasks_complete_open

    ids = list(Task.objects.filter(case=case, kind__in=rules.KINDS, status=Task.Status.OPEN)
               .values_list("pk", flat=True))
    if ids:
        tasks_complete_open(actor=actor, kinds=rules.KINDS, outcome="assessed", ids=ids)


def assessment_correct(*, actor: Any, assessment: Assessment) -> Assessment:
    """A correction of a completed assessment: a new draft with the same answers; when it is completed
    the corrected one is marked superseded (both are kept)."""
    if assessment.status != Assessment.Status.COMPLETED:
        raise Conflict("not_completed", _("Only the current completed assessment can be corrected."))
    _open_case(assessment.case)
    with transaction.atomic():
        if Assessment.objects.filter(corrects=assessment).exists():
            raise Conflict("correction_exists", _("A correction of this assessment already exists."))
        draft = Assessment.objects.create(case=assessment.case, instrument=assessment.instrument, corrects=assessment,
                                          answers=assessment.answers, note=assessment.note,
                                          created_by=actor if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, verb="risk_assessment_correct", instance=draft, action=ChangeLog.Action.CREATE,
                     after=audit.snapshot(draft))
        timeline.emit("risk_assessment_corrected", case=assessment.case, actor=actor,
                      instrument=str(assessment.instrument))
    return draft


# --- E-testing questionnaires ---------------------------------------------------------------------

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _hash(secret: str) -> str:
    return hmac.new(str(settings.SECRET_KEY).encode(), secret.encode(), hashlib.sha256).hexdigest()


def _new_code() -> tuple[str, str]:
    key = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    secret = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    return key, secret


def questionnaire_issue(*, actor: Any, case: Case, assessment: Assessment | None = None,
                        record: Instrument | None = None, language: str = "lv") -> tuple[Questionnaire, str]:
    """Issue a questionnaire: the self-report items of a draft assessment, or a standalone test (an
    instrument of kind ``test``, every item). Returns it and the one-time code (shown once)."""
    _open_case(case)
    if language not in instrument.LANGUAGES:
        raise ValidationFailed("language_unknown", _("Choose a language."), field="language")
    if assessment is not None:
        if assessment.case_id != case.pk or assessment.status != Assessment.Status.DRAFT:
            raise ValidationFailed("assessment_not_draft", _("Choose a draft assessment of this client."),
                                   field="assessment")
        record = assessment.instrument
        items = instrument.self_report_items(record.definition)
    elif record is not None and record.kind == "test" and record.status == Instrument.Status.ACTIVE:
        items = [i["code"] for i in instrument.items(record.definition)]
    else:
        raise ValidationFailed("nothing_to_issue", _("Choose a draft assessment or a test."), field="assessment")
    if not items:
        raise ValidationFailed("no_self_report", _("This instrument has no self-report part."), field="assessment")
    with transaction.atomic():
        for _try in range(5):
            key, secret = _new_code()
            if not Questionnaire.objects.filter(code_key=key).exists():
                break
        hours = int(policies.value(CODE_VALID_HOURS.key))
        questionnaire = Questionnaire.objects.create(
            case=case, assessment=assessment, instrument=record, items=items, language=language,
            code_key=key, code_hash=_hash(secret), expires_at=timezone.now() + dt.timedelta(hours=hours),
            issued_by=actor if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, verb="risk_questionnaire_issue", instance=questionnaire,
                     action=ChangeLog.Action.CREATE,
                     after={"case": case.pk, "instrument": str(record), "items": len(items), "language": language})
        timeline.emit("risk_questionnaire_issued", case=case, actor=actor, instrument=str(record))
    return questionnaire, f"{key}-{secret}"


class CodeRefused(ValidationFailed):
    pass


def questionnaire_open(*, code: str, ip: str) -> Questionnaire:
    """The questionnaire a client's one-time code opens, or :class:`CodeRefused` (one message for an
    unknown, wrong, expired, used or locked code). A wrong secret counts against its questionnaire."""
    refused = CodeRefused("code_refused", _("The code is not valid. Check it, or ask your probation officer "
                                            "for a new one."), field="code")
    now = timezone.now()
    hour_ago = now - dt.timedelta(hours=1)
    if CodeAttempt.objects.filter(ip=ip[:64], at__gte=hour_ago).count() >= int(policies.value(ADDRESS_MAX_ATTEMPTS.key)):
        raise refused
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    key, secret = cleaned[:6], cleaned[6:]
    questionnaire = Questionnaire.objects.filter(code_key=key).first() if len(cleaned) == 12 else None
    if questionnaire is None:
        CodeAttempt.objects.create(ip=ip[:64])
        raise refused
    if not hmac.compare_digest(questionnaire.code_hash, _hash(secret)):
        CodeAttempt.objects.create(ip=ip[:64])
        Questionnaire.objects.filter(pk=questionnaire.pk).update(failed_attempts=F("failed_attempts") + 1)
        raise refused
    if (questionnaire.status not in (Questionnaire.Status.ISSUED, Questionnaire.Status.STARTED)
            or questionnaire.expires_at <= now
            or questionnaire.failed_attempts >= int(policies.value(CODE_MAX_ATTEMPTS.key))):
        raise refused
    if questionnaire.status == Questionnaire.Status.ISSUED:
        with transaction.atomic():
            Questionnaire.objects.filter(pk=questionnaire.pk).update(status=Questionnaire.Status.STARTED,
                                                                     started_at=now, version=F("version") + 1)
            audit.record(actor=f"client:questionnaire {questionnaire.pk}", verb="risk_questionnaire_start",
                         instance=questionnaire, before={"status": "issued"}, after={"status": "started"})
        questionnaire.refresh_from_db()
    return questionnaire


def questionnaire_usable(questionnaire: Questionnaire) -> bool:
    return (questionnaire.status == Questionnaire.Status.STARTED and questionnaire.expires_at > timezone.now()
            and questionnaire.failed_attempts < int(policies.value(CODE_MAX_ATTEMPTS.key)))


def questionnaire_answer(*, questionnaire: Questionnaire, item: str, value: Any) -> Questionnaire:
    """Save one answer as the client goes (``None``: skipped) and move to the next question."""
    if not questionnaire_usable(questionnaire):
        raise CodeRefused("questionnaire_closed", _("This questionnaire can no longer be answered."))
    if item not in questionnaire.items:
        raise ValidationFailed("item_unknown", _("Choose one of the answers."), field="answer")
    if value is not None:
        try:
            value = instrument.check_answer(questionnaire.instrument.definition, item, value)
        except instrument.AnswerError as exc:
            raise ValidationFailed("answer_invalid", _("Choose one of the answers."), field="answer") from exc
    with transaction.atomic():
        answers = {**questionnaire.answers, item: value}
        position = min(questionnaire.items.index(item) + 1, len(questionnaire.items))
        _bump(Questionnaire, questionnaire, answers=answers, position=position)
        audit.record(actor=f"client:questionnaire {questionnaire.pk}", verb="risk_questionnaire_answer",
                     instance=questionnaire, before={}, after={"item": item, "skipped": value is None})
    return questionnaire


def questionnaire_submit(*, questionnaire: Questionnaire) -> Questionnaire:
    """The client's answers land in the draft assessment as the client's self-report (marked ``client``;
    an item the officer already answered keeps the officer's answer, with the client's beside it)."""
    if not questionnaire_usable(questionnaire):
        raise CodeRefused("questionnaire_closed", _("This questionnaire can no longer be answered."))
    answers = {code: questionnaire.answers.get(code) for code in questionnaire.items}
    with transaction.atomic():
        _bump(Questionnaire, questionnaire, answers=answers, status=Questionnaire.Status.SUBMITTED,
              submitted_at=timezone.now())
        actor = f"client:questionnaire {questionnaire.pk}"
        audit.record(actor=actor, verb="risk_questionnaire_submit", instance=questionnaire,
                     before={"status": "started"}, after={"status": "submitted"})
        assessment = questionnaire.assessment
        if assessment is not None:
            assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
            if assessment.status == Assessment.Status.DRAFT:
                merged = dict(assessment.answers)
                for code, value in answers.items():
                    existing = merged.get(code) or {}
                    if existing.get("by") == "officer":
                        merged[code] = {**existing, "client_value": value}
                    elif value is None:
                        merged[code] = {"skipped": True, "by": "client"}
                    else:
                        merged[code] = {"value": value, "by": "client"}
                before = audit.snapshot(assessment)
                _bump(Assessment, assessment, answers=merged)
                audit.record(actor=actor, verb="risk_assessment_self_report", instance=assessment, before=before,
                             after=audit.snapshot(assessment))
        skipped = sum(1 for v in answers.values() if v is None)
        timeline.emit("risk_questionnaire_submitted", case=questionnaire.case, actor=None,
                      instrument=str(questionnaire.instrument), answered=len(answers) - skipped, skipped=skipped)
    return questionnaire


def questionnaire_cancel(*, actor: Any, questionnaire: Questionnaire) -> Questionnaire:
    if questionnaire.status in (Questionnaire.Status.SUBMITTED, Questionnaire.Status.CANCELLED):
        raise Conflict("questionnaire_closed", _("This questionnaire is already submitted or cancelled."))
    with transaction.atomic():
        before = {"status": questionnaire.status}
        _bump(Questionnaire, questionnaire, status=Questionnaire.Status.CANCELLED)
        audit.record(actor=actor, verb="risk_questionnaire_cancel", instance=questionnaire, before=before,
                     after={"status": "cancelled"})
    return questionnaire
