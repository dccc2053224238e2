"""OGRS3 over the whole valid input space (hypothesis): probabilities in range and ordered, the band read
from the two-year per cent, the breakdown adding up, and more sanctions at the same ages never lowering
the risk."""

from hypothesis import given, settings
from hypothesis import strategies as st

from risk import algorithms

MODEL = algorithms.get("ogrs3")


@st.composite
def inputs(draw):
    age = draw(st.integers(10, 110))
    first = draw(st.integers(10, age))
    return {"sex": draw(st.sampled_from(["male", "female"])), "age": age, "sanctions": draw(st.integers(1, 500)),
            "age_at_first_sanction": first, "offence_category": draw(st.sampled_from(MODEL.categories))}


@settings(deadline=None)
@given(inputs())
def test_scores_are_well_formed(data):
    score = MODEL.score(data)
    assert 0 <= score.one_year <= score.two_year <= 100
    assert score.band == MODEL.band(score.two_year)
    assert abs(sum(c.contribution for c in score.breakdown) - score.linear_predictor) < 1e-3


@settings(deadline=None)
@given(inputs())
def test_more_sanctions_never_lower_the_risk(data):
    if data["sanctions"] >= 500:
        return
    more = MODEL.score({**data, "sanctions": data["sanctions"] + 1})
    assert more.two_year >= MODEL.score(data).two_year
