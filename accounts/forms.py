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
    """The value of one policy, with fields of its declared kind: a number, yes/no, a list to pick from,
    the lowest and highest value of a range, or one field per row of a table. ``cleaned_data["value"]``
    is the value in its Python shape (the service checks range and choices)."""

    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Mandatory, e.g. the order or decision that sets it."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    NEW_ROWS = 1  # empty rows offered below a table whose keys are free (a year of the wage table)

    def __init__(self, *args: Any, policy: Any, current: Any = None, **kwargs: Any) -> None:
        from core import policies

        self.policy = policy
        self.kind = policy.value_kind
        self.rows: list[tuple[str, str]] = []  # (field name, label) of a table's value fields
        self.new_rows: list[tuple[str, str]] = []  # (key field, value field) of free rows
        fields: dict[str, forms.Field] = {}
        label = _("Value")
        number = {"class": "govuk-input govuk-input--width-5", "inputmode": "decimal", "spellcheck": "false"}
        if self.kind == policies.BOOLEAN:
            fields["value"] = forms.ChoiceField(label=label, choices=[("true", _("yes")), ("false", _("no"))],
                                                widget=forms.RadioSelect)
        elif self.kind == policies.CHOICE:
            fields["value"] = forms.ChoiceField(label=label, choices=[(str(v), t) for v, t in policy.allowed()])
        elif self.kind == policies.MULTICHOICE:
            fields["value"] = forms.MultipleChoiceField(
                label=label, required=False, choices=[(str(v), t) for v, t in policy.allowed()],
                widget=forms.CheckboxSelectMultiple)
        elif self.kind == policies.RANGE:
            fields["value_min"] = forms.CharField(label=_("Lowest"), max_length=20, widget=forms.TextInput(number))
            fields["value_max"] = forms.CharField(label=_("Highest"), max_length=20, widget=forms.TextInput(number))
        elif self.kind == policies.TABLE:
            keys = policy.table_keys()
            if not keys:  # free keys (years): the rows in force, then empty ones to add
                keys = [(k, k) for k in (current or {})]
            for i, (key, row_label) in enumerate(keys):
                name = f"row_{i}"
                fields[name] = forms.CharField(label=row_label, max_length=20, required=False,
                                               widget=forms.TextInput(number))
                self.rows.append((name, key))
            if not policy.table_keys():
                for i in range(self.NEW_ROWS):
                    fields[f"new_key_{i}"] = forms.CharField(label=_("New row"), max_length=20, required=False,
                                                             widget=forms.TextInput({"class": "govuk-input govuk-input--width-5"}))
                    fields[f"new_value_{i}"] = forms.CharField(label=_("Its value"), max_length=20, required=False,
                                                               widget=forms.TextInput(number))
                    self.new_rows.append((f"new_key_{i}", f"new_value_{i}"))
        else:
            fields["value"] = forms.CharField(label=label, max_length=2000,
                                              widget=forms.TextInput(number if self.kind in (
                                                  policies.INTEGER, policies.DECIMAL) else None))
        super().__init__(*args, **kwargs)
        # the value fields first, then the reason
        self.fields = {**fields, **self.fields}
        for field in fields.values():
            if isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "govuk-select"
        self.initial.update(self._initial(current))

    def _initial(self, current: Any) -> dict[str, Any]:
        from core import policies

        if current is None:
            return {}
        if self.kind == policies.BOOLEAN:
            return {"value": "true" if current else "false"}
        if self.kind == policies.RANGE:
            return {"value_min": current[0], "value_max": current[1]}
        if self.kind == policies.TABLE:
            return {name: current.get(key, "") for name, key in self.rows}
        if self.kind == policies.MULTICHOICE:
            return {"value": list(current)}
        return {"value": current}

    def value_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name not in ("reason", "version")]

    def clean(self) -> dict[str, Any]:
        from core import policies

        data = super().clean() or {}
        if self.kind == policies.RANGE:
            data["value"] = [data.get("value_min", ""), data.get("value_max", "")]
        elif self.kind == policies.TABLE:
            table = {key: data.get(name, "") for name, key in self.rows}
            for key_field, value_field in self.new_rows:
                key = (data.get(key_field) or "").strip()
                if key:
                    table[key] = data.get(value_field, "")
                elif (data.get(value_field) or "").strip():
                    self.add_error(key_field, _("Enter the row (e.g. the year) of the new value."))
            if self.policy.partial or not self.policy.table_keys():
                table = {k: v for k, v in table.items() if str(v).strip()}
            data["value"] = table
        return data

    def add_domain_error(self, error: Any) -> None:
        # a policy's value error belongs to the first value field (a range or a table has several)
        if error.field == "value" and "value" not in self.fields:
            first = next(iter(self.value_fields()), None)
            self.add_error(first.name if first is not None else None, error.message)
            return
        super().add_domain_error(error)


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
