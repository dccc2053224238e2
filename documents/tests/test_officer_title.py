"""Letters agree with the officer (issue 9, item 17): "probācijas speciāliste Ilze Kalniņa"."""

from types import SimpleNamespace

from core.text import feminine_surname
from documents.rendering import officer_title


def test_the_title_agrees_with_the_officer():
    assert officer_title(SimpleNamespace(position="", last_name="Kalniņa")) == "probācijas speciāliste"
    assert officer_title(SimpleNamespace(position="", last_name="Ozols")) == "probācijas speciālists"
    assert officer_title(SimpleNamespace(position="Vecākā probācijas speciāliste", last_name="Liepiņa")) == \
        "vecākā probācijas speciāliste"
    assert [feminine_surname(s) for s in ("Egle", "Ivanova", "Bērziņš", "Kļaviņš")] == [True, True, False, False]


def test_the_built_in_letters_name_the_officer_by_their_title():
    from documents.letters import OWN

    lv = [text for code in OWN.texts for _kind, text in OWN.texts[code].get("lv", ("", []))[1]]
    assert not any("probācijas speciālists {{ officer.name }}" in text for text in lv)
    assert any("{{ officer.title }} {{ officer.name }}" in text for text in lv)


def test_an_appearance_time_with_an_offset_is_a_wall_clock_time():
    import datetime as dt

    import pytest
    from django.utils import timezone

    from core.errors import ValidationFailed
    from documents.services import check_appearance

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    check_appearance(section=None, appearance_date=tomorrow, place="Rīga",
                     appearance_time=dt.time(10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    with pytest.raises(ValidationFailed):
        check_appearance(section=None, appearance_date=tomorrow - dt.timedelta(days=2), place="Rīga",
                         appearance_time=dt.time(10, 0, tzinfo=dt.UTC))
