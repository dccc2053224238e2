"""The documents community service generates on the case: the work order (norīkojums) and the two
submissions to the court. Each is generated in the client's letter language from the module's
template kinds (``community.letters``), through ``documents.services.document_generate``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import translation

from cases.models import Case, Section
from community import progress
from community.letters import WORK_ORDER, ensure_template
from community.models import CommunityServiceDetails, EnforcementStep, WorkOrder
from community.selectors import effective_hours
from core import audit
from documents.services import default_language, document_generate
from partners.models import ContactPerson, Place


def generate(actor: Any, section: Section, code: str, build: Callable[[str], dict[str, Any]]) -> Any:
    """Generate one of the module's documents on the case in the client's language (the built-in
    template is stored first if that language has none) and return the DOCX. ``build(language)``
    makes the letter's own context in that language."""
    case = Case.objects.select_related("person", "responsible_unit", "responsible_officer").get(pk=section.case_id)
    language = default_language(case.person)
    ensure_template(code, language)
    with translation.override(language):
        extra = build(language)
    documents = document_generate(actor=actor, case=case, code=code, language=language, section=section,
                                  extra=extra)
    return next(d for d in documents if d.format == "docx")


def hours_text(value: Any, language: str = "en") -> str:
    """A number of hours or days as written in a letter: 4, 23.5 — with a decimal comma in Latvian and
    Russian (23,5), no trailing zeros."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",") if language in ("lv", "ru") else text


def order_context(order: WorkOrder, details: CommunityServiceDetails, language: str = "en") -> dict[str, Any]:
    """The ``order`` context of the work order document (the organisation's first current contact)."""
    place = Place.objects.select_related("organisation").get(pk=order.place_id)
    contact = (ContactPerson.objects.filter(organisation_id=place.organisation_id, active=True)
               .order_by("name", "id").first())
    done = effective_hours(details)
    return {
        "number": order.number, "start_date": f"{order.start_date:%d.%m.%Y}", "provider": place.organisation.name,
        "place": place.name, "address": place.address, "kinds_of_work": place.kinds_of_work,
        "working_times": place.working_times, "schedule": order.schedule, "ordered_hours": str(details.ordered_hours),
        "done_hours": hours_text(done, language),
        "remaining_hours": hours_text(max(Decimal(details.ordered_hours) - done, Decimal(0)), language),
        "contact_name": contact.name if contact else "", "contact_phone": contact.phone if contact else "",
        "contact_email": contact.email if contact else "",
        "replaces": order.replaces.number if order.replaces_id and order.replaces else "",
    }


def attach_order_document(actor: Any, order: WorkOrder, details: CommunityServiceDetails, section: Section) -> None:
    """Generate the work order document and link it from the order."""
    docx = generate(actor, section, WORK_ORDER, lambda language: {"order": order_context(order, details, language)})
    before = audit.snapshot(order)
    order.document = docx
    order.save(update_fields=["document"])
    audit.record(actor=actor, verb="community_order_document", instance=order, before=before,
                 after=audit.snapshot(order))


def submission_context(step: EnforcementStep, details: CommunityServiceDetails,
                       steps: list[EnforcementStep], p: progress.Progress, language: str = "en") -> dict[str, Any]:
    """The ``submission`` context of a submission to the court (the figures as stored on the step)."""
    c = p.conversion
    h = hours_text
    return {
        "date": f"{step.day:%d.%m.%Y}", "order_type": str(details.get_order_type_display()),
        "ordered_hours": str(details.ordered_hours), "done_hours": h(p.done, language),
        "remaining_hours": h(p.remaining, language), "hours_per_day": h(c.hours_per_day, language),
        "exact_days": h(c.exact_days, language), "days": str(c.days),
        "rounding": c.rounding, "max_days": str(c.max_days), "capped": c.capped,
        "missed": ", ".join(f"{x.day:%d.%m.%Y}" for x in steps if x.kind == EnforcementStep.Kind.MISSED) or "—",
        "warnings": ", ".join(f"{x.day:%d.%m.%Y}" for x in steps if x.kind == EnforcementStep.Kind.WARNING) or "—",
        "min_ordered": str(p.early_release.min_ordered), "half": h(p.early_release.half, language),
        "exemplary": p.early_release.exemplary, "note": step.note,
    }
