"""State changes of the community-service module: keyword-only, the actor named, one transaction,
change log + case timeline event (``core.audit``, ``cases.timeline``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts import roles
from accounts.models import OrgUnit, User
from cases import services as case_services
from cases import timeline
from cases.models import Case, Section
from community import progress
from community.models import (
    CHILD_KIND,
    KINDS,
    ORDER_TYPES_FOR_KIND,
    Agreement,
    CommunityServiceDetails,
    ContactPerson,
    EnforcementStep,
    HourEntry,
    ProviderNote,
    ProviderRating,
    ProviderSupervisor,
    RegistrationBasis,
    WorkOrder,
    WorkPlace,
    WorkProvider,
)
from community.policies import HOURS_POLICY_FOR_ORDER_TYPE
from core import access, audit, policies, sequences
from core.concurrency import bump, lock
from core.errors import Conflict, NotFoundOrForbidden, ValidationFailed


def _user(actor: Any) -> User | None:
    return actor if getattr(actor, "pk", None) else None


def _required(value: str | None, code: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(code, message, field=field)
    return value


def _not_future(day: dt.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationFailed(f"{field}_future", _("The date cannot be in the future."), field=field)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- The order's details ---------------------------------------------------------------------------


def hours_limits(order_type: str) -> tuple[int, int]:
    low, high = policies.value(HOURS_POLICY_FOR_ORDER_TYPE[order_type])
    return int(low), int(high)


def _check_details(section: Section, order_type: str, ordered_hours: int | None,
                   offence_date: dt.date | None) -> None:
    if order_type not in ORDER_TYPES_FOR_KIND.get(section.kind, ()):
        raise ValidationFailed("order_type_invalid", _("Choose a kind of order that fits this function."),
                               field="order_type")
    if ordered_hours is None:
        raise ValidationFailed("ordered_hours_required", _("Enter the ordered hours."), field="ordered_hours")
    low, high = hours_limits(order_type)
    if not low <= int(ordered_hours) <= high:
        raise ValidationFailed(
            "ordered_hours_out_of_range",
            _("For this kind of order the hours must be from %(low)s to %(high)s.") % {"low": low, "high": high},
            field="ordered_hours", low=low, high=high,
        )
    _not_future(offence_date, "offence_date")
    if section.kind == CHILD_KIND:
        if offence_date is None:
            raise ValidationFailed("offence_date_required", _("Enter the date of the offence."), field="offence_date")
        min_age = int(policies.value("community.child_min_age"))
        if age_on(section.case.person.birth_date, offence_date) < min_age:
            raise ValidationFailed(
                "child_too_young",
                _("The child was younger than %(age)s at the offence.") % {"age": min_age},
                field="offence_date", min_age=min_age,
            )


@transaction.atomic
def details_create(*, actor: Any, section: Section, order_type: str, ordered_hours: int | None,
                   registration_basis: str, basis_event_date: dt.date | None, ruling_in_force: dt.date | None,
                   offence_date: dt.date | None = None) -> CommunityServiceDetails:
    """Record what was ordered; the registration-deadline task follows from the timeline event."""
    section = Section.objects.select_for_update().select_related("case", "case__person").get(pk=section.pk)
    if section.kind not in KINDS:
        raise ValidationFailed("section_kind", _("This section is not community service."), field="section")
    if not section.is_open:
        raise ValidationFailed("section_closed", _("This section is closed."), field="section")
    if CommunityServiceDetails.objects.filter(section=section).exists():
        raise Conflict("details_exist", _("The order details are already recorded."), field="section")
    _check_details(section, order_type, ordered_hours, offence_date)
    if registration_basis not in RegistrationBasis.values:
        raise ValidationFailed("registration_basis_invalid", _("Choose what the registration counts from."),
                               field="registration_basis")
    if ruling_in_force is None:
        raise ValidationFailed("ruling_in_force_required", _("Enter the date the ruling took effect."),
                               field="ruling_in_force")
    _not_future(ruling_in_force, "ruling_in_force")
    if basis_event_date is None:
        basis_event_date = ruling_in_force if registration_basis == RegistrationBasis.RULING else None
    if basis_event_date is None:
        raise ValidationFailed("basis_event_date_required", _("Enter the date of release."),
                               field="basis_event_date")
    _not_future(basis_event_date, "basis_event_date")
    details = CommunityServiceDetails.objects.create(
        section=section, order_type=order_type, ordered_hours=int(ordered_hours or 0),
        registration_basis=registration_basis, basis_event_date=basis_event_date,
        ruling_in_force=ruling_in_force, offence_date=offence_date,
    )
    audit.record(actor=actor, verb="community_details_create", instance=details, action="create",
                 after=audit.snapshot(details))
    timeline.emit("community_details_recorded", case=section.case, section=section, actor=actor,
                  ordered_hours=details.ordered_hours, basis=registration_basis,
                  from_date=f"{basis_event_date:%d.%m.%Y}", from_iso=basis_event_date.isoformat())
    return details


@transaction.atomic
def details_update(*, actor: Any, details: CommunityServiceDetails, expected_version: int | None,
                   order_type: str, ordered_hours: int | None, offence_date: dt.date | None,
                   exemplary_work: bool) -> CommunityServiceDetails:
    details = lock(details, expected_version)
    section = Section.objects.select_related("case", "case__person").get(pk=details.section_id)
    if not section.is_open:
        raise ValidationFailed("section_closed", _("This section is closed."), field="section")
    _check_details(section, order_type, ordered_hours, offence_date)
    done = effective_hours(details)
    if ordered_hours is not None and Decimal(ordered_hours) < done:
        raise ValidationFailed("ordered_below_done", _("More hours have already been worked than that."),
                               field="ordered_hours")
    before = audit.snapshot(details)
    details.order_type = order_type
    details.ordered_hours = int(ordered_hours or 0)
    details.offence_date = offence_date
    details.exemplary_work = exemplary_work
    bump(details)
    details.save()
    audit.record(actor=actor, verb="community_details_update", instance=details, before=before,
                 after=audit.snapshot(details))
    timeline.emit("community_details_changed", case=section.case, section=section, actor=actor)
    return details


def effective_hours(details: CommunityServiceDetails) -> Decimal:
    total = HourEntry.objects.filter(details=details, superseded=False).aggregate(s=Sum("hours"))["s"]
    return total or Decimal(0)


# --- Work providers --------------------------------------------------------------------------------


def _check_provider_unit(actor: Any, unit: OrgUnit | None) -> OrgUnit:
    if unit is None or unit.kind != OrgUnit.Kind.UNIT:
        raise ValidationFailed("unit_kind", _("Choose a territorial unit."), field="unit")
    allowed = access.unit_ids_for(actor, roles.SECTION_MANAGE)
    if allowed is not None and unit.pk not in allowed:
        raise ValidationFailed("unit_not_yours", _("Choose a unit you work in."), field="unit")
    return unit


PROVIDER_FIELDS = ("name", "kind", "registration_number", "status", "stage", "address", "phone", "email")


def _check_provider(data: dict[str, Any]) -> dict[str, Any]:
    data["name"] = _required(data.get("name"), "name_required", pgettext("work provider", "Enter the name."),
                             "name")
    if data.get("kind") not in WorkProvider.Kind.values:
        raise ValidationFailed("kind_invalid", _("Choose the kind of organisation."), field="kind")
    if data.get("status") not in WorkProvider.Status.values:
        raise ValidationFailed("status_invalid", _("Choose the status."), field="status")
    if data.get("stage") not in WorkProvider.Stage.values:
        raise ValidationFailed("stage_invalid", _("Choose the pipeline stage."), field="stage")
    for key in ("registration_number", "address", "phone", "email"):
        data[key] = (data.get(key) or "").strip()
    return data


@transaction.atomic
def provider_create(*, actor: Any, unit: OrgUnit | None, **fields: Any) -> WorkProvider:
    data = _check_provider({k: fields.get(k) for k in PROVIDER_FIELDS})
    provider = WorkProvider.objects.create(unit=_check_provider_unit(actor, unit), **data)
    audit.record(actor=actor, verb="community_provider_create", instance=provider, action="create",
                 after=audit.snapshot(provider))
    return provider


@transaction.atomic
def provider_update(*, actor: Any, provider: WorkProvider, expected_version: int | None,
                    unit: OrgUnit | None, **fields: Any) -> WorkProvider:
    provider = lock(provider, expected_version)
    _check_provider_unit(actor, provider.unit)
    data = _check_provider({k: fields.get(k) for k in PROVIDER_FIELDS})
    unit = _check_provider_unit(actor, unit)
    if data["status"] == WorkProvider.Status.INACTIVE and WorkOrder.objects.active().filter(
            place__provider=provider).exists():
        raise Conflict("provider_has_clients", _("Clients are still placed with this provider."), field="status")
    before = audit.snapshot(provider)
    for key, value in data.items():
        setattr(provider, key, value)
    provider.unit = unit
    bump(provider)
    provider.save()
    audit.record(actor=actor, verb="community_provider_update", instance=provider, before=before,
                 after=audit.snapshot(provider))
    return provider


@transaction.atomic
def agreement_add(*, actor: Any, provider: WorkProvider, number: str, valid_from: dt.date | None,
                  valid_until: dt.date | None = None, signed_on: dt.date | None = None,
                  status: str = Agreement.Status.ACTIVE) -> Agreement:
    number, start = _check_agreement(number, valid_from, valid_until, signed_on, status)
    if Agreement.objects.filter(provider=provider, number=number).exists():
        raise Conflict("agreement_duplicate", _("This provider already has an agreement with that number."),
                       field="number")
    agreement = Agreement.objects.create(provider=provider, number=number, valid_from=start,
                                         valid_until=valid_until, signed_on=signed_on, status=status)
    audit.record(actor=actor, verb="community_agreement_add", instance=agreement, action="create",
                 after=audit.snapshot(agreement))
    return agreement


@transaction.atomic
def place_add(*, actor: Any, provider: WorkProvider, name: str, address: str, municipality: str,
              kinds_of_work: str, capacity: int | None, working_times: str = "") -> WorkPlace:
    name, address, kinds_of_work, seats = _check_place_fields(name, address, municipality, kinds_of_work, capacity)
    place = WorkPlace.objects.create(provider=provider, name=name, address=address, municipality=municipality,
                                     kinds_of_work=kinds_of_work, capacity=seats,
                                     working_times=(working_times or "").strip())
    audit.record(actor=actor, verb="community_place_add", instance=place, action="create",
                 after=audit.snapshot(place))
    return place


@transaction.atomic
def contact_add(*, actor: Any, provider: WorkProvider, name: str, position: str = "", phone: str = "",
                email: str = "") -> ContactPerson:
    name = _required(name, "name_required", pgettext("contact person", "Enter the name."), "name")
    if not (phone or "").strip() and not (email or "").strip():
        raise ValidationFailed("contact_required", _("Enter a phone number or an email address."), field="phone")
    contact = ContactPerson.objects.create(provider=provider, name=name, position=(position or "").strip(),
                                           phone=(phone or "").strip(), email=(email or "").strip())
    audit.record(actor=actor, verb="community_contact_add", instance=contact, action="create",
                 after=audit.snapshot(contact))
    return contact


def _check_agreement(number: str, valid_from: dt.date | None, valid_until: dt.date | None,
                     signed_on: dt.date | None, status: str) -> tuple[str, dt.date]:
    number = _required(number, "number_required", _("Enter the agreement number."), "number")
    if valid_from is None:
        raise ValidationFailed("valid_from_required", _("Enter the date the agreement starts."), field="valid_from")
    if valid_until is not None and valid_until < valid_from:
        raise ValidationFailed("valid_until_before_from", _("The end must be after the start."), field="valid_until")
    _not_future(signed_on, "signed_on")
    if status not in Agreement.Status.values:
        raise ValidationFailed("status_invalid", _("Choose the status."), field="status")
    if status == Agreement.Status.ENDED and valid_until is None:
        raise ValidationFailed("valid_until_required", _("Enter the date the agreement ended."), field="valid_until")
    return number, valid_from


@transaction.atomic
def agreement_update(*, actor: Any, agreement: Agreement, expected_version: int | None, number: str,
                     valid_from: dt.date | None, valid_until: dt.date | None = None, signed_on: dt.date | None = None,
                     status: str = Agreement.Status.ACTIVE) -> Agreement:
    """Change an agreement; ending it is status "ended" with the last day in ``valid_until``."""
    agreement = lock(agreement, expected_version)
    number, start = _check_agreement(number, valid_from, valid_until, signed_on, status)
    if Agreement.objects.filter(provider_id=agreement.provider_id, number=number).exclude(pk=agreement.pk).exists():
        raise Conflict("agreement_duplicate", _("This provider already has an agreement with that number."),
                       field="number")
    before = audit.snapshot(agreement)
    agreement.number, agreement.valid_from, agreement.valid_until = number, start, valid_until
    agreement.signed_on, agreement.status = signed_on, status
    bump(agreement)
    agreement.save()
    audit.record(actor=actor, verb="community_agreement_update", instance=agreement, before=before,
                 after=audit.snapshot(agreement))
    return agreement


def _check_place_fields(name: str, address: str, municipality: str, kinds_of_work: str,
                        capacity: int | None) -> tuple[str, str, str, int]:
    from core.places import municipality_names

    name = _required(name, "name_required", _("Enter the name of the work place."), "name")
    address = _required(address, "address_required", _("Enter the address."), "address")
    if municipality not in municipality_names():
        raise ValidationFailed("municipality_invalid", _("Choose the municipality."), field="municipality")
    kinds_of_work = _required(kinds_of_work, "kinds_of_work_required", _("Describe the kinds of work."),
                              "kinds_of_work")
    if capacity is None or int(capacity) < 1:
        raise ValidationFailed("capacity_invalid", _("Enter how many clients can work here at a time."),
                               field="capacity")
    return name, address, kinds_of_work, int(capacity)


@transaction.atomic
def place_update(*, actor: Any, place: WorkPlace, expected_version: int | None, name: str, address: str,
                 municipality: str, kinds_of_work: str, capacity: int | None, working_times: str = "",
                 active: bool = True) -> WorkPlace:
    """Change a work place or close it (``active=False``). The capacity cannot drop below the clients
    placed there now, and a place with clients cannot be closed."""
    place = lock(place, expected_version)
    name, address, kinds_of_work, seats = _check_place_fields(name, address, municipality, kinds_of_work, capacity)
    placed = WorkOrder.objects.active().filter(place=place).count()
    if not active and placed:
        raise Conflict("place_has_clients", _("%(n)s clients are still placed here; move them first.")
                       % {"n": placed}, field="active", placed=placed)
    if seats < placed:
        raise ValidationFailed("capacity_below_placed", _("%(n)s clients are placed here now; the capacity cannot "
                                                          "be lower.") % {"n": placed}, field="capacity",
                               placed=placed)
    before = audit.snapshot(place)
    place.name, place.address, place.municipality, place.kinds_of_work = name, address, municipality, kinds_of_work
    place.capacity, place.working_times, place.active = seats, (working_times or "").strip(), active
    bump(place)
    place.save()
    audit.record(actor=actor, verb="community_place_update", instance=place, before=before,
                 after=audit.snapshot(place))
    return place


@transaction.atomic
def contact_update(*, actor: Any, contact: ContactPerson, expected_version: int | None, name: str,
                   position: str = "", phone: str = "", email: str = "", active: bool = True) -> ContactPerson:
    contact = lock(contact, expected_version)
    name = _required(name, "name_required", pgettext("contact person", "Enter the name."), "name")
    if not (phone or "").strip() and not (email or "").strip():
        raise ValidationFailed("contact_required", _("Enter a phone number or an email address."), field="phone")
    before = audit.snapshot(contact)
    contact.name, contact.position = name, (position or "").strip()
    contact.phone, contact.email, contact.active = (phone or "").strip(), (email or "").strip(), active
    bump(contact)
    contact.save()
    audit.record(actor=actor, verb="community_contact_update", instance=contact, before=before,
                 after=audit.snapshot(contact))
    return contact


@transaction.atomic
def rating_add(*, actor: Any, provider: WorkProvider, year: int | None, rated_on: dt.date | None,
               score: int | None, note: str = "") -> ProviderRating:
    """The yearly satisfaction rating of a provider (1–5) with feedback; one per provider and year."""
    if rated_on is None:
        raise ValidationFailed("rated_on_required", _("Enter the date."), field="rated_on")
    _not_future(rated_on, "rated_on")
    if year is None or not 2000 <= int(year) <= rated_on.year:
        raise ValidationFailed("year_invalid", _("Enter a year up to the year of the rating."), field="year")
    if score is None or not 1 <= int(score) <= 5:
        raise ValidationFailed("score_invalid", _("Choose a rating from 1 to 5."), field="score")
    if ProviderRating.objects.filter(provider=provider, year=year).exists():
        raise Conflict("rating_exists", _("This provider is already rated for that year."), field="year")
    rating = ProviderRating.objects.create(provider=provider, year=int(year), rated_on=rated_on, score=int(score),
                                           note=(note or "").strip(), author=_user(actor))
    audit.record(actor=actor, verb="community_rating_add", instance=rating, action="create",
                 after=audit.snapshot(rating))
    return rating


@transaction.atomic
def note_add(*, actor: Any, provider: WorkProvider, text: str) -> ProviderNote:
    text = _required(text, "text_required", _("Write the note."), "text")
    note = ProviderNote.objects.create(provider=provider, author=_user(actor), text=text)
    audit.record(actor=actor, verb="community_note_add", instance=note, action="create", after=audit.snapshot(note))
    return note


@transaction.atomic
def supervisor_link(*, actor: Any, provider: WorkProvider, user: User | None) -> ProviderSupervisor:
    """Let a work-provider supervisor account enter hours for this provider's clients."""
    if user is None or not user.is_active or roles.Role.WORK_SUPERVISOR not in access.principal(user).roles:
        raise ValidationFailed("not_a_supervisor", _("Choose an account with the work-provider supervisor role."),
                               field="user")
    link, created = ProviderSupervisor.objects.get_or_create(user=user, provider=provider)
    if not created and link.active:
        raise Conflict("supervisor_linked", _("This account is already linked to the provider."), field="user")
    before = None if created else audit.snapshot(link)
    link.active = True
    link.save()
    audit.record(actor=actor, verb="community_supervisor_link", instance=link,
                 action="create" if created else "update", before=before, after=audit.snapshot(link))
    return link


