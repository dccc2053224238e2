"""State changes of supervision: keyword-only, the actor named, one transaction, change log +
case timeline event; reminders to the client after commit. Tasks are created and completed only
through ``tasks.services``."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases import timeline
from cases.models import Section
from cases.services import section_close, section_set_term
from core import audit, policies
from core.concurrency import bump, lock
from core.errors import Conflict, ValidationFailed
from documents.services import default_language, document_generate
from outbox.services import send
from supervision import catalogue
from supervision.letters import (
    SUBMISSION_CODES,
    WARNING,
    ensure_template,
    submission_context,
    violation_context,
)
from supervision.models import (
    AbsencePermission,
    Appointment,
    Duty,
    PlanGoal,
    Submission,
    SupervisionDetails,
    SupervisionPlan,
    Violation,
    Warning,
)
from supervision.policies import (
    ABSENCE_PERMISSION_DAYS,
    EXTENSION_MAX_MONTHS,
    PERIOD_RULES,
    PLAN_REVIEW_MONTHS,
)
from supervision.rules import CLOSE_SECTION, PLAN_REVIEW, REGISTER
from supervision.selectors import compliance
from tasks.services import task_create, tasks_complete_open


def _d(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day of the month where that day does not exist)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def _supervision_section(section: Section) -> None:
    if section.kind not in PERIOD_RULES:
        raise ValidationFailed("not_supervision", _("This section is not a supervision section."), field="section")


# A time this far back still counts as "now" (the form is filled in at the start of the meeting).
PAST_TOLERANCE = dt.timedelta(minutes=15)


def term_start(section: Section) -> dt.date:
    """When the supervision began: the registered term's start, else the section's start, else the
    day its basis took effect (or was issued)."""
    start = (SupervisionDetails.objects.filter(section_id=section.pk).values_list("start_date", flat=True).first()
             or section.start_date or section.basis_in_force or section.basis_date)
    return start


def _open(section: Section, field: str | None = None) -> None:
    if not section.is_open:
        raise Conflict("section_closed", _("This section is closed; nothing can be added to it."), field=field)


# --- The term -----------------------------------------------------------------------------------


def check_period(*, kind: str, start_date: dt.date | None, end_date: dt.date | None, set_by: str = "court",
                 prison_term_months: int | None = None, sentence_end_date: dt.date | None = None,
                 extended_term: bool = False) -> None:
    """Refuse a term outside the limits of its kind; the error names the rule (its article)."""
    rule = PERIOD_RULES.get(kind)
    if rule is None:
        raise ValidationFailed("not_supervision", _("This section is not a supervision section."), field="section")
    if start_date is None:
        raise ValidationFailed("start_date_required", _("Enter the start of the term."), field="start_date")
    if end_date is None:
        raise ValidationFailed("end_date_required", _("Enter the end of the term."), field="end_date")
    if end_date <= start_date:
        raise ValidationFailed("end_before_start", _("The end of the term must be after its start."),
                               field="end_date")
    if rule.remaining_sentence:
        if sentence_end_date is None:
            raise ValidationFailed("sentence_end_required",
                                   _("Enter the end of the sentence: under %(rule)s the term is the rest of the "
                                     "sentence.") % {"rule": rule.article}, field="sentence_end_date", rule=rule.article)
        if end_date != sentence_end_date:
            raise ValidationFailed(
                "period_not_remaining_sentence",
                _("Under %(rule)s the term is the remaining sentence: it must end on %(end)s.")
                % {"rule": rule.article, "end": _d(sentence_end_date)}, field="end_date", rule=rule.article)
        return
    min_months = int(policies.value(rule.min_policy))
    max_months = int(policies.value(rule.extended_max_policy if extended_term and rule.extended_max_policy
                                     else rule.max_policy))
    if rule.prosecutor_fraction_max and set_by == SupervisionDetails.SetBy.PROSECUTOR:
        max_months = max_months // 2
    if rule.at_least_prison_term and prison_term_months:
        min_months = max(min_months, int(prison_term_months))
    shortest, longest = add_months(start_date, min_months), add_months(start_date, max_months)
    if end_date < shortest:
        raise ValidationFailed(
            "period_too_short",
            _("Under %(rule)s the term is at least %(months)s months (until %(date)s or later).")
            % {"rule": rule.article, "months": min_months, "date": _d(shortest)},
            field="end_date", rule=rule.article, min_months=min_months)
    if end_date > longest:
        raise ValidationFailed(
            "period_too_long",
            _("Under %(rule)s the term is at most %(months)s months (until %(date)s at the latest).")
            % {"rule": rule.article, "months": max_months, "date": _d(longest)},
            field="end_date", rule=rule.article, max_months=max_months)


@transaction.atomic
def supervision_register(*, actor: Any, section: Section, start_date: dt.date, end_date: dt.date,
                         intensity: str = "medium", set_by: str = "court", prison_term_months: int | None = None,
                         sentence_end_date: dt.date | None = None, extended_term: bool = False) -> SupervisionDetails:
    """Register the client's supervision: the term (checked against its kind's limits), the
    intensity and the legal duties (SIK 155). Completes the registration task."""
    section = Section.objects.select_for_update().select_related("case", "case__responsible_unit").get(pk=section.pk)
    _supervision_section(section)
    _open(section, "start_date")
    if SupervisionDetails.objects.filter(section=section).exists():
        raise Conflict("already_registered", _("The supervision term is already registered."), field="start_date")
    if intensity not in catalogue.INTENSITIES:
        raise ValidationFailed("intensity_unknown", _("Choose the intensity."), field="intensity")
    if set_by not in SupervisionDetails.SetBy.values:
        raise ValidationFailed("set_by_unknown", _("Choose who set the term."), field="set_by")
    check_period(kind=section.kind, start_date=start_date, end_date=end_date, set_by=set_by,
                 prison_term_months=prison_term_months, sentence_end_date=sentence_end_date,
                 extended_term=extended_term)
    details = SupervisionDetails.objects.create(
        section=section, start_date=start_date, end_date=end_date, intensity=intensity, set_by=set_by,
        prison_term_months=prison_term_months, sentence_end_date=sentence_end_date, extended_term=extended_term,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor=actor, verb="supervision_register", instance=details, action="create",
                 after=audit.snapshot(details))
    section_set_term(actor=actor, section=section, start_date=start_date, planned_end_date=end_date)
    for code in catalogue.LEGAL_DUTIES:
        duty = Duty.objects.create(section=section, code=code, legal=True, start_date=start_date, end_date=end_date,
                                   created_by=details.created_by)
        audit.record(actor=actor, verb="duty_add", instance=duty, action="create", after=audit.snapshot(duty))
    timeline.emit("supervision_registered", case=section.case, section=section, actor=actor, start=_d(start_date),
                  end=_d(end_date), intensity=intensity)
    timeline.emit("supervision_term_set", case=section.case, section=section, actor=actor, start=_d(start_date),
                  end=_d(end_date))
    tasks_complete_open(actor=actor, kinds=[REGISTER], section=section, outcome="registered")
    return details


@transaction.atomic
def supervision_change_term(*, actor: Any, details: SupervisionDetails, expected_version: int | None,
                            end_date: dt.date, reason: str) -> SupervisionDetails:
    """Change the end of the term (e.g. probation extended by the court); the end-of-term task
    follows the new date."""

    details = lock(details, expected_version)
    section = Section.objects.select_related("case", "case__responsible_unit").get(pk=details.section_id)
    _open(section, "end_date")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason_required", _("Give the reason for the change."), field="reason")
    remaining = PERIOD_RULES[section.kind].remaining_sentence  # parole: the new end is the new sentence end
    check_period(kind=section.kind, start_date=details.start_date, end_date=end_date, set_by=details.set_by,
                 prison_term_months=details.prison_term_months,
                 sentence_end_date=end_date if remaining else details.sentence_end_date,
                 extended_term=details.extended_term)
    before = audit.snapshot(details)
    details.end_date = end_date
    if details.sentence_end_date is not None:
        details.sentence_end_date = end_date
    bump(details)
    details.save()
    audit.record(actor=actor, verb="supervision_change_term", instance=details, before=before,
                 after=audit.snapshot(details))
    section_set_term(actor=actor, section=section, start_date=details.start_date, planned_end_date=end_date)
    _supersede_closing_tasks(actor=actor, section=section, end_date=end_date)
    timeline.emit("supervision_term_set", case=section.case, section=section, actor=actor,
                  start=_d(details.start_date), end=_d(end_date))
    return details


@transaction.atomic
def intensity_change(*, actor: Any, details: SupervisionDetails, intensity: str, reason: str,
                     expected_version: int | None) -> SupervisionDetails:
    details = lock(details, expected_version)
    section = Section.objects.select_related("case").get(pk=details.section_id)
    _open(section, "intensity")
    if intensity not in catalogue.INTENSITIES:
        raise ValidationFailed("intensity_unknown", _("Choose the intensity."), field="intensity")
    if intensity == details.intensity:
        raise ValidationFailed("intensity_same", _("The supervision already has this intensity."), field="intensity")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason_required", _("Give the reason for the change."), field="reason")
    before = audit.snapshot(details)
    previous = details.intensity
    details.intensity = intensity
    bump(details)
    details.save()
    audit.record(actor=actor, verb="intensity_change", instance=details, before=before, after=audit.snapshot(details))
    timeline.emit("supervision_intensity_changed", case=section.case, section=section, actor=actor,
                  before=previous, after=intensity, reason=reason)
    return details


# --- Duties -------------------------------------------------------------------------------------


def _details(section: Section) -> SupervisionDetails:
    details = SupervisionDetails.objects.filter(section=section).first()
    if details is None:
        raise ValidationFailed("not_registered", _("Register the supervision term first."), field="section")
    return details


@transaction.atomic
def duty_add(*, actor: Any, section: Section, code: str, start_date: dt.date | None, end_date: dt.date | None,
             justification: str, details: str = "") -> Duty:
    """An additional duty from the MK 107 p.11 list, with its start, end and justification."""
    section = Section.objects.select_related("case").get(pk=section.pk)
    _open(section, "code")
    term = _details(section)
    if code not in catalogue.ADDITIONAL_DUTIES:
        raise ValidationFailed("duty_unknown", _("Choose an additional duty from the list (MK 107 p.11)."),
                               field="code")
    if start_date is None:
        raise ValidationFailed("start_date_required", _("Enter the date the duty starts."), field="start_date")
    if start_date < term.start_date or start_date > term.end_date:
        raise ValidationFailed("duty_outside_term", _("The duty must start within the supervision term (%(s)s – "
                                                      "%(e)s).") % {"s": _d(term.start_date), "e": _d(term.end_date)},
                               field="start_date")
    if end_date is not None and end_date < start_date:
        raise ValidationFailed("end_before_start", _("The duty cannot end before it starts."), field="end_date")
    if end_date is not None and end_date > term.end_date:
        raise ValidationFailed("duty_outside_term", _("The duty cannot last beyond the supervision term (%(e)s).")
                               % {"e": _d(term.end_date)}, field="end_date")
    justification = (justification or "").strip()
    if not justification:
        raise ValidationFailed("justification_required", _("Give the justification for the duty."),
                               field="justification")
    duty = Duty.objects.create(section=section, code=code, legal=False, start_date=start_date,
                               end_date=end_date or term.end_date, justification=justification,
                               details=(details or "").strip()[:300],
                               created_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, verb="duty_add", instance=duty, action="create", after=audit.snapshot(duty))
    timeline.emit("supervision_duty_added", case=section.case, section=section, actor=actor, duty=code,
                  start=_d(start_date))
    return duty


@transaction.atomic
def duty_end(*, actor: Any, duty: Duty, end_date: dt.date | None, reason: str, expected_version: int | None) -> Duty:
    """End an additional duty early (legal duties last the whole term)."""
    duty = lock(duty, expected_version)
    section = Section.objects.select_related("case").get(pk=duty.section_id)
    _open(section, "end_date")
    if duty.legal:
        raise ValidationFailed("legal_duty", _("A legal duty lasts the whole term."), field="end_date")
    end_date = end_date or timezone.localdate()
    if end_date < duty.start_date:
        raise ValidationFailed("end_before_start", _("The duty cannot end before it starts."), field="end_date")
    if duty.end_date is not None and end_date > duty.end_date:
        raise ValidationFailed("end_after_end", _("The duty already ends earlier."), field="end_date")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason_required", _("Give the reason for ending the duty."), field="reason")
    before = audit.snapshot(duty)
    duty.end_date = end_date
    ended = _("Ended: %(reason)s") % {"reason": reason}
    duty.justification = f"{duty.justification}\n{ended}".strip()
    bump(duty)
    duty.save()
    audit.record(actor=actor, verb="duty_end", instance=duty, before=before, after=audit.snapshot(duty))
    timeline.emit("supervision_duty_ended", case=section.case, section=section, actor=actor, duty=duty.code,
                  end=_d(end_date))
    return duty


# --- Appointments -------------------------------------------------------------------------------


def overlapping(officer_id: int, starts_at: dt.datetime, ends_at: dt.datetime, exclude_id: int | None = None) -> Any:
    """The officer's appointments that overlap [starts_at, ends_at) (rescheduled ones do not count)."""
    qs = (Appointment.objects.filter(officer_id=officer_id, starts_at__lt=ends_at, ends_at__gt=starts_at)
          .exclude(outcome__in=catalogue.RESCHEDULED))
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs


