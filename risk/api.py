"""The risk API (mounted at /api/risk): the OGRS3 scoring endpoint, a client's score, history and
assessments, criminal history entry, the register import and the researcher's pseudonymised lists.
Every route goes through the same services and access checks as the pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from cases.models import Case
from core import access as core_access
from core.api import READ_SCOPE, ApiRouter, DbId, LimitOffset
from core.errors import ValidationFailed
from core.sensitivity import Sensitivity, can_see
from risk import access, algorithms, selectors, services
from risk.models import Assessment, Conviction, ImportBatch, RiskScore

router = ApiRouter(tags=["risk"], write_scope="risk:write",
                   write_label=_("Record criminal history, assess and import register files"))


class RiskScoreIn(Schema):
    sex: str = Field(..., max_length=20, description="male or female")
    age: int = Field(..., description="age at the current conviction, years (at least 10)")
    sanctions: int = Field(..., description="number of sanctions including the current one (at least 1)")
    age_at_first_sanction: int = Field(..., description="age at the first sanction, years (not after age)")
    offence_category: str = Field(..., max_length=40, description="one of the OGRS3 offence category codes")


class RiskContributionOut(Schema):
    feature: str
    value: str
    contribution: float


class RiskScoreOut(Schema):
    model: str
    version: str
    one_year: int
    two_year: int
    band: Literal["low", "medium", "high", "very_high"]
    breakdown: list[RiskContributionOut]


class RiskVersionOut(Schema):
    model: str
    version: str
    title: str
    source: str
    published: str
    current: bool


def _model(version: str | None) -> Any:
    try:
        return algorithms.get("ogrs3", version or None)
    except KeyError as exc:
        raise ValidationFailed("version_unknown", "No such version of the model.", field="version") from exc


# The scoring endpoint changes nothing: it runs with the read scope although it is a POST.
@router.post("/models/ogrs3/score", perm=access.SCORE, scope=READ_SCOPE, response=RiskScoreOut,
             summary="Score typed-in values with OGRS3 (training, what-if, integration tests)")
def ogrs3_score(request: HttpRequest, payload: RiskScoreIn, version: str | None = None) -> Any:
    """OGRS3 on the given values; no client data is read or stored. Out-of-range input answers 422 with
    the field named (age under 10, a first sanction after the current one, zero sanctions, an unknown
    category)."""
    model = _model(version)
    try:
        score = model.score(payload.dict())
    except algorithms.InputError as exc:
        raise ValidationFailed(exc.code, exc.message, field=exc.field) from exc
    return {"model": score.model, "version": score.version, "one_year": score.one_year,
            "two_year": score.two_year, "band": score.band,
            "breakdown": [{"feature": c.feature, "value": c.value, "contribution": c.contribution}
                          for c in score.breakdown]}


@router.get("/models/ogrs3/versions", perm=access.SCORE, response=list[RiskVersionOut],
            summary="The model's version history")
def ogrs3_versions(request: HttpRequest) -> Any:
    versions = algorithms.versions("ogrs3")
    return [{"model": m.code, "version": m.version, "title": m.title, "source": m.source, "published": m.published,
             "current": m is versions[-1]} for m in versions]


def _case(request: HttpRequest, case_id: int, perm: str) -> Case:
    return core_access.get_visible_or_404(Case.objects.select_related("person"), request.user, perm, pk=case_id)


class RiskStoredScoreOut(Schema):
    model: str
    version: str
    one_year: int
    two_year: int
    band: str
    computed_at: dt.datetime
    current: bool
    inputs: dict[str, Any]
    breakdown: list[RiskContributionOut]


def _stored(score: RiskScore) -> dict[str, Any]:
    return {"model": score.model, "version": score.model_version, "one_year": score.one_year,
            "two_year": score.two_year, "band": score.band, "computed_at": score.computed_at,
            "current": score.current, "inputs": score.inputs, "breakdown": score.breakdown}


@router.get("/cases/{case_id}/scores", perm=access.VIEW, response=list[RiskStoredScoreOut],
            summary="A client's recidivism scores, current first (at most 50)")
def case_scores(request: HttpRequest, case_id: DbId) -> Any:
    case = _case(request, case_id, access.VIEW)
    scores = RiskScore.objects.visible_to(request.user, access.VIEW).filter(person_id=case.person_id).order_by(
        "-current", "-computed_at", "-id")[:50]
    return [_stored(s) for s in scores]


class RiskEntryIn(Schema):
    kind: Literal["conviction", "proceeding"] = "conviction"
    article: str = Field(..., max_length=20)
    offence_date: dt.date
    conviction_date: dt.date | None = None
    sanction: str = Field("", max_length=200)
    custodial: bool = False
    court: str = Field("", max_length=200)


class RiskEntryOut(Schema):
    id: int
    kind: str
    article: str
    offence_date: dt.date
    conviction_date: dt.date | None
    sanction: str
    custodial: bool
    court: str
    source: str
    withdrawn: bool
    version: int


def _history_allowed(request: HttpRequest) -> None:
    if not can_see(request.user, Sensitivity.CRIMINAL_RECORD):
        raise Http404


@router.get("/cases/{case_id}/history", perm=access.VIEW, response=list[RiskEntryOut],
            summary="A client's criminal history (at most 500 entries)")
def case_history(request: HttpRequest, case_id: DbId) -> Any:
    _history_allowed(request)
    case = _case(request, case_id, access.VIEW)
    entries = list(selectors.history_of(request.user, case)[:500])
    if entries:
        from core import audit

        audit.log_sensitive_read(user=request.user, sensitivity=Sensitivity.CRIMINAL_RECORD, instance=case.person,
                                 purpose="api:risk_history")
    return entries


@router.post("/cases/{case_id}/history", perm=access.ASSESS, response={201: RiskEntryOut},
             summary="Add a conviction or pending proceedings to the client's history")
def case_history_add(request: HttpRequest, case_id: DbId, payload: RiskEntryIn) -> Any:
    _history_allowed(request)
    case = _case(request, case_id, access.ASSESS)
    entry = services.conviction_add(actor=core_access.staff(request), person=case.person, **payload.dict())
    return Status(201, entry)


class RiskAssessmentOut(Schema):
    id: int
    instrument: str
    instrument_version: int
    status: str
    assessed_on: dt.date | None
    computed_level: str
    level: str
    override_reason: str
    needs: list[str]
    corrects: int | None
    suggested_intensity: str
    programme_eligible: bool


def _assessment_out(a: Assessment) -> dict[str, Any]:
    consequences = selectors.consequences(a.level) if a.level else {"intensity": "", "programme_eligible": False}
    return {"id": a.pk, "instrument": a.instrument.code, "instrument_version": a.instrument.number,
            "status": a.status, "assessed_on": a.assessed_on, "computed_level": a.computed_level, "level": a.level,
            "override_reason": a.override_reason, "needs": a.needs, "corrects": a.corrects_id,
            "suggested_intensity": consequences["intensity"],
            "programme_eligible": consequences["programme_eligible"]}


@router.get("/cases/{case_id}/assessments", perm=access.VIEW, response=list[RiskAssessmentOut],
            summary="A client's risk and needs assessments, newest first (at most 100)")
def case_assessments(request: HttpRequest, case_id: DbId) -> Any:
    case = _case(request, case_id, access.VIEW)
    return [_assessment_out(a) for a in selectors.assessments_of(request.user, case)[:100]]


class RiskImportIn(Schema):
    filename: str = Field("register.json", max_length=200)
    rows: list[dict[str, Any]] = Field(..., max_length=20000)


class RiskImportOut(Schema):
    id: int
    status: str
    rows: int
    created: int
    unchanged: int
    errors: list[dict[str, Any]]


class RiskImportRefusedOut(Schema):
    """A refused file (``code`` ``import_refused``, every bad row in ``errors``), or any other 422 of the
    API's shared shape (``code``, ``message``, ``field``)."""

    code: str
    message: str
    field: str | None = None
    id: int | None = None
    status: str | None = None
    rows: int | None = None
    errors: list[dict[str, Any]] = []


