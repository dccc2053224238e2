"""Forms of the mediation pages. They only parse input; the rules are the services' (their errors are
shown beside the field through ``core.forms.submit``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.forms import DateInput, Form, choice_field, model_choice_field
from mediation.models import Mediation, Mediator, Meeting, Settlement, Term

LANGUAGE_CHOICES = [("lv", _("Latvian")), ("ru", _("Russian")), ("en", _("English"))]
TERM_ROWS = 5


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "govuk-input govuk-input--width-20", **(attrs or {})},
                         format="%Y-%m-%dT%H:%M")


class RegisterForm(Form):
    case_number = forms.CharField(label=_("Client's case file number"), max_length=20, required=False,
                                  help_text=_("When the offender is a client. Otherwise leave empty and enter the "
                                              "offender's data below."))
    first_name = forms.CharField(label=_("Offender's first name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Offender's last name"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Offender's date of birth"), required=False, widget=DateInput())
    personal_code = forms.CharField(label=_("Offender's personal code"), max_length=12, required=False)
    document_number = forms.CharField(label=_("Identity document number (without a personal code)"), max_length=40,
                                      required=False)
    started_by = forms.ChoiceField(label=_("Started by"), choices=Mediation.StartedBy.choices)
    initiator = forms.CharField(label=_("Who asked (institution or person)"), max_length=200)
    process_director = forms.CharField(label=_("Process director (institution)"), max_length=200, required=False)
    criminal_case_number = forms.CharField(label=_("Criminal case number"), max_length=40, required=False)
    offence = forms.CharField(label=_("Offence"), max_length=300)
    offence_date = forms.DateField(label=_("Date of the offence"), required=False, widget=DateInput())
    offence_class = forms.ChoiceField(label=_("Class of the offence"), choices=Mediation.OffenceClass.choices)
    intentional = forms.BooleanField(label=_("Intentional offence"), required=False, initial=True)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    responsible_officer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Responsible officer"), queryset=None, required=False)

    def __init__(self, *args: Any, officers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "responsible_officer").queryset = officers


class AssignForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    mediator: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Mediator"), queryset=None)

    def __init__(self, *args: Any, mediators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "mediator")
        field.queryset = mediators
        field.label_from_instance = lambda m: (  # type: ignore[method-assign,assignment]
            f"{m.full_name} ({m.get_kind_display()}; {', '.join(m.languages)}"
            + (f"; {_('certified until')} {m.certified_until:%d.%m.%Y}" if m.certified_until else "") + ")")


class GateForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    admission_on = forms.DateField(label=_("The offender admitted the offence and the facts on"), required=False,
                                   widget=DateInput())
    offender_consent_on = forms.DateField(label=_("The offender's written voluntary consent on"), required=False,
                                          widget=DateInput())


class VictimForm(Form):
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name or organisation"), max_length=200, required=False)
    personal_code = forms.CharField(label=_("Personal code"), max_length=12, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Language of letters"), choices=LANGUAGE_CHOICES)
    representative_name = forms.CharField(label=_("Legal representative (for a minor)"), max_length=200,
                                          required=False)
    representative_contact = forms.CharField(label=_("Legal representative's contacts"), max_length=300,
                                             required=False)
    statement = forms.CharField(label=_("Victim's statement and wishes"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    consent_on = forms.DateField(label=_("Written voluntary consent on"), required=False, widget=DateInput())


class ConsentForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    consent_on = forms.DateField(label=_("Written voluntary consent on"), widget=DateInput())
    representative_name = forms.CharField(label=_("Legal representative (for a minor)"), max_length=200,
                                          required=False)


class MeetingForm(Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Meeting.Kind.choices)
    format = forms.ChoiceField(label=_("Format"), choices=Meeting.Format.choices, widget=forms.RadioSelect,
                               initial=Meeting.Format.IN_PERSON)
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput(),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    place = forms.CharField(label=_("Place or link"), max_length=300)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class MeetingRecordForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("The meeting was"), widget=forms.RadioSelect, choices=[
        (Meeting.Status.HELD, Meeting.Status.HELD.label), (Meeting.Status.CANCELLED, Meeting.Status.CANCELLED.label)])
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class SettleForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    certified_by = forms.ChoiceField(label=_("Signatures certified by"), choices=Settlement.CertifiedBy.choices)
    voluntary = forms.BooleanField(label=_("The parties confirm they settle voluntarily"), required=False)
    consequences_understood = forms.BooleanField(label=_("The parties understand the consequences"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, TERM_ROWS + 1):
            self.fields[f"term_{n}"] = forms.CharField(label=_("Term %(n)s") % {"n": n}, max_length=300,
                                                       required=False)
            self.fields[f"due_{n}"] = forms.DateField(label=_("Deadline of term %(n)s") % {"n": n}, required=False,
                                                      widget=DateInput())
        for name in [f for f in self.fields if f.startswith(("term_", "due_"))]:
            widget = self.fields[name].widget
            widget.attrs["class"] = "govuk-input" + (" govuk-input--width-10" if name.startswith("due_") else "")

    def add_domain_error(self, error: DomainError) -> None:
        if error.field == "terms":
            index = int(error.extra.get("index", 0)) + 1
            name = f"due_{index}" if "due" in error.code else f"term_{index}"
            self.add_error(name if name in self.fields else None, error.message)
            return
        super().add_domain_error(error)


class EndForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Reason there is no settlement"),
                               choices=[("", "—"), *Mediation.NoSettlementReason.choices], required=False)
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class TermForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Fulfilment"), widget=forms.RadioSelect, choices=[
        (Term.Status.FULFILLED, _("fulfilled")), (Term.Status.NOT_FULFILLED, _("not fulfilled"))])
    resolved_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class LetterForm(Form):
    code = forms.ChoiceField(label=_("Letter"), choices=())
    addressee = forms.ChoiceField(label=_("To"), choices=(), required=False)
    meeting = forms.ChoiceField(label=_("Meeting"), choices=(), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, codes: Any = (), addressees: Any = (), meetings: Any = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "code").choices = list(codes)
        choice_field(self, "addressee").choices = [("", "—"), *addressees]
        choice_field(self, "meeting").choices = [("", "—"), *meetings]


class MediatorForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Kind of mediator"), choices=Mediator.Kind.choices)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    username = forms.CharField(label=_("Sign-in (username)"), max_length=150, required=False,
                               help_text=_("The mediator's user account, so that they see their mediations."))
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=40, required=False)
    certified_from = forms.DateField(label=_("Certified from"), required=False, widget=DateInput())
    certified_until = forms.DateField(label=_("Certified until"), required=False, widget=DateInput())
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=LANGUAGE_CHOICES, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    available = forms.BooleanField(label=_("Takes new mediations"), required=False, initial=True)
    availability = forms.CharField(label=_("Availability"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
