"""Risk and needs assessment, criminal history, actuarial scores and client e-testing (docs/risk.md).

* Criminal history is per *person* (a conviction follows the client across case files): convictions and
  pending proceedings from the Criminal Records Register (import adapter) or entered by staff. The
  Criminal Law article maps to an offence category through :class:`OffenceArticle` (data, editable).
* :class:`Instrument` versions hold an instrument's whole definition as data (risk/instruments/*.json).
  A version that is active or has assessments is never changed: an edit is a new version.
* :class:`Assessment` on a case file: draft → completed (immutable); a correction is a new version
  (``corrects``), both kept.
* :class:`RiskScore`: one actuarial score with its model version, inputs and breakdown; recomputed when
  the history changes (the previous score stays, no longer ``current``).
* :class:`Questionnaire`: a self-report part (or a standalone test) issued to a client, answered on a
  public page with a one-time code (stored hashed), attempts counted.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Case
from core.access import ScopeMap, restrict
from people.models import Person

LEVELS = (
    ("low", pgettext_lazy("risk level", "low")),
    ("medium", pgettext_lazy("risk level", "medium")),
    ("high", pgettext_lazy("risk level", "high")),
    ("very_high", pgettext_lazy("risk level", "very high")),
)
LEVEL_LABELS = dict(LEVELS)

CATEGORIES = (
    ("violence", _("violence")),
    ("other", _("other offence")),
    ("drink_driving", _("drink driving")),
    ("burglary_dwelling", _("burglary (dwelling)")),
    ("robbery", _("robbery")),
    ("sexual_child", _("sexual offence against a child")),
    ("drug_import", _("drug import or production")),
    ("sexual_other", _("sexual offence (not against a child)")),
    ("drug_supply", _("drug possession or supply")),
    ("fraud", _("fraud")),
    ("public_order", _("public order")),
    ("criminal_damage", _("criminal damage")),
    ("burglary_other", _("burglary (other)")),
    ("motoring", _("motoring offence")),
    ("handling", _("handling stolen goods")),
    ("vehicle_theft", _("vehicle theft")),
    ("theft_from_vehicle", _("theft from a vehicle")),
    ("theft", _("theft (not a vehicle)")),
    ("absconding", _("absconding or breach of bail")),
    ("prostitution", _("prostitution or soliciting")),
)
CATEGORY_LABELS = dict(CATEGORIES)

PERSON_SCOPE = ScopeMap(unit="person__case__responsible_unit_id", officers=("person__case__responsible_officer_id",))
CASE_RECORD_SCOPE = ScopeMap(unit="case__responsible_unit_id", officers=("case__responsible_officer_id",))


class PersonScoped(models.QuerySet):
    def visible_to(self, user: Any, perm: str) -> Any:
        return restrict(self, user, perm, PERSON_SCOPE)


class CaseScoped(models.QuerySet):
    def visible_to(self, user: Any, perm: str) -> Any:
        return restrict(self, user, perm, CASE_RECORD_SCOPE)


class OffenceArticle(models.Model):
    """A Criminal Law (KL) article, or one part of it, and the OGRS3 offence category it counts as."""

    article = models.CharField(_("article"), max_length=20, unique=True,
                               help_text=_("The article number, optionally with its part: 175 or 175.2"))
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("offence category"), max_length=30, choices=CATEGORIES)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["article"]
        verbose_name = _("Criminal Law article")
        verbose_name_plural = _("Criminal Law articles")

    def __str__(self) -> str:
        return f"KL {self.article}"


class Conviction(models.Model):
    """One entry of a person's criminal history: a conviction, or proceedings not yet decided."""

    class Kind(models.TextChoices):
        CONVICTION = "conviction", _("conviction")
        PROCEEDING = "proceeding", _("pending proceedings")

    class Source(models.TextChoices):
        REGISTER = "register", _("Criminal Records Register")
        STAFF = "staff", _("entered by staff")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="convictions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CONVICTION)
    article = models.CharField(_("Criminal Law article"), max_length=20)
    offence_date = models.DateField(_("offence date"))
    conviction_date = models.DateField(_("conviction date"), null=True, blank=True)
    sanction = models.CharField(_("sanction"), max_length=200, blank=True)
    custodial = models.BooleanField(_("custodial"), default=False)
    court = models.CharField(_("court or authority"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.STAFF)
    external_id = models.CharField(_("register record id"), max_length=64, blank=True)
    withdrawn = models.BooleanField(default=False)
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = PersonScoped.as_manager()

    class Meta:
        ordering = ["-offence_date", "-id"]
        verbose_name = _("criminal history entry")
        verbose_name_plural = _("criminal history")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], condition=~Q(external_id=""),
                                    name="risk_conviction_external_unique"),
        ]
        indexes = [models.Index(fields=["person", "withdrawn"], name="risk_conviction_person")]

    def __str__(self) -> str:
        return f"KL {self.article} ({self.offence_date:%d.%m.%Y})"


