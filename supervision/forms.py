"""Forms of the supervision pages. Validation of the rules lives in the services; forms only parse.

The section page shows a dozen forms at once, so each form class has its own ``prefix``: its fields'
names and element ids (``id_absence-reason``) never clash with another form's (``id_intensity-reason``),
and an error-summary link jumps to the field of the form that failed. The page and the POST view build
the same class, so both use the same prefix."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.kinds import closing_reason_choices
from core.forms import DateInput, GovukFormMixin, choice_field
from supervision import catalogue
from supervision.models import SupervisionDetails


class NeedsInput(forms.CheckboxSelectMultiple):
    """Checkboxes whose field id is the first box's, so that an error-summary link has a target."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M", attrs={"class": "govuk-input govuk-input--width-5"})


class RegisterForm(GovukFormMixin, forms.Form):
    prefix = "register"
    start_date = forms.DateField(label=_("Start of the term"), widget=DateInput())
    end_date = forms.DateField(label=_("End of the term"), widget=DateInput())
    intensity = forms.ChoiceField(label=_("Intensity"), choices=list(catalogue.INTENSITIES.items()), initial="medium")
    set_by = forms.ChoiceField(label=_("Term set by"), choices=SupervisionDetails.SetBy.choices)
    prison_term_months = forms.IntegerField(label=_("Prison term (months)"), required=False, min_value=1,
                                            help_text=_("Conditional sentence: the term is at least the prison term."))
    sentence_end_date = forms.DateField(label=_("End of the sentence"), required=False, widget=DateInput(),
                                        help_text=_("Parole: the term is the rest of the sentence."))
    extended_term = forms.BooleanField(label=_("The law allows the longer term (up to 5 years)"), required=False)


class IntensityForm(GovukFormMixin, forms.Form):
    prefix = "intensity"
    intensity = forms.ChoiceField(label=_("New intensity"), choices=list(catalogue.INTENSITIES.items()))
    reason = forms.CharField(label=_("Reason"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DutyForm(GovukFormMixin, forms.Form):
    prefix = "duty"
    code = forms.ChoiceField(label=_("Additional duty"))
    details = forms.CharField(label=_("Details (hours, places, persons, area)"), required=False, max_length=300)
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(label=_("Until"), required=False, widget=DateInput(),
                               help_text=_("Empty: until the end of the term."))
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [  # type: ignore[attr-defined]
            (code, catalogue.DUTY_TYPES[code].label) for code in catalogue.ADDITIONAL_DUTIES]


class AppointmentForm(GovukFormMixin, forms.Form):
    prefix = "appointment"
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=list(catalogue.APPOINTMENT_KINDS.items()))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), initial=30, min_value=1)
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    remind = forms.BooleanField(label=_("Send the client a reminder"), required=False, initial=True)
    took_place = forms.BooleanField(label=_("The contact already took place (record it afterwards)"),
                                    required=False)

    def starts_at(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["date"], data["time"]))

    def add_domain_error(self, error: Any) -> None:
        """The service names ``starts_at``: the page shows it beside the date."""
        if error.field == "starts_at":
            error.field = "date"
        super().add_domain_error(error)


