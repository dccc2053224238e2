"""Implausible section input is refused, on the page beside the field and in the API with a code,
and nothing is saved (issue 9, item 11): a ruling dated before the client's birth, a term that
starts before its ruling, the same ruling opened twice as the same function (a link to the first)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import Section
from core.models import ChangeLog
from core.testing.checks import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_section(section_kind):
    return {"kind": section_kind, "basis_type": "court_ruling", "basis_number": "K30-555-25",
            "basis_date": "2025-10-01", "basis_issuer": "Rīgas pilsētas tiesa", "basis_in_force": "2025-10-12"}


def _post(client, case, data):
    return client.post(f"/api/cases/{case.pk}/sections", data, content_type="application/json")


def test_ruling_before_birth_is_refused(personas, client_case, new_section):
    response = _post(client_for(personas.alice), client_case,
                     {**new_section, "basis_date": "1900-01-01", "basis_in_force": None})
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == ("basis_date_before_birth", "basis_date")
    assert "16.11.1975" in body["message"]
    assert not Section.objects.filter(kind=new_section["kind"]).exists()


def test_term_before_ruling_is_refused(personas, client_case, new_section):
    response = _post(client_for(personas.alice), client_case, {**new_section, "start_date": "2020-01-01"})
    assert response.status_code == 422 and response.json()["code"] == "start_before_basis"
    assert not Section.objects.filter(kind=new_section["kind"]).exists()


def test_same_ruling_twice_is_refused_with_a_link(personas, client_case, new_section):
    client = client_for(personas.alice)
    assert _post(client, client_case, new_section).status_code == 201
    first = Section.objects.get(kind=new_section["kind"])
    again = {**new_section, "basis_number": " k30-555-25 "}  # the same number as typed another time
    response = _post(client, client_case, again)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "section_duplicate" and body["section_id"] == first.pk
    assert body["url"] == first.get_absolute_url()
    assert Section.objects.filter(kind=new_section["kind"]).count() == 1
    assert ChangeLog.objects.filter(verb="section_open").count() == 2  # the fixture's and the first
    # another function may be opened on the same ruling; another ruling of the same function too
    assert _post(client, client_case, {**new_section, "basis_number": "K30-556-25"}).status_code == 201

    page = client.post(reverse("section_new", args=[client_case.pk]), {**new_section, "basis_in_force": "2025-10-12"})
    assert page.status_code == 400
    html = page.content.decode()
    assert f'href="{first.get_absolute_url()}"' in html  # the link, not escaped text
    assert "govuk-error-summary" in html
    assert Section.objects.filter(kind=new_section["kind"]).count() == 2


def test_ruling_before_birth_on_the_page(personas, client_case, new_section):
    page = client_for(personas.alice).post(reverse("section_new", args=[client_case.pk]),
                                           {**new_section, "basis_date": "1900-01-01", "basis_in_force": ""})
    assert page.status_code == 400
    assert "basis_date" in page.context["form"].errors
    assert not Section.objects.filter(kind=new_section["kind"]).exists()
