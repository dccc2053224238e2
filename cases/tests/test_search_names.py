"""Name search as an officer types it (issue #9, item 7): any grammatical case, one typo, accents and
capitals ignored, closest first; only clients the user may see."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import selectors, services
from core.testing.checks import client_for
from people import services as people_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(personas):
    names = [("Jānis", "Bērziņš"), ("Anna", "Bērziņa"), ("Pēteris", "Ozols"), ("Ilze", "Ozoliņa"),
             ("Marta", "Kalniņa"), ("Oskars", "Zariņš")]
    made = {}
    for i, (first, last) in enumerate(names):
        person = people_services.person_create(
            actor=personas.alice, first_name=first, last_name=last, birth_date=dt.date(1980, 1, 1),
            document_type="passport", document_number=f"N{i:06d}", document_country="LT",
        )
        services.case_open(actor=personas.alice, person=person, responsible_unit=personas.org.riga_centre,
                           responsible_officer=personas.alice)
        made[last] = person
    return made


def _found(user, query):
    return [p.last_name for p in selectors.search_persons(user, query)]


@pytest.mark.parametrize("query,expected", [
    ("berzins", {"Bērziņš", "Bērziņa"}),          # accents and capitals do not matter
    ("BĒRZIŅAM", {"Bērziņš", "Bērziņa"}),         # dative
    ("ozola", {"Ozols", "Ozoliņa"}),              # genitive finds Ozols, and Ozoliņa by the stem
    ("jānis", {"Bērziņš"}),                       # the first name
    ("jāņa", {"Bērziņš"}),                        # its genitive
    ("berzims", {"Bērziņš", "Bērziņa"}),          # one typo
    ("brezins", {"Bērziņš"}),                     # two letters swapped (Bērziņa: and another ending)
    ("kalnina", {"Kalniņa"}),
])
def test_names_in_any_case_and_with_one_typo(personas, clients, query, expected):
    assert set(_found(personas.alice, query)) == expected


def test_closest_first(personas, clients):
    assert _found(personas.alice, "ozols")[0] == "Ozols"
    assert _found(personas.alice, "bērziņa")[0] == "Bērziņa"
    assert _found(personas.alice, "bērziņš")[0] == "Bērziņš"


def test_far_names_are_not_found(personas, clients):
    assert _found(personas.alice, "zarins") == ["Zariņš"]  # not Bērziņš, one letter is not enough
    assert _found(personas.alice, "ozolzz") == []
    assert _found(personas.alice, "berzaks") == []


def test_only_clients_the_user_may_see(personas, clients):
    assert _found(personas.carol, "berzins") == []  # another region
    assert _found(personas.carol, "berzims") == []


def test_the_search_page_with_a_typo(personas, clients):
    html = client_for(personas.alice).get(reverse("search"), {"q": "Ozola"}).content.decode()
    assert "Ozols" in html and "Ozoliņa" in html and "Kalniņa" not in html