class OutcomeForm(GovukFormMixin, forms.Form):
    prefix = "outcome"
    outcome = forms.ChoiceField(label=_("Outcome"),
                                choices=[(o.code, o.label) for o in catalogue.OUTCOMES.values()])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500,
                             help_text=_("Required for an acceptable absence."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ViolationForm(GovukFormMixin, forms.Form):
    prefix = "violation"
    kind = forms.ChoiceField(label=_("Kind of violation"), choices=list(catalogue.VIOLATION_KINDS.items()))
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    serious = forms.BooleanField(label=_("Serious: a submission is due at once"), required=False)
    duty = forms.ChoiceField(label=_("The duty it concerns"), required=False)
    appointment = forms.ChoiceField(label=_("The appointment it concerns"), required=False)

    def __init__(self, *args: Any, duties: Any = (), appointments: Any = (), **kwargs: Any) -> None:
        """``duties`` and ``appointments`` are the section's own: a violation can concern only them."""
        super().__init__(*args, **kwargs)
        self.duties = {str(d.pk): d for d in duties}
        self.appointments = {str(a.pk): a for a in appointments}
        choice_field(self, "duty").choices = [("", "—")] + [(pk, d.label) for pk, d in self.duties.items()]
        choice_field(self, "appointment").choices = [("", "—")] + [
            (pk, f"{timezone.localtime(a.starts_at):%d.%m.%Y %H:%M} {a.get_kind_display()}"
                 + (f" – {a.outcome_label}" if a.outcome else ""))
            for pk, a in self.appointments.items()]

    def chosen(self) -> dict[str, Any]:
        """The duty and appointment chosen (objects of this section, or None)."""
        return {"duty": self.duties.get(self.cleaned_data.get("duty") or ""),
                "appointment": self.appointments.get(self.cleaned_data.get("appointment") or "")}


class SubmissionForm(GovukFormMixin, forms.Form):
    prefix = "submission"
    addressee = forms.ChoiceField(label=_("To"), choices=list(catalogue.ADDRESSEES.items()))
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}))
    violation = forms.ChoiceField(label=_("Violation"), required=False)

    def __init__(self, *args: Any, violations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["violation"].choices = [("", "—")] + [(str(v.pk), str(v)) for v in violations]  # type: ignore[attr-defined]


class DecisionForm(GovukFormMixin, forms.Form):
    prefix = "decision"
    decision = forms.ChoiceField(label=_("Decision"))
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    extension_months = forms.IntegerField(label=_("Extension (months)"), required=False, min_value=1)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, kind: str = "", purpose: str = "breach", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        table = catalogue.TERMINATION_DECISIONS if purpose == "early_termination" else catalogue.DECISIONS
        self.fields["decision"].choices = [  # type: ignore[attr-defined]
            (d.code, d.label) for d in table.values() if kind in d.kinds]


class ConversionForm(GovukFormMixin, forms.Form):
    end_date = forms.DateField(label=_("End of the probation supervision term"), widget=DateInput())
    from_date = forms.DateField(label=_("Date from which the rest is converted"), widget=DateInput())


class PlanForm(GovukFormMixin, forms.Form):
    """The plan as a new version: the client's needs, the date agreed and goal rows
    (``goal_<n>``, ``need_<n>``, ``measures_<n>``, ``responsible_<n>``, ``due_date_<n>``)."""

    prefix = "plan"
    needs = forms.MultipleChoiceField(label=_("Criminogenic needs"), choices=list(catalogue.NEEDS.items()),
                                      widget=NeedsInput, required=False)
    agreed_on = forms.DateField(label=_("Agreed with the client on"), required=False, widget=DateInput(),
                                help_text=_("Empty if not agreed yet."))
    change_note = forms.CharField(label=_("What changed"), required=False, max_length=500)
    number = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, rows: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for n in range(1, rows + 1):
            self.fields[f"goal_{n}"] = forms.CharField(label=_("Goal %(n)s") % {"n": n}, required=False, max_length=300)
            self.fields[f"need_{n}"] = forms.ChoiceField(label=_("Need"), required=False,
                                                         choices=[("", "—"), *catalogue.NEEDS.items()])
            self.fields[f"measures_{n}"] = forms.CharField(label=_("Measures"), required=False,
                                                           widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"responsible_{n}"] = forms.CharField(label=_("Responsible"), required=False,
                                                              max_length=200)
            self.fields[f"due_date_{n}"] = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    @classmethod
    def rows_in(cls, data: Any) -> int:
        """How many goal rows a POST carries (at least one)."""
        return max(sum(1 for key in data if key.startswith(f"{cls.prefix}-goal_")), 1)

    def goals(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        return [{"goal": d.get(f"goal_{n}"), "need": d.get(f"need_{n}"), "measures": d.get(f"measures_{n}"),
                 "responsible": d.get(f"responsible_{n}"), "due_date": d.get(f"due_date_{n}")}
                for n in range(1, self.rows + 1)]

    def head_fields(self) -> list[Any]:
        return [self[name] for name in ("needs", "agreed_on", "change_note", "number")]

    def goal_fields(self) -> list[list[Any]]:
        return [[self[f"{p}_{n}"] for p in ("goal", "need", "measures", "responsible", "due_date")]
                for n in range(1, self.rows + 1)]


class AbsenceForm(GovukFormMixin, forms.Form):
    prefix = "absence"
    starts_on = forms.DateField(label=_("First day away"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day away"), widget=DateInput())
    destination = forms.CharField(label=_("Destination"), max_length=300)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AbsenceDecisionForm(GovukFormMixin, forms.Form):
    prefix = "absence_decision"
    decision = forms.ChoiceField(label=_("Decision"), choices=list(catalogue.ABSENCE_DECISIONS.items()))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000,
                             help_text=_("Required for a refusal."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class TerminationForm(GovukFormMixin, forms.Form):
    prefix = "termination"
    addressee = forms.ChoiceField(label=_("To"), choices=list(catalogue.ADDRESSEES.items()))
    grounds = forms.CharField(label=_("Grounds for early termination"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(GovukFormMixin, forms.Form):
    prefix = "close"
    reason = forms.ChoiceField(label=_("Closing reason"))
    closed_on = forms.DateField(label=_("Closed on"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = closing_reason_choices(kind)  # type: ignore[attr-defined]
