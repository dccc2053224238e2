"""Forms of risk assessment (GOV.UK classes and service errors beside their field, core.forms)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form, choice_field
from risk import algorithms, instrument
from risk.models import CATEGORIES, LEVELS, Conviction

YES_NO = (("no", _("No")), ("yes", _("Yes")))
MAX_UPLOAD = 5 * 1024 * 1024


class ConvictionForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Conviction.Kind.choices, widget=forms.RadioSelect,
                             initial=Conviction.Kind.CONVICTION)
    article = forms.CharField(label=_("Criminal Law article"), max_length=20,
                              help_text=_("The article number, optionally with its part: 175 or 175.2"))
    offence_date = forms.DateField(label=_("Offence date"), widget=DateInput())
    conviction_date = forms.DateField(label=_("Conviction date"), widget=DateInput(), required=False,
                                      help_text=_("Leave empty for pending proceedings."))
    sanction = forms.CharField(label=_("Sanction"), max_length=200, required=False)
    custodial = forms.ChoiceField(label=_("Custodial sentence"), choices=YES_NO, widget=forms.RadioSelect,
                                  initial="no")
    court = forms.CharField(label=_("Court or authority"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithdrawForm(Form):
    reason = forms.CharField(label=_("Why is the entry withdrawn?"), max_length=300, widget=forms.Textarea(
        attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StartForm(Form):
    instrument = forms.ChoiceField(label=_("Instrument"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, instruments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = (get_language() or "lv")[:2]
        choice_field(self, "instrument").choices = [
            (str(i.pk), f"{instrument.text(i.definition['title'], language)} (v{i.number})") for i in instruments]


class AssessmentForm(Form):
    """One radio group per item of the instrument, the officer's summary, the date and an override."""

    note = forms.CharField(label=_("Officer's summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    assessed_on = forms.DateField(label=_("Date of the assessment"), widget=DateInput(), required=False)
    override_level = forms.ChoiceField(label=_("Override the level (optional)"), required=False,
                                       choices=(("", _("No override")), *LEVELS))
    override_reason = forms.CharField(label=_("Reason for the override"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, definition: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = (get_language() or "lv")[:2]
        self.item_codes: list[str] = []
        for item in instrument.items(definition):
            choices = [("", _("Not answered"))] + [
                (str(o["value"]), f"{o['value']} — {instrument.text(o['label'], language)}")
                for o in instrument.options(definition, item)]
            self.fields[f"item_{item['code']}"] = forms.TypedChoiceField(
                label=instrument.text(item["text"], language), choices=choices, required=False, coerce=int,
                empty_value=None, widget=forms.Select(attrs={"class": "govuk-select"}))
            self.item_codes.append(item["code"])

    def answers(self) -> dict[str, Any]:
        return {code: self.cleaned_data.get(f"item_{code}") for code in self.item_codes}


class IssueForm(Form):
    source = forms.ChoiceField(label=_("Questionnaire"), widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language of the questionnaire"), widget=forms.RadioSelect,
                                 choices=(("lv", "Latviešu"), ("ru", "Русский"), ("en", "English")), initial="lv")

    def __init__(self, *args: Any, drafts: Any = (), tests: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = (get_language() or "lv")[:2]
        choice_field(self, "source").choices = (
            [(f"a{a.pk}", _("Self-report part of the draft: %(name)s")
              % {"name": instrument.text(a.instrument.definition["title"], language)}) for a in drafts]
            + [(f"t{t.pk}", instrument.text(t.definition["title"], language)) for t in tests])


class CalculatorForm(Form):
    sex = forms.ChoiceField(label=_("Sex"), choices=(("male", _("man")), ("female", _("woman"))),
                            widget=forms.RadioSelect)
    age = forms.IntegerField(label=_("Age at the current conviction"), min_value=10, max_value=110)
    sanctions = forms.IntegerField(label=_("Sanctions including the current one"), min_value=1, max_value=500)
    age_at_first_sanction = forms.IntegerField(label=_("Age at the first sanction"), min_value=10, max_value=110)
    offence_category = forms.ChoiceField(label=_("Current offence"), choices=CATEGORIES)
    version = forms.ChoiceField(label=_("Model version"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "version").choices = [(m.version, m.version) for m in algorithms.versions("ogrs3")]


class InstrumentForm(Form):
    definition = forms.CharField(label=_("Instrument definition (JSON)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 24, "class": "govuk-textarea app-code"}),
                                 help_text=_("The format is described in the documentation (docs/risk.md)."))
    upload = forms.FileField(label=_("Or upload a JSON file"), required=False)
    note = forms.CharField(label=_("What changed"), max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        raw = upload.read(MAX_UPLOAD + 1) if upload else (data.get("definition") or "").encode()
        if not raw.strip():
            self.add_error("definition", _("Paste the instrument's definition or upload its file."))
            return data
        if len(raw) > MAX_UPLOAD:
            self.add_error("upload", _("The file is too large (at most 5 MB)."))
            return data
        try:
            data["parsed"] = json.loads(raw.decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as exc:
            self.add_error("definition", _("This is not valid JSON: %(error)s") % {"error": exc})
        return data


class ArticleForm(Form):
    article = forms.CharField(label=_("Article"), max_length=20,
                              help_text=_("The article number, optionally with its part: 175 or 175.2"))
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Offence category"), choices=CATEGORIES)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportForm(Form):
    file = forms.FileField(label=_("Register file (CSV or JSON)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        return upload


class CodeForm(Form):
    code = forms.CharField(label=_("Your code"), max_length=20,
                           help_text=_("The code your probation officer gave you, for example ABC123-DEF456."),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                         "class": "govuk-input govuk-input--width-20"}))
