"""The small typed helpers: ``access.staff`` and the form field accessors."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from accounts.models import OrgUnit
from core import access
from core.forms import Form, choice_field, model_choice_field

pytestmark = pytest.mark.django_db


def test_staff_returns_the_signed_in_user(personas):
    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(lambda: personas.alice)  # as AuthenticationMiddleware sets it
    assert access.staff(request) == personas.alice


def test_staff_refuses_an_anonymous_request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        access.staff(request)


class _Sample(Form):
    colour = forms.ChoiceField(choices=())
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none())
    note = forms.CharField()


def test_field_accessors_return_the_typed_field_and_reject_others():
    form = _Sample()
    choice_field(form, "colour").choices = [("red", "Red")]
    assert list(choice_field(form, "colour").choices) == [("red", "Red")]
    assert model_choice_field(form, "unit") is form.fields["unit"]
    assert choice_field(form, "unit") is form.fields["unit"]  # a model choice field is a choice field
    with pytest.raises(TypeError):
        choice_field(form, "note")
    with pytest.raises(TypeError):
        model_choice_field(form, "colour")
