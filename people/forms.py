from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form, choice_field
from core.places import countries, languages, municipalities
from people.models import Contact, Person

# Latvian, Russian, English, Ukrainian, Lithuanian, Estonian, Polish, Belarusian, German.
COMMON_LANGUAGES = ("lv", "ru", "en", "uk", "lt", "et", "pl", "be", "de")


def _blank(choices: list[tuple[str, str]], label: str = "—") -> list[tuple[str, str]]:
    return [("", label), *choices]


class PersonForm(Form):
    personal_code = forms.CharField(
        label=_("Personal code"), required=False, max_length=20,
        help_text=_("11 digits, with or without the hyphen. Leave empty for a foreigner without a Latvian code."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput(),
                                 help_text=_("Taken from the personal code when it contains the date."))
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices, initial=Person.Sex.UNKNOWN)
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False, initial="LV")
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False, widget=forms.CheckboxSelectMultiple)
    language_other = forms.ChoiceField(label=_("Another language"), required=False,
                                       help_text=_("Choose one here if the client speaks a language not listed above."))
    document_type = forms.CharField(label=_("Identity document"), required=False, max_length=40,
                                    help_text=_("For persons without a Latvian personal code, e.g. passport."))
    document_number = forms.CharField(label=_("Document number"), required=False, max_length=40)
    document_country = forms.ChoiceField(label=_("Issued by (country)"), required=False)
    declared_municipality = forms.ChoiceField(label=_("Declared residence: municipality"), required=False)
    declared_address = forms.CharField(label=_("Declared residence: address"), required=False, max_length=300)
    actual_municipality = forms.ChoiceField(label=_("Actual residence: municipality"), required=False)
    actual_address = forms.CharField(label=_("Actual residence: address"), required=False, max_length=300)

    def __init__(self, *args, hide_address: bool = False, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        choice_field(self, "citizenship").choices = _blank(countries())
        choice_field(self, "document_country").choices = _blank(countries())
        # Tick boxes for the languages clients in Latvia most often speak, and for those already chosen;
        # any other language from a pick-list. No Ctrl-click, usable with the keyboard alone.
        names = dict(languages())
        chosen = (self.data.getlist(self.add_prefix("languages")) if hasattr(self.data, "getlist")
                  else self.data.get(self.add_prefix("languages"))) if self.is_bound else self.initial.get("languages")
        shown = [*COMMON_LANGUAGES, *(code for code in chosen or () if code not in COMMON_LANGUAGES and code in names)]
        choice_field(self, "languages").choices = [(code, names[code]) for code in shown]
        choice_field(self, "language_other").choices = _blank(languages())
        choice_field(self, "declared_municipality").choices = _blank(municipalities())
        choice_field(self, "actual_municipality").choices = _blank(municipalities())
        if hide_address:
            for name in ("declared_municipality", "declared_address", "actual_municipality", "actual_address"):
                del self.fields[name]

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        other = cleaned.pop("language_other", "")
        if other and other not in cleaned.get("languages", []):
            cleaned["languages"] = [*cleaned.get("languages", []), other]
        return cleaned

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContactForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Contact.Kind.choices)
    value = forms.CharField(label=_("Phone or e-mail"), max_length=200)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
    preferred = forms.BooleanField(label=_("Preferred contact"), required=False)


class AliasForm(Form):
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=200,
                           help_text=_("e.g. maiden name, spelling in the passport"))
