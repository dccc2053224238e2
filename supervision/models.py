"""Supervision details of a section: the term and intensity, duties, appointments, violations,
warnings, submissions, plans and absences. Every record reaches its case through ``section``:
``objects.visible_to(user, perm)`` is ``cases.models.SectionRecordQuerySet`` (the section's case
scope); the details, duties and appointments are ``cases.models.SectionRecord`` (version, created
by/at)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Section, SectionRecord, SectionRecordQuerySet
from supervision import catalogue


class SupervisionDetails(SectionRecord):
    """The supervision term of one section (one-to-one); ``created_by`` / ``created_at`` say who
    registered it and when."""

    class SetBy(models.TextChoices):
        COURT = "court", _("court")
        PROSECUTOR = "prosecutor", _("prosecutor")

    section = models.OneToOneField(Section, on_delete=models.PROTECT, related_name="supervision")
    start_date = models.DateField(_("start of the term"))
    end_date = models.DateField(_("end of the term"))
    intensity = models.CharField(_("intensity"), max_length=10,
                                 choices=list(catalogue.INTENSITIES.items()), default="medium")
    set_by = models.CharField(_("set by"), max_length=12, choices=SetBy.choices, default=SetBy.COURT)
    prison_term_months = models.PositiveIntegerField(_("prison term (months)"), null=True, blank=True)
    sentence_end_date = models.DateField(_("end of the sentence"), null=True, blank=True)
    extended_term = models.BooleanField(_("the law allows the longer term"), default=False)

    class Meta:
        verbose_name = _("supervision term")
        verbose_name_plural = _("supervision terms")
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")),
                                              name="supervision_end_after_start")]

    def __str__(self) -> str:
        return f"{self.section_id}: {self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"

    @property
    def intensity_label(self) -> str:
        return str(catalogue.INTENSITIES.get(self.intensity, self.intensity))


class Duty(SectionRecord):
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="duties")
    code = models.CharField(_("duty"), max_length=40)
    legal = models.BooleanField(default=False)
    details = models.CharField(_("details"), max_length=300, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        ordering = ["-legal", "start_date", "id"]
        verbose_name = _("duty")
        verbose_name_plural = _("duties")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return catalogue.label(catalogue.DUTY_TYPES, self.code)

    @property
    def source(self) -> str:
        duty = catalogue.DUTY_TYPES.get(self.code)
        return duty.source if duty else ""

    def in_force(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class Appointment(SectionRecord):
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="appointments")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments",
                                verbose_name=_("officer"))
    kind = models.CharField(_("kind"), max_length=12, choices=list(catalogue.APPOINTMENT_KINDS.items()))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, blank=True)
    outcome_reason = models.CharField(_("reason"), max_length=500, blank=True)
    outcome_note = models.TextField(_("note"), blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["officer", "starts_at"], name="sup_appt_officer_start"),
                   models.Index(fields=["section", "starts_at"], name="sup_appt_section_start")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="sup_appt_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%d.%m.%Y %H:%M}"

    @property
    def outcome_def(self) -> catalogue.OutcomeType | None:
        return catalogue.OUTCOMES.get(self.outcome)

    @property
    def outcome_label(self) -> str:
        return catalogue.label(catalogue.OUTCOMES, self.outcome) if self.outcome else ""

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Violation(models.Model):
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="violations")
    kind = models.CharField(_("kind"), max_length=20, choices=list(catalogue.VIOLATION_KINDS.items()))
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("what happened"))
    evidence = models.TextField(_("evidence"), blank=True)
    serious = models.BooleanField(_("serious (submission at once)"), default=False)
    duty = models.ForeignKey(Duty, null=True, blank=True, on_delete=models.PROTECT, related_name="violations",
                             verbose_name=_("duty"))
    appointment = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="violations")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SectionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d.%m.%Y}"


class Warning(models.Model):
    """A written warning (brīdinājums) for a violation; the letter is a case document."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="warnings")
    violation = models.ForeignKey(Violation, on_delete=models.PROTECT, related_name="warnings")
    issued_on = models.DateField(_("issued on"))
    document = models.ForeignKey("documents.CaseDocument", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SectionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        constraints = [models.UniqueConstraint(fields=["violation"], name="one_warning_per_violation")]

    def __str__(self) -> str:
        return f"{self.issued_on:%d.%m.%Y}"


class Submission(models.Model):
    """A submission to the court or prosecutor, tracked to its decision."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="submissions")
    violation = models.ForeignKey(Violation, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="submissions")
    addressee = models.CharField(_("to"), max_length=12, choices=list(catalogue.ADDRESSEES.items()))
    purpose = models.CharField(_("purpose"), max_length=20, choices=list(catalogue.PURPOSES.items()),
                               default="breach")
    submitted_on = models.DateField(_("submitted on"))
    grounds = models.TextField(_("grounds"))
    decision = models.CharField(_("decision"), max_length=30, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    extension_months = models.PositiveIntegerField(_("extension (months)"), null=True, blank=True)
    document = models.ForeignKey("documents.CaseDocument", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("document"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = SectionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.get_addressee_display()} {self.submitted_on:%d.%m.%Y}"

    @property
    def decision_label(self) -> str:
        if not self.decision:
            return ""
        return catalogue.label({**catalogue.DECISIONS, **catalogue.TERMINATION_DECISIONS}, self.decision)

    @property
    def pending(self) -> bool:
        return not self.decision


class SupervisionPlan(models.Model):
    """One version of a section's supervision plan. A change makes a new version; older versions
    are kept read-only (no service edits them)."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="plans")
    number = models.PositiveIntegerField(_("version"))
    needs = models.JSONField(_("criminogenic needs"), default=list)
    agreed_on = models.DateField(_("agreed with the client on"), null=True, blank=True)
    review_due = models.DateField(_("review due"))
    change_note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SectionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["section", "-number"]
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")
        constraints = [models.UniqueConstraint(fields=["section", "number"], name="sup_plan_version_unique")]

    def __str__(self) -> str:
        return f"{self.section_id} v{self.number}"

    @property
    def need_labels(self) -> list[str]:
        return [catalogue.label(catalogue.NEEDS, code) for code in self.needs]


class PlanGoal(models.Model):
    plan = models.ForeignKey(SupervisionPlan, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveIntegerField(default=0)
    need = models.CharField(_("need"), max_length=30, choices=list(catalogue.NEEDS.items()))
    goal = models.CharField(_("goal"), max_length=300)
    measures = models.TextField(_("measures"))
    responsible = models.CharField(_("responsible"), max_length=200)
    due_date = models.DateField(_("due date"))

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")

    def __str__(self) -> str:
        return self.goal

    @property
    def need_label(self) -> str:
        return catalogue.label(catalogue.NEEDS, self.need)


class AbsencePermission(models.Model):
    """A client's request to be away for more than the policy's number of days, and its decision."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="absences")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    destination = models.CharField(_("destination"), max_length=300)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = SectionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("absence permission")
        verbose_name_plural = _("absence permissions")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")),
                                              name="sup_absence_end_after_start")]

    def __str__(self) -> str:
        return f"{self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1
