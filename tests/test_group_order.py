"""The order of a respondent attribute's groups in the report (sounding.consult.group_order)."""

import pytest

from sounding.consult.group_order import group_order


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            ["Good", "Poor", "Very good", "Very poor", "Neither good nor poor", "Don't know"],
            ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"],
        ),
        (
            ["Likely", "Extremely unlikely", "Extremely likely", "Unlikely"],
            ["Extremely likely", "Likely", "Unlikely", "Extremely unlikely"],
        ),
        (
            ["Tend to agree", "Strongly disagree", "Strongly agree", "Neither agree nor disagree"],
            ["Strongly agree", "Tend to agree", "Neither agree nor disagree", "Strongly disagree"],
        ),
        (["Excellent", "Good", "Fair", "Poor", "Very good"],
         ["Excellent", "Very good", "Good", "Fair", "Poor"]),
        (["Ward 12", "Ward 3", "(not given)", "Ward 7"],
         ["Ward 3", "Ward 7", "Ward 12", "(not given)"]),
        (["65+", "18-24", "Over 75", "25-34", "Under 18"],
         ["Under 18", "18-24", "25-34", "65+", "Over 75"]),
        # A business survey's sizes and how often it was paid late.
        (["Small (10-49 employees)", "Medium (50-249 employees)", "Micro (0-9 employees)"],
         ["Micro (0-9 employees)", "Small (10-49 employees)", "Medium (50-249 employees)"]),
        (["Often", "Sometimes", "Always", "Don't know", "Never"],
         ["Never", "Sometimes", "Often", "Always", "Don't know"]),
        # A bus consultation's scale of support and how often respondents ride.
        (["Strongly oppose", "Tend to oppose", "Strongly support", "Tend to support",
          "Neither support nor oppose", "Don't know"],
         ["Strongly support", "Tend to support", "Neither support nor oppose", "Tend to oppose",
          "Strongly oppose", "Don't know"]),
        (["Daily", "Several times a week", "Weekly", "Less often", "Monthly", "Never"],
         ["Daily", "Several times a week", "Weekly", "Monthly", "Less often", "Never"]),
        (["Once a month", "Every day", "2-3 times a week", "Rarely", "Once a week"],
         ["Every day", "2-3 times a week", "Once a week", "Once a month", "Rarely"]),
        # Those who said nothing come after those who did not know.
        (["Agree", "(not given)", "Don't know", "Disagree"],
         ["Agree", "Disagree", "Don't know", "(not given)"]),
        (["South", "North", "Wales"], ["North", "South", "Wales"]),  # no scale: by name
        (["Good", "North"], ["Good", "North"]),  # one word of a scale makes no scale
    ],
)  # fmt: skip
def test_groups_are_ordered_as_a_reader_expects(values, expected):
    assert group_order(values) == expected


def test_a_scale_in_the_first_person_keeps_its_order_extremely_beyond_very():
    """The Adult Social Care Survey's seven points had read "I am neither…" above "quite"
    and "extremely dissatisfied" before "very dissatisfied"."""
    scale = [
        "I am extremely satisfied",
        "I am very satisfied",
        "I am quite satisfied",
        "I am neither satisfied nor dissatisfied",
        "I am quite dissatisfied",
        "I am very dissatisfied",
        "I am extremely dissatisfied",
    ]
    assert group_order(sorted(scale)) == scale


def test_the_national_student_surveys_scale_keeps_its_order():
    """A module survey's "Definitely disagree" had been listed above "Mostly disagree"."""
    scale = [
        "Definitely agree",
        "Mostly agree",
        "Neither agree nor disagree",
        "Mostly disagree",
        "Definitely disagree",
    ]
    assert group_order(sorted(scale)) == scale


def test_a_scale_worded_with_not_keeps_its_order():
    """A GP survey's phone question had read "Fairly easy, Haven't tried, Not at all easy,
    Not very easy, Very easy"."""
    scale = ["Very easy", "Fairly easy", "Not very easy", "Not at all easy", "Haven't tried"]
    assert group_order(sorted(scale)) == scale


def test_a_scale_keeps_its_order_beside_not_applicable_or_dont_know():
    """A tenants' survey's "Not applicable/don't know" had left its satisfaction scale in
    alphabetical order, in the report and in breakdown.csv."""
    scale = [
        "Very satisfied",
        "Fairly satisfied",
        "Neither satisfied nor dissatisfied",
        "Fairly dissatisfied",
        "Very dissatisfied",
        "Not applicable/don't know",
    ]
    assert group_order(sorted(scale)) == scale
