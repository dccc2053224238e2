"""Victim–offender mediation (izlīgums, workflows.md §5): the mediators' register, a mediation with its
offender (a client, or a person without a case file) and its victims, the gate (admission and both
parties' consent), meetings, the outcome (a settlement with its terms, or no settlement with the
reason), and the letters made for it.

A mediation reaches its unit and officers itself (``unit``, ``responsible_officer``) and its assigned
mediator through ``mediator__user``: it may exist without a client case file. When the offender is a
client, the mediation has a section of kind ``mediation`` on the case file (``section``).

Victims' identity, contacts and statements are of the sensitive class "victim" (``mediation.function``
registers the fields); who may see them on a given mediation is ``mediation.access.victims_visible``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import OrgUnit
from cases.models import Section
from core.access import ScopeMap, restrict
from people.models import Person

KIND = "mediation"

# How a mediation reaches its unit and the users it is "own" for: the responsible officer and the
# assigned mediator (a volunteer mediator holds the "own" scope and sees only these).
MEDIATION_SCOPE = ScopeMap(unit="unit_id", officers=("responsible_officer_id", "mediator__user_id"))


def _on_mediation(path: str = "mediation") -> ScopeMap:
    return ScopeMap(unit=f"{path}__unit_id",
                    officers=(f"{path}__responsible_officer_id", f"{path}__mediator__user_id"))


class MediationQuerySet(models.QuerySet):
    scope_map = MEDIATION_SCOPE

    def visible_to(self, user, perm: str):
        return restrict(self, user, perm, self.scope_map)


class OnMediationQuerySet(MediationQuerySet):
    scope_map = _on_mediation()


class OnSettlementQuerySet(MediationQuerySet):
    scope_map = _on_mediation("settlement__mediation")


class MediatorQuerySet(models.QuerySet):
    def visible_to(self, user, perm: str):
        return restrict(self, user, perm, ScopeMap(unit="unit_id", officers=("user_id",)))


class Mediator(models.Model):
    """A mediator: service staff or a certified volunteer mediator (MK 346/2018), with the dates of the
    certificate, languages and availability. ``user`` is the sign-in of the mediator, if they have one."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Service staff")
        VOLUNTEER = "volunteer", _("Certified volunteer mediator")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="mediator_profile", verbose_name=_("sign-in"))
    kind = models.CharField(_("kind of mediator"), max_length=10, choices=Kind.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="mediators", verbose_name=_("unit"))
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    certified_from = models.DateField(_("certified from"), null=True, blank=True)
    certified_until = models.DateField(_("certified until"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    available = models.BooleanField(_("takes new mediations"), default=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = MediatorQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def certified_on(self, day: dt.date) -> bool:
        """A volunteer needs a certificate in force on ``day``; staff need one only if its end is recorded."""
        if self.certified_until is not None and day > self.certified_until:
            return False
        if self.kind == self.Kind.VOLUNTEER:
            return self.certified_from is not None and self.certified_from <= day
        return True


class Mediation(models.Model):
    """One mediation process between an offender and the victim(s) of one offence."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered: gathering consent")
        IN_PROGRESS = "in_progress", _("in progress")
        SETTLED = "settled", _("settlement reached: terms being fulfilled")
        NOT_SETTLED = "not_settled", _("ended without settlement")
        CLOSED = "closed", pgettext_lazy("mediation", "closed")

    OPEN_STATES = (Status.REGISTERED, Status.IN_PROGRESS, Status.SETTLED)

    class StartedBy(models.TextChoices):
        PROCESS_DIRECTOR = "process_director", _("Request of the process director")
        JUDGE = "judge", _("Proposal of a judge (juvenile case)")
        VICTIM = "victim", _("Application of the victim")
        OFFENDER = "offender", _("Application of the offender")
        REPRESENTATIVE = "representative", _("Application of a legal representative")
        MINOR_NOTIFICATION = "minor_notification", _("Notification of the process director: minor offender")

    class OffenceClass(models.TextChoices):
        VIOLATION = "violation", _("criminal violation")
        LESS_SERIOUS = "less_serious", _("less serious crime")
        SERIOUS = "serious", _("serious crime")
        ESPECIALLY_SERIOUS = "especially_serious", _("especially serious crime")

    class NoSettlementReason(models.TextChoices):
        VICTIM_REFUSED = "victim_refused", _("The victim refused to continue")
        OFFENDER_REFUSED = "offender_refused", _("The offender refused to continue")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("A party withdrew consent")
        NO_AGREEMENT = "no_agreement", _("The parties did not agree")
        UNREACHABLE = "unreachable", _("A party could not be reached")
        NOT_SUITABLE = "not_suitable", _("The case is not suitable for mediation")
        OTHER = "other", _("Other reason")

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="mediations",
                             verbose_name=_("responsible unit"))
    responsible_officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="mediations",
                                            verbose_name=_("responsible officer"))
    mediator = models.ForeignKey(Mediator, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="mediations", verbose_name=_("mediator"))
    assigned_on = models.DateField(_("mediator assigned on"), null=True, blank=True)
    offender = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mediations_as_offender",
                                 verbose_name=_("offender"))
    section = models.OneToOneField(Section, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="mediation", verbose_name=_("section of the case file"))
    started_by = models.CharField(_("started by"), max_length=30, choices=StartedBy.choices)
    initiator = models.CharField(_("who asked (institution or person)"), max_length=200)
    process_director = models.CharField(_("process director (institution)"), max_length=200, blank=True)
    criminal_case_number = models.CharField(_("criminal case number"), max_length=40, blank=True)
    offence = models.CharField(_("offence"), max_length=300)
    offence_date = models.DateField(_("date of the offence"), null=True, blank=True)
    offence_class = models.CharField(_("class of the offence"), max_length=20, choices=OffenceClass.choices)
    intentional = models.BooleanField(_("intentional offence"), default=True)
    received_on = models.DateField(_("received on"))
    admission_on = models.DateField(_("offender admitted the offence and the facts on"), null=True, blank=True)
    offender_consent_on = models.DateField(_("offender's written consent on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    no_settlement_reason = models.CharField(_("reason for no settlement"), max_length=20,
                                            choices=NoSettlementReason.choices, blank=True)
    outcome_note = models.CharField(_("note on the outcome"), max_length=500, blank=True)
    reported_on = models.DateField(_("result reported to the process director on"), null=True, blank=True)
    contact_task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    report_task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = MediationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        indexes = [
            models.Index(fields=["unit", "status"], name="mediation_unit_status"),
            models.Index(fields=["mediator", "status"], name="mediation_mediator_status"),
            models.Index(fields=["offender", "status"], name="mediation_offender_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="not_settled") | ~Q(no_settlement_reason=""),
                                   name="mediation_no_settlement_has_reason"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    @property
    def gate_passed(self) -> bool:
        return self.admission_on is not None and self.offender_consent_on is not None


class Victim(models.Model):
    """A victim taking part in the mediation. Every field that identifies, reaches or quotes the victim
    is of the sensitive class "victim"."""

    mediation = models.ForeignKey(Mediation, on_delete=models.PROTECT, related_name="victims")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name or organisation"), max_length=200)
    personal_code = models.CharField(_("personal code"), max_length=12, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    language = models.CharField(_("language of letters"), max_length=2, default="lv")
    representative_name = models.CharField(_("legal representative"), max_length=200, blank=True)
    representative_contact = models.CharField(_("legal representative's contacts"), max_length=300, blank=True)
    statement = models.TextField(_("victim's statement and wishes"), blank=True)
    consent_on = models.DateField(_("written consent on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = OnMediationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("victim")
        verbose_name_plural = _("victims")

    def __str__(self) -> str:
        return f"{self.mediation_id}/{self.pk}"  # never the name: change logs and lists show this

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Meeting(models.Model):
    class Kind(models.TextChoices):
        PRELIMINARY_OFFENDER = "preliminary_offender", _("Preliminary meeting with the offender")
        PRELIMINARY_VICTIM = "preliminary_victim", _("Preliminary meeting with the victim")
        JOINT = "joint", _("Joint meeting")
        JUVENILE_CONFERENCE = "juvenile_conference", _("Juvenile conference")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("meeting", "planned")
        HELD = "held", pgettext_lazy("meeting", "held")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "cancelled")

    mediation = models.ForeignKey(Mediation, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind of meeting"), max_length=25, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place or link"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = OnMediationQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.kind} {self.starts_at:%Y-%m-%d %H:%M}"


class Settlement(models.Model):
    """The written settlement (KPL 381(3–5)): voluntariness, understood consequences and its terms,
    signed before a service mediator or the process director who certifies the signatures."""

    class CertifiedBy(models.TextChoices):
        MEDIATOR = "mediator", _("the service's mediator")
        PROCESS_DIRECTOR = "process_director", _("the process director")

    mediation = models.OneToOneField(Mediation, on_delete=models.PROTECT, related_name="settlement")
    signed_on = models.DateField(_("signed on"))
    certified_by = models.CharField(_("signatures certified by"), max_length=20, choices=CertifiedBy.choices)
    voluntary = models.BooleanField(_("the parties confirm they settle voluntarily"), default=False)
    consequences_understood = models.BooleanField(_("the parties understand the consequences"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = OnMediationQuerySet.as_manager()

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self) -> str:
        return f"{self.mediation_id} {self.signed_on}"


class Term(models.Model):
    """One term of the settlement (pay, repair, apologise…), with its deadline and fulfilment."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to be fulfilled")
        FULFILLED = "fulfilled", _("fulfilled")
        NOT_FULFILLED = "not_fulfilled", _("not fulfilled")

    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, related_name="terms")
    description = models.CharField(_("term"), max_length=300)
    due_date = models.DateField(_("deadline"))
    status = models.CharField(_("fulfilment"), max_length=15, choices=Status.choices, default=Status.PENDING)
    resolved_on = models.DateField(_("date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = OnSettlementQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("term of the settlement")
        verbose_name_plural = _("terms of the settlement")

    def __str__(self) -> str:
        return f"{self.settlement_id}: {self.due_date}"


class MediationDocument(models.Model):
    """A letter made for the mediation from a documents template (DOCX and PDF). It stays with the
    mediation, never on the client's case file: letters to or about a victim carry victim data."""

    class Addressee(models.TextChoices):
        OFFENDER = "offender", _("offender")
        VICTIM = "victim", _("victim")
        PROCESS_DIRECTOR = "process_director", _("process director")
        PARTIES = "parties", _("both parties")

    mediation = models.ForeignKey(Mediation, on_delete=models.PROTECT, related_name="documents")
    victim = models.ForeignKey(Victim, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("letter"), max_length=60)
    addressee = models.CharField(_("addressee"), max_length=20, choices=Addressee.choices)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=2)
    format = models.CharField(_("format"), max_length=4)
    file = models.FileField(upload_to="mediation/%Y/%m/")
    template_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = OnMediationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mediation letter")
        verbose_name_plural = _("mediation letters")

    def __str__(self) -> str:
        return f"{self.code} {self.format}"

    @property
    def holds_victim_data(self) -> bool:
        return self.addressee in (self.Addressee.VICTIM, self.Addressee.PARTIES, self.Addressee.PROCESS_DIRECTOR)