def supervised_provider_ids(user: Any) -> list[int]:
    """Providers a work-provider supervisor works for (empty for everyone else)."""
    if roles.Role.WORK_SUPERVISOR not in access.principal(user).roles:
        return []
    return list(ProviderSupervisor.objects.filter(user_id=user.pk, active=True,
                                                  provider__status=WorkProvider.Status.ACTIVE)
                .values_list("provider_id", flat=True))


# --- Work orders -----------------------------------------------------------------------------------


def _check_place(place: WorkPlace, exclude_order: WorkOrder | None = None) -> None:
    place = WorkPlace.objects.select_for_update().select_related("provider").get(pk=place.pk)
    if not place.active or place.provider.status != WorkProvider.Status.ACTIVE:
        raise ValidationFailed("place_inactive", _("This work place does not take clients now."), field="place")
    taken = WorkOrder.objects.active().filter(place=place)
    if exclude_order is not None:
        taken = taken.exclude(pk=exclude_order.pk)
    if taken.count() >= place.capacity:
        raise Conflict("place_full", _("This work place is full (%(n)s clients).") % {"n": place.capacity},
                       field="place")


def _order_number() -> str:
    year = timezone.localdate().year
    return f"SD-{year}-{sequences.next_value(f'community.order.{year}'):06d}"


