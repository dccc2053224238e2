"""The supervision caseload lists the officer's clients in alphabetical order the way a reader
expects: a name starting with "Ā" sorts with the "A" names, not after "Z"."""

import datetime as dt

import pytest

from cases import services as case_services
from people import services as people_services
from supervision import selectors

pytestmark = pytest.mark.django_db


def _client(personas, code, first, last, born):
    person = people_services.person_create(actor=personas.alice, personal_code=code, first_name=first,
                                           last_name=last, birth_date=born, sex="M",
                                           declared_municipality="LV-RIX")
    case = case_services.case_open(actor=personas.alice, person=person, responsible_officer=personas.alice)
    case_services.section_open(actor=personas.alice, case=case, kind="supervision_conditional_sentence",
                               basis_type="court_ruling", basis_number="K30-1-25", basis_date=dt.date(2025, 9, 1),
                               basis_issuer="Rīgas pilsētas tiesa", basis_in_force=dt.date(2025, 9, 12))


def test_mine_is_in_folded_name_order(personas):
    _client(personas, "010180-10000", "Pēteris", "Ziediņš", dt.date(1980, 1, 1))
    _client(personas, "020280-10008", "Jānis", "Āboliņš", dt.date(1980, 2, 2))
    _client(personas, "030380-10006", "Ilze", "Bērziņa", dt.date(1980, 3, 3))
    names = [s.case.person.last_name for s in selectors.caseload(personas.alice, mine=True)]
    assert names == ["Āboliņš", "Bērziņa", "Ziediņš"]
