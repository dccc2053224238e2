"""Forms for the administration pages. They only parse input; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import OrgUnit
from accounts.roles import Role, Scope
from core import registry
from core.forms import DateInput, Form, choice_field, model_choice_field
from core.places import municipalities


def _municipality_choices() -> list[tuple[str, str]]:
    return municipalities()


class VersionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OrgUnitForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgUnit.Kind.choices)
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("Short and unique, e.g. RIGA-C."))
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(label=_("Belongs to"), queryset=OrgUnit.objects.none(), required=False,
                                    help_text=_("A region belongs to the headquarters; a unit to a region."))
    municipalities = forms.MultipleChoiceField(
        label=_("Municipalities covered"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Territorial units only. A municipality belongs to one active unit."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "parent").queryset = OrgUnit.objects.filter(
            active=True, kind__in=[OrgUnit.Kind.HEADQUARTERS, OrgUnit.Kind.REGION]).order_by("kind", "name")
        choice_field(self, "municipalities").choices = _municipality_choices()
        if editing:
            del self.fields["kind"]


class UserForm(Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    home_unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    preferred_language = forms.ChoiceField(label=_("Language"), choices=())
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, required=False, strip=False,
                                help_text=_("At least 10 characters, not a common password. Leave empty to "
                                            "set it later."))
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, required=False,
                                strip=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "home_unit").queryset = OrgUnit.objects.filter(active=True).order_by("kind", "name")
        choice_field(self, "preferred_language").choices = [
            (code, name) for code, name in settings.LANGUAGES if code in settings.STAFF_LANGUAGES]
        if editing:
            for name in ("username", "password1", "password2"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what forms.Form.clean returns; its stub allows None
        if "password1" in self.fields and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The passwords do not match."))
        return data


class UserFilterForm(Form):
    q = forms.CharField(label=_("Name or user name"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False,
                                  empty_label=_("All units"))
    role = forms.ChoiceField(label=_("Role"), required=False)
    active = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("yes", _("Active")), ("no", _("Deactivated")), ("all", _("All"))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = OrgUnit.objects.order_by("kind", "name")
        choice_field(self, "role").choices = [("", _("All roles")), *Role.choices]


class GrantForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    scope = forms.ChoiceField(label=_("Scope"), required=False,
                              choices=[("", _("The role's usual scope")), *Scope.choices])
    org_unit = forms.ModelChoiceField(label=_("Unit or region of the scope"), queryset=OrgUnit.objects.none(),
                                      required=False,
                                      help_text=_("Needed for the unit scope (a territorial unit) and the region "
                                                  "scope (a region)."))
    valid_from = forms.DateField(label=pgettext_lazy("role grant", "Valid from"), required=False, widget=DateInput)
    valid_until = forms.DateField(label=pgettext_lazy("role grant", "Valid until"), required=False, widget=DateInput)

    def __init__(self, *args: Any, service_account: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "org_unit").queryset = OrgUnit.objects.filter(
            active=True, kind__in=[OrgUnit.Kind.REGION, OrgUnit.Kind.UNIT]).order_by("kind", "name")
        roles = [(v, label) for v, label in Role.choices if (v == Role.INTEGRATION) == service_account]
        choice_field(self, "role").choices = roles


class SetPasswordForm(Form):
    password1 = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False,
                                help_text=_("At least 10 characters, not a common password."))
    password2 = forms.CharField(label=_("New password again"), widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what forms.Form.clean returns; its stub allows None
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The passwords do not match."))
        return data


class OwnPasswordForm(Form):
    old_password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput, strip=False)
    new_password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False,
                                   help_text=_("At least 10 characters, not a common password."))
    new_password2 = forms.CharField(label=_("New password again"), widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what forms.Form.clean returns; its stub allows None
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("The passwords do not match."))
        return data


class ServiceAccountForm(Form):
    username = forms.CharField(label=_("User name"), max_length=150, help_text=_("e.g. dvs-integration"))
    name = forms.CharField(label=_("System name"), max_length=150)
    home_unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    email = forms.CharField(label=_("Contact e-mail"), max_length=254, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "home_unit").queryset = OrgUnit.objects.filter(active=True).order_by("kind", "name")


class TokenForm(Form):
    name = forms.CharField(label=_("Token name"), max_length=100, help_text=_("What will use it, e.g. DVS production."))
    scopes = forms.MultipleChoiceField(label=_("Scopes"), required=False, widget=forms.CheckboxSelectMultiple)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput,
                                 help_text=_("Optional. The token stops working at the start of this day."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "scopes").choices = [(k, f"{k} – {v.label}") for k, v in registry.api_scopes().items()]
        self.fields["scopes"].initial = registry.default_api_scopes()


class PolicyForm(Form):
    value = forms.CharField(label=_("Value"), max_length=2000)
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Mandatory, e.g. the order or decision that sets it."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, choices: tuple[Any, ...] = (), boolean: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if boolean:
            self.fields["value"] = forms.ChoiceField(label=_("Value"), choices=[("true", _("yes")),
                                                                              ("false", _("no"))])
        elif choices:
            self.fields["value"] = forms.ChoiceField(label=_("Value"), choices=[(str(c), str(c)) for c in choices])
        self.fields["value"].widget.attrs["class"] = (
            "govuk-select" if isinstance(self.fields["value"], forms.ChoiceField) else "govuk-input")


class ReasonForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OtpTokenForm(Form):
    token = forms.CharField(
        label=_("Code"), max_length=12, required=False,
        help_text=_("The 6-digit code your authenticator app shows now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "class": "govuk-input--width-5", "spellcheck": "false"}),
    )


class OtpVerifyForm(Form):
    """The code step: the app's 6-digit code or a backup code (letters and digits, so no numeric keypad)."""

    token = forms.CharField(
        label=_("Code"), max_length=20, required=False,
        help_text=_("The 6-digit code your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "class": "govuk-input--width-10",
                                      "spellcheck": "false", "autocapitalize": "none"}),
    )
