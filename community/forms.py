"""Forms of the community-service pages (GOV.UK classes; services do the checking).

The section page and the organisation page (where community service's panel shows the supervisor
form beside the partner forms) show several forms at once, so each of those form classes has its own
``prefix``: field names and element ids (``id_hours-day``, ``id_step-day``) never clash, and an
error-summary link jumps to the field of the form that failed. The page and the POST view build the
same class, so both use the same prefix. A form alone on its page (the correction, the bulk day, the
report's year) has none."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import EnforcementStep, OrderType, RegistrationBasis
from core.forms import DateInput, Form, choice_field


class DetailsForm(Form):
    prefix = "details"
    order_type = forms.ChoiceField(label=_("Kind of order"), choices=OrderType.choices)
    ordered_hours = forms.IntegerField(label=_("Ordered hours"), min_value=1)
    registration_basis = forms.ChoiceField(label=_("Registration counts from"), choices=RegistrationBasis.choices,
                                           initial=RegistrationBasis.RULING)
    ruling_in_force = forms.DateField(label=_("Ruling took effect"), widget=DateInput())
    basis_event_date = forms.DateField(label=_("Date of release or parole"), widget=DateInput(), required=False,
                                       help_text=_("Leave empty when registration counts from the ruling."))
    offence_date = forms.DateField(label=_("Date of the offence"), widget=DateInput(), required=False,
                                   help_text=_("Required for a child: the age at the offence is checked."))

    def __init__(self, *args: Any, order_types: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if order_types:
            choice_field(self, "order_type").choices = [c for c in OrderType.choices if c[0] in order_types]


class DetailsEditForm(Form):
    prefix = "details"
    version = forms.IntegerField(widget=forms.HiddenInput)
    order_type = forms.ChoiceField(label=_("Kind of order"), choices=OrderType.choices)
    ordered_hours = forms.IntegerField(label=_("Ordered hours"), min_value=1)
    offence_date = forms.DateField(label=_("Date of the offence"), widget=DateInput(), required=False)
    exemplary_work = forms.BooleanField(label=_("Works exemplarily (for early release)"), required=False)

    def __init__(self, *args: Any, order_types: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if order_types:
            choice_field(self, "order_type").choices = [c for c in OrderType.choices if c[0] in order_types]


class OrderForm(Form):
    prefix = "order"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    place = forms.TypedChoiceField(label=_("Work place"), coerce=int)
    start_date = forms.DateField(label=_("First day"), widget=DateInput())
    schedule = forms.CharField(label=_("Schedule"), max_length=300,
                               help_text=_("For example: Saturdays 9:00–15:00."))

    def __init__(self, *args: Any, places: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        choice_field(self, "place").choices = [("", "")] + list(places)


class HoursForm(Form):
    prefix = "hours"
    day = forms.DateField(label=_("Day"), widget=DateInput())
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=2)


class CorrectForm(Form):
    hours = forms.DecimalField(label=_("Corrected hours"), max_digits=4, decimal_places=2, min_value=0,
                               help_text=_("0 if the entry was made by mistake."))
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)


class BulkDayForm(Form):
    day = forms.DateField(label=_("Day"), widget=DateInput())


class SupervisorForm(Form):
    prefix = "supervisor"
    username = forms.CharField(label=_("Supervisor's user name"), max_length=150)


class ReportForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class StepForm(Form):
    prefix = "step"
    kind = forms.ChoiceField(label=_("Step"), choices=EnforcementStep.Kind.choices)
    day = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DecisionForm(Form):
    prefix = "decision"
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Court's decision"), choices=[
        (EnforcementStep.Decision.GRANTED, EnforcementStep.Decision.GRANTED.label),
        (EnforcementStep.Decision.REJECTED, EnforcementStep.Decision.REJECTED.label)])
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
