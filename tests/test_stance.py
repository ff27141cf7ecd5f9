"""Sounding's one stance vocabulary, as the analysis, the column detector and datasets read it."""

from __future__ import annotations

import pytest

from sounding.consult.model import Stance
from sounding.consult.stance import (
    AGREE_ANSWERS,
    DISAGREE_ANSWERS,
    NEUTRAL_ANSWERS,
    looks_like_stance,
    not_stances,
    number_scale,
    parse_stance,
    rating_polarities,
    read_stance,
)

SPELLINGS = [
    ("Yes", Stance.AGREE),
    (" strongly AGREE ", Stance.AGREE),
    ("Tend to agree", Stance.AGREE),
    ("Support", Stance.AGREE),
    ("In favour", Stance.AGREE),
    ("In favor", Stance.AGREE),
    ("Favour", Stance.AGREE),
    ("Favor", Stance.AGREE),
    ("For", Stance.AGREE),
    ("+1", Stance.AGREE),
    ("1", Stance.AGREE),
    ("True", Stance.AGREE),
    ("No", Stance.DISAGREE),
    ("Tend to disagree", Stance.DISAGREE),
    ("Strongly  oppose", Stance.DISAGREE),
    ("Against", Stance.DISAGREE),
    ("-1", Stance.DISAGREE),
    ("False", Stance.DISAGREE),
    # A planning consultation asks "Do you support or object to the proposal?"
    ("Object", Stance.DISAGREE),
    ("Strongly object", Stance.DISAGREE),
    ("Objection", Stance.DISAGREE),
    ("Opposed", Stance.DISAGREE),
    ("Neither support nor object", Stance.NEUTRAL),
    # A bus consultation's five-point scale: its "Tend to" answers had been neutral.
    ("Tend to support", Stance.AGREE),
    ("Tend to oppose", Stance.DISAGREE),
    ("Somewhat oppose", Stance.DISAGREE),
    ("Neither support nor oppose", Stance.NEUTRAL),
    # The National Student Survey's scale: a module survey's "Definitely" answers had been
    # neutral.
    ("Definitely agree", Stance.AGREE),
    ("Mostly agree", Stance.AGREE),
    ("Definitely disagree", Stance.DISAGREE),
    ("Comment", Stance.NEUTRAL),
    ("Neither agree nor disagree", Stance.NEUTRAL),
    ("Neutral", Stance.NEUTRAL),
    ("Mixed", Stance.NEUTRAL),
    ("Don’t know", Stance.NEUTRAL),
    ("Don't know", Stance.NEUTRAL),
    ("Not sure", Stance.NEUTRAL),
    ("UNCLEAR", Stance.NEUTRAL),
    # A Welsh school reorganisation's form: 180 answers in Welsh had been neutral.
    ("Ydw", Stance.AGREE),
    ("Nac ydw", Stance.DISAGREE),
    ("Nag ydy", Stance.DISAGREE),
    ("Cytuno'n gryf", Stance.AGREE),
    ("Anghytuno", Stance.DISAGREE),
    ("Ddim yn siŵr", Stance.NEUTRAL),
]


@pytest.mark.parametrize(
    "answer, stance",
    [
        ("Yes / Ydw", Stance.AGREE),
        ("Nac ydw / No", Stance.DISAGREE),
        ("Agree/Cytuno", Stance.AGREE),
        ("Ddim yn siŵr / Not sure", Stance.NEUTRAL),
        ("Yes / No", Stance.NEUTRAL),  # both ticked: neither side
    ],
)
def test_a_bilingual_answer_reads_as_both_its_halves_do(answer, stance):
    assert parse_stance(answer) is stance
    assert looks_like_stance(answer)


@pytest.mark.parametrize("answer, stance", SPELLINGS)
def test_each_spelling_reads_the_same_for_the_analysis_and_for_datasets(answer, stance):
    assert parse_stance(answer) is stance
    assert read_stance(answer) is stance


@pytest.mark.parametrize("answer", ["", "   ", None])
def test_no_answer_is_no_stance(answer):
    assert parse_stance(answer) is None
    assert read_stance(answer) is None


def test_an_unknown_answer_is_neutral_to_the_analysis_but_refused_for_a_dataset():
    assert parse_stance("It depends on the route") is Stance.NEUTRAL
    with pytest.raises(ValueError, match="Unknown stance value"):
        read_stance("sideways")


@pytest.mark.parametrize(
    "answer",
    sorted(a for a in AGREE_ANSWERS | DISAGREE_ANSWERS | NEUTRAL_ANSWERS if a[0].isalpha()),
)
def test_the_column_detector_knows_every_worded_answer(answer):
    assert looks_like_stance(answer.title())


@pytest.mark.parametrize("value", ["1", "-1", "42", "Bus services", "I support it"])
def test_numbers_and_free_text_do_not_look_like_stances(value):
    assert not looks_like_stance(value)


@pytest.mark.parametrize(
    ("answers", "scale"),
    [
        (["1", "5", "3", None, "", "2"], "1–5"),
        (["0", "10", "7.5", "n/a"], "0–10"),
        (["1", "-1", "0", "+1"], None),  # a stance written as numbers
        (["Yes", "No", "3"], None),  # mostly words
        ([None, ""], None),
    ],
)
def test_a_rating_in_numbers_is_a_scale_not_a_stance(answers, scale):
    assert number_scale(answers) == scale


@pytest.mark.parametrize(
    ("answers", "examples"),
    [
        (["Good", "Poor", "Good", "Fair", None, "Very poor", "Good"], ["Good", "Poor", "Fair"]),
        (["Option A", "Option B", "Option A"], ["Option A", "Option B"]),
        (["Yes", "No", "Good"], None),  # mostly stances
        (["Strongly agree with it", "Tend to disagree", "Unsure"], None),
        ([None, " "], None),
    ],
)
def test_answers_in_words_that_are_no_stances_are_named(answers, examples):
    assert not_stances(answers) == examples


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"],
            {"Very good": 1.0, "Good": 0.5, "Neither good nor poor": 0.0, "Poor": -0.5}
            | {"Very poor": -1.0, "Don't know": 0.0},
        ),
        (["Extremely likely", "Unlikely"], {"Extremely likely": 1.0, "Unlikely": -0.5}),
        (["Very satisfied", "Dissatisfied"], {"Very satisfied": 1.0, "Dissatisfied": -0.5}),
        # Numbers by where they sit on the scale the answers span.
        (["1", "2", "3", "4", "5"], {"1": -1.0, "2": -0.5, "3": 0.0, "4": 0.5, "5": 1.0}),
        (["0", "10", "7"], {"0": -1.0, "10": 1.0, "7": 0.4}),
        # Stances and choices are no rating.
        (["Yes", "No", "Yes"], {}),
        (["Bus", "Car", "Train"], {}),
        ([None, ""], {}),
    ],
)
def test_a_rating_says_which_way_its_respondent_leans(answers, expected):
    assert rating_polarities(answers) == pytest.approx(expected)
