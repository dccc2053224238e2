"""Community service: the section's details, the work-provider network, work orders and the
hours log (workflows.md §4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import OrgUnit
from cases.models import Section
from core.access import ScopeMap, restrict

# Records on a case reach their unit and officers through the section.
DETAILS_SCOPE = ScopeMap(
    unit="section__case__responsible_unit_id",
    officers=("section__case__responsible_officer_id", "section__responsible_officer_id"),
)
ORDER_SCOPE = ScopeMap(
    unit="details__section__case__responsible_unit_id",
    officers=("details__section__case__responsible_officer_id", "details__section__responsible_officer_id"),
)

KINDS = ("community_service", "community_work_child")
CHILD_KIND = "community_work_child"


class OrderType(models.TextChoices):
    COURT_SENTENCE = "court_sentence", _("Court sentence")
    PENAL_ORDER = "penal_order", _("Prosecutor's penal order")
    ADDITIONAL_PENALTY = "additional_penalty", _("Additional penalty")
    CHILD_MEASURE = "child_measure", _("Educational coercive measure (child)")


# Which kinds of order each section kind accepts.
ORDER_TYPES_FOR_KIND = {
    "community_service": (OrderType.COURT_SENTENCE, OrderType.PENAL_ORDER, OrderType.ADDITIONAL_PENALTY),
    "community_work_child": (OrderType.CHILD_MEASURE,),
}


class RegistrationBasis(models.TextChoices):
    RULING = "ruling", _("Ruling took effect")
    RELEASE = "release", _("Released from prison")
    PAROLE = "parole", _("Conditionally released early (parole)")


class DetailsQuerySet(models.QuerySet):
    def visible_to(self, user, perm: str = "case.view"):
        return restrict(self, user, perm, DETAILS_SCOPE)


class CommunityServiceDetails(models.Model):
    """What the court or prosecutor ordered, one-to-one with a community-service section."""

    section = models.OneToOneField(Section, on_delete=models.PROTECT, related_name="community",
                                   verbose_name=_("section"))
    order_type = models.CharField(_("kind of order"), max_length=30, choices=OrderType.choices)
    ordered_hours = models.PositiveIntegerField(_("ordered hours"))
    registration_basis = models.CharField(_("registration counts from"), max_length=10,
                                          choices=RegistrationBasis.choices, default=RegistrationBasis.RULING)
    basis_event_date = models.DateField(_("date of that event"))
    ruling_in_force = models.DateField(_("ruling took effect"))
    offence_date = models.DateField(_("date of the offence"), null=True, blank=True)
    exemplary_work = models.BooleanField(_("works exemplarily"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = DetailsQuerySet.as_manager()

    class Meta:
        verbose_name = _("community service details")
        verbose_name_plural = _("community service details")
        constraints = [models.CheckConstraint(condition=Q(ordered_hours__gt=0), name="community_hours_positive")]

    def __str__(self) -> str:
        return f"{self.section_id}: {self.ordered_hours} h"

    @property
    def is_child(self) -> bool:
        return self.section.kind == CHILD_KIND


# --- Work providers ------------------------------------------------------------------------------


class ProviderQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=WorkProvider.Status.ACTIVE)


class WorkProvider(models.Model):
    """An organisation where clients do unpaid work, or a prospect the officers are approaching."""

    class Kind(models.TextChoices):
        STATE = "state", _("State body")
        MUNICIPAL = "municipal", _("Municipal body")
        COMPANY = "company", _("Company")
        NGO = "ngo", _("Non-governmental organisation")
        RELIGIOUS = "religious", _("Religious organisation")

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("prospect")
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")

    class Stage(models.TextChoices):
        IDENTIFIED = "identified", _("identified")
        CONTACTED = "contacted", _("contacted")
        NEGOTIATING = "negotiating", _("negotiating")
        DECLINED = "declined", _("declined")
        AGREED = "agreed", _("agreed")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    registration_number = models.CharField(_("registration number"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROSPECT)
    stage = models.CharField(_("pipeline stage"), max_length=12, choices=Stage.choices, default=Stage.IDENTIFIED)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="work_providers",
                             verbose_name=_("responsible unit"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("work provider")
        verbose_name_plural = _("work providers")
        indexes = [models.Index(fields=["unit", "status"], name="provider_unit_status")]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("in force")
        ENDED = "ended", _("ended")

    provider = models.ForeignKey(WorkProvider, on_delete=models.PROTECT, related_name="agreements")
    number = models.CharField(_("agreement number"), max_length=60)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.number


class WorkPlace(models.Model):
    provider = models.ForeignKey(WorkProvider, on_delete=models.PROTECT, related_name="places")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    municipality = models.CharField(_("municipality"), max_length=10)
    kinds_of_work = models.CharField(_("kinds of work"), max_length=300)
    capacity = models.PositiveIntegerField(_("capacity (clients at a time)"))
    working_times = models.CharField(_("working times"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["provider__name", "name", "id"]
        verbose_name = _("work place")
        verbose_name_plural = _("work places")

    def __str__(self) -> str:
        return f"{self.provider.name}: {self.name}"


class ContactPerson(models.Model):
    provider = models.ForeignKey(WorkProvider, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-active", "name", "id"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class ProviderNote(models.Model):
    provider = models.ForeignKey(WorkProvider, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.text[:50]


class ProviderRating(models.Model):
    """The service's yearly assessment of a provider: how satisfied the officers (and the clients'
    feedback) are with the placements there."""

    provider = models.ForeignKey(WorkProvider, on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveIntegerField(_("year"))
    rated_on = models.DateField(_("date"))
    score = models.PositiveSmallIntegerField(_("satisfaction (1–5)"))
    note = models.TextField(_("feedback"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-rated_on", "-id"]
        verbose_name = _("provider satisfaction rating")
        verbose_name_plural = _("provider satisfaction ratings")
        constraints = [
            models.UniqueConstraint(fields=["provider", "year"], name="one_rating_per_provider_year"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="rating_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.year}: {self.score}"


class ProviderSupervisor(models.Model):
    """A work_supervisor user who enters hours for the clients placed with one provider."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervised_providers")
    provider = models.ForeignKey(WorkProvider, on_delete=models.PROTECT, related_name="supervisors")
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("provider's supervisor")
        verbose_name_plural = _("providers' supervisors")
        constraints = [models.UniqueConstraint(fields=["user", "provider"], name="supervisor_user_provider")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.provider}"