def _client_contact(person: Any) -> tuple[str, str] | None:
    """(channel, recipient) from the client's preferred mobile phone or e-mail, if any."""
    for contact in person.contacts.all():
        if contact.kind == "mobile":
            return "sms", contact.value
        if contact.kind == "email":
            return "email", contact.value
    return None


@transaction.atomic
def appointment_schedule(*, actor: Any, section: Section, officer: Any, kind: str, starts_at: dt.datetime | None,
                         duration_minutes: int | None, place: str = "", remind: bool = True,
                         took_place: bool = False) -> Appointment:
    """Schedule a contact. The same officer cannot be in two appointments at once. A time already past
    is refused unless the user says the contact took place (``took_place``: recorded afterwards), and
    never before the supervision term began."""
    section = Section.objects.select_related("case", "case__person", "case__responsible_unit").get(pk=section.pk)
    _supervision_section(section)
    _open(section, "starts_at")
    if kind not in catalogue.APPOINTMENT_KINDS:
        raise ValidationFailed("kind_unknown", _("Choose the kind of contact."), field="kind")
    if officer is None or not getattr(officer, "is_active", False):
        raise ValidationFailed("officer_required", _("Choose an active officer."), field="officer")
    if starts_at is None:
        raise ValidationFailed("starts_at_required", _("Enter the date and time."), field="starts_at")
    if not duration_minutes or duration_minutes <= 0 or duration_minutes > 8 * 60:
        raise ValidationFailed("duration_invalid", _("Enter a duration between 1 minute and 8 hours."),
                               field="duration_minutes")
    if starts_at < timezone.now() - PAST_TOLERANCE:
        if not took_place:
            raise ValidationFailed(
                "starts_at_past",
                _("%(when)s is in the past. Enter a future time, or tick that the contact already took place "
                  "to record it afterwards.") % {"when": timezone.localtime(starts_at).strftime("%d.%m.%Y %H:%M")},
                field="starts_at")
        began = term_start(section)
        if timezone.localtime(starts_at).date() < began:
            raise ValidationFailed("starts_at_before_start",
                                   _("The contact cannot be before the supervision began (%(date)s).")
                                   % {"date": _d(began)}, field="starts_at")
    ends_at = starts_at + dt.timedelta(minutes=duration_minutes)
    # Lock the officer's row so that two bookings at the same moment cannot both pass the check.
    type(officer)._default_manager.select_for_update().filter(pk=officer.pk).first()
    clash = overlapping(officer.pk, starts_at, ends_at).first()
    if clash is not None:
        local = timezone.localtime(clash.starts_at)
        raise Conflict("appointment_overlap",
                       _("%(officer)s already has an appointment from %(start)s to %(end)s.")
                       % {"officer": officer, "start": local.strftime("%d.%m.%Y %H:%M"),
                          "end": timezone.localtime(clash.ends_at).strftime("%H:%M")},
                       field="starts_at", appointment_id=clash.pk)
    place = (place or "").strip() or (section.case.responsible_unit.address if kind == "office" else "")
    appointment = Appointment.objects.create(
        section=section, officer=officer, kind=kind, starts_at=starts_at, ends_at=ends_at, place=place[:200],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor=actor, verb="appointment_schedule", instance=appointment, action="create",
                 after=audit.snapshot(appointment))
    local = timezone.localtime(starts_at)
    timeline.emit("supervision_appointment_scheduled", case=section.case, section=section, actor=actor, kind=kind,
                  when=local.strftime("%d.%m.%Y %H:%M"), appointment_id=appointment.pk)
    # A reminder only for an appointment still ahead (one entered afterwards, to record it, gets none).
    ahead = starts_at > timezone.now()
    contact = _client_contact(section.case.person) if remind and ahead and kind != "written" else None
    if contact is not None:
        channel, recipient = contact
        # In the client's language (Latvian, Russian or English), as the letters are.
        with translation.override(default_language(section.case.person)):
            body = _("Probation service: your appointment (%(kind)s) is on %(when)s%(place)s.") % {
                "kind": catalogue.APPOINTMENT_KINDS[kind], "when": local.strftime("%d.%m.%Y %H:%M"),
                "place": f", {place}" if place else ""}
            subject = _("Appointment reminder") if channel == "email" else ""
        send(actor=actor, channel=channel, recipient=recipient, body=body, case=section.case, subject=subject,
             reference=f"supervision.appointment:{appointment.pk}")
    return appointment