@router.post("/imports", perm=access.IMPORT, response={201: RiskImportOut, 422: RiskImportRefusedOut},
             summary="Import Criminal Records Register rows (all or nothing; idempotent)")
def history_import(request: HttpRequest, payload: RiskImportIn) -> Any:
    """The rows of the documented format (docs/risk.md). 201 when imported; 422 with every bad row and its
    reason when refused (nothing imported)."""
    content = json.dumps(payload.rows, default=str).encode()
    batch = services.history_import(actor=core_access.staff(request), filename=payload.filename or "api.json",
                                    content=content)
    if batch.status == ImportBatch.Status.IMPORTED:
        return Status(201, {"id": batch.pk, "status": batch.status, "rows": batch.rows, "created": batch.created,
                            "unchanged": batch.unchanged, "errors": []})
    first = batch.errors[0] if batch.errors else {}
    return Status(422, {"code": "import_refused", "message": f"Nothing was imported: {len(batch.errors)} rows have "
                        "errors.", "field": first.get("field"), "id": batch.pk, "status": batch.status,
                        "rows": batch.rows, "errors": batch.errors})


class RiskResearchScoreOut(Schema):
    pseudonym: str
    birth_year: int
    sex: str
    model: str
    version: str
    computed_at: dt.datetime
    current: bool
    one_year: int
    two_year: int
    band: str
    inputs: dict[str, Any]


