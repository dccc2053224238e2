"""Form helpers: GOV.UK classes on widgets, and service errors shown beside their field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms

from core.errors import DomainError

_WIDGET_CLASSES = {
    forms.TextInput: "govuk-input",
    forms.EmailInput: "govuk-input",
    forms.NumberInput: "govuk-input govuk-input--width-10",
    forms.DateInput: "govuk-input govuk-input--width-10",
    forms.PasswordInput: "govuk-input",
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _decimal_comma(field: forms.Field) -> None:
    """A number with a fraction is typed as the reader writes it: "4,5" in Latvian (and "4.5" still works).
    A browser's number box would refuse the comma or silently drop the value, so it is a text box that
    asks phones for a numeric keypad; the field parses and shows the number in the active language."""
    field.localize = True
    attrs = {k: v for k, v in field.widget.attrs.items() if k not in ("min", "max", "step")}
    field.widget = forms.TextInput(attrs={**attrs, "inputmode": "decimal", "spellcheck": "false"})
    field.widget.is_localized = True


def error_message(error: DomainError) -> str:
    """The error as shown on a page: its message, and a link to the record it names when the service
    gave one (``url`` and ``link_text``: "the same document already opened a section: open it")."""
    url = error.extra.get("url")
    if not url or not str(url).startswith("/"):
        return error.message
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    return format_html('{} <a class="govuk-link" href="{}">{}</a>', error.message, url,
                       error.extra.get("link_text") or _("Open it"))


class GovukFormMixin:
    """Adds GOV.UK classes and ARIA links to errors; ``add_domain_error`` puts a service error beside
    its field (or on top when it names no field of this form)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if isinstance(field, forms.DecimalField | forms.FloatField):
                _decimal_comma(field)
            widget = field.widget
            for widget_type, css in _WIDGET_CLASSES.items():
                if isinstance(widget, widget_type):
                    widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
                    break
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-hint"  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["aria-invalid"] = "true"
                css = widget.attrs.get("class", "")
                for base in ("govuk-input", "govuk-select", "govuk-textarea", "govuk-file-upload"):
                    if base in css.split() and f"{base}--error" not in css:
                        widget.attrs["class"] = f"{css} {base}--error"
                        break

    def add_domain_error(self, error: DomainError) -> None:
        field = error.field if error.field in self.fields else None  # type: ignore[attr-defined]
        self.add_error(field, error_message(error))  # type: ignore[attr-defined]


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """``form.fields[name]`` as the choice field it is (``fields`` is typed as plain ``Field``), so its
    ``choices`` can be set in ``__init__``."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """``form.fields[name]`` as the model choice field it is, so its ``queryset`` can be set."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    return field


class Form(GovukFormMixin, forms.Form):
    pass


class ModelForm(GovukFormMixin, forms.ModelForm):
    pass


def submit(request: Any, form: Any, action: Any, success: str | Callable[[Any], str]) -> bool:
    """The usual POST: validate ``form``, run ``action(cleaned_data)`` (a service call) and show
    ``success`` (or ``success(result)`` when it names what the service returned). Returns True when
    done; otherwise the errors, including the service's domain error, are on the form beside their
    field and nothing was saved."""
    from django.contrib import messages

    if request.method != "POST" or not form.is_valid():
        return False
    try:
        result = action(form.cleaned_data)
    except DomainError as error:
        form.add_domain_error(error)
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


def act(request: Any, action: Callable[[], Any], success: str | Callable[[Any], str]) -> bool:
    """A button without a form (end a grant, issue a warning, ...): run ``action()`` (a service call)
    and show ``success`` (or ``success(result)``), or the service's domain error as the page message.
    Returns True when done."""
    from django.contrib import messages

    try:
        result = action()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True
