"""OGRS3 against cases computed by hand from the formula in risk-models.md (no code of the model used)."""

import math

import pytest

from risk import algorithms
from risk.algorithms import InputError

MODEL = algorithms.get("ogrs3")


def by_hand(age_sex, sanctions, previous, years_since_first, offence):
    """The formula, written out: y, then the two logistic probabilities in whole per cent (half up)."""
    copas = round(math.log((1 + previous) / (10 + years_since_first)), 5)
    y = age_sex + (0.12614 if sanctions == 1 else 0.46306) + 1.25112 * copas + offence
    one = 1 / (1 + math.exp(-(1.40256 + y)))
    two = 1 / (1 + math.exp(-(2.1217 + y)))
    return math.floor(one * 100 + 0.5), math.floor(two * 100 + 0.5)


@pytest.mark.parametrize(("inputs", "age_sex", "offence", "expected"), [
    # A man of 32, third sanction, first at 20, theft: copas ln(3/22) = -1.99243.
    ({"sex": "male", "age": 32, "sanctions": 3, "age_at_first_sanction": 20, "offence_category": "theft"},
     -1.326, 0.6612, (22, 36, "low")),
    # A woman of 19, first sanction, violence: copas ln(1/10) = -2.30259.
    ({"sex": "female", "age": 19, "sanctions": 1, "age_at_first_sanction": 19, "offence_category": "violence"},
     -0.8975, 0, (10, 18, "low")),
    # A man of 17 with 12 sanctions since 12, burglary (other): copas ln(12/15) = -0.22314.
    ({"sex": "male", "age": 17, "sanctions": 12, "age_at_first_sanction": 12, "offence_category": "burglary_other"},
     -0.0616, 0.2406, (85, 92, "very_high")),
    # A man of 23, 4 sanctions since 18, vehicle theft: copas ln(4/15) = -1.32176.
    ({"sex": "male", "age": 23, "sanctions": 4, "age_at_first_sanction": 18, "offence_category": "vehicle_theft"},
     -1.0515, 0.3801, (39, 56, "medium")),
    # A man of 55, 2 sanctions since 50, drug import.
    ({"sex": "male", "age": 55, "sanctions": 2, "age_at_first_sanction": 50, "offence_category": "drug_import"},
     -2.0253, -0.7956, (3, 6, "low")),
])
def test_known_cases(inputs, age_sex, offence, expected):
    score = MODEL.score(inputs)
    one, two = by_hand(age_sex, inputs["sanctions"], inputs["sanctions"] - 1,
                       inputs["age"] - inputs["age_at_first_sanction"], offence)
    assert (score.one_year, score.two_year) == (one, two)
    assert (score.one_year, score.two_year, score.band) == expected
    assert score.model == "ogrs3" and score.version == MODEL.version


def test_the_breakdown_explains_the_linear_predictor():
    score = MODEL.score({"sex": "male", "age": 32, "sanctions": 3, "age_at_first_sanction": 20,
                         "offence_category": "theft"})
    rows = {c.feature: c for c in score.breakdown}
    assert rows["age_sex"].value == "male, 30–34" and rows["age_sex"].contribution == -1.326
    assert rows["sanctions"].contribution == 0.46306
    assert rows["copas"].value == "-1.99243"
    assert rows["copas"].contribution == pytest.approx(1.25112 * -1.99243, abs=1e-5)
    assert rows["offence_category"].contribution == 0.6612
    assert sum(c.contribution for c in score.breakdown) == pytest.approx(score.linear_predictor, abs=1e-4)


@pytest.mark.parametrize(("age", "band"), [(10, "10–11"), (11, "10–11"), (20, "18–20"), (21, "21–24"),
                                           (49, "40–49"), (50, "50+"), (99, "50+")])
def test_age_bands(age, band):
    assert MODEL.age_band(age)[1] == band


@pytest.mark.parametrize(("two_year", "band"), [(0, "low"), (49, "low"), (50, "medium"), (74, "medium"),
                                                (75, "high"), (89, "high"), (90, "very_high"), (100, "very_high")])
def test_bands(two_year, band):
    assert MODEL.band(two_year) == band


GOOD = {"sex": "male", "age": 30, "sanctions": 2, "age_at_first_sanction": 25, "offence_category": "fraud"}


@pytest.mark.parametrize(("change", "field"), [
    ({"age": 9}, "age"),
    ({"age_at_first_sanction": 31}, "age_at_first_sanction"),
    ({"sanctions": 0}, "sanctions"),
    ({"offence_category": "arson"}, "offence_category"),
    ({"sex": "x"}, "sex"),
    ({"age": "thirty"}, "age"),
    ({"age": None}, "age"),
    ({"age_at_first_sanction": 9}, "age_at_first_sanction"),
    ({"sanctions": True}, "sanctions"),
])
def test_bad_input_names_the_field(change, field):
    with pytest.raises(InputError) as caught:
        MODEL.score({**GOOD, **change})
    assert caught.value.field == field


def test_the_categories_are_in_the_order_of_the_coefficient_list():
    assert MODEL.categories[:3] == ("violence", "other", "drink_driving")
    assert MODEL.categories[-1] == "prostitution" and len(MODEL.categories) == 20


def test_versions_are_kept():
    assert [m.version for m in algorithms.versions("ogrs3")] == ["1"]
    assert algorithms.get("ogrs3", "1") is MODEL
    with pytest.raises(KeyError):
        algorithms.get("ogrs3", "99")
