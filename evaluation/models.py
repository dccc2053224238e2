"""Evaluation reports (izvērtēšanas ziņojumi, workflows.md §2): the request from a court, a prosecutor
or a prison administration, the steps taken to prepare the report (invitations, interviews, checks
with other agencies, victim contact), the report's structured sections, its review by a senior officer
and the end state — the report sent, or the informative letter sent (VPD Law Art. 15(3¹)).

The request is one-to-one with an ``evaluation`` section of the client's case file, so every record
reaches its case, unit and officers through the section (``cases.models.SectionRecord``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import OrgUnit
from cases.models import Section, SectionRecord, SectionRecordQuerySet, section_scope

KIND = "evaluation"
KINDS = (KIND,)

# The report's structured sections (workflows.md §2 "Content"), in the order of the report.
REPORT_SECTIONS: tuple[tuple[str, str | Promise], ...] = (
    ("offence", _("The offence")),
    ("family", _("Family and social situation")),
    ("work_education", _("Work and education")),
    ("peers", _("Peers and leisure")),
    ("behaviour", _("Behaviour and attitudes")),
    ("health", _("Health and addictions")),
    ("criminal_record", _("Criminal record")),
    ("risk", _("Risk of reoffending")),
    ("victim", _("Restoring the victim's interests")),
    ("recommendation", _("Recommendation")),
)
SECTION_CODES = tuple(code for code, _label in REPORT_SECTIONS)


class RequesterKind(models.TextChoices):
    COURT = "court", _("Court")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    PRISON = "prison", _("Prison administration")


class Status(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("evaluation", "registered")
    IN_PROGRESS = "in_progress", _("being prepared")
    IN_REVIEW = "in_review", _("awaiting review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    APPROVED = "approved", _("approved")
    REPORT_SENT = "report_sent", _("report sent")
    LETTER_SENT = "letter_sent", _("informative letter sent")


OPEN_STATUSES = (Status.REGISTERED, Status.IN_PROGRESS, Status.IN_REVIEW, Status.CHANGES_REQUESTED,
                 Status.APPROVED)
SENT_STATUSES = (Status.REPORT_SENT, Status.LETTER_SENT)
# Statuses in which the author may still write the sections.
EDITABLE_STATUSES = (Status.REGISTERED, Status.IN_PROGRESS, Status.CHANGES_REQUESTED)


class EndState(models.TextChoices):
    """The two and only end states of a request (workflows.md §2)."""

    REPORT = "report", _("Evaluation report sent")
    INFORMATIVE_LETTER = "informative_letter", _("Informative letter sent")


class LetterReason(models.TextChoices):
    """Why an informative letter is sent instead of the report (VPD Law Art. 15(3¹))."""

    REFUSED = "refused", _("The client refused to take part")
    NOT_REACHED = "not_reached", _("The client could not be interviewed")


class EvaluationRequest(SectionRecord):
    """The request, its deadline, who drafts and who reviews, the report's sections and its end state."""

    section = models.OneToOneField(Section, on_delete=models.PROTECT, related_name="evaluation",
                                   verbose_name=_("section"))
    requester_kind = models.CharField(_("requested by"), max_length=12, choices=RequesterKind.choices)
    requester_name = models.CharField(_("requesting body"), max_length=200)
    request_number = models.CharField(_("request number"), max_length=80, blank=True)
    case_number = models.CharField(_("criminal case number"), max_length=80)
    offence = models.CharField(_("offence (Criminal Law article)"), max_length=300)
    request_date = models.DateField(_("request date"))
    received_on = models.DateField(_("received on"))
    prison_code = models.CharField(_("prison"), max_length=20, blank=True)
    electronic_monitoring = models.BooleanField(_("parole with electronic monitoring"), default=False)
    person_contacts = models.CharField(_("the person's contacts"), max_length=300, blank=True)
    victim_meeting_undesirable = models.BooleanField(_("victim meeting undesirable"), default=False)
    victim_name = models.CharField(_("victim"), max_length=200, blank=True)
    victim_contacts = models.CharField(_("victim's contacts"), max_length=300, blank=True)
    victim_minor = models.BooleanField(_("the victim is a minor"), default=False)
    victim_representative = models.CharField(_("victim's legal representative"), max_length=200, blank=True)
    deadline = models.DateField(_("delivery deadline"))
    deadline_from_request = models.BooleanField(_("deadline set by the requester"), default=True)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("responsible unit"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("author"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("reviewer"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    sections = models.JSONField(_("report sections"), default=dict, blank=True)
    end_state = models.CharField(_("end state"), max_length=20, choices=EndState.choices, blank=True)
    letter_reason = models.CharField(_("reason for the informative letter"), max_length=20,
                                     choices=LetterReason.choices, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("sent by"))
    sent_sections = models.JSONField(_("sections as sent"), default=dict, blank=True)
    request_document = models.ForeignKey("documents.CaseDocument", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+",
                                         verbose_name=_("request letter"))
    sent_document = models.ForeignKey("documents.CaseDocument", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("document sent"))
    sent_pdf = models.ForeignKey("documents.CaseDocument", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("document sent (PDF)"))
    external_id = models.CharField(_("the requester's system id"), max_length=80, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("evaluation report request")
        verbose_name_plural = _("evaluation report requests")
        indexes = [
            models.Index(fields=["author", "status"], name="eval_author_status"),
            models.Index(fields=["unit", "status", "deadline"], name="eval_unit_status_deadline"),
            models.Index(fields=["reviewer", "status"], name="eval_reviewer_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["submitted_by", "external_id"], condition=~Q(external_id=""),
                                    name="eval_external_id_once"),
            models.CheckConstraint(condition=Q(end_state="") | Q(sent_on__isnull=False), name="eval_sent_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} ({self.requester_name})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def victim_contact_wanted(self) -> bool:
        return not self.victim_meeting_undesirable and bool(self.victim_name)

    @property
    def on_time(self) -> bool | None:
        return None if self.sent_on is None else self.sent_on <= self.deadline


class OnRequestQuerySet(SectionRecordQuerySet):
    scope_map = section_scope("request__section")


class Invitation(SectionRecord):
    """An invitation to the client to appear (the date at most ``evaluation.invitation_max_days`` after
    it is sent, MK 271 p.13), generated as a letter in the client's language."""

    request = models.ForeignKey(EvaluationRequest, on_delete=models.PROTECT, related_name="invitations")
    sent_on = models.DateField(_("sent on"))
    appearance_date = models.DateField(_("appearance date"))
    appearance_time = models.TimeField(_("appearance time"))
    place = models.CharField(_("place"), max_length=300)
    language = models.CharField(_("language"), max_length=5)
    document = models.ForeignKey("documents.CaseDocument", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("letter"))

    objects = OnRequestQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.appearance_date:%d.%m.%Y} {self.appearance_time:%H:%M}"


class Step(SectionRecord):
    """One step of gathering information, with its source, who recorded it and when."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview with the client")
        CHECK = "check", _("Check with another agency")
        VICTIM_CONTACT = "victim_contact", _("Contact with the victim")
        OTHER = "other", _("Other information")

    class Source(models.TextChoices):
        CLIENT = "client", _("The client")
        FAMILY = "family", _("Family members")
        POLICE = "police", _("State or municipal police")
        SOCIAL_SERVICE = "social_service", _("Municipal social service")
        SCHOOL = "school", _("School")
        EMPLOYER = "employer", _("Employer")
        PRISON = "prison", _("Prison administration")
        VICTIM = "victim", _("The victim")
        VICTIM_REPRESENTATIVE = "victim_representative", _("The victim's legal representative")
        OTHER = "other", _("Other")

    request = models.ForeignKey(EvaluationRequest, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=24, choices=Source.choices)
    day = models.DateField(_("date"))
    summary = models.TextField(_("summary"))

    objects = OnRequestQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["day", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return f"{self.kind} {self.day}"


class Review(SectionRecord):
    """A senior officer's decision on the draft: approved (countersigned) or changes requested."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        CHANGES = "changes", _("changes requested")

    request = models.ForeignKey(EvaluationRequest, on_delete=models.PROTECT, related_name="reviews")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comments = models.TextField(_("comments"), blank=True)

    objects = OnRequestQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return self.decision
