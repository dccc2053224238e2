"""Electronic monitoring records.

Case work (the EM details of a section, device assignments, schedules, zones, alerts and their notes)
uses the ordinary write path: services, audit and timeline. Telemetry does not: :class:`Event` rows
arrive in bulk through ``monitoring.ingest`` (idempotent by device, sequence and device time), are
summarised into :class:`Violation` and :class:`Alert` rows, and have no audit row each
(docs/electronic-monitoring.md). On PostgreSQL the event table is partitioned by month on the device
time (migration 0001; ``monitoring.partitions``); on SQLite it is a plain table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Section, SectionRecord, SectionRecordQuerySet, section_scope
from core.access import restrict
from monitoring.catalogue import CLEAR_REASONS, VIOLATION_KINDS


class Technology(models.TextChoices):
    RF = "rf", _("RF home monitoring (tag and base station)")
    GPS = "gps", _("GPS location monitoring")
    ALCOHOL = "alcohol", _("Alcohol monitoring")


class EmDetails(SectionRecord):
    """The EM terms of an ``electronic_monitoring`` section: consent, the home feasibility check, the
    technology, the duration (1–12 months from fitting, KL 61) and the follow-up parole section."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("EM", "planned")
        ACTIVE = "active", pgettext_lazy("EM", "active")
        ENDED = "ended", pgettext_lazy("EM", "ended")

    section = models.OneToOneField(Section, on_delete=models.PROTECT, related_name="em")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    technology = models.CharField(_("technology"), max_length=10, choices=Technology.choices, default=Technology.RF)
    consent_on = models.DateField(_("client's consent given on"), null=True, blank=True)
    electricity = models.BooleanField(_("electricity at the residence"), null=True)
    connectivity = models.BooleanField(_("mobile or fixed connectivity at the residence"), null=True)
    household_members = models.PositiveSmallIntegerField(_("other adults living there"), null=True, blank=True)
    household_consent = models.BooleanField(_("the others living there consent"), null=True)
    feasibility_checked_on = models.DateField(_("home checked on"), null=True, blank=True)
    feasibility_note = models.TextField(_("home check note"), blank=True)
    months = models.PositiveSmallIntegerField(_("duration (months from fitting)"), default=6)
    fitted_at = models.DateTimeField(_("device fitted"), null=True, blank=True)
    ends_on = models.DateField(_("monitoring ends"), null=True, blank=True)
    ended_at = models.DateTimeField(_("monitoring ended"), null=True, blank=True)
    followup_section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("parole supervision section"))

    class Meta:
        verbose_name = _("EM details")
        verbose_name_plural = _("EM details")

    def __str__(self) -> str:
        return f"EM {self.section_id}"

    @property
    def home_feasible(self) -> bool:
        return bool(self.electricity and self.connectivity and (not self.household_members or self.household_consent))