def _issue(actor: Any, details: CommunityServiceDetails, section: Section, place: WorkPlace, start_date: dt.date,
           schedule: str, replaces: WorkOrder | None = None) -> WorkOrder:
    order = WorkOrder.objects.create(details=details, place=place, number=_order_number(), start_date=start_date,
                                     schedule=schedule, replaces=replaces, created_by=_user(actor))
    audit.record(actor=actor, verb="community_order_issue", instance=order, action="create",
                 after=audit.snapshot(order))
    timeline.emit("community_order_issued", case=section.case, section=section, actor=actor, number=order.number,
                  place=str(place), start=f"{start_date:%d.%m.%Y}")
    _order_document(actor, order, details, section)
    return order


# --- Documents (work order, submissions) -----------------------------------------------------------


def _generate(actor: Any, section: Section, code: str, build: Callable[[str], dict[str, Any]]) -> Any:
    """Generate one of the module's documents on the case in the client's language (the built-in
    template is stored first if that language has none) and return the DOCX. ``build(language)``
    makes the letter's own context in that language."""
    from community.letters import ensure_template
    from documents.services import default_language, document_generate

    case = Case.objects.select_related("person", "responsible_unit", "responsible_officer").get(pk=section.case_id)
    language = default_language(case.person)
    ensure_template(code, language)
    with translation.override(language):
        extra = build(language)
    documents = document_generate(actor=actor, case=case, code=code, language=language, section=section,
                                  extra=extra)
    return next(d for d in documents if d.format == "docx")