@transaction.atomic
def appointment_record_outcome(*, actor: Any, appointment: Appointment, outcome: str, reason: str = "",
                               note: str = "", expected_version: int | None) -> Appointment:
    """Record what happened, from the coded list; an acceptable absence needs its reason."""
    appointment = lock(appointment, expected_version)
    section = Section.objects.select_related("case").get(pk=appointment.section_id)
    _open(section, "outcome")
    definition = catalogue.OUTCOMES.get(outcome)
    if definition is None:
        raise ValidationFailed("outcome_unknown", _("Choose the outcome."), field="outcome")
    if appointment.outcome:
        raise Conflict("outcome_recorded", _("The outcome of this appointment is already recorded."), field="outcome")
    if appointment.starts_at > timezone.now() and definition.code not in catalogue.RESCHEDULED:
        raise ValidationFailed("appointment_future", _("Only a rescheduling can be recorded before the appointment."),
                               field="outcome")
    reason = (reason or "").strip()
    if definition.needs_reason and not reason:
        raise ValidationFailed("reason_required", _("An acceptable absence needs its reason."), field="reason")
    before = audit.snapshot(appointment)
    appointment.outcome = outcome
    appointment.outcome_reason = reason[:500]
    appointment.outcome_note = (note or "").strip()
    appointment.outcome_recorded_at = timezone.now()
    bump(appointment)
    appointment.save()
    audit.record(actor=actor, verb="appointment_outcome", instance=appointment, before=before,
                 after=audit.snapshot(appointment))
    timeline.emit("supervision_appointment_outcome", case=section.case, section=section, actor=actor,
                  when=timezone.localtime(appointment.starts_at).strftime("%d.%m.%Y %H:%M"), outcome=outcome,
                  attended=definition.attended, enforceable=definition.enforceable)
    return appointment