class RiskResearchEntryOut(Schema):
    pseudonym: str
    birth_year: int
    sex: str
    kind: str
    article: str
    offence_date: dt.date
    conviction_date: dt.date | None
    custodial: bool
    withdrawn: bool


@router.get("/research/scores", perm=access.RESEARCH, response=list[RiskResearchScoreOut],
            summary="Every score, pseudonymised (no names, no personal codes, stable pseudonyms)")
@paginate(LimitOffset)
def research_scores(request: HttpRequest) -> Any:
    return _Lazy(RiskScore.objects.select_related("person").order_by("id"), lambda s: {
        "pseudonym": selectors.pseudonym(s.person_id), "birth_year": s.person.birth_date.year, "sex": s.person.sex,
        "model": s.model, "version": s.model_version, "computed_at": s.computed_at, "current": s.current,
        "one_year": s.one_year, "two_year": s.two_year, "band": s.band, "inputs": s.inputs})


@router.get("/research/history", perm=access.RESEARCH, response=list[RiskResearchEntryOut],
            summary="Every criminal history entry, pseudonymised")
@paginate(LimitOffset)
def research_history(request: HttpRequest) -> Any:
    return _Lazy(Conviction.objects.select_related("person").order_by("id"), lambda c: {
        "pseudonym": selectors.pseudonym(c.person_id), "birth_year": c.person.birth_date.year, "sex": c.person.sex,
        "kind": c.kind, "article": c.article, "offence_date": c.offence_date, "conviction_date": c.conviction_date,
        "custodial": c.custodial, "withdrawn": c.withdrawn})


class _Lazy:
    """A queryset the paginator slices first and maps after, so a page reads only its own rows."""

    def __init__(self, queryset: Any, mapper: Any = None) -> None:
        self.queryset = queryset
        self.mapper = mapper or (lambda row: row)

    def __len__(self) -> int:
        return int(self.queryset.count())

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.mapper(row) for row in self.queryset[index]]
        return self.mapper(self.queryset[index])

    def __iter__(self) -> Any:
        return (self.mapper(row) for row in self.queryset)
