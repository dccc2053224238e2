"""Partner organisations: the organisations the service works with (state and municipal bodies,
companies, NGOs, religious organisations) and prospects it is approaching, with their agreements,
the places where clients work or take part, contact persons, notes and the service's yearly
satisfaction rating.

Shared by the probation functions, which place clients at an organisation's places (unpaid work,
programmes, volunteering, mediation, employment) and work with the same organisations. Nothing here
knows a function: a function that places clients counts them through ``partners.registry``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Organisation.Status.ACTIVE)


class Organisation(models.Model):
    """An organisation the service works with, or a prospect the officers are approaching."""

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
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="partner_organisations",
                             verbose_name=_("responsible unit"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        indexes = [models.Index(fields=["unit", "status"], name="partners_org_unit_status")]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """A cooperation agreement with an organisation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("in force")
        ENDED = "ended", _("ended")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="agreements")
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


class Place(models.Model):
    """A place of an organisation where clients work or take part (a work place for unpaid work, a
    programme's venue, …). ``capacity`` is how many clients it takes at a time; the functions that
    place clients there count them (``partners.registry``)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="places")
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
        ordering = ["organisation__name", "name", "id"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.name}"


class ContactPerson(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contacts")
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


class Note(models.Model):
    """A note about working with an organisation (a call, a visit, a complaint)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.text[:50]


class Rating(models.Model):
    """The service's yearly assessment of an organisation: how satisfied the officers (and the
    clients' feedback) are with working there. One a year for the organisation, whichever functions
    work with it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveIntegerField(_("year"))
    rated_on = models.DateField(_("date"))
    score = models.PositiveSmallIntegerField(_("satisfaction (1–5)"))
    note = models.TextField(_("feedback"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-rated_on", "-id"]
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="partners_one_rating_a_year"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="partners_rating_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}: {self.score}"
