"""Community service: the section's details, work orders at partner organisations' places, the
hours log and enforcement (workflows.md §4). The organisations, their places, agreements and contact
persons are the shared ``partners`` app's; community service adds who supervises the work there.

Every record reaches its case, and so its unit and officers, through the section
(``cases.models.SectionRecord``): the details directly, the others through the details."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Section, SectionRecord, SectionRecordQuerySet, section_scope
from partners.models import Organisation, Place

# The section kinds of community service (registered in ``community.function``).
ADULT_KIND = "community_service"
CHILD_KIND = "community_work_child"
KINDS = (ADULT_KIND, CHILD_KIND)


class OrderType(models.TextChoices):
    COURT_SENTENCE = "court_sentence", _("Court sentence")
    PENAL_ORDER = "penal_order", _("Prosecutor's penal order")
    ADDITIONAL_PENALTY = "additional_penalty", _("Additional penalty")
    CHILD_MEASURE = "child_measure", _("Educational coercive measure (child)")


# Which kinds of order each section kind accepts.
ORDER_TYPES_FOR_KIND = {
    ADULT_KIND: (OrderType.COURT_SENTENCE, OrderType.PENAL_ORDER, OrderType.ADDITIONAL_PENALTY),
    CHILD_KIND: (OrderType.CHILD_MEASURE,),
}


class RegistrationBasis(models.TextChoices):
    RULING = "ruling", _("Ruling took effect")
    RELEASE = "release", _("Released from prison")
    PAROLE = "parole", _("Conditionally released early (parole)")


class OnDetailsQuerySet(SectionRecordQuerySet):
    """``visible_to`` for the records of an order (work orders, hours, steps): through its details."""

    scope_map = section_scope("details__section")


class CommunityServiceDetails(SectionRecord):
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
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("community service details")
        verbose_name_plural = _("community service details")
        constraints = [models.CheckConstraint(condition=Q(ordered_hours__gt=0), name="community_hours_positive")]

    def __str__(self) -> str:
        return f"{self.section_id}: {self.ordered_hours} h"

    @property
    def is_child(self) -> bool:
        return self.section.kind == CHILD_KIND


# --- Work supervisors at partner organisations ----------------------------------------------------


class ProviderSupervisor(models.Model):
    """A ``work_supervisor`` user who enters the hours of the clients placed at the places of one work
    provider (a partner organisation). Community service's own: the role and the hours are its."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervised_providers")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="community_supervisors")
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("provider's supervisor")
        verbose_name_plural = _("providers' supervisors")
        constraints = [models.UniqueConstraint(fields=["user", "provider"], name="supervisor_user_provider")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.provider}"


# --- Work orders and hours -----------------------------------------------------------------------


class OrderQuerySet(OnDetailsQuerySet):
    def active(self):
        return self.filter(status=WorkOrder.Status.ACTIVE)


class WorkOrder(SectionRecord):
    """A norīkojums: the client is placed at a work place with a schedule. A change of place closes
    this order and opens a new one, so the history stays."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        CLOSED = "closed", pgettext_lazy("work order", "closed")

    details = models.ForeignKey(CommunityServiceDetails, on_delete=models.PROTECT, related_name="orders")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="community_orders",
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

    # The record's own queryset (its scope runs through the details); django-stubs reads the override of
    # SectionRecord's manager as a class variable replaced by an instance variable.
    objects = OrderQuerySet.as_manager()  # type: ignore[misc]

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
    correction is a new entry that points to the one it replaces, which is marked superseded (so an
    entry has no version; ``entered_by`` is who entered it, an officer or the provider's supervisor)."""

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

    objects = OnDetailsQuerySet.as_manager()

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


class EnforcementStep(SectionRecord):
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

    objects = OnDetailsQuerySet.as_manager()  # type: ignore[misc]  # (as WorkOrder's)

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