# --- Violations, warnings, submissions -----------------------------------------------------------


@transaction.atomic
def violation_record(*, actor: Any, section: Section, kind: str, occurred_on: dt.date | None, description: str,
                     evidence: str = "", serious: bool = False, duty: Duty | None = None,
                     appointment: Appointment | None = None) -> Violation:
    section = Section.objects.select_related("case").get(pk=section.pk)
    _supervision_section(section)
    _open(section, "kind")
    if kind not in catalogue.VIOLATION_KINDS:
        raise ValidationFailed("kind_unknown", _("Choose the kind of violation."), field="kind")
    if occurred_on is None:
        raise ValidationFailed("occurred_on_required", _("Enter the date of the violation."), field="occurred_on")
    if occurred_on > timezone.localdate():
        raise ValidationFailed("occurred_on_future", _("The date cannot be in the future."), field="occurred_on")
    began = term_start(section)
    if occurred_on < began:
        raise ValidationFailed("occurred_on_before_start",
                               _("The violation is dated %(date)s, before the supervision began (%(start)s): "
                                 "it cannot be a violation of this supervision.")
                               % {"date": _d(occurred_on), "start": _d(began)}, field="occurred_on")
    description = (description or "").strip()
    if not description:
        raise ValidationFailed("description_required", _("Describe what happened."), field="description")
    for linked, field in ((duty, "duty"), (appointment, "appointment")):
        if linked is not None and linked.section_id != section.pk:
            raise ValidationFailed(f"{field}_other_section", _("Choose one of this section's records."), field=field)
    violation = Violation.objects.create(
        section=section, kind=kind, occurred_on=occurred_on, description=description,
        evidence=(evidence or "").strip(), serious=serious or kind in ("new_offence", "absconding"), duty=duty,
        appointment=appointment, recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor=actor, verb="violation_record", instance=violation, action="create",
                 after=audit.snapshot(violation))
    timeline.emit("supervision_violation", case=section.case, section=section, actor=actor, kind=kind,
                  date=_d(occurred_on), serious=violation.serious)
    return violation


