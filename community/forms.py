"""Forms of the community-service pages (GOV.UK classes; services do the checking).

The section page and the work provider's page show several forms at once, so each of those form
classes has its own ``prefix``: field names and element ids (``id_hours-day``, ``id_step-day``) never
clash, and an error-summary link jumps to the field of the form that failed. The page and the POST view
build the same class, so both use the same prefix. A form alone on its page (the correction, the
bulk day, the report's year, an item's edit page) has none."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import Agreement, EnforcementStep, OrderType, RegistrationBasis, WorkProvider
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


class ProviderForm(Form):
    prefix = "provider"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=WorkProvider.Kind.choices)
    registration_number = forms.CharField(label=_("Registration number"), max_length=30, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=WorkProvider.Status.choices,
                               initial=WorkProvider.Status.PROSPECT)
    stage = forms.ChoiceField(label=_("Pipeline stage"), choices=WorkProvider.Stage.choices,
                              initial=WorkProvider.Stage.IDENTIFIED)
    unit = forms.TypedChoiceField(label=_("Responsible unit"), coerce=int)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args: Any, units: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        choice_field(self, "unit").choices = list(units)


class AgreementForm(Form):
    prefix: str | None = "agreement"
    number = forms.CharField(label=_("Agreement number"), max_length=60)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput(), required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Agreement.Status.choices, initial=Agreement.Status.ACTIVE)


class PlaceForm(Form):
    prefix: str | None = "place"
    name = forms.CharField(label=_("Name of the work place"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300)
    municipality = forms.ChoiceField(label=_("Municipality"))
    kinds_of_work = forms.CharField(label=_("Kinds of work"), max_length=300)
    capacity = forms.IntegerField(label=_("Capacity (clients at a time)"), min_value=1)
    working_times = forms.CharField(label=_("Working times"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from core.places import municipalities

        super().__init__(*args, **kwargs)
        choice_field(self, "municipality").choices = [("", "")] + municipalities()


class ContactForm(Form):
    prefix: str | None = "contact"
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)


class NoteForm(Form):
    prefix = "note"
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


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


class AgreementEditForm(AgreementForm):
    prefix = None  # alone on its page
    version = forms.IntegerField(widget=forms.HiddenInput)
    field_order = ["version", "number", "signed_on", "valid_from", "valid_until", "status"]


class PlaceEditForm(PlaceForm):
    prefix = None  # alone on its page
    version = forms.IntegerField(widget=forms.HiddenInput)
    active = forms.BooleanField(label=_("Takes clients (uncheck to close the work place)"), required=False)


class ContactEditForm(ContactForm):
    prefix = None  # alone on its page
    version = forms.IntegerField(widget=forms.HiddenInput)
    active = forms.BooleanField(label=_("Current contact person"), required=False)


class RatingForm(Form):
    prefix = "rating"
    year = forms.IntegerField(label=_("Year rated"), min_value=2000, max_value=2100)
    rated_on = forms.DateField(label=_("Date of the rating"), widget=DateInput())
    score = forms.TypedChoiceField(label=_("Satisfaction"), coerce=int, choices=[
        (5, _("5 – very satisfied")), (4, _("4 – satisfied")), (3, _("3 – neither")), (2, _("2 – dissatisfied")),
        (1, _("1 – very dissatisfied"))])
    note = forms.CharField(label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
