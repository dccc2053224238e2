import datetime as dt

import pytest

from core.errors import Conflict, ValidationFailed
from core.text import fold
from people import services
from people.identity import parse_personal_code


def test_old_format_gives_the_birth_date():
    code = parse_personal_code("161175-19997")
    assert code.format == "old" and code.birth_date == dt.date(1975, 11, 16)


def test_new_format_has_no_birth_date():
    code = parse_personal_code("32579461005")
    assert code.format == "new" and code.birth_date is None


@pytest.mark.parametrize("raw,code", [
    ("161175-19996", "personal_code_checksum"),
    ("1611751999", "personal_code_format"),
    ("40003009497", "personal_code_not_a_person"),
    ("", "personal_code_required"),
])
def test_invalid_codes_get_specific_errors(raw, code):
    with pytest.raises(ValidationFailed) as err:
        parse_personal_code(raw)
    assert err.value.code == code
    assert err.value.field == "personal_code"


def test_fold_strips_latvian_diacritics():
    assert fold("Bērziņš  Jānis") == "berzins janis"
    assert fold("ĀČĒĢĪĶĻŅŠŪŽ") == "acegiklnsuz"


@pytest.mark.django_db
def test_birth_date_must_match_the_code(personas):
    with pytest.raises(ValidationFailed) as err:
        services.person_create(actor=personas.alice, personal_code="161175-19997", first_name="A",
                               last_name="B", birth_date=dt.date(1975, 11, 17))
    assert err.value.code == "personal_code_birth_date_mismatch"


@pytest.mark.django_db
def test_same_code_twice_is_a_conflict(personas):
    services.person_create(actor=personas.alice, personal_code="161175-19997", first_name="A", last_name="B")
    with pytest.raises(Conflict):
        services.person_create(actor=personas.alice, personal_code="16117519997", first_name="C", last_name="D")


@pytest.mark.django_db
def test_foreigner_needs_a_document(personas):
    with pytest.raises(ValidationFailed) as err:
        services.person_create(actor=personas.alice, first_name="Ivan", last_name="Petrov",
                               birth_date=dt.date(1980, 5, 5), citizenship="UA")
    assert err.value.code == "identity_required"
    person = services.person_create(actor=personas.alice, first_name="Ivan", last_name="Petrov",
                                    birth_date=dt.date(1980, 5, 5), citizenship="UA", document_type="passport",
                                    document_number="FX123456", document_country="UA")
    assert person.personal_code is None and person.code_format == "none"