def _h(value: Any, language: str = "en") -> str:
    """A number of hours or days as written in a letter: 4, 23.5 — with a decimal comma in Latvian and
    Russian (23,5), no trailing zeros."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",") if language in ("lv", "ru") else text


def order_context(order: WorkOrder, details: CommunityServiceDetails, language: str = "en") -> dict[str, Any]:
    place = WorkPlace.objects.select_related("provider").get(pk=order.place_id)
    contact = ContactPerson.objects.filter(provider_id=place.provider_id, active=True).order_by("name", "id").first()
    done = effective_hours(details)
    return {
        "number": order.number, "start_date": f"{order.start_date:%d.%m.%Y}", "provider": place.provider.name,
        "place": place.name, "address": place.address, "kinds_of_work": place.kinds_of_work,
        "working_times": place.working_times, "schedule": order.schedule, "ordered_hours": str(details.ordered_hours),
        "done_hours": _h(done, language),
        "remaining_hours": _h(max(Decimal(details.ordered_hours) - done, Decimal(0)), language),
        "contact_name": contact.name if contact else "", "contact_phone": contact.phone if contact else "",
        "contact_email": contact.email if contact else "",
        "replaces": order.replaces.number if order.replaces_id and order.replaces else "",
    }


def _order_document(actor: Any, order: WorkOrder, details: CommunityServiceDetails, section: Section) -> None:
    from community.letters import WORK_ORDER

    docx = _generate(actor, section, WORK_ORDER, lambda language: {"order": order_context(order, details, language)})
    before = audit.snapshot(order)
    order.document = docx
    order.save(update_fields=["document"])
    audit.record(actor=actor, verb="community_order_document", instance=order, before=before,
                 after=audit.snapshot(order))


@transaction.atomic
def order_document(*, actor: Any, order: WorkOrder) -> WorkOrder:
    """Generate the work order document again (e.g. after a template change); the new version is
    linked from the order, the earlier ones stay on the case."""
    order = lock(order, None)
    details = CommunityServiceDetails.objects.get(pk=order.details_id)
    section = Section.objects.select_related("case").get(pk=details.section_id)
    if not section.is_open:
        raise ValidationFailed("section_closed", _("This section is closed."), field="section")
    _order_document(actor, order, details, section)
    return order


def submission_context(step: EnforcementStep, details: CommunityServiceDetails,
                       steps: list[EnforcementStep], p: progress.Progress, language: str = "en") -> dict[str, Any]:
    c = p.conversion
    return {
        "date": f"{step.day:%d.%m.%Y}", "order_type": str(details.get_order_type_display()),
        "ordered_hours": str(details.ordered_hours), "done_hours": _h(p.done, language),
        "remaining_hours": _h(p.remaining, language), "hours_per_day": _h(c.hours_per_day, language),
        "exact_days": _h(c.exact_days, language), "days": str(c.days),
        "rounding": c.rounding, "max_days": str(c.max_days), "capped": c.capped,
        "missed": ", ".join(f"{x.day:%d.%m.%Y}" for x in steps if x.kind == EnforcementStep.Kind.MISSED) or "—",
        "warnings": ", ".join(f"{x.day:%d.%m.%Y}" for x in steps if x.kind == EnforcementStep.Kind.WARNING) or "—",
        "min_ordered": str(p.early_release.min_ordered), "half": _h(p.early_release.half, language),
        "exemplary": p.early_release.exemplary, "note": step.note,
    }


def _finish_tasks(actor: Any, section: Section, kinds: Iterable[str], outcome: str) -> None:
    """Complete the open tasks of these rules on the section (the flow did what they asked)."""
    from tasks.models import Task
    from tasks.services import task_complete

    for task in Task.objects.filter(section=section, kind__in=list(kinds), status=Task.Status.OPEN):
        task_complete(actor=actor, task=task, outcome=outcome, expected_version=None)


def _check_order_input(section: Section, start_date: dt.date | None, schedule: str) -> str:
    if not section.is_open:
        raise ValidationFailed("section_closed", _("This section is closed."), field="section")
    if start_date is None:
        raise ValidationFailed("start_date_required", _("Enter the first day of work."), field="start_date")
    return _required(schedule, "schedule_required", _("Enter the schedule."), "schedule")


@transaction.atomic
def order_issue(*, actor: Any, details: CommunityServiceDetails, place: WorkPlace | None,
                start_date: dt.date | None, schedule: str) -> WorkOrder:
    """Place the client at a work place (checking capacity)."""
    details = lock(details, None)
    section = Section.objects.select_related("case").get(pk=details.section_id)
    schedule = _check_order_input(section, start_date, schedule)
    if place is None:
        raise ValidationFailed("place_required", _("Choose the work place."), field="place")
    if WorkOrder.objects.active().filter(details=details).exists():
        raise Conflict("order_active", _("The client already has an active work order; change its place instead."),
                       field="place")
    _check_place(place)
    assert start_date is not None
    return _issue(actor, details, section, place, start_date, schedule)


@transaction.atomic
def order_change_place(*, actor: Any, order: WorkOrder, expected_version: int | None, place: WorkPlace | None,
                       start_date: dt.date | None, schedule: str) -> WorkOrder:
    """Move the client: the current order closes the day before and a new order starts."""
    order = lock(order, expected_version)
    details = CommunityServiceDetails.objects.get(pk=order.details_id)
    section = Section.objects.select_related("case").get(pk=details.section_id)
    schedule = _check_order_input(section, start_date, schedule)
    assert start_date is not None
    if order.status != WorkOrder.Status.ACTIVE:
        raise Conflict("order_closed", _("This work order is already closed."), field="place")
    if place is None:
        raise ValidationFailed("place_required", _("Choose the work place."), field="place")
    if start_date <= order.start_date:
        raise ValidationFailed("start_before_current", _("The new order must start after the current one."),
                               field="start_date")
    last_day = start_date - dt.timedelta(days=1)
    if HourEntry.objects.filter(order=order, superseded=False, day__gt=last_day).exists():
        raise ValidationFailed("hours_after_change", _("Hours are recorded under the current order on or after "
                                                       "that day."), field="start_date")
    _check_place(place, exclude_order=order if place.pk == order.place_id else None)
    before = audit.snapshot(order)
    order.status = WorkOrder.Status.CLOSED
    order.end_date = last_day
    bump(order)
    order.save()
    audit.record(actor=actor, verb="community_order_close", instance=order, before=before,
                 after=audit.snapshot(order))
    timeline.emit("community_order_closed", case=section.case, section=section, actor=actor, number=order.number,
                  end=f"{last_day:%d.%m.%Y}")
    return _issue(actor, details, section, place, start_date, schedule, replaces=order)


# --- Hours log -------------------------------------------------------------------------------------


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationFailed("hours_invalid", _("Enter the hours as a number."), field="hours") from None
    if not hours.is_finite() or hours != hours.quantize(Decimal("0.01")):
        raise ValidationFailed("hours_invalid", _("Enter the hours as a number."), field="hours")
    return hours


def _channel_for(actor: Any, orders: Iterable[WorkOrder]) -> str:
    """Who may record hours: the provider's linked supervisor, or an officer who manages the section."""
    orders = list(orders)
    providers = set(supervised_provider_ids(actor))
    if providers and all(o.place.provider_id in providers for o in orders):
        return HourEntry.Channel.SUPERVISOR
    visible = set(WorkOrder.objects.visible_to(actor, roles.SECTION_MANAGE)
                  .filter(pk__in=[o.pk for o in orders]).values_list("pk", flat=True))
    if len(visible) == len({o.pk for o in orders}):
        return HourEntry.Channel.OFFICER
    raise NotFoundOrForbidden()