class Device(models.Model):
    """A tag, base station or GPS unit in the inventory. ``key`` is the device's own credential: it signs
    every message (HMAC-SHA256) and authenticates the device on the HTTPS endpoint."""

    class Kind(models.TextChoices):
        TAG = "tag", _("RF tag")
        BASE = "base", _("base station")
        GPS = "gps", _("GPS unit")

    class Status(models.TextChoices):
        IN_STOCK = "in_stock", _("in stock")
        ASSIGNED = "assigned", pgettext_lazy("device", "assigned")
        FAULTY = "faulty", _("faulty")
        LOST = "lost", _("lost")

    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    model = models.CharField(_("model"), max_length=80)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.IN_STOCK)
    battery = models.PositiveSmallIntegerField(_("battery (%)"), null=True, blank=True)
    firmware = models.CharField(_("firmware"), max_length=40, blank=True)
    key = models.CharField(max_length=64, editable=False)
    last_seen_at = models.DateTimeField(_("last message"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["kind", "serial"]
        verbose_name = _("EM device")
        verbose_name_plural = _("EM devices")
        indexes = [models.Index(fields=["status", "kind"], name="em_device_status_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.serial}"


class Gateway(models.Model):
    """A gateway that forwards device messages over HTTPS in batches, with its own credential (only
    the SHA-256 of its secret is stored)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    credential_hash = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("EM gateway")
        verbose_name_plural = _("EM gateways")

    def __str__(self) -> str:
        return self.name


class DeviceAssignment(SectionRecord):
    """A device on a client (an EM section), from fitting to return: the assignment history."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="em_assignments")
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="assignments")
    kind = models.CharField(max_length=6, choices=Device.Kind.choices)  # the device's, for the one-per-kind rule
    assigned_at = models.DateTimeField(_("assigned"))
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    return_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-assigned_at", "-id"]
        verbose_name = _("device assignment")
        verbose_name_plural = _("device assignments")
        constraints = [
            models.UniqueConstraint(fields=["device"], condition=Q(returned_at__isnull=True),
                                    name="em_device_one_active_assignment"),
            models.UniqueConstraint(fields=["section", "kind"], condition=Q(returned_at__isnull=True),
                                    name="em_section_one_device_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.device_id} → {self.section_id}"


class Place(models.TextChoices):
    HOME = "home", _("at home (curfew)")
    AWAY = "away", _("away from home (required absence)")


class Schedule(SectionRecord):
    """The curfew schedule in local time: a weekly template (:class:`ScheduleWindow`) with dated
    exceptions, valid for a date range, in an IANA time zone. Curfews may cross midnight and DST."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="em_schedules")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=40, default="Europe/Riga")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("curfew schedule")
        verbose_name_plural = _("curfew schedules")

    def __str__(self) -> str:
        return f"{self.valid_from}–{self.valid_until or ''}"


class ScheduleWindow(models.Model):
    """One weekly window: on ``weekday`` (0 = Monday) from ``start`` to ``end`` local time, ending the
    next day when ``next_day`` (22:00–06:00)."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))
    next_day = models.BooleanField(_("ends the next day"), default=False)
    place = models.CharField(_("where"), max_length=6, choices=Place.choices, default=Place.HOME)

    class Meta:
        ordering = ["weekday", "start"]

    def __str__(self) -> str:
        return f"{self.weekday} {self.start:%H:%M}–{self.end:%H:%M}"


class ScheduleException(models.Model):
    """A dated change: no curfew on ``date``, or another window instead of the weekly ones that start
    that day."""

    class Kind(models.TextChoices):
        NONE = "none", _("no curfew that day")
        REPLACE = "replace", _("another window that day")

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))
    kind = models.CharField(_("change"), max_length=8, choices=Kind.choices)
    start = models.TimeField(_("from"), null=True, blank=True)
    end = models.TimeField(_("until"), null=True, blank=True)
    next_day = models.BooleanField(_("ends the next day"), default=False)
    place = models.CharField(_("where"), max_length=6, choices=Place.choices, default=Place.HOME)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"


class Zone(SectionRecord):
    """A GPS zone: an inclusion zone the client must stay in, or an exclusion zone they must keep out
    of, while its weekly windows are in force (no windows: always). ``polygon`` is a closed ring of
    [latitude, longitude] points (the first point repeated at the end)."""

    class Kind(models.TextChoices):
        INCLUSION = "inclusion", _("inclusion zone (must stay inside)")
        EXCLUSION = "exclusion", _("exclusion zone (must keep out)")

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="em_zones")
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    polygon = models.JSONField(_("polygon"))
    windows = models.JSONField(_("when in force"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("GPS zone")
        verbose_name_plural = _("GPS zones")

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """One device message (the high-volume table). ``device_time`` is the device's own clock (the
    partition key); ``time`` is the event's time on the server's clock (the device time, corrected by the
    measured offset when the clock was skewed); ``received_at`` is when the server committed it."""

    id = models.BigAutoField(primary_key=True)
    device_id = models.IntegerField()
    section_id = models.IntegerField(null=True)
    gateway_id = models.IntegerField(null=True)
    seq = models.BigIntegerField()
    kind = models.SmallIntegerField()
    device_time = models.DateTimeField()
    sent_time = models.DateTimeField(null=True)
    received_at = models.DateTimeField()
    time = models.DateTimeField()
    fix_time = models.DateTimeField(null=True)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    accuracy = models.FloatField(null=True)
    tag = models.SmallIntegerField(null=True)  # 1 in range, 0 out of range
    battery = models.SmallIntegerField(null=True)
    skewed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("EM event")
        verbose_name_plural = _("EM events")
        constraints = [models.UniqueConstraint(fields=["device_id", "seq", "device_time"], name="em_event_once")]
        indexes = [models.Index(fields=["section_id", "time"], name="em_event_section_time")]

    def __str__(self) -> str:
        return f"{self.device_id}#{self.seq}"


class SectionState(models.Model):
    """The derivation's state machine for one section after its last processed event (``watermark``):
    the fast path continues from here; a late message replays from stored events instead."""

    section = models.OneToOneField(Section, primary_key=True, on_delete=models.CASCADE, related_name="+")
    watermark = models.DateTimeField(null=True)
    next_due = models.DateTimeField(null=True, db_index=True)  # the machine's next timer: the ticker's filter
    state = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"state {self.section_id}"


ON_SECTION = section_scope()


class ViolationQuerySet(SectionRecordQuerySet):
    scope_map = ON_SECTION


class Violation(models.Model):
    """A derived violation (an interval of one kind, opened and cleared) — recomputed, never typed in."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="em_violations")
    kind = models.CharField(_("violation"), max_length=30, choices=[(k, v.label) for k, v in VIOLATION_KINDS.items()])
    subject = models.CharField(max_length=40, blank=True)  # the zone, for zone kinds
    started_at = models.DateTimeField(_("from"))
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)
    clear_reason = models.CharField(max_length=20, blank=True, choices=list(CLEAR_REASONS.items()))
    withdrawn = models.BooleanField(default=False)
    detected_at = models.DateTimeField(_("detected"))
    trigger_received_at = models.DateTimeField(null=True)  # receipt of the message that showed it
    alert = models.ForeignKey("Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="violations")

    objects = ViolationQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("EM violation")
        verbose_name_plural = _("EM violations")
        constraints = [models.UniqueConstraint(fields=["section", "kind", "subject", "started_at"],
                                               name="em_violation_once")]
        indexes = [models.Index(fields=["section", "-started_at"], name="em_violation_section")]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        kind = VIOLATION_KINDS.get(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def clear_label(self) -> str:
        kind = VIOLATION_KINDS.get(self.kind)
        return str(kind.clear_label) if kind else ""


class AlertQuerySet(models.QuerySet):
    def visible_to(self, user, perm: str = "monitoring.view"):
        return restrict(self, user, perm, ON_SECTION)

    def in_queue(self):
        return self.exclude(status=Alert.Status.CLOSED)


class Alert(models.Model):
    """An alert in the centre's queue: new → acknowledged → (escalated) → cleared → closed, each step by
    a named person at a time, with notes (:class:`AlertNote`). Repeated violations of one kind for one
    client join the open alert (``count``). After a person's review the officer decides the response."""

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("alert", "new")
        ESCALATED = "escalated", _("escalated")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        CLEARED = "cleared", _("cleared")
        CLOSED = "closed", pgettext_lazy("alert", "closed")

    class Response(models.TextChoices):
        NONE = "none", _("no further action")
        WARNING = "warning", _("written warning")
        STEP_UP_GPS = "step_up_gps", _("step up to GPS monitoring")
        STEP_UP_ALCOHOL = "step_up_alcohol", _("step up to alcohol monitoring")
        SUBMISSION = "submission", _("submission to the court")

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="em_alerts")
    kind = models.CharField(_("alert"), max_length=30, choices=[(k, v.label) for k, v in VIOLATION_KINDS.items()])
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.NEW)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    count = models.PositiveIntegerField(_("occurrences"), default=1)
    started_at = models.DateTimeField(_("from"))
    raised_at = models.DateTimeField(_("raised"))
    trigger_received_at = models.DateTimeField(null=True)  # for the event-to-alert latency
    condition_cleared_at = models.DateTimeField(_("condition cleared"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("acknowledged by"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("closed by"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    response = models.CharField(_("response"), max_length=16, choices=Response.choices, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    updated_at = models.DateTimeField(db_index=True)
    version = models.PositiveIntegerField(default=1)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("EM alert")
        verbose_name_plural = _("EM alerts")
        indexes = [models.Index(fields=["status", "-raised_at"], name="em_alert_status"),
                   models.Index(fields=["section", "kind", "status"], name="em_alert_group")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def label(self) -> str:
        kind = VIOLATION_KINDS.get(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def is_tamper(self) -> bool:
        kind = VIOLATION_KINDS.get(self.kind)
        return bool(kind and kind.tamper)


class AlertNote(models.Model):
    """One step in an alert's life or a note on it: who, when, what."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    at = models.DateTimeField()
    action = models.CharField(max_length=20)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"
