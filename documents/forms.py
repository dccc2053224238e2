from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core import policies
from core.forms import DateInput, Form, choice_field
from documents.kinds import LANGUAGES, UPLOAD_TYPES, standalone_kind_choices, template_kind_choices


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "govuk-input govuk-input--width-5", **(attrs or {})}, format="%H:%M")


def _fix_hint_ids(form: forms.Form) -> None:
    """core.forms links hints as ``id_<name>-hint``; with a form prefix the id has the prefix too."""
    for name, field in form.fields.items():
        if field.help_text:
            field.widget.attrs["aria-describedby"] = f"id_{form.add_prefix(name)}-hint"


def _section_choices(sections: Any) -> list[tuple[str, str | Promise]]:
    return [("", _("The whole case file"))] + [(str(s.pk), f"{s.kind_label} – {s.basis_number}") for s in sections]


class GenerateForm(Form):
    prefix = "gen"

    code = forms.ChoiceField(label=_("Letter"), choices=standalone_kind_choices)
    language = forms.ChoiceField(label=_("Language of the letter"), choices=list(LANGUAGES.items()))
    section = forms.ChoiceField(label=_("Section"), required=False)
    appearance_date = forms.DateField(label=_("Appointment date"), required=False, widget=DateInput())
    appearance_time = forms.TimeField(label=_("Appointment time"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Place (address)"), required=False, max_length=300,
                            help_text=_("Invitations only. Leave empty to use the unit's address."))
    bring = forms.CharField(label=_("What to bring, besides an identity document"), required=False,
                            max_length=300)

    def __init__(self, *args: Any, sections: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "section").choices = _section_choices(sections)
        self.sections = {str(s.pk): s for s in sections}
        limits = [(s.kind_label, policies.value(s.kind_def.invitation_limit_policy)) for s in sections
                  if s.kind_def is not None and s.kind_def.invitation_limit_policy]
        if limits:
            self.fields["appearance_date"].help_text = _(
                "Invitations only. For %(kind)s at most %(days)s days after the invitation is sent.") % {
                "kind": limits[0][0], "days": limits[0][1]}
        _fix_hint_ids(self)

    def section_obj(self) -> Any:
        return self.sections.get(self.cleaned_data.get("section") or "")


class UploadForm(Form):
    prefix = "up"

    document_type = forms.ChoiceField(label=_("Document type"), choices=[("", ""), *UPLOAD_TYPES.items()])
    title = forms.CharField(label=_("Title"), max_length=200)
    section = forms.ChoiceField(label=_("Section"), required=False)
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, ODT, JPG, PNG, TIFF, EDOC or TXT."))

    def __init__(self, *args: Any, sections: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "section").choices = _section_choices(sections)
        self.sections = {str(s.pk): s for s in sections}
        _fix_hint_ids(self)

    def section_obj(self) -> Any:
        return self.sections.get(self.cleaned_data.get("section") or "")


class TemplateUploadForm(Form):
    code = forms.ChoiceField(label=_("Letter"), choices=template_kind_choices)
    language = forms.ChoiceField(label=_("Language"), choices=list(LANGUAGES.items()))
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("Word document (DOCX)"),
                           help_text=_("Placeholders in {{ … }} must be ones listed in the documentation."))
    change_note = forms.CharField(label=_("What changed"), required=False, max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class ReviseForm(Form):
    file = forms.FileField(label=_("The edited letter (DOCX)"),
                           help_text=_("Download the DOCX, edit it in a word processor and upload it here. It is "
                                       "kept as the next version; the earlier versions stay in the case file."))
