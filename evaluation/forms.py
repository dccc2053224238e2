"""Forms of the evaluation-report pages; the services check the rules and their errors are shown beside
the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import DateInput, Form, choice_field, model_choice_field
from documents.kinds import LANGUAGES
from evaluation import prisons
from evaluation.models import REPORT_SECTIONS, LetterReason, RequesterKind, Review, Step


class RequestForm(Form):
    requester_kind = forms.ChoiceField(label=_("Requested by"), choices=RequesterKind.choices)
    requester_name = forms.CharField(label=_("Requesting body"), max_length=200)
    request_number = forms.CharField(label=_("Request number"), max_length=80, required=False)
    case_number = forms.CharField(label=_("Criminal case number"), max_length=80)
    offence = forms.CharField(label=_("Offence (Criminal Law article)"), max_length=300)
    request_date = forms.DateField(label=_("Request date"), widget=DateInput())
    received_on = forms.DateField(label=_("Received on"), widget=DateInput(), required=False)
    deadline = forms.DateField(label=_("Delivery deadline"), widget=DateInput(), required=False,
                               help_text=_("Leave empty when the request names none: the default applies."))
    prison_code = forms.ChoiceField(label=_("Prison"), required=False)
    electronic_monitoring = forms.BooleanField(label=_("Parole with electronic monitoring"), required=False)
    person_contacts = forms.CharField(label=_("The person's contacts"), max_length=300)
    victim_meeting_undesirable = forms.TypedChoiceField(
        label=_("Victim meeting undesirable"), coerce=lambda v: v == "yes",
        choices=(("", "—"), ("no", _("No")), ("yes", _("Yes"))))
    victim_name = forms.CharField(label=_("Victim"), max_length=200, required=False)
    victim_contacts = forms.CharField(label=_("Victim's contacts"), max_length=300, required=False)
    victim_minor = forms.BooleanField(label=_("The victim is a minor"), required=False)
    victim_representative = forms.CharField(label=_("Victim's legal representative"), max_length=200,
                                            required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "prison_code").choices = [("", "—"), *prisons.choices()]


class AssignForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    author = forms.ModelChoiceField(label=_("Author"), queryset=User.objects.none(), required=False)
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, officers: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "author").queryset = officers
        model_choice_field(self, "reviewer").queryset = reviewers


class InvitationForm(Form):
    appearance_date = forms.DateField(label=_("Appearance date"), widget=DateInput())
    appearance_time = forms.TimeField(label=_("Appearance time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=300, required=False,
                            help_text=_("Leave empty for the unit's address."))
    language = forms.ChoiceField(label=_("Language of the letter"), choices=list(LANGUAGES.items()))


class StepForm(Form):
    kind = forms.ChoiceField(label=_("Step"), choices=Step.Kind.choices)
    source = forms.ChoiceField(label=_("Source"), choices=Step.Source.choices)
    day = forms.DateField(label=_("Date"), widget=DateInput())
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)


class SectionsForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in REPORT_SECTIONS:
            self.fields[code] = forms.CharField(label=str(label), required=False,
                                                widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}))


class SubmitForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=User.objects.none())

    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "reviewer").queryset = reviewers


class ReviewForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=Review.Decision.choices, widget=forms.RadioSelect)
    comments = forms.CharField(label=_("Comments for the author"), widget=forms.Textarea(attrs={"rows": 3}),
                               required=False, max_length=10_000)


class ReportSendForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput(), required=False)


class LetterForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    letter_reason = forms.ChoiceField(label=_("Why the report cannot be prepared"), choices=LetterReason.choices,
                                      widget=forms.RadioSelect)
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput(), required=False)


class YearForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