@transaction.atomic
def warning_issue(*, actor: Any, violation: Violation, issued_on: dt.date | None = None,
                  language: str | None = None) -> Warning:
    """A written warning for a violation, generated as a letter (DOCX and PDF) on the case.
    A warning for a closed section is refused."""
    section = Section.objects.select_related("case", "case__person", "case__responsible_unit",
                                             "case__responsible_officer", "responsible_officer").get(
        pk=violation.section_id)
    _open(section, "violation")
    if Warning.objects.filter(violation_id=violation.pk).exists():
        raise Conflict("warning_exists", _("A written warning for this violation has already been issued."),
                       field="violation")
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise ValidationFailed("issued_on_future", _("The date cannot be in the future."), field="issued_on")
    if issued_on < violation.occurred_on:
        raise ValidationFailed("issued_before_violation", _("A warning cannot precede the violation."),
                               field="issued_on")
    language = language or default_language(section.case.person)
    ensure_template(WARNING, language)
    violation = Violation.objects.select_related("duty", "appointment").prefetch_related("warnings").get(
        pk=violation.pk)
    documents = document_generate(actor=actor, case=section.case, code=WARNING, language=language, section=section,
                                  extra={"violation": violation_context(violation, language)})
    warning = Warning.objects.create(section=section, violation=violation, issued_on=issued_on,
                                     document=next((d for d in documents if d.format == "pdf"), documents[0]),
                                     issued_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, verb="warning_issue", instance=warning, action="create", after=audit.snapshot(warning))
    timeline.emit("supervision_warning", case=section.case, section=section, actor=actor, date=_d(issued_on),
                  violation_id=violation.pk)
    return warning


