"""Forms of the partner organisation pages (GOV.UK classes; the services do the checking).

The organisation page shows several forms at once, so each of those classes has its own ``prefix``:
field names and element ids never clash, and an error-summary link jumps to the field of the form
that failed. A form alone on its page (an item's edit page) has none."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form, choice_field
from core.places import municipalities
from partners.models import Agreement, Organisation


class OrganisationForm(Form):
    prefix = "organisation"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    registration_number = forms.CharField(label=_("Registration number"), max_length=30, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Organisation.Status.choices,
                               initial=Organisation.Status.PROSPECT)
    stage = forms.ChoiceField(label=_("Pipeline stage"), choices=Organisation.Stage.choices,
                              initial=Organisation.Stage.IDENTIFIED)
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
    name = forms.CharField(label=_("Name of the place"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300)
    municipality = forms.ChoiceField(label=_("Municipality"))
    kinds_of_work = forms.CharField(label=_("Kinds of work"), max_length=300)
    capacity = forms.IntegerField(label=_("Capacity (clients at a time)"), min_value=1)
    working_times = forms.CharField(label=_("Working times"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
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


class RatingForm(Form):
    prefix = "rating"
    year = forms.IntegerField(label=_("Year rated"), min_value=2000, max_value=2100)
    rated_on = forms.DateField(label=_("Date of the rating"), widget=DateInput())
    score = forms.TypedChoiceField(label=_("Satisfaction"), coerce=int, choices=[
        (5, _("5 – very satisfied")), (4, _("4 – satisfied")), (3, _("3 – neither")), (2, _("2 – dissatisfied")),
        (1, _("1 – very dissatisfied"))])
    note = forms.CharField(label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AgreementEditForm(AgreementForm):
    prefix = None  # alone on its page
    version = forms.IntegerField(widget=forms.HiddenInput)
    field_order = ["version", "number", "signed_on", "valid_from", "valid_until", "status"]


class PlaceEditForm(PlaceForm):
    prefix = None  # alone on its page
    version = forms.IntegerField(widget=forms.HiddenInput)
    active = forms.BooleanField(label=_("Takes clients (uncheck to close the place)"), required=False)


class ContactEditForm(ContactForm):
    prefix = None  # alone on its page
    version = forms.IntegerField(widget=forms.HiddenInput)
    active = forms.BooleanField(label=_("Current contact person"), required=False)