def _validate_entry(order: WorkOrder, day: dt.date | None, hours: Decimal, *, done: Decimal, ordered: int,
                    that_day: Decimal, section_open: bool, allow_zero: bool = False) -> None:
    if not section_open:
        raise ValidationFailed("section_closed", _("This section is closed."), field="day")
    if day is None:
        raise ValidationFailed("day_required", _("Enter the day."), field="day")
    if day > timezone.localdate():
        raise ValidationFailed("day_future", _("Hours cannot be recorded for a day in the future."), field="day")
    if day < order.start_date:
        raise ValidationFailed("day_before_order", _("The day is before the work order started."), field="day")
    if order.end_date is not None and day > order.end_date:
        raise ValidationFailed("day_after_order", _("The day is after the work order ended."), field="day")
    if hours < 0 or (hours == 0 and not allow_zero):
        raise ValidationFailed("hours_invalid", _("Enter more than 0 hours."), field="hours")
    cap = Decimal(str(policies.value("community.daily_hours_cap")))
    if that_day + hours > cap:
        raise ValidationFailed("daily_cap", _("No more than %(cap)s hours can be credited for one day.")
                               % {"cap": cap}, field="hours", cap=str(cap))
    if done + hours > ordered:
        raise ValidationFailed("beyond_order", _("That is more than the %(left)s hours left to work.")
                               % {"left": max(Decimal(ordered) - done, Decimal(0))}, field="hours")