@transaction.atomic
def submission_make(*, actor: Any, section: Section, addressee: str, grounds: str,
                    submitted_on: dt.date | None = None, violation: Violation | None = None,
                    purpose: str = "breach", language: str = "lv") -> Submission:
    """A submission to the court or prosecutor: for a breach, or for early termination
    (``purpose="early_termination"``, no violation). One pending submission at a time. The
    submission is generated as a letter (DOCX and PDF, in the state language unless ``language``
    says otherwise) on the case, naming the violations and warnings on record, the compliance
    summary and what is asked for; the submission links to it."""
    section = Section.objects.select_related("case", "case__person", "case__responsible_unit",
                                             "case__responsible_officer", "responsible_officer").get(pk=section.pk)
    _supervision_section(section)
    _open(section, "addressee")
    if addressee not in catalogue.ADDRESSEES:
        raise ValidationFailed("addressee_unknown", _("Choose the court or the prosecutor."), field="addressee")
    if purpose not in catalogue.PURPOSES:
        raise ValidationFailed("purpose_unknown", _("Choose what the submission asks for."), field="purpose")
    if purpose == "early_termination" and violation is not None:
        raise ValidationFailed("violation_not_allowed", _("A submission for early termination is not about a "
                                                          "violation."), field="violation")
    grounds = (grounds or "").strip()
    if not grounds:
        raise ValidationFailed("grounds_required", _("Give the grounds of the submission."), field="grounds")
    submitted_on = submitted_on or timezone.localdate()
    if submitted_on > timezone.localdate():
        raise ValidationFailed("submitted_on_future", _("The date cannot be in the future."), field="submitted_on")
    if violation is not None and violation.section_id != section.pk:
        raise ValidationFailed("violation_other_section", _("Choose one of this section's violations."),
                               field="violation")
    if Submission.objects.filter(section=section, decision="").exists():
        raise Conflict("submission_pending", _("A submission is already awaiting its decision."), field="addressee")
    document = _submission_letter(actor=actor, section=section, addressee=addressee, purpose=purpose,
                                  grounds=grounds, submitted_on=submitted_on, language=language)
    submission = Submission.objects.create(section=section, violation=violation, addressee=addressee,
                                           purpose=purpose, grounds=grounds, submitted_on=submitted_on,
                                           document=document,
                                           submitted_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, verb="submission_make", instance=submission, action="create",
                 after=audit.snapshot(submission))
    timeline.emit("supervision_submission", case=section.case, section=section, actor=actor, addressee=addressee,
                  date=_d(submitted_on), purpose=purpose)
    return submission


def _submission_letter(*, actor: Any, section: Section, addressee: str, purpose: str, grounds: str,
                       submitted_on: dt.date, language: str) -> Any:
    """Generate the submission letter on the case; returns its PDF (the DOCX is beside it)."""
    code = SUBMISSION_CODES[purpose]
    details = SupervisionDetails.objects.filter(section=section).first()
    violations = list(Violation.objects.filter(section=section).select_related("duty", "appointment")
                      .prefetch_related("warnings").order_by("occurred_on", "id"))
    warnings = list(Warning.objects.filter(section=section).select_related("violation").order_by("issued_on", "id"))
    ensure_template(code, language)
    extra = submission_context(section=section, details=details, addressee=addressee, purpose=purpose,
                               grounds=grounds, submitted_on=submitted_on, violations=violations,
                               warnings=warnings, compliance=compliance(section, details), language=language)
    documents = document_generate(actor=actor, case=section.case, code=code, language=language, section=section,
                                  extra=extra)
    return next((d for d in documents if d.format == "pdf"), documents[0])


@transaction.atomic
def submission_decide(*, actor: Any, submission: Submission, decision: str, decided_on: dt.date | None,
                      note: str = "", extension_months: int | None = None,
                      expected_version: int | None) -> Submission:
    """Record the court's or prosecutor's decision; the decisions allowed depend on the kind."""
    submission = lock(submission, expected_version)
    section = Section.objects.select_related("case").get(pk=submission.section_id)
    if submission.decision:
        raise Conflict("already_decided", _("The decision is already recorded."), field="decision")
    table = catalogue.TERMINATION_DECISIONS if submission.purpose == "early_termination" else catalogue.DECISIONS
    definition = table.get(decision)
    if definition is None or section.kind not in definition.kinds:
        raise ValidationFailed("decision_invalid", _("Choose a decision that applies to this kind of supervision."),
                               field="decision")
    if decided_on is None:
        raise ValidationFailed("decided_on_required", _("Enter the date of the decision."), field="decided_on")
    if decided_on < submission.submitted_on or decided_on > timezone.localdate():
        raise ValidationFailed("decided_on_invalid", _("The decision date must be between the submission and today."),
                               field="decided_on")
    if decision == "probation_extended":
        limit = int(policies.value(EXTENSION_MAX_MONTHS.key))
        if not extension_months or not 1 <= extension_months <= limit:
            raise ValidationFailed("extension_invalid",
                                   _("Under KL 55 the probation period can be extended by 1 to %(n)s months.")
                                   % {"n": limit}, field="extension_months", rule="KL 55")
    else:
        extension_months = None
    before = audit.snapshot(submission)
    submission.decision = decision
    submission.decided_on = decided_on
    submission.decision_note = (note or "").strip()
    submission.extension_months = extension_months
    bump(submission)
    submission.save()
    audit.record(actor=actor, verb="submission_decide", instance=submission, before=before,
                 after=audit.snapshot(submission))
    timeline.emit("supervision_submission_decided", case=section.case, section=section, actor=actor,
                  decision=decision)
    if extension_months:
        details = SupervisionDetails.objects.get(section=section)
        new_end = add_months(details.end_date, extension_months)
        _extend(actor=actor, details=details, section=section, end_date=new_end)
    return submission


def _supersede_closing_tasks(*, actor: Any, section: Section, end_date: dt.date) -> None:
    """The open end-of-term task is done with "superseded" (the tasks module lets only a task
    manager or its creator cancel); the new term's event makes the new one."""
    tasks_complete_open(actor=actor, kinds=[CLOSE_SECTION], section=section,
                        outcome=f"superseded: the term now ends on {_d(end_date)}")


