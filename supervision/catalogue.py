"""Coded lists of supervision, as data: intensities, duties, appointment kinds and outcomes,
violation kinds and the decisions a court or prosecutor may take on a submission."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

INTENSITIES: dict[str, str | Promise] = {"low": _("low"), "medium": _("medium"), "high": _("high")}


@dataclass(frozen=True)
class DutyType:
    code: str
    label: str | Promise
    source: str
    legal: bool  # attached automatically to every supervision section


DUTY_TYPES: dict[str, DutyType] = {
    d.code: d for d in [
        # Legal duties of every supervised client (SIK 155).
        DutyType("obey_requirements", _("Obey the lawful requirements of the probation service"), "SIK 155", True),
        DutyType("appear_when_summoned", _("Come to the probation service when summoned"), "SIK 155", True),
        DutyType("report_residence_work", _("Report residence, work or study and any change of them"),
                 "SIK 155", True),
        DutyType("absence_permission", _("Ask permission for an absence of more than 15 days"), "SIK 155", True),
        # Additional duties the service may set (MK 107 p.11).
        DutyType("curfew", _("Be at the place of residence at set hours (curfew)"), "MK 107 p.11", False),
        DutyType("no_residence_change", _("Not change the place of residence without consent"), "MK 107 p.11",
                 False),
        DutyType("place_ban", _("Not visit certain places"), "MK 107 p.11", False),
        DutyType("contact_ban", _("Not contact certain persons"), "MK 107 p.11", False),
        DutyType("area_restriction", _("Not leave a set area"), "MK 107 p.11", False),
        DutyType("no_alcohol_drugs", _("Not use alcohol, drugs or other intoxicating substances"), "MK 107 p.11",
                 False),
        DutyType("agreed_routes", _("Use only agreed routes"), "MK 107 p.11", False),
        DutyType("programme", _("Attend a probation programme"), "MK 107 p.11", False),
    ]
}

LEGAL_DUTIES = tuple(code for code, d in DUTY_TYPES.items() if d.legal)
ADDITIONAL_DUTIES = tuple(code for code, d in DUTY_TYPES.items() if not d.legal)

APPOINTMENT_KINDS: dict[str, str | Promise] = {
    "office": _("at the office"),
    "home_visit": _("home visit"),
    "phone": pgettext_lazy("contact method", "phone"),
    "video": _("video"),
    "written": _("written"),
}


@dataclass(frozen=True)
class OutcomeType:
    """An appointment outcome (nDelius's list as the model)."""

    code: str
    label: str | Promise
    attended: bool
    enforceable: bool  # a breach the service may act on
    needs_reason: bool = False
    counts_as_contact: bool = False  # an attended contact for the frequency check


OUTCOMES: dict[str, OutcomeType] = {
    o.code: o for o in [
        OutcomeType("attended_complied", _("Attended – complied"), True, False, counts_as_contact=True),
        OutcomeType("attended_failed", _("Attended – failed to comply"), True, True, counts_as_contact=True),
        OutcomeType("sent_home", _("Attended – sent home"), True, True),
        OutcomeType("acceptable_absence", _("Acceptable absence"), False, False, needs_reason=True),
        OutcomeType("unacceptable_absence", _("Unacceptable absence"), False, True),
        OutcomeType("failed_to_attend", _("Failed to attend"), False, True),
        OutcomeType("rescheduled_service", _("Rescheduled by the service"), False, False),
        OutcomeType("rescheduled_client", _("Rescheduled at the client's request"), False, False),
    ]
}

RESCHEDULED = ("rescheduled_service", "rescheduled_client")

VIOLATION_KINDS: dict[str, str | Promise] = {
    "duty_breach": _("breach of a duty"),
    "new_offence": _("new offence"),
    "absconding": _("absconding"),
    "em_breach": _("electronic monitoring breach"),
}

ADDRESSEES: dict[str, str | Promise] = {"court": _("court"), "prosecutor": _("prosecutor")}


@dataclass(frozen=True)
class Decision:
    code: str
    label: str | Promise
    kinds: tuple[str, ...]  # section kinds it applies to
    breach_ends: bool = True  # the breach is no longer in progress once decided
    request: str | Promise = ""  # what a submission asks the court for, as the letter says it


_SUPERVISION_ALL = ("supervision_conditional_release", "supervision_conditional_sentence", "supervision_parole",
                    "supervision_parole_em", "probation_supervision", "probation_observation")

# Decisions per kind (workflows.md §3, KL 2017 text).
DECISIONS: dict[str, Decision] = {
    d.code: d for d in [
        Decision("sentence_executed", _("Sentence to be executed"), ("supervision_conditional_sentence",),
                 request=_("ordering the execution of the suspended sentence")),
        Decision("probation_extended", _("Probation period extended (up to 1 year)"),
                 ("supervision_conditional_sentence",), request=_("extending the probation period by up to one year")),
        Decision("rest_served", _("The rest of the sentence to be served"),
                 ("supervision_parole", "supervision_parole_em"),
                 request=_("revoking the conditional early release and ordering the rest of the sentence to be served")),
        Decision("prosecution_resumed", _("Prosecution resumed"), ("supervision_conditional_release",),
                 request=_("revoking the conditional release from criminal liability and resuming the prosecution")),
        Decision("converted", _("Converted to imprisonment (2 supervision days = 1 day)"),
                 ("probation_supervision",),
                 request=_("converting the remaining probation supervision into imprisonment "
                           "(2 days of supervision = 1 day)")),
        Decision("replaced_by_imprisonment", _("Replaced by imprisonment (new offence)"),
                 ("probation_supervision",), request=_("replacing the probation supervision by imprisonment")),
        Decision("no_action", _("No action"), _SUPERVISION_ALL),
    ]
}

# Decisions on an early-termination submission (``purpose`` "early_termination").
TERMINATION_DECISIONS: dict[str, Decision] = {
    d.code: d for d in [
        Decision("early_termination_granted", _("Early termination granted"), _SUPERVISION_ALL),
        Decision("early_termination_refused", _("Early termination refused"), _SUPERVISION_ALL),
    ]
}


def label(table: dict, code: str) -> str:
    value = table.get(code)
    if value is None:
        return code
    return str(getattr(value, "label", value))


# Criminogenic needs a plan goal addresses (entered by hand until the risk module exists).
NEEDS: dict[str, str | Promise] = {
    "accommodation": _("accommodation"),
    "education_employment": _("education, training and employment"),
    "finances": _("finances"),
    "relationships": _("relationships"),
    "lifestyle": _("lifestyle and associates"),
    "alcohol": _("alcohol misuse"),
    "drugs": _("drug misuse"),
    "thinking_behaviour": _("thinking and behaviour"),
    "attitudes": _("attitudes"),
}

# Need codes other instruments use (a risk and needs assessment's), in the plan's words above.
NEED_SYNONYMS: dict[str, tuple[str, ...]] = {
    "substance_use": ("alcohol", "drugs"),
    "behaviour": ("thinking_behaviour",),
    "peers": ("lifestyle",),
    "leisure": ("lifestyle",),
    "school": ("education_employment",),
    "family_support": ("relationships",),
}

# What a submission asks for.
PURPOSES: dict[str, str | Promise] = {
    "breach": _("enforcement of a breach"),
    "early_termination": _("early termination"),
}

ABSENCE_DECISIONS: dict[str, str | Promise] = {"granted": _("granted"), "refused": _("refused")}