def _record(actor: Any, order: WorkOrder, day: dt.date, hours: Decimal, channel: str,
            corrects: HourEntry | None = None, reason: str = "") -> HourEntry:
    entry = HourEntry.objects.create(order=order, details_id=order.details_id, day=day, hours=hours, channel=channel,
                                     corrects=corrects, reason=reason, entered_by=_user(actor))
    audit.record(actor=actor, verb="community_hours_record" if corrects is None else "community_hours_correct",
                 instance=entry, action="create", after=audit.snapshot(entry))
    return entry


def _sums(details_ids: list[int], day: dt.date | None) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    live = HourEntry.objects.filter(details_id__in=details_ids, superseded=False)
    totals = dict(live.values("details_id").annotate(s=Sum("hours")).values_list("details_id", "s"))
    daily = dict(live.filter(day=day).values("details_id").annotate(s=Sum("hours"))
                 .values_list("details_id", "s")) if day else {}
    return totals, daily


def _orders_for_update(ids: list[int]) -> dict[int, WorkOrder]:
    orders = WorkOrder.objects.select_for_update(of=("self",)).select_related(
        "place", "details", "details__section", "details__section__case").filter(pk__in=ids)
    return {o.pk: o for o in orders}


@transaction.atomic
def hours_record(*, actor: Any, order: WorkOrder, day: dt.date | None, hours: Any) -> HourEntry:
    """One day's hours of one client."""
    return hours_record_bulk(actor=actor, day=day, rows=[(order.pk, hours)])[0]


@transaction.atomic
def hours_record_bulk(*, actor: Any, day: dt.date | None, rows: list[tuple[int, Any]],
                      place: WorkPlace | None = None) -> list[HourEntry]:
    """One day's hours for several clients (e.g. everyone at one work place). All or nothing: the
    first bad row stops the whole batch, and its error names the row's order in ``order_id``."""
    rows = [(int(order_id), value) for order_id, value in rows if str(value).strip() not in ("", "None")]
    if not rows:
        raise ValidationFailed("rows_required", _("Enter the hours of at least one client."), field="hours")
    ids = [order_id for order_id, _value in rows]
    if len(set(ids)) != len(ids):
        raise ValidationFailed("row_duplicate", _("Each client can appear only once."), field="hours")
    orders = _orders_for_update(ids)
    if len(orders) != len(set(ids)):
        raise NotFoundOrForbidden()
    if place is not None and any(o.place_id != place.pk for o in orders.values()):
        raise NotFoundOrForbidden()
    channel = _channel_for(actor, orders.values())
    totals, daily = _sums([o.details_id for o in orders.values()], day)
    checked = []
    for order_id, value in rows:
        order = orders[order_id]
        try:
            hours = _hours(value)
            _validate_entry(order, day, hours, done=totals.get(order.details_id) or Decimal(0),
                            ordered=order.details.ordered_hours, that_day=daily.get(order.details_id) or Decimal(0),
                            section_open=order.details.section.is_open)
        except ValidationFailed as exc:
            exc.extra["order_id"] = order_id
            raise
        checked.append((order, hours))
    assert day is not None
    # One INSERT each for the entries, their change-log rows and their timeline events; every entry
    # still gets its own change-log row and timeline event.
    created = HourEntry.objects.bulk_create([
        HourEntry(order=order, details_id=order.details_id, day=day, hours=hours, channel=channel,
                  entered_by=_user(actor)) for order, hours in checked])
    audit.record_many(actor=actor, verb="community_hours_record", instances=list(created))
    timeline.emit_many("community_hours_recorded", actor=actor, items=[
        (order.details.section.case, order.details.section, {"hours": str(hours), "day": f"{day:%d.%m.%Y}"})
        for order, hours in checked])
    return created


