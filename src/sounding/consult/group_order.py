"""The order in which a respondent attribute's groups are shown: a rating's scale from best to
worst ("Very good", "Good", "Poor", "Very poor"), a scale of sizes or of how often in its
own order ("Micro", "Small", "Medium"; "Never" to "Always"), otherwise numbers in names by
their value ("Ward 3" before "Ward 12"), and groups that say nothing ("Don't know", "(not
given)") last.

Alphabetical order had put a rating's columns as "Good | Poor | Very good".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

# The side a rating word takes, and how far: "excellent" past "very good", "fair" between
# "good" and "poor". A scale's other words ("nor", "to", "tend") carry no side.
_SIDE = {
    "excellent": 3.0, "outstanding": 3.0, "good": 1.0, "likely": 1.0, "agree": 1.0,
    "satisfied": 1.0, "happy": 1.0, "helpful": 1.0, "easy": 1.0, "better": 1.0,
    "fair": 0.25, "ok": 0.25, "okay": 0.25, "average": 0.25, "adequate": 0.25,
    "poor": -1.0, "bad": -1.0, "unlikely": -1.0, "disagree": -1.0, "dissatisfied": -1.0,
    "unhappy": -1.0, "unhelpful": -1.0, "difficult": -1.0, "worse": -1.0, "terrible": -3.0,
    "safe": 1.0, "unsafe": -1.0,
    "awful": -3.0,
    # ... and a proposal's scale ("Strongly support" to "Strongly oppose").
    "support": 1.0, "favour": 1.0, "favor": 1.0, "approve": 1.0, "oppose": -1.0,
    "object": -1.0, "disapprove": -1.0,
}  # fmt: skip
_STRENGTH = {
    # ... "extremely" beyond "very": the Adult Social Care Survey's seven points had read
    # "extremely dissatisfied" before "very dissatisfied".
    "very": 2.0, "extremely": 2.5, "strongly": 2.0, "completely": 2.0, "fairly": 0.75,
    "quite": 0.75, "somewhat": 0.5, "slightly": 0.5, "tend": 0.5,
    # The National Student Survey's "Definitely agree" beyond "Mostly agree".
    "definitely": 2.0, "totally": 2.0, "mostly": 0.75,
}  # fmt: skip
# "Neither good nor poor", "Neither agree nor disagree": the middle of the scale, put in the
# first person too ("I am neither satisfied nor dissatisfied", as that survey words it).
_MIDDLE = re.compile(r"^\s*(?:i\s+am\s+|i['’]?m\s+)?neither\b", re.IGNORECASE)
#: The group of respondents who left an attribute or closed question empty.
NOT_GIVEN: Final = "(not given)"
# Groups that hold no answer on the scale, shown after it.
_NOT_ON_THE_SCALE = (
    r"(?:\(not given\)|don['’]?t know|do not know|not sure|unsure|n/?a|prefer not to say"
    r"|not applicable|no answer|unknown|can['’]?t say|no opinion"
    # ... or who have not tried it (a GP survey's phone question: "Haven't tried").
    r"|haven['’]?t\s+tried|have\s+not\s+tried|not\s+tried|never\s+tried)"
)
# ... one or several, as a tenants' survey words it ("Not applicable/don't know" had left
# its satisfaction scale in alphabetical order).
_NO_ANSWER = re.compile(
    rf"^\s*{_NOT_ON_THE_SCALE}(?:\s*(?:/|,|\bor\b|\band\b)\s*{_NOT_ON_THE_SCALE})*\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z]+")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)")


def rating_position(value: str) -> float | None:
    """Where `value` sits on a rating scale, best highest (None: no rating word). "Not"
    before the rating word turns it: "Not very easy" a little below the middle, "Not at
    all easy" far below (a GP survey's "How easy is it to get through on the phone?" had
    put "Not very easy" with "Very easy")."""
    if _MIDDLE.match(value):
        return 0.0
    side: float | None = None
    strength = 1.0
    words = _WORD.findall(value.lower())
    for word in words:
        if word in _STRENGTH:
            strength = _STRENGTH[word]
        elif word in _SIDE and side is None:
            side = _SIDE[word]
            if "not" in words[: words.index(word)]:
                return -side * (2.0 if "all" in words else 0.75 if strength > 1 else 1.0)
    return None if side is None else side * strength


#: Scales whose words say their order (a business survey's sizes had read "Medium, Micro,
#: Small", alphabetically).
_SCALES = (
    ("micro", "small", "medium", "large"),
    ("never", "rarely", "seldom", "occasionally", "sometimes", "often", "usually", "always"),
    ("daily", "weekly", "fortnightly", "monthly", "quarterly", "yearly", "annually"),
)


#: How often, most often first, as survey tools word it: a bus consultation's "Daily,
#: Several times a week, Weekly, Less often, Monthly, Never" had been shown by count.
_HOW_OFTEN = tuple(
    re.compile(rf"^\s*(?:{pattern})\W*$", re.IGNORECASE)
    for pattern in (
        r"daily|every\s+day|most\s+days|(?:several|many)\s+times\s+a\s+day",
        r"(?:several|a\s+few|\d+(?:\s*(?:-|–|to)\s*\d+)?)\s+(?:times|days)\s+(?:a|per)\s+week",
        r"weekly|once\s+a\s+week|every\s+week|at\s+least\s+once\s+a\s+week",
        r"fortnightly|every\s+(?:two|2)\s+weeks|(?:several|a\s+few|\d+)\s+times\s+a\s+month",
        r"monthly|once\s+a\s+month|every\s+month|at\s+least\s+once\s+a\s+month",
        r"quarterly|every\s+few\s+months|(?:several|a\s+few|\d+)\s+times\s+a\s+year",
        r"yearly|annually|once\s+a\s+year|every\s+year",
        r"less\s+often|less\s+than\s+(?:that|once\s+a\s+\w+)|rarely|seldom|occasionally"
        r"|hardly\s+ever",
        r"never|not\s+at\s+all|i\s+(?:do\s+not|don['’]?t)\s+use\s+(?:it|them|the\s+\w+)",
    )
)


def _scale_positions(values: list[str]) -> dict[str, int] | None:
    """Each value's place on the one scale of `_SCALES` whose word each opens with, or on
    `_HOW_OFTEN` where each is worded as one of its steps; None where they do not all."""
    firsts = {v: (_WORD.findall(v.lower()) or [""])[0] for v in values}
    for scale in _SCALES:
        if all(word in scale for word in firsts.values()):
            return {v: scale.index(word) for v, word in firsts.items()}
    steps = {
        v: next((k for k, step in enumerate(_HOW_OFTEN) if step.match(v)), None) for v in values
    }
    if all(step is not None for step in steps.values()):
        return {v: int(step or 0) for v, step in steps.items()}
    return None


# "Under 18" comes before "18-24", "Over 75" after "65-74".
_BELOW = re.compile(r"^\s*(?:under|below|less than|up to)\s+(\d+)", re.IGNORECASE)
_ABOVE = re.compile(r"^\s*(?:over|above|more than)\s+(\d+)", re.IGNORECASE)


def _natural_key(value: str) -> tuple[tuple[int, float | str], ...]:
    """Numbers compared as numbers ("Ward 3" < "Ward 12", "18-24" < "65+", "Under 18" first)."""
    below = _BELOW.match(value)
    if bound := below or _ABOVE.match(value):
        shift = -0.5 if below else 0.5
        return ((1, ""), (0, float(bound.group(1)) + shift), (1, value.casefold()))
    return tuple(
        (0, float(part)) if index % 2 else (1, part.casefold())
        for index, part in enumerate(_NUMBER.split(value))
    )


def is_no_answer(value: str) -> bool:
    """Whether a group is of those who gave no answer ("Don't know", "(not given)")."""
    return bool(_NO_ANSWER.match(value or NOT_GIVEN))


def group_order(values: Iterable[str]) -> list[str]:
    """`values` in the order a reader expects (see the module's docstring)."""
    values = list(dict.fromkeys(values))
    answered = [v for v in values if not is_no_answer(v)]
    unanswered = [v for v in values if v not in answered]
    positions = {v: rating_position(v) for v in answered}
    scale = _scale_positions(answered) if len(answered) >= 2 else None
    if scale is not None:
        ordered = sorted(answered, key=lambda v: (scale[v], _natural_key(v)))
    elif len(answered) >= 2 and all(p is not None for p in positions.values()):
        ordered = sorted(answered, key=lambda v: (-(positions[v] or 0.0), _natural_key(v)))
    else:
        ordered = sorted(answered, key=_natural_key)
    # Those who said they do not know before those who said nothing (a budget
    # consultation's "(not given)" had sat between "Strongly disagree" and "Don't know").
    return ordered + sorted(unanswered, key=lambda v: (v in ("", NOT_GIVEN), _natural_key(v)))