class ImportBatch(models.Model):
    """One file from the Criminal Records Register: all of it imported, or none (with every bad row)."""

    class Status(models.TextChoices):
        IMPORTED = "imported", _("imported")
        FAILED = "failed", pgettext_lazy("risk", "refused")

    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row": 3, "field": "article", "code": ..., "message": ...}]
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"


class Instrument(models.Model):
    """One version of an assessment instrument or a standalone test; ``definition`` is the whole
    instrument as data (risk.instruments checks its shape)."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("risk", "draft")
        ACTIVE = "active", _("in use")
        RETIRED = "retired", _("retired")

    code = models.CharField(_("code"), max_length=40)
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=12)  # adult, minor, test
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    definition = models.JSONField()
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["code", "-number"]
        constraints = [models.UniqueConstraint(fields=["code", "number"], name="risk_instrument_version")]

    def __str__(self) -> str:
        return f"{self.code} v{self.number}"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("risk", "draft")
        COMPLETED = "completed", _("completed")
        SUPERSEDED = "superseded", _("corrected (superseded)")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="risk_assessments")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessments")
    corrects = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="correction")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # {item: {"value": int, "by": "officer"|"client"}}; a client's skipped item is {"skipped": true, "by": "client"}
    answers = models.JSONField(default=dict, blank=True)
    note = models.TextField(_("officer's summary"), blank=True)
    result = models.JSONField(default=dict, blank=True)  # risk.instruments.Result.as_dict() at completion
    computed_level = models.CharField(max_length=12, blank=True, choices=LEVELS)
    level = models.CharField(_("level"), max_length=12, blank=True, choices=LEVELS)  # final: computed or override
    override_reason = models.TextField(_("reason for the override"), blank=True)
    needs = models.JSONField(default=list, blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = CaseScoped.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "status"], name="risk_assessment_case")]

    def __str__(self) -> str:
        return f"{self.instrument} · {self.case}"

    @property
    def overridden(self) -> bool:
        return bool(self.level) and self.level != self.computed_level

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS.get(self.level, ""))

    @property
    def computed_level_label(self) -> str:
        return str(LEVEL_LABELS.get(self.computed_level, ""))


class RiskScore(models.Model):
    """An actuarial score of a person's criminal history, with the model version and the inputs."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="risk_scores")
    model = models.CharField(max_length=30)
    model_version = models.CharField(max_length=20)
    inputs = models.JSONField()
    one_year = models.PositiveSmallIntegerField()
    two_year = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=12, choices=LEVELS)
    breakdown = models.JSONField()
    current = models.BooleanField(default=True)
    computed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=40)  # history_changed, recomputed, demo

    objects = PersonScoped.as_manager()

    class Meta:
        ordering = ["-computed_at", "-id"]
        indexes = [models.Index(fields=["person", "current"], name="risk_score_person")]

    def __str__(self) -> str:
        return f"{self.model} {self.model_version}: {self.two_year}%"

    @property
    def band_label(self) -> str:
        return str(LEVEL_LABELS.get(self.band, ""))


class Questionnaire(models.Model):
    """A questionnaire issued to a client: the self-report items of an assessment's instrument, or a
    standalone test. The one-time code is stored as a hash; it expires and allows a few wrong tries."""

    class Status(models.TextChoices):
        ISSUED = "issued", pgettext_lazy("questionnaire", "issued")
        STARTED = "started", pgettext_lazy("questionnaire", "in progress")
        SUBMITTED = "submitted", pgettext_lazy("questionnaire", "submitted")
        CANCELLED = "cancelled", pgettext_lazy("questionnaire", "cancelled")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="risk_questionnaires")
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="questionnaires")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="questionnaires")
    items = models.JSONField(default=list)  # the item codes, in order
    language = models.CharField(max_length=5, default="lv")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ISSUED)
    # The code the client types is "<key>-<secret>": the key finds the questionnaire (so a wrong secret
    # counts against it), the secret is kept only as a hash.
    code_key = models.CharField(max_length=8, unique=True)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    answers = models.JSONField(default=dict, blank=True)  # {item: int|None}; None = skipped
    position = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = CaseScoped.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.instrument} · {self.case}"

    @property
    def skipped(self) -> list[str]:
        return [code for code in self.items if code in self.answers and self.answers[code] is None]


class CodeAttempt(models.Model):
    """A wrong one-time code typed on the public page, per client address (rate limit)."""

    ip = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.ip} @ {self.at:%Y-%m-%d %H:%M}"