# --- Work orders and hours -----------------------------------------------------------------------


class OrderQuerySet(models.QuerySet):
    def visible_to(self, user, perm: str = "case.view"):
        return restrict(self, user, perm, ORDER_SCOPE)

    def active(self):
        return self.filter(status=WorkOrder.Status.ACTIVE)


class WorkOrder(models.Model):
    """A norīkojums: the client is placed at a work place with a schedule. A change of place closes
    this order and opens a new one, so the history stays."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        CLOSED = "closed", pgettext_lazy("work order", "closed")

    details = models.ForeignKey(CommunityServiceDetails, on_delete=models.PROTECT, related_name="orders")
    place = models.ForeignKey(WorkPlace, on_delete=models.PROTECT, related_name="orders",
                              verbose_name=_("work place"))
    number = models.CharField(_("order number"), max_length=30, unique=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    schedule = models.CharField(_("schedule"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by")
    document = models.ForeignKey("documents.CaseDocument", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("work order document"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        indexes = [models.Index(fields=["place", "status"], name="order_place_status")]
        constraints = [
            models.UniqueConstraint(fields=["details"], condition=Q(status="active"), name="one_active_order"),
        ]

    def __str__(self) -> str:
        return self.number


class HourEntry(models.Model):
    """Hours a client worked on one day under one work order. Entries are never edited in place: a
    correction is a new entry that points to the one it replaces, which is marked superseded."""

    class Channel(models.TextChoices):
        OFFICER = "officer", _("probation officer")
        SUPERVISOR = "supervisor", _("provider's supervisor")

    order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="hours")
    details = models.ForeignKey(CommunityServiceDetails, on_delete=models.PROTECT, related_name="hours")
    day = models.DateField(_("day"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    channel = models.CharField(max_length=12, choices=Channel.choices)
    corrects = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="correction")
    superseded = models.BooleanField(default=False)
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours log")
        indexes = [
            models.Index(fields=["details", "day"], name="hours_details_day"),
            models.Index(fields=["day"], name="hours_day", condition=Q(superseded=False)),
        ]
        constraints = [models.CheckConstraint(condition=Q(hours__gte=0), name="hours_not_negative")]

    def __str__(self) -> str:
        return f"{self.day} {self.hours} h"


# --- Enforcement -----------------------------------------------------------------------------------


class EnforcementStep(models.Model):
    """One step of enforcing the order: a missed session, a warning, or a submission to the court
    (evasion with the conversion of the remaining hours, or early release) tracked to its decision."""

    class Kind(models.TextChoices):
        MISSED = "missed_session", _("Missed session")
        WARNING = "warning", _("Written warning")
        EVASION = "evasion_submission", _("Submission to the court: evasion")
        EARLY_RELEASE = "early_release_submission", _("Submission to the court: early release")

    class Decision(models.TextChoices):
        NONE = "", _("not a submission")
        PENDING = "pending", _("awaiting the court's decision")
        GRANTED = "granted", _("granted by the court")
        REJECTED = "rejected", _("rejected by the court")

    SUBMISSIONS = (Kind.EVASION, Kind.EARLY_RELEASE)

    details = models.ForeignKey(CommunityServiceDetails, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("step"), max_length=30, choices=Kind.choices)
    day = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    decision = models.CharField(_("court's decision"), max_length=10, choices=Decision.choices, blank=True,
                                default=Decision.NONE)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)
    remaining_hours = models.DecimalField(_("hours remaining"), max_digits=6, decimal_places=2, null=True,
                                          blank=True)
    conversion_days = models.PositiveIntegerField(_("days of short-term deprivation of liberty"), null=True,
                                                  blank=True)
    document = models.ForeignKey("documents.CaseDocument", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("submission document"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["day", "id"]
        verbose_name = _("enforcement step")
        verbose_name_plural = _("enforcement steps")
        constraints = [
            models.UniqueConstraint(fields=["details"], condition=Q(decision="pending"), name="one_pending_submission"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.day}"

    @property
    def is_submission(self) -> bool:
        return self.kind in self.SUBMISSIONS
