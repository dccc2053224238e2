"""The shipped instruments' scoring against hand-computed cases, and the definition checks."""

import copy

import pytest

from risk import instrument

ADULT, MINOR = (next(d for d in instrument.shipped() if d["code"] == code)
                for code in ("adult-general", "minor-support"))


def all_items(definition, value):
    return {item["code"]: value for item in instrument.items(definition)}


def test_adult_all_zero_is_low_with_no_needs():
    result = instrument.score(ADULT, all_items(ADULT, 0))
    assert (result.total, result.maximum, result.level, result.needs, result.unanswered) == (0, 44, "low", (), ())


def test_adult_all_two_is_very_high_with_every_need():
    result = instrument.score(ADULT, all_items(ADULT, 2))
    assert (result.total, result.level) == (44, "very_high")
    assert len(result.needs) == 10


def test_adult_mixed_case():
    # Criminal history 2+2+1 = 5 of 6 (need), substance use 2+0+1 = 3 of 6 (need at half), employment
    # 1+0 = 1 of 4 (no need), everything else 0: total 9, below medium (12).
    answers = {**all_items(ADULT, 0), "ch_previous": 2, "ch_early": 2, "ch_breach": 1, "su_alcohol": 2,
               "su_offending": 1, "ee_work": 1}
    result = instrument.score(ADULT, answers)
    assert result.total == 9 and result.level == "low"
    assert result.needs == ("offending", "substance_use")
    # Three more points in attitudes reach medium (12) and flag the attitudes need (3 of 4).
    result = instrument.score(ADULT, {**answers, "at_justify": 2, "at_victim": 1})
    assert (result.total, result.level) == (12, "medium")
    assert "attitudes" in result.needs


@pytest.mark.parametrize(("total", "level"), [(11, "low"), (12, "medium"), (21, "medium"), (22, "high"),
                                              (31, "high"), (32, "very_high")])
def test_adult_cut_offs(total, level):
    codes = [item["code"] for item in instrument.items(ADULT)]
    answers = dict.fromkeys(codes, 0)
    for code in codes[: total // 2]:
        answers[code] = 2
    if total % 2:
        answers[codes[total // 2]] = 1
    result = instrument.score(ADULT, answers)
    assert result.total == total and result.level == level


def test_minor_resources_are_protective():
    # Every need item 0 and every resource present (2, reversed to 0): total 0, low.
    answers = {**all_items(MINOR, 0), "mr_adult": 2, "mr_interest": 2, "mr_motivation": 2}
    assert instrument.score(MINOR, answers).total == 0
    # No resources at all: the resources domain scores 6 of 6 and flags its need; total 6, still low.
    result = instrument.score(MINOR, all_items(MINOR, 0))
    assert (result.total, result.level, result.needs) == (6, "low", ("resources",))
    # Family 2+2, school 1+0, plus no resources: 4 + 1 + 6 = 11, medium (7).
    result = instrument.score(MINOR, {**all_items(MINOR, 0), "mf_supervision": 2, "mf_conflict": 2, "ms_attendance": 1})
    assert (result.total, result.level) == (11, "medium")
    assert result.needs == ("family_support", "resources")


def test_unanswered_items_are_listed():
    result = instrument.score(ADULT, {"ch_previous": {"value": 2, "by": "officer"}})
    assert result.total == 2 and len(result.unanswered) == 21


def test_self_report_items():
    assert "su_alcohol" in instrument.self_report_items(ADULT)
    assert "ch_previous" not in instrument.self_report_items(ADULT)


@pytest.mark.parametrize(("path", "change"), [
    ("format", lambda d: d.update(format=2)),
    ("kind", lambda d: d.update(kind="elder")),
    ("title", lambda d: d["title"].pop("ru")),
    ("levels[0].min", lambda d: d["levels"][0].update(min=1)),
    ("levels[1].min", lambda d: d["levels"][1].update(min=0)),
    ("domains[0].need", lambda d: d["domains"][0].update(need="nothing")),
    ("domains[0].items[0].scale", lambda d: d["domains"][0]["items"][0].update(scale="none")),
    ("domains[1].items[0]", lambda d: d["domains"][1]["items"][0].update(code="ch_previous")),
])
def test_bad_definitions_name_the_place(path, change):
    definition = copy.deepcopy(ADULT)
    change(definition)
    with pytest.raises(instrument.DefinitionError) as caught:
        instrument.check(definition)
    assert caught.value.path == path


def test_answers_must_be_on_the_scale():
    assert instrument.check_answer(ADULT, "ch_previous", 2) == 2
    for bad in (3, -1, "2", None, True):
        with pytest.raises(instrument.AnswerError):
            instrument.check_answer(ADULT, "ch_previous", bad)
    with pytest.raises(instrument.AnswerError):
        instrument.check_answer(ADULT, "nope", 1)
