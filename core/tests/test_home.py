"""Signing in lands every persona on a page they may see (never on a 404)."""

import pytest
from django.test import Client
from django.urls import reverse

from core import registry
from core.testing.checks import client_for

pytestmark = pytest.mark.django_db


def test_every_persona_lands_on_a_page_it_may_see_after_signing_in(personas):
    from accounts.models import User

    for user in personas.all().values():
        response = client_for(user).get("/", follow=True)
        assert response.status_code == 200, f"{user.username} -> {response.redirect_chain}"
    analyst = client_for(personas.anna).get("/", follow=True)
    landing = analyst.redirect_chain[-1][0]
    assert landing in {reverse(entry.url_name) for entry in registry.landings()}
    # The sign-in form itself goes to the same place.
    User.objects.filter(pk=personas.anna.pk).update(password="")
    anna = User.objects.get(pk=personas.anna.pk)
    anna.set_password("Probacija-test-2025")
    anna.save()
    signed_in = Client().post("/login/", {"username": "anna", "password": "Probacija-test-2025"}, follow=True)
    assert signed_in.status_code == 200
    assert signed_in.redirect_chain[-1][0] == landing
