from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import OrgUnit
from cases.kinds import CLOSING_REASONS, SECTION_KINDS, BasisType
from core.access import ScopeMap, own_ids, restrict
from core.models import AppendOnlyModel
from people.models import Person


def _own_case(user) -> Q:
    return Q(Exists(Section.objects.filter(case_id=OuterRef("pk"), responsible_officer_id__in=own_ids(user),
                                           state__in=Section.OPEN_STATES)))


CASE_SCOPE = ScopeMap(unit="responsible_unit_id", officers=("responsible_officer_id",), own=_own_case)


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user, perm: str = "case.view"):
        return restrict(self, user, perm, CASE_SCOPE)

    def open(self):
        return self.filter(status=Case.Status.OPEN)


class Case(models.Model):
    """The client's case file: exactly one per client; its registration number never changes."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    registration_number = models.CharField(_("registration number"), max_length=20, unique=True, editable=False)
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="case", verbose_name=_("client"))
    responsible_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="cases", verbose_name=_("responsible unit")
    )
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="cases",
        verbose_name=_("responsible officer"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # Copies of the client's folded names (people.Person.search_name*), so that a search within a
    # unit is one range of the (unit, name) index. Kept in step by the person and case services.
    search_name = models.CharField(max_length=210, default="", editable=False)
    search_name_reversed = models.CharField(max_length=210, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        indexes = [
            models.Index(fields=["responsible_officer", "status"], name="case_officer_status"),
            models.Index(fields=["responsible_unit", "status"], name="case_unit_status"),
            models.Index(fields=["responsible_unit", "search_name"], name="case_unit_search_name"),
            models.Index(fields=["responsible_unit", "search_name_reversed"], name="case_unit_search_name_rev"),
        ]

    def __str__(self) -> str:
        return self.registration_number


class SectionQuerySet(models.QuerySet):
    def visible_to(self, user, perm: str = "case.view"):
        return restrict(self, user, perm, SECTION_SCOPE)

    def open(self):
        return self.filter(state__in=Section.OPEN_STATES)


SECTION_SCOPE = ScopeMap(
    unit="case__responsible_unit_id", officers=("case__responsible_officer_id", "responsible_officer_id")
)


# The states' words beside a masculine kind name (Section.state_label).
_MASCULINE_STATES = {
    "registered": pgettext_lazy("section state, masculine", "registered"),
    "active": pgettext_lazy("section state, masculine", "in progress"),
    "suspended": pgettext_lazy("section state, masculine", "suspended"),
    "closed": pgettext_lazy("section state, masculine", "closed"),
}


class Section(models.Model):
    """One probation function the client is in, with its legal basis document."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("registered")
        ACTIVE = "active", _("in progress")
        SUSPENDED = "suspended", _("suspended")
        CLOSED = "closed", _("closed")

    OPEN_STATES = ("registered", "active", "suspended")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="sections")
    kind = models.CharField(_("function"), max_length=40)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.REGISTERED)
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="sections",
        verbose_name=_("responsible officer"),
    )
    # Legal basis document.
    basis_type = models.CharField(_("basis document type"), max_length=30, choices=BasisType.CHOICES)
    basis_number = models.CharField(_("document number"), max_length=60)
    basis_date = models.DateField(_("document date"))
    basis_issuer = models.CharField(_("issued by"), max_length=200)
    basis_in_force = models.DateField(_("in force from"), null=True, blank=True)
    # Dates.
    registered_on = models.DateField(_("registered on"))
    start_date = models.DateField(_("start"), null=True, blank=True)
    planned_end_date = models.DateField(_("planned end"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = models.CharField(_("closing reason"), max_length=30, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        indexes = [
            models.Index(fields=["case", "state"], name="section_case_state"),
            models.Index(fields=["responsible_officer", "state"], name="section_officer_state"),
            models.Index(fields=["kind", "state"], name="section_kind_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="closed", closed_on__isnull=False) | ~Q(state="closed"),
                name="section_closed_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.registration_number} · {self.kind_label}"

    def get_absolute_url(self) -> str:
        """The section's own page where its function has one, else its card on the case file."""
        from django.urls import reverse

        kind = SECTION_KINDS.get(self.kind)
        if kind is not None and kind.detail_url:
            return reverse(kind.detail_url, args=[self.case_id, self.pk])
        return reverse("case_detail", args=[self.case_id]) + f"#section-{self.pk}"

    @property
    def kind_def(self):
        return SECTION_KINDS.get(self.kind)

    @property
    def kind_label(self) -> str:
        kind = SECTION_KINDS.get(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def state_label(self) -> str:
        """The state as a tag beside the kind's name, agreeing with it in Latvian: "Sabiedriskais darbs
        reģistrēts", "Nosacīta notiesāšana reģistrēta" (a Latvian noun in -s or -š is masculine)."""
        from django.utils.translation import get_language

        last_word = (self.kind_label.split() or [""])[-1]
        if (get_language() or "").startswith("lv") and last_word[-1:] in ("s", "š") and self.state in _MASCULINE_STATES:
            return str(_MASCULINE_STATES[self.state])
        return str(self.get_state_display())

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def closing_reason_label(self) -> str:
        reason = CLOSING_REASONS.get(self.closing_reason)
        return str(reason.label) if reason else ""

    @property
    def outcome(self) -> str:
        reason = CLOSING_REASONS.get(self.closing_reason)
        return reason.outcome if reason else ""


class CaseEvent(AppendOnlyModel):
    """The typed domain timeline of a case (append-only). Types live in ``cases.timeline``."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=50, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    # Display attributes set by the case views from cases.timeline (not columns).
    label: str
    description: str

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"], name="caseevent_case_at")]
        verbose_name = _("case event")
        verbose_name_plural = _("case timeline")

    def __str__(self) -> str:
        return f"{self.type} @ {self.at:%Y-%m-%d}"


# --- The base of a function's records on a section -----------------------------------------------


def section_scope(path: str = "section") -> ScopeMap:
    """How a record that hangs off a section (through ``path``) reaches its unit and officers."""
    return ScopeMap(unit=f"{path}__case__responsible_unit_id",
                    officers=(f"{path}__case__responsible_officer_id", f"{path}__responsible_officer_id"))


ON_SECTION = section_scope()


class SectionRecordQuerySet(models.QuerySet):
    """``visible_to`` for records with a ``section`` foreign key (or one-to-one): the section's case scope."""

    scope_map = ON_SECTION

    def visible_to(self, user, perm: str = "case.view"):
        return restrict(self, user, perm, self.scope_map)


class SectionRecord(models.Model):
    """The base of a probation function's records on a section (its details, appointments, steps…):
    the version for optimistic locking, who created it and when, and ``objects.visible_to(user, perm)``
    by the section's case. The subclass declares its ``section`` field (one-to-one for the details of a
    kind, a foreign key for the records of which a section has many)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("created by"))
    version = models.PositiveIntegerField(default=1)

    objects = SectionRecordQuerySet.as_manager()

    class Meta:
        abstract = True


# --- Case notes ------------------------------------------------------------------------------------


class CaseNoteQuerySet(models.QuerySet):
    def visible_to(self, user, perm: str = "case.view"):
        return restrict(self, user, perm, CASE_NOTE_SCOPE)


def _own_note(user) -> Q:
    return Q(Exists(Section.objects.filter(case_id=OuterRef("case_id"), responsible_officer_id__in=own_ids(user),
                                           state__in=Section.OPEN_STATES)))


# The same reach as the case file itself (CASE_SCOPE), one join further.
CASE_NOTE_SCOPE = ScopeMap(unit="case__responsible_unit_id", officers=("case__responsible_officer_id",),
                           own=_own_note)


class CaseNote(models.Model):
    """A free-text entry on the case file: a phone call, an e-mail, a meeting with another agency or a
    plain note, with the day it happened and, for health, victim or criminal-record matters, the
    sensitive class that limits who may read its text (``core.sensitivity``)."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone call")
        EMAIL = "email", _("E-mail")
        AGENCY_MEETING = "agency_meeting", _("Meeting with another agency")
        NOTE = "note", _("Note")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    text = models.TextField(_("text"))
    # "" for an ordinary note; otherwise a core.sensitivity.Sensitivity code.
    sensitivity = models.CharField(_("sensitivity"), max_length=20, blank=True, default="")
    # Folded copy of the text (core.text.fold) for search without case or diacritics.
    search_text = models.TextField(default="", editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        indexes = [models.Index(fields=["case", "-occurred_on"], name="casenote_case_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d.%m.%Y}"


# --- Cover for an absent officer -------------------------------------------------------------------


class CoverPeriod(models.Model):
    """A colleague stands in for an absent officer from ``starts_on`` to ``ends_on`` (inclusive): for
    that time the cover officer sees the absent officer's caseload and tasks as their own
    (``core.access`` via ``cases.selectors.covered_officers``). Set and ended through
    ``cases.services`` (audited); ended early by moving ``ends_on``, never deleted."""

    absent_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="covered_by",
                                       verbose_name=_("absent officer"))
    cover_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="covering",
                                      verbose_name=_("cover officer"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("cover period")
        verbose_name_plural = _("cover periods")
        indexes = [models.Index(fields=["cover_officer", "ends_on"], name="cover_officer_ends")]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="cover_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.cover_officer} → {self.absent_officer} {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"