def _extend(*, actor: Any, details: SupervisionDetails, section: Section, end_date: dt.date) -> None:
    """A court-ordered extension moves the end of the term (no period check: the court decided)."""

    before = audit.snapshot(details)
    details.end_date = end_date
    bump(details)
    details.save()
    audit.record(actor=actor, verb="supervision_extend", instance=details, before=before,
                 after=audit.snapshot(details))
    section_set_term(actor=actor, section=section, start_date=details.start_date, planned_end_date=end_date)
    _supersede_closing_tasks(actor=actor, section=section, end_date=end_date)
    timeline.emit("supervision_term_set", case=section.case, section=section, actor=actor,
                  start=_d(details.start_date), end=_d(end_date))


# --- Supervision plan ---------------------------------------------------------------------------


def _goal_rows(goals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check the goals: each has a need from the list, a goal, measures, who is responsible and a
    due date. Errors name the row's fields (``goal_<n>``, ...)."""
    rows = []
    for n, raw in enumerate(goals, start=1):
        goal = (raw.get("goal") or "").strip()
        if not goal:
            continue
        need = raw.get("need") or ""
        if need not in catalogue.NEEDS:
            raise ValidationFailed("need_unknown", _("Choose the need this goal addresses."), field=f"need_{n}")
        measures = (raw.get("measures") or "").strip()
        if not measures:
            raise ValidationFailed("measures_required", _("Describe the measures for this goal."),
                                   field=f"measures_{n}")
        responsible = (raw.get("responsible") or "").strip()
        if not responsible:
            raise ValidationFailed("responsible_required", _("Name who is responsible for this goal."),
                                   field=f"responsible_{n}")
        due = raw.get("due_date")
        if not isinstance(due, dt.date):
            raise ValidationFailed("due_date_required", _("Enter the due date of this goal."), field=f"due_date_{n}")
        rows.append({"need": need, "goal": goal[:300], "measures": measures, "responsible": responsible[:200],
                     "due_date": due})
    if not rows:
        raise ValidationFailed("goals_required", _("Enter at least one goal."), field="goal_1")
    return rows


@transaction.atomic
def plan_save(*, actor: Any, section: Section, needs: list[str], goals: list[dict[str, Any]],
              agreed_on: dt.date | None, change_note: str = "",
              expected_number: int | None = None) -> SupervisionPlan:
    """Save the supervision plan as a new version (older versions stay as they were). The review
    falls due ``supervision.plan_review_months`` after the agreement (or today); the open review
    task is completed and a new one created through ``tasks.services.task_create``."""
    # Lock the section row so that two simultaneous saves cannot both become the same version.
    section = (Section.objects.select_for_update(of=("self",))
               .select_related("case", "case__responsible_unit", "case__responsible_officer", "responsible_officer")
               .get(pk=section.pk))
    _supervision_section(section)
    _open(section, "needs")
    _details(section)
    latest = SupervisionPlan.objects.filter(section=section).order_by("-number").first()
    current = latest.number if latest else 0
    if expected_number is not None and expected_number != current:
        raise Conflict("plan_changed", _("Someone else changed the plan in the meantime; reload and try again."),
                       field="needs")
    unknown = [n for n in needs if n not in catalogue.NEEDS]
    if unknown or not needs:
        raise ValidationFailed("needs_required", _("Choose the client's needs from the list."), field="needs")
    rows = _goal_rows(goals)
    for n, row in enumerate(rows, start=1):
        if row["need"] not in needs:
            raise ValidationFailed("need_not_chosen", _("A goal's need must be one of the client's needs."),
                                   field=f"need_{n}")
    today = timezone.localdate()
    if agreed_on is not None and agreed_on > today:
        raise ValidationFailed("agreed_on_future", _("The date cannot be in the future."), field="agreed_on")
    change_note = (change_note or "").strip()
    if latest is not None and not change_note:
        raise ValidationFailed("change_note_required", _("Say what changed in this version."), field="change_note")
    review_due = add_months(agreed_on or today, int(policies.value(PLAN_REVIEW_MONTHS.key)))
    plan = SupervisionPlan.objects.create(
        section=section, number=current + 1, needs=[n for n in catalogue.NEEDS if n in needs], agreed_on=agreed_on,
        review_due=review_due, change_note=change_note[:500],
        created_by=actor if getattr(actor, "pk", None) else None)
    PlanGoal.objects.bulk_create([PlanGoal(plan=plan, position=i, **row) for i, row in enumerate(rows)])
    audit.record(actor=actor, verb="plan_save", instance=plan, action="create",
                 after={**audit.snapshot(plan), "goals": [{**r, "due_date": r["due_date"].isoformat()} for r in rows]})
    timeline.emit("supervision_plan_saved", case=section.case, section=section, actor=actor, number=plan.number,
                  review=_d(review_due))
    tasks_complete_open(actor=actor, kinds=[PLAN_REVIEW], section=section,
                        outcome=f"reviewed: plan version {plan.number}")
    task_create(actor=actor, title=_("Review the supervision plan"), unit=section.case.responsible_unit,
                due_date=review_due, kind=PLAN_REVIEW, case=section.case, section=section,
                assignee=section.responsible_officer or section.case.responsible_officer,
                description=_("Plan version %(n)s; review with the client.") % {"n": plan.number})
    return plan


# --- Absence permission -------------------------------------------------------------------------


def absence_days(starts_on: dt.date, ends_on: dt.date) -> int:
    """Days away, counting the first and the last day."""
    return (ends_on - starts_on).days + 1


@transaction.atomic
def absence_request(*, actor: Any, section: Section, starts_on: dt.date | None, ends_on: dt.date | None,
                    destination: str, reason: str) -> AbsencePermission:
    """Record a client's request for an absence; only an absence longer than
    ``supervision.absence_permission_over_days`` needs permission (SIK 155)."""
    section = Section.objects.select_related("case").get(pk=section.pk)
    _supervision_section(section)
    _open(section, "starts_on")
    _details(section)
    if starts_on is None:
        raise ValidationFailed("starts_on_required", _("Enter the first day of the absence."), field="starts_on")
    if ends_on is None:
        raise ValidationFailed("ends_on_required", _("Enter the last day of the absence."), field="ends_on")
    if ends_on <= starts_on:
        raise ValidationFailed("end_before_start", _("The absence must end after it starts."), field="ends_on")
    limit = int(policies.value(ABSENCE_PERMISSION_DAYS.key))
    days = absence_days(starts_on, ends_on)
    if days <= limit:
        raise ValidationFailed(
            "permission_not_needed",
            _("An absence of %(days)s days needs no permission: only an absence of more than %(limit)s days does "
              "(SIK 155).") % {"days": days, "limit": limit}, field="ends_on", rule="SIK 155")
    destination = (destination or "").strip()
    if not destination:
        raise ValidationFailed("destination_required", _("Enter where the client will be."), field="destination")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason_required", _("Give the reason for the absence."), field="reason")
    absence = AbsencePermission.objects.create(section=section, starts_on=starts_on, ends_on=ends_on,
                                               destination=destination[:300], reason=reason,
                                               requested_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, verb="absence_request", instance=absence, action="create",
                 after=audit.snapshot(absence))
    timeline.emit("supervision_absence_requested", case=section.case, section=section, actor=actor,
                  start=_d(starts_on), end=_d(ends_on), destination=absence.destination)
    return absence


@transaction.atomic
def absence_decide(*, actor: Any, absence: AbsencePermission, decision: str, reason: str = "",
                   decided_on: dt.date | None = None, expected_version: int | None) -> AbsencePermission:
    """Grant or refuse an absence; a refusal needs its reason."""
    absence = lock(absence, expected_version)
    section = Section.objects.select_related("case").get(pk=absence.section_id)
    _open(section, "decision")
    if absence.status != AbsencePermission.Status.REQUESTED:
        raise Conflict("already_decided", _("The decision is already recorded."), field="decision")
    if decision not in catalogue.ABSENCE_DECISIONS:
        raise ValidationFailed("decision_invalid", _("Choose whether the absence is granted or refused."),
                               field="decision")
    reason = (reason or "").strip()
    if decision == "refused" and not reason:
        raise ValidationFailed("reason_required", _("Give the reason for the refusal."), field="reason")
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise ValidationFailed("decided_on_future", _("The date cannot be in the future."), field="decided_on")
    before = audit.snapshot(absence)
    absence.status = decision
    absence.decision_reason = reason
    absence.decided_on = decided_on
    absence.decided_by = actor if getattr(actor, "pk", None) else None
    bump(absence)
    absence.save()
    audit.record(actor=actor, verb="absence_decide", instance=absence, before=before, after=audit.snapshot(absence))
    timeline.emit("supervision_absence_decided", case=section.case, section=section, actor=actor, decision=decision,
                  start=_d(absence.starts_on), end=_d(absence.ends_on))
    return absence


# --- Exit ---------------------------------------------------------------------------------------


@transaction.atomic
def supervision_close(*, actor: Any, section: Section, reason: str, closed_on: dt.date | None = None,
                      note: str = "", expected_version: int | None) -> Section:
    """Close the supervision section with a reason from ``cases.kinds`` (through
    ``cases.services.section_close``); refused while a submission awaits its decision. The open
    end-of-term and plan review tasks are completed as "closed"."""
    _supervision_section(section)
    if Submission.objects.filter(section=section, decision="").exists():
        raise Conflict("submission_pending", _("A submission awaits its decision; record it before closing."),
                       field="reason")
    section = section_close(actor=actor, section=section, reason=reason, closed_on=closed_on, note=note,
                            expected_version=expected_version)
    tasks_complete_open(actor=actor, kinds=[CLOSE_SECTION, PLAN_REVIEW], section=section, outcome="closed")
    return section
