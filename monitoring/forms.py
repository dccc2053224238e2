"""Forms of the EM pages. Each form on a page has its own prefix (unique ids; error links reach the field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form
from monitoring.eligibility import category_choices
from monitoring.models import Alert, Device, Place, ScheduleException, Technology, Zone

WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]
YES_NO = [("", "–"), ("yes", _("yes")), ("no", _("no"))]


class TimeInput(forms.TimeInput):
    input_type = "time"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class PlanForm(Form):
    prefix = "plan"
    technology = forms.ChoiceField(label=_("Technology"), choices=Technology.choices)
    months = forms.IntegerField(label=_("Duration (months from fitting)"), help_text=_("1–12 months (KL 61)."))
    consent_on = forms.DateField(label=_("Client's consent given on"), widget=DateInput(), required=False)


class FeasibilityForm(Form):
    prefix = "home"
    electricity = forms.BooleanField(label=_("Electricity at the residence"), required=False)
    connectivity = forms.BooleanField(label=_("Mobile or fixed connectivity at the residence"), required=False)
    household_members = forms.IntegerField(label=_("Other adults living there"), min_value=0, initial=0)
    household_consent = forms.ChoiceField(label=_("The others living there consent"), choices=YES_NO, required=False)
    checked_on = forms.DateField(label=_("Home checked on"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput())


class FitForm(Form):
    prefix = "fit"
    fitted_at = forms.DateTimeField(label=_("Device fitted at"), widget=DateTimeInput(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput())


class EndForm(Form):
    prefix = "end"
    ended_at = forms.DateTimeField(label=_("Monitoring ended at"), widget=DateTimeInput(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput())


class AssignForm(Form):
    prefix = "assign"
    device = forms.ModelChoiceField(label=_("Device"), queryset=Device.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["device"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Device.objects.filter(status=Device.Status.IN_STOCK)


class ReturnForm(Form):
    prefix = "return"
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Device now"), choices=[
        (Device.Status.IN_STOCK, _("in stock")), (Device.Status.FAULTY, _("faulty")), (Device.Status.LOST, _("lost"))])


class VisitForm(Form):
    prefix = "visit"
    visit = forms.ChoiceField(label=_("Visit"), choices=[("monitoring.check_visit", _("Check the devices")),
                                                         ("monitoring.removal_visit", _("Remove the devices"))])


class ScheduleForm(Form):
    """A weekly curfew: the same window on the chosen days (more windows through the API)."""

    prefix = "schedule"
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput(), required=False)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput(), required=False)
    days = forms.MultipleChoiceField(label=_("Days"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple,
                                     required=False)
    start = forms.TimeField(label=_("From"), widget=TimeInput())
    end = forms.TimeField(label=_("Until"), widget=TimeInput())
    next_day = forms.BooleanField(label=_("Ends the next day"), required=False)
    place = forms.ChoiceField(label=_("Where"), choices=Place.choices, initial=Place.HOME)


class ExceptionForm(Form):
    prefix = "exception"
    date = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    kind = forms.ChoiceField(label=_("Change"), choices=ScheduleException.Kind.choices)
    start = forms.TimeField(label=_("From"), widget=TimeInput(), required=False)
    end = forms.TimeField(label=_("Until"), widget=TimeInput(), required=False)
    next_day = forms.BooleanField(label=_("Ends the next day"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ZoneForm(Form):
    prefix = "zone"
    name = forms.CharField(label=_("Name"), max_length=80, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Zone.Kind.choices)
    polygon = forms.CharField(label=_("Outline"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
                              help_text=_("One point per line: latitude, longitude. Repeat the first point at the end."))


class NoteForm(Form):
    prefix = "alert"
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)


class ReviewForm(Form):
    prefix = "review"
    response = forms.ChoiceField(label=_("Response"), choices=Alert.Response.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DeviceForm(Form):
    prefix = "device"
    kind = forms.ChoiceField(label=_("Kind"), choices=Device.Kind.choices)
    serial = forms.CharField(label=_("Serial number"), max_length=40, required=False)
    model = forms.CharField(label=_("Model"), max_length=80, required=False)
    firmware = forms.CharField(label=_("Firmware"), max_length=40, required=False)


class CalculatorForm(Form):
    prefix = "calc"
    category = forms.ChoiceField(label=_("Category of the crime"), choices=category_choices, widget=forms.RadioSelect)
    sentence_start = forms.DateField(label=_("Sentence began"), widget=DateInput(), required=False)
    years = forms.IntegerField(label=_("Years"), min_value=0, initial=0, required=False)
    months = forms.IntegerField(label=_("Months"), min_value=0, initial=0, required=False)
    days = forms.IntegerField(label=_("Days"), min_value=0, initial=0, required=False)
