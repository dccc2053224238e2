"""Forms of the management module. They only collect input: the rules live in the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import OrgUnit, User
from cases.kinds import BasisType, kind_choices
from core.forms import DateInput, Form
from core.places import municipalities
from people.models import Person
from tasks.models import IncomingDocument, Task


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        unit = obj.home_unit.name if obj.home_unit_id and obj.home_unit else ""
        return f"{obj.get_full_name() or obj.username} ({unit})" if unit else (obj.get_full_name() or obj.username)


class VersionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CompleteForm(VersionForm):
    outcome = forms.CharField(label=_("Outcome"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("What was done, e.g. \"visit held, next on 12.03\"."))


class CancelForm(VersionForm):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(VersionForm):
    assignee = UserChoiceField(label=_("Assign to"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, assignees: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if assignees is not None:
            cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = assignees


class InboxItemForm(Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=IncomingDocument.Kind.choices)
    sender = forms.CharField(label=_("Sender (issuing body)"), max_length=200, required=False,
                             help_text=_("For example: Rīgas pilsētas tiesa"))
    sender_reference = forms.CharField(label=_("Document number"), max_length=80, required=False)
    document_date = forms.DateField(label=_("Document date"), required=False, widget=DateInput())
    routed_unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    file = forms.FileField(label=_("File"), required=False, help_text=_("PDF, DOCX, ODT, image or EDOC"))
    hint_personal_code = forms.CharField(label=_("Personal code (as in the document)"), max_length=12,
                                         required=False)
    hint_first_name = forms.CharField(label=_("First name (as in the document)"), max_length=100, required=False)
    hint_last_name = forms.CharField(label=_("Last name (as in the document)"), max_length=100, required=False)
    hint_birth_date = forms.DateField(label=_("Date of birth (as in the document)"), required=False,
                                      widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            cast(forms.ModelChoiceField, self.fields["routed_unit"]).queryset = units


class RejectForm(VersionForm):
    reason = forms.CharField(label=_("Reason for rejecting"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class FindPersonForm(Form):
    q = forms.CharField(label=_("Name, personal code or case number"), max_length=100, required=False)


class RegisterForm(VersionForm):
    section_kind = forms.ChoiceField(label=_("Probation function"), choices=())
    basis_type = forms.ChoiceField(label=_("Type of the basis document"), choices=BasisType.CHOICES)
    responsible_officer = UserChoiceField(label=_("Responsible officer"), queryset=User.objects.none(),
                                          required=False,
                                          help_text=_("Leave empty to keep the case file's officer."))
    to_allocation_queue = forms.BooleanField(
        label=_("No officer yet: leave the case file to the unit head's allocation queue"), required=False)
    basis_in_force = forms.DateField(label=_("In force from"), required=False, widget=DateInput())
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    planned_end_date = forms.DateField(label=_("Planned end"), required=False, widget=DateInput())

    def __init__(self, *args: Any, officers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["section_kind"]).choices = [("", _("Choose…")), *kind_choices()]
        if officers is not None:
            cast(forms.ModelChoiceField, self.fields["responsible_officer"]).queryset = officers


class NewPersonForm(Form):
    personal_code = forms.CharField(label=_("Personal code"), max_length=12, required=False,
                                    help_text=_("Leave empty for a foreigner without a Latvian code."))
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices, initial=Person.Sex.UNKNOWN)
    declared_municipality = forms.ChoiceField(label=_("Declared residence: municipality"), required=False)
    declared_address = forms.CharField(label=_("Declared residence: address"), max_length=300, required=False)
    document_type = forms.CharField(label=_("Identity document"), max_length=40, required=False)
    document_number = forms.CharField(label=_("Identity document number"), max_length=40, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["declared_municipality"]).choices = [
            ("", _("not known")), *municipalities()]

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return data


class TaskFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("open", pgettext_lazy("task", "open")), ("done", _("done")),
                                        ("cancelled", _("cancelled")), ("all", _("all"))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = Task.Status.OPEN


class InboxFilterForm(Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("new", _("new")),
                                        ("registered", pgettext_lazy("incoming document", "registered")),
                                        ("rejected", _("rejected")), ("all", _("all"))])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("all")), *IncomingDocument.Kind.choices])
