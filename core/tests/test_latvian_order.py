"""Lists in the reader's alphabet and reference names in the reader's language (issue 9, item 8)."""

import pycountry
import pytest
from django.utils import translation

from accounts.models import OrgUnit
from core.places import countries, languages, municipalities
from core.text import Latvian, latvian_key

LATVIAN_ORDER = ["Ādažu TSV", "Alūksnes TSV", "Cēsu TSV", "Čiekurkalna TSV", "Krāslavas TSV", "Kuldīgas TSV",
                 "Ķekavas TSV", "Liepājas TSV", "Ļaudonas TSV", "Saldus TSV", "Šķirotavas TSV", "Zilupes TSV",
                 "Žagaru TSV"]


def test_latvian_letters_sort_after_their_base_letter_and_long_vowels_with_the_short_one():
    shuffled = LATVIAN_ORDER[1::2] + LATVIAN_ORDER[::2]
    assert sorted(shuffled, key=latvian_key) == LATVIAN_ORDER
    assert sorted(["ābece", "abece", "Abece"], key=latvian_key)[-1] == "ābece"


@pytest.mark.django_db
def test_the_database_orders_in_latvian_on_either_engine():
    hq = OrgUnit.objects.create(code="HQ", name="Centrālais aparāts", kind=OrgUnit.Kind.HEADQUARTERS)
    region = OrgUnit.objects.create(code="R", name="Reģions", kind=OrgUnit.Kind.REGION, parent=hq)
    for i, name in enumerate(reversed(LATVIAN_ORDER)):
        OrgUnit.objects.create(code=f"T{i}", name=name, kind=OrgUnit.Kind.UNIT, parent=region)
    names = list(OrgUnit.objects.filter(code__startswith="T").order_by(Latvian("name")).values_list("name", flat=True))
    assert names == LATVIAN_ORDER


def test_municipalities_in_latvian_order():
    names = [name for _code, name in municipalities()]
    assert names == sorted(names, key=latvian_key)
    assert names[0].startswith("Ādažu")


@pytest.mark.parametrize(("language", "english", "russian", "czechia"), [
    ("lv", "Angļu", "Krievu", "Čehija"), ("ru", "Английский", "Русский", "Чехия"), ("en", "English", "Russian", "Czechia"),
])
def test_every_language_and_country_is_named_in_the_interface_language(language, english, russian, czechia):
    with translation.override(language):
        names, lands = dict(languages()), dict(countries())
    assert (names["en"], names["ru"], lands["CZ"]) == (english, russian, czechia)
    if language != "en":
        in_english = {lang.alpha_2: lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2")}
        untranslated = [code for code, name in names.items() if name == in_english[code] and code != "eo"]
        # A few names are written the same in Latvian (Hindi, Igbo, Telugu …); before CLDR, 79 were English.
        assert len(untranslated) <= 10, untranslated


def test_languages_are_ticked_not_ctrl_clicked():
    from people.forms import PersonForm

    form = PersonForm(initial={"languages": ["lv", "fr"]})
    html = str(form["languages"])
    assert 'type="checkbox"' in html and 'value="fr"' in html and "<select" not in html
    form = PersonForm(data={"first_name": "Anna", "last_name": "Liepa", "sex": "F", "languages": ["lv"],
                            "language_other": "fr"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["languages"] == ["lv", "fr"] and "language_other" not in form.cleaned_data
