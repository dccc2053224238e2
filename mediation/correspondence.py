"""Making mediation's letters (``mediation.letters``) from the documents module's templates: the active
template of the kind and language, filled in with docxtpl, converted to PDF, and stored with the
mediation (``MediationDocument``) — never on the client's case file, because letters to or about a victim
carry victim data, and a mediation may have no case file at all."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import audit
from core.errors import ValidationFailed
from documents import rendering
from documents.services import active_template
from mediation import letters, services
from mediation.models import Mediation, MediationDocument, Meeting, Victim


def _d(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _context(*, actor: Any, mediation: Mediation, language: str, addressee: dict[str, str],
             meeting: Meeting | None) -> dict[str, Any]:
    officer = mediation.responsible_officer or actor
    offender = mediation.offender
    unit = mediation.unit
    settlement = getattr(mediation, "settlement", None)
    with translation.override(language):
        terms = ([{"n": i + 1, "description": t.description, "due_date": _d(t.due_date)}
                  for i, t in enumerate(settlement.terms.all())] if settlement else [])
        prior = services.prior_settlements(mediation)
        data = {
            "number": mediation.number, "offence": mediation.offence, "offence_date": _d(mediation.offence_date),
            "criminal_case_number": mediation.criminal_case_number or "—",
            "process_director": mediation.process_director or mediation.initiator,
            "offender": offender.full_name,
            "victims": ", ".join(v.full_name for v in mediation.victims.all()),
            "mediator": mediation.mediator.full_name if mediation.mediator else "",
            "meeting": ({"date": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y"),
                         "time": timezone.localtime(meeting.starts_at).strftime("%H:%M"), "place": meeting.place,
                         "format": str(meeting.get_format_display()), "kind": str(meeting.get_kind_display())}
                        if meeting else {"date": "", "time": "", "place": "", "format": "", "kind": ""}),
            "addressee": addressee,
            "signed_on": _d(settlement.signed_on) if settlement else "",
            "certified_by": str(settlement.get_certified_by_display()) if settlement else "",
            "terms": terms,
            "outcome": (_("Settlement reached") if settlement else
                        _("No settlement") if mediation.status == Mediation.Status.NOT_SETTLED else ""),
            "reason": str(mediation.get_no_settlement_reason_display()) if mediation.no_settlement_reason else "",
            "note": mediation.outcome_note,
            "prior_warning": (_("Note (Criminal Law Art. 58(2)): the person settled for an intentional offence on "
                                "%(day)s, within the last 12 months.") % {"day": _d(prior[0].settlement.signed_on)}
                              if prior else ""),
        }
    return {
        "person": {"full_name": offender.full_name, "first_name": offender.first_name,
                   "last_name": offender.last_name, "personal_code": offender.personal_code or "",
                   "birth_date": _d(offender.birth_date), "address": ""},
        "case": {"registration_number": mediation.section.case.registration_number if mediation.section else ""},
        "unit": {"name": unit.name, "address": unit.address, "phone": unit.phone, "email": unit.email},
        "officer": {"name": officer.get_full_name() or officer.get_username(),
                    "position": getattr(officer, "position", "") or "", "phone": getattr(officer, "phone", "") or "",
                    "email": officer.email or ""},
        "section": {"kind": _("Mediation"), "basis": "", "basis_type": "", "basis_number": "", "basis_date": "",
                    "basis_issuer": ""},
        "today": _d(timezone.localdate()),
        "mediation": data,
    }


def letter_generate(*, actor: Any, mediation: Mediation, code: str, language: str = "lv",
                    victim: Victim | None = None, meeting: Meeting | None = None) -> list[MediationDocument]:
    """Make one letter as DOCX and PDF. An invitation goes to the offender (``victim=None``) or to a victim,
    for a planned meeting; the settlement needs the signed settlement; the result letter (Latvian) needs the
    mediation's end, and marks the result reported."""
    if code not in letters.LANGUAGES:
        raise ValidationFailed("letter_unknown", _("Choose the letter."), field="code")
    if language not in letters.LANGUAGES[code]:
        raise ValidationFailed("language_unavailable", _("This letter is not made in that language."),
                               field="language")
    if victim is not None and victim.mediation_id != mediation.pk:
        raise ValidationFailed("victim_other_mediation", _("Choose a victim of this mediation."), field="victim")
    if code == letters.INVITATION:
        if meeting is None or meeting.mediation_id != mediation.pk or meeting.status != Meeting.Status.PLANNED:
            raise ValidationFailed("meeting_required", _("Choose a planned meeting of this mediation."),
                                   field="meeting")
        if meeting.starts_at <= timezone.now():
            raise ValidationFailed("meeting_past", _("The meeting has already begun: plan a new one."),
                                   field="meeting")
        addressee_kind = MediationDocument.Addressee.VICTIM if victim else MediationDocument.Addressee.OFFENDER
        if victim is not None:
            name = victim.full_name + (f" ({victim.representative_name})" if victim.representative_name else "")
            addressee = {"name": name, "address": victim.address}
        else:
            offender = mediation.offender
            addressee = {"name": offender.full_name,
                         "address": offender.declared_address or offender.actual_address or ""}
    elif code == letters.SETTLEMENT:
        if not hasattr(mediation, "settlement"):
            raise ValidationFailed("no_settlement", _("Record the signed settlement first."), field="code")
        addressee_kind, addressee = MediationDocument.Addressee.PARTIES, {"name": "", "address": ""}
    else:
        if mediation.ended_on is None:
            raise ValidationFailed("not_ended", _("The mediation has no result yet."), field="code")
        if not (mediation.process_director or mediation.initiator):
            raise ValidationFailed("process_director_required", _("Enter the process director first."),
                                   field="code")
        addressee_kind = MediationDocument.Addressee.PROCESS_DIRECTOR
        addressee = {"name": mediation.process_director or mediation.initiator, "address": ""}
    letters.ensure_template(code, language)
    template = active_template(code, language)
    if template is None:
        raise ValidationFailed("template_missing", _("There is no template for this letter in this language."),
                               field="language")
    context = _context(actor=actor, mediation=mediation, language=language, addressee=addressee, meeting=meeting)
    with template.file.open("rb") as fh:
        content = fh.read()
    try:
        docx = rendering.render_docx(content, context)
    except Exception as exc:  # noqa: BLE001 - a template error must reach the user, not a 500
        raise ValidationFailed("template_render_failed", _("The template could not be filled in: %(error)s")
                               % {"error": exc}, field="code") from None
    title = template.title
    pdf = rendering.docx_to_pdf(docx, title=title, language=language)
    return _store(actor=actor, mediation=mediation, code=code, language=language, title=title,
                  addressee=addressee_kind, victim=victim, template_version=template.version,
                  files={"docx": docx, "pdf": pdf})


@transaction.atomic
def _store(*, actor: Any, mediation: Mediation, code: str, language: str, title: str, addressee: str,
           victim: Victim | None, template_version: int, files: dict[str, bytes]) -> list[MediationDocument]:
    made = []
    for fmt, content in files.items():
        doc = MediationDocument(mediation=mediation, victim=victim, code=code, addressee=addressee, title=title,
                                language=language, format=fmt, template_version=template_version,
                                created_by=actor if getattr(actor, "pk", None) else None)
        doc.file.save(f"{mediation.number}-{code}.{fmt}", ContentFile(content), save=False)
        doc.save()
        audit.record(actor=actor, verb="mediation_letter", instance=doc, action="create",
                     after={"code": code, "format": fmt, "sha256": hashlib.sha256(content).hexdigest()})
        made.append(doc)
    if code == letters.RESULT and mediation.reported_on is None:
        services.mediation_mark_reported(actor=actor, mediation=mediation)
    return made
