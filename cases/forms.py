from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, User
from cases.kinds import BasisType, closing_reason_choices, kind_choices
from core.forms import DateInput, Form, choice_field, model_choice_field
from core.text import Latvian
from people.forms import PersonForm


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name


class CaseForPersonForm(Form):
    """Where the case file of a registered person goes."""

    responsible_unit = UnitChoiceField(
        label=_("Responsible unit"), required=False, queryset=OrgUnit.objects.none(), empty_label="—",
        help_text=_("Leave empty to use the unit covering the declared (else actual) residence."),
    )
    responsible_officer = forms.ModelChoiceField(label=_("Responsible officer"), required=False,
                                                 queryset=User.objects.none(), empty_label="—")

    def __init__(self, *args, officers=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        model_choice_field(self, "responsible_unit").queryset = OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, active=True).order_by(Latvian("name"))
        model_choice_field(self, "responsible_officer").queryset = officers if officers is not None else User.objects.none()


class CaseOpenForm(PersonForm, CaseForPersonForm):
    """A new client: the person's data, then where the case file goes."""

    field_order = [*PersonForm.base_fields, "responsible_unit", "responsible_officer"]


class SectionForm(Form):
    kind = forms.ChoiceField(label=_("Probation function"))
    basis_type = forms.ChoiceField(label=_("Basis document"), choices=BasisType.CHOICES)
    basis_number = forms.CharField(label=_("Document number"), max_length=60)
    basis_date = forms.DateField(label=_("Document date"), widget=DateInput())
    basis_issuer = forms.CharField(label=_("Issued by"), max_length=200, help_text=_("Court, prosecutor's office or institution"))
    basis_in_force = forms.DateField(label=_("In force from"), required=False, widget=DateInput())
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    planned_end_date = forms.DateField(label=_("Planned end"), required=False, widget=DateInput())
    responsible_officer = forms.ModelChoiceField(label=_("Responsible officer"), required=False,
                                                 queryset=User.objects.none(), empty_label="—")

    def __init__(self, *args, officers=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", "—"), *kind_choices()]
        model_choice_field(self, "responsible_officer").queryset = officers if officers is not None else User.objects.none()


class SectionCloseForm(Form):
    reason = forms.ChoiceField(label=_("Closing reason"), widget=forms.RadioSelect)
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, kind: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        choice_field(self, "reason").choices = closing_reason_choices(kind)


class TransferForm(Form):
    to_unit = UnitChoiceField(label=_("New unit"), queryset=OrgUnit.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("e.g. the client declared a new residence"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        model_choice_field(self, "to_unit").queryset = OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, active=True).order_by(Latvian("name"))


class AssignForm(Form):
    officer = forms.ModelChoiceField(label=_("Responsible officer"), queryset=User.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, officers=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        model_choice_field(self, "officer").queryset = officers if officers is not None else User.objects.none()