@transaction.atomic
def hours_correct(*, actor: Any, entry: HourEntry, hours: Any, reason: str) -> HourEntry:
    """Replace an entry with a corrected one (0 hours = entered by mistake); both stay in the log."""
    entry = HourEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.superseded:
        raise Conflict("entry_superseded", _("This entry has already been corrected."), field="hours")
    order = _orders_for_update([entry.order_id])[entry.order_id]
    if _channel_for(actor, [order]) != HourEntry.Channel.OFFICER:
        raise NotFoundOrForbidden()
    reason = _required(reason, "reason_required", _("Give the reason for the correction."), "reason")
    new_hours = _hours(hours)
    totals, daily = _sums([order.details_id], entry.day)
    _validate_entry(order, entry.day, new_hours, done=(totals.get(order.details_id) or Decimal(0)) - entry.hours,
                    ordered=order.details.ordered_hours,
                    that_day=(daily.get(order.details_id) or Decimal(0)) - entry.hours,
                    section_open=order.details.section.is_open, allow_zero=True)
    before = audit.snapshot(entry)
    HourEntry.objects.filter(pk=entry.pk).update(superseded=True)
    entry.superseded = True
    audit.record(actor=actor, verb="community_hours_supersede", instance=entry, before=before,
                 after=audit.snapshot(entry))
    new = _record(actor, order, entry.day, new_hours, HourEntry.Channel.OFFICER, corrects=entry, reason=reason[:300])
    section = order.details.section
    timeline.emit("community_hours_corrected", case=section.case, section=section, actor=actor,
                  day=f"{entry.day:%d.%m.%Y}", old_hours=str(entry.hours), hours=str(new_hours), reason=reason)
    return new


def place_load(place_ids: list[int]) -> dict[int, int]:
    """Clients placed now at each work place."""
    rows = WorkOrder.objects.active().filter(place_id__in=place_ids).values("place_id").annotate(n=Count("id"))
    return {r["place_id"]: r["n"] for r in rows}



# --- Enforcement and completion --------------------------------------------------------------------

STEP_EVENTS: dict[str, str] = {
    EnforcementStep.Kind.MISSED: "community_missed_session",
    EnforcementStep.Kind.WARNING: "community_warning",
    EnforcementStep.Kind.EVASION: "community_evasion_submitted",
    EnforcementStep.Kind.EARLY_RELEASE: "community_early_release_submitted",
}
# The section's closing reason when the court grants a submission.
GRANTED_CLOSING_REASON: dict[str, str] = {
    EnforcementStep.Kind.EVASION: "revoked",
    EnforcementStep.Kind.EARLY_RELEASE: "early_discharge",
}


def _open_section(details: CommunityServiceDetails) -> Section:
    section = Section.objects.select_related("case").get(pk=details.section_id)
    if not section.is_open:
        raise ValidationFailed("section_closed", _("This section is closed."), field="section")
    return section


def details_progress(details: CommunityServiceDetails, today: dt.date | None = None) -> progress.Progress:
    first = WorkOrder.objects.filter(details=details).order_by("start_date").values_list("start_date", flat=True)
    return progress.compute(ordered=details.ordered_hours, done=effective_hours(details),
                            first_order_start=first.first(), ruling_in_force=details.ruling_in_force,
                            exemplary=details.exemplary_work, today=today or timezone.localdate())


@transaction.atomic
def step_record(*, actor: Any, details: CommunityServiceDetails, kind: str, day: dt.date | None,
                note: str = "") -> EnforcementStep:
    """Record a missed session, a warning, or a submission to the court. A warning needs a missed
    session since the last warning; an evasion submission needs a warning and carries the conversion
    of the remaining hours; an early-release submission needs the eligibility conditions met."""
    details = lock(details, None)
    section = _open_section(details)
    if kind not in EnforcementStep.Kind.values:
        raise ValidationFailed("kind_invalid", _("Choose the step."), field="kind")
    if day is None:
        raise ValidationFailed("day_required", _("Enter the date."), field="day")
    _not_future(day, "day")
    if day < details.ruling_in_force:
        raise ValidationFailed("day_before_ruling", _("The date is before the ruling took effect."), field="day")
    steps = list(EnforcementStep.objects.filter(details=details))
    data: dict[str, Any] = {}
    if kind == EnforcementStep.Kind.MISSED:
        if not WorkOrder.objects.filter(details=details, start_date__lte=day).exists():
            raise ValidationFailed("no_order_on_day", _("The client had no work order on that day."), field="day")
    elif kind == EnforcementStep.Kind.WARNING:
        last_warning = max((x.day for x in steps if x.kind == EnforcementStep.Kind.WARNING), default=None)
        if not any(x.kind == EnforcementStep.Kind.MISSED and x.day <= day
                   and (last_warning is None or x.day > last_warning) for x in steps):
            raise ValidationFailed("no_missed_session", _("Record the missed session before the warning."),
                                   field="kind")
    else:
        if any(x.decision == EnforcementStep.Decision.PENDING for x in steps):
            raise Conflict("submission_pending", _("A submission is still awaiting the court's decision."),
                           field="kind")
        p = details_progress(details, day)
        if kind == EnforcementStep.Kind.EVASION:
            if not any(x.kind == EnforcementStep.Kind.WARNING and x.day <= day for x in steps):
                raise ValidationFailed("no_warning", _("The client must have been warned before an evasion "
                                                       "submission."), field="kind")
            if p.remaining <= 0:
                raise ValidationFailed("nothing_remaining", _("All ordered hours have been worked."), field="kind")
            data = {"remaining_hours": p.conversion.remaining, "conversion_days": p.conversion.days}
        else:
            from cases.kinds import SECTION_KINDS

            if "early_discharge" not in SECTION_KINDS[section.kind].closing_reasons:
                raise ValidationFailed("early_release_not_applicable",
                                       _("Early release does not apply to this function."), field="kind")
            if not p.early_release.eligible:
                raise ValidationFailed("not_eligible", _("The conditions for early release are not met."),
                                       field="kind")
        data["decision"] = EnforcementStep.Decision.PENDING
    step = EnforcementStep.objects.create(details=details, kind=kind, day=day, note=(note or "").strip()[:500],
                                          created_by=_user(actor), **data)
    audit.record(actor=actor, verb="community_step_record", instance=step, action="create",
                 after=audit.snapshot(step))
    timeline.emit(STEP_EVENTS[kind], case=section.case, section=section, actor=actor, day=f"{day:%d.%m.%Y}",
                  day_iso=day.isoformat(), remaining=str(data.get("remaining_hours", "")),
                  days=data.get("conversion_days", ""))
    if step.is_submission:
        from community.letters import EARLY_RELEASE_SUBMISSION, EVASION_SUBMISSION

        code = EVASION_SUBMISSION if kind == EnforcementStep.Kind.EVASION else EARLY_RELEASE_SUBMISSION
        step.document = _generate(actor, section, code, lambda language: {"submission": submission_context(
            step, details, steps, p, language)})
        step.save(update_fields=["document"])
        audit.record(actor=actor, verb="community_step_document", instance=step, after=audit.snapshot(step))
    return step


def _close_active_order(actor: Any, details: CommunityServiceDetails, section: Section, last_day: dt.date) -> None:
    order = WorkOrder.objects.select_for_update().filter(details=details, status=WorkOrder.Status.ACTIVE).first()
    if order is None:
        return
    logged = HourEntry.objects.filter(order=order, superseded=False).order_by("-day").values_list("day", flat=True)
    end = max(last_day, order.start_date, logged.first() or order.start_date)
    before = audit.snapshot(order)
    order.status = WorkOrder.Status.CLOSED
    order.end_date = end
    bump(order)
    order.save()
    audit.record(actor=actor, verb="community_order_close", instance=order, before=before, after=audit.snapshot(order))
    timeline.emit("community_order_closed", case=section.case, section=section, actor=actor, number=order.number,
                  end=f"{end:%d.%m.%Y}")


@transaction.atomic
def submission_decide(*, actor: Any, step: EnforcementStep, expected_version: int | None, decision: str,
                      decided_on: dt.date | None, note: str = "") -> EnforcementStep:
    """Record the court's decision on a submission. Granted: the work order and the section close
    (evasion: "revoked"; early release: "early_discharge")."""
    step = lock(step, expected_version)
    if step.decision != EnforcementStep.Decision.PENDING:
        raise Conflict("not_pending", _("This submission is not awaiting a decision."), field="decision")
    details = CommunityServiceDetails.objects.get(pk=step.details_id)
    section = _open_section(details)
    if decision not in (EnforcementStep.Decision.GRANTED, EnforcementStep.Decision.REJECTED):
        raise ValidationFailed("decision_invalid", _("Choose the court's decision."), field="decision")
    if decided_on is None:
        raise ValidationFailed("decided_on_required", _("Enter the date of the decision."), field="decided_on")
    _not_future(decided_on, "decided_on")
    if decided_on < step.day:
        raise ValidationFailed("decided_before_submission", _("The decision cannot be before the submission."),
                               field="decided_on")
    before = audit.snapshot(step)
    step.decision = decision
    step.decided_on = decided_on
    step.decision_note = (note or "").strip()[:500]
    bump(step)
    step.save()
    audit.record(actor=actor, verb="community_submission_decide", instance=step, before=before,
                 after=audit.snapshot(step))
    timeline.emit("community_submission_decided", case=section.case, section=section, actor=actor,
                  submission=step.kind, court_decision=decision, day=f"{decided_on:%d.%m.%Y}")
    from community.rules import DECISION_KINDS, LIMITATION, OUTCOME_DECIDED

    _finish_tasks(actor, section, DECISION_KINDS, OUTCOME_DECIDED)
    if decision == EnforcementStep.Decision.GRANTED:
        _finish_tasks(actor, section, (LIMITATION,), "closed")
        _close_active_order(actor, details, section, decided_on)
        case_services.section_close(actor=actor, section=section, reason=GRANTED_CLOSING_REASON[step.kind],
                                    closed_on=decided_on, note=step.decision_note, expected_version=None)
    return step


@transaction.atomic
def details_complete(*, actor: Any, details: CommunityServiceDetails) -> Section:
    """All ordered hours are worked: close the work order and the section with reason "completed"."""
    details = lock(details, None)
    section = _open_section(details)
    done = effective_hours(details)
    if done < details.ordered_hours:
        raise ValidationFailed("hours_not_done", _("%(left)s of the ordered hours are still to be worked.")
                               % {"left": Decimal(details.ordered_hours) - done}, field="section")
    if EnforcementStep.objects.filter(details=details, decision=EnforcementStep.Decision.PENDING).exists():
        raise Conflict("submission_pending", _("A submission is still awaiting the court's decision."),
                       field="section")
    today = timezone.localdate()
    _close_active_order(actor, details, section, min(today, HourEntry.objects.filter(
        details=details, superseded=False).order_by("-day").values_list("day", flat=True).first() or today))
    timeline.emit("community_completed", case=section.case, section=section, actor=actor,
                  hours=str(done))
    from community.rules import LIMITATION

    _finish_tasks(actor, section, (LIMITATION,), "closed")
    return case_services.section_close(actor=actor, section=section, reason="completed", closed_on=today,
                                       expected_version=None)
