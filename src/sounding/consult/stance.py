"""Sounding's one stance vocabulary: which closed answers ("Yes", "Strongly disagree", "+1",
"In favour", "Don't know") mean agree, disagree or neither.

The analysis reads a linked closed answer with `parse_stance` (none where `number_scale` or
`not_stances` find a rating or a choice), the column detector asks `looks_like_stance`
whether a column holds such answers, and the dataset loaders map their gold labels with
`read_stance`; all three read the word lists below, so a spelling added here is understood
everywhere.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from sounding.consult.model import Stance

# Spellings are written casefolded, apostrophes removed and spaces single, as `_key` makes them.
AGREE_ANSWERS = frozenset({
    "yes", "y", "agree", "strongly agree", "tend to agree", "somewhat agree", "support",
    "strongly support", "in favour", "in favor", "favour", "favor", "for", "pro", "+1", "1",
    "true", "i support", "in support", "supportive", "approve", "strongly approve",
    # The five-point scales of UK consultations in their other wordings ("Tend to support":
    # a bus consultation's 113 answers had been read as neutral).
    "tend to support", "somewhat support", "mostly support", "mostly agree", "slightly agree",
    "agree strongly", "support strongly", "strongly favour", "strongly favor", "tend to favour",
    "tend to favor", "tend to approve",
    # The National Student Survey's scale and its like ("Definitely agree" had been read as
    # neutral, so a module survey's most satisfied students counted as no stance).
    "definitely agree", "definitely support", "completely agree", "totally agree",
    # Welsh, as Welsh public bodies' bilingual forms record it ("Ydw", I do; "Cytuno'n gryf",
    # strongly agree): a school reorganisation's 180 Welsh answers had been read as neutral.
    "ydw", "ydy", "ydyn", "ydych", "ydan", "ie", "oes", "do", "cytuno", "cytunon gryf",
    "tueddu i gytuno", "o blaid", "cefnogi", "cefnogin gryf",
})  # fmt: skip
DISAGREE_ANSWERS = frozenset({
    "no", "n", "disagree", "strongly disagree", "tend to disagree", "somewhat disagree",
    "oppose", "strongly oppose", "against", "con", "-1", "false", "opposed", "strongly opposed",
    "i oppose", "object", "strongly object", "i object", "objection", "objecting", "disapprove",
    "strongly disapprove",
    "tend to oppose", "somewhat oppose", "mostly oppose", "mostly disagree", "slightly disagree",
    "disagree strongly", "oppose strongly", "tend to object", "tend to disapprove",
    "definitely disagree", "definitely oppose", "completely disagree", "totally disagree",
    # Welsh ("Nac ydw", I do not), but not a bare "na", which is also how "N/A" is typed.
    "nac ydw", "nag ydw", "nac ydy", "nag ydy", "nac ydyn", "nag ydyn", "nac ydych",
    "nac oes", "nag oes", "naddo", "anghytuno", "anghytunon gryf",
    "tueddu i anghytuno", "yn erbyn", "gwrthwynebu", "gwrthwynebun gryf",
})  # fmt: skip
# Answers that take neither side ("unclear" is ThemeFinder's label for a position it cannot
# read): neutral, like any answer not listed, but known to be a stance.
NEUTRAL_ANSWERS = frozenset({
    "neither agree nor disagree", "neither", "neutral", "mixed", "unclear", "dont know",
    "do not know", "not sure", "unsure", "maybe", "partly", "partially", "in part",
    "undecided", "no opinion", "neither support nor oppose", "neither support nor object",
    "no view", "no strong view", "comment", "comment only", "general comment",
    # Welsh: not sure, don't know, neither agree nor disagree, neutral, no view.
    "ddim yn siŵr", "ddim yn siwr", "dim yn siŵr", "dim yn siwr", "ddim yn gwybod",
    "dim yn gwybod", "ansicr", "niwtral", "dim barn", "ddim yn cytuno nac yn anghytuno",
    "ddim yn cytuno nac anghytuno", "dim yn cytuno nac yn anghytuno",
})  # fmt: skip
# First words that mark a longer closed answer ("Strongly agree with the proposal").
_LEADING_WORDS = frozenset({
    "yes", "no", "agree", "disagree", "support", "oppose", "object", "strongly", "tend",
    "neither", "somewhat", "partly", "partially", "ydw", "nac", "nag", "cytuno", "anghytuno",
    "tueddu", "ddim", "dim", "definitely", "mostly", "completely", "totally",
})  # fmt: skip
_ALL_ANSWERS = AGREE_ANSWERS | DISAGREE_ANSWERS | NEUTRAL_ANSWERS


def _key(answer: str) -> str:
    return re.sub(r"\s+", " ", answer.strip().casefold().replace("’", "").replace("'", ""))


def parse_stance(answer: str | None) -> Stance | None:
    """Agree, disagree, neutral for any other non-empty answer, None when there is no answer."""
    if answer is None:
        return None
    key = _key(answer)
    if not key:
        return None
    if "/" in key:
        # A bilingual form's answer in both languages ("Yes / Ydw", "Nac ydw / No"): the
        # stance both halves give.
        halves = {parse_stance(half) for half in key.split("/") if half.strip()}
        if len(halves) == 1 and Stance.NEUTRAL not in halves:
            return halves.pop()
    if key in AGREE_ANSWERS:
        return Stance.AGREE
    if key in DISAGREE_ANSWERS:
        return Stance.DISAGREE
    return Stance.NEUTRAL


def read_stance(answer: object) -> Stance | None:
    """A dataset's stance label as a Stance, None when blank; a label not in the vocabulary
    raises, since reading it as neutral would quietly skew a stance score."""
    key = _key(str(answer)) if answer is not None else ""
    if not key:
        return None
    if key not in _ALL_ANSWERS:
        raise ValueError(f"Unknown stance value {answer!r}.")
    return parse_stance(key)


def looks_like_stance(value: str) -> bool:
    """Whether a cell reads as a closed stance answer, for spotting stance columns.

    Only letters count, so numbers (even 1 and -1) never make a column look like stances.
    """
    plain = value.lower().replace("’", "").replace("'", "").replace("/", " ")
    words = re.sub(r"\s+", " ", re.sub(r"[^a-z ]+", "", plain)).strip()
    return words in _ALL_ANSWERS or words.split(" ", 1)[0] in _LEADING_WORDS


def number_scale(answers: Iterable[str | None]) -> str | None:
    """The range ("1–5") of closed answers given mostly as numbers beyond -1, 0 and 1: a
    rating or a score, whose 1 is no "yes" (often the worst mark), so it gives no stance.
    None where the answers read as stances."""
    filled = [a.strip() for a in answers if a and a.strip()]
    numbers = []
    for answer in filled:
        try:
            numbers.append(float(answer))
        except ValueError:
            continue
    if not numbers or 2 * len(numbers) < len(filled) or set(numbers) <= {-1.0, 0.0, 1.0}:
        return None
    return f"{min(numbers):g}–{max(numbers):g}"


def not_stances(answers: Iterable[str | None]) -> list[str] | None:
    """The commonest closed answers ("Good", "Poor", "Fair"), when fewer than half of them
    read as stances: a rating in words or a choice between options, whose every answer
    would be "neutral", so it gives no stance. None where most answers are stances."""
    filled = [a.strip() for a in answers if a and a.strip()]
    if not filled or 2 * sum(looks_like_stance(a) for a in filled) >= len(filled):
        return None
    return [answer for answer, _ in Counter(filled).most_common(3)]


#: Words of a rating given in words: "Very good", "Poor", "Extremely likely", "Satisfied".
_RATING_WORDS = re.compile(
    r"\b(?:good|poor|bad|excellent|fair|average|ok|okay|great|terrible|awful|satisf\w*"
    r"|dissatisf\w*|likely|unlikely|happy|unhappy|safe|unsafe)\b",
    re.IGNORECASE,
)


def is_rating(answers: Iterable[str | None]) -> bool:
    """Whether closed answers are a rating (numbers beyond -1 to 1, or mostly words such as
    "Good" and "Very poor"): the open question beside one asks why it was given, so its
    answers are praise and complaint."""
    filled = [a.strip() for a in answers if a and a.strip()]
    if number_scale(filled):
        return True
    return bool(filled) and 2 * sum(bool(_RATING_WORDS.search(a)) for a in filled) >= len(filled)


#: Words of a rating that praise or complain, and those that make it strong ("Very poor").
_PRAISING = re.compile(r"\b(?:good|excellent|great|satisfied|likely|happy|safe)\b", re.IGNORECASE)
_COMPLAINING = re.compile(
    r"\b(?:poor|bad|terrible|awful|dissatisfied|unlikely|unhappy|unsafe)\b", re.IGNORECASE
)
_STRONG = re.compile(r"\b(?:very|extremely|excellent|terrible|awful)\b", re.IGNORECASE)
_NEITHER = re.compile(r"\b(?:neither|nor|not|don[’']?t|do not)\b", re.IGNORECASE)


def rating_polarities(answers: Iterable[str | None]) -> dict[str, float]:
    """What each closed answer of a rating (`is_rating`) says of the respondent's view, from
    -1 (the worst) to 1 (the best): "Very good" 1, "Good" 0.5, "Poor" -0.5, "Very poor" -1;
    a number by where it sits on the scale the answers span ("2" of 1–5 is -0.5). Answers
    that take no side ("Neither good nor poor", "Don't know", the middle of a scale) are 0;
    empty where the answers are no rating. Why a rating was given is told in its open
    answer, so the rating says which way that answer leans where its words are unclear."""
    filled = {a.strip() for a in answers if a and a.strip()}
    if not filled or not is_rating(filled):
        return {}
    if scale := number_scale(filled):
        low, high = (float(end) for end in scale.split("–"))
        middle, half = (low + high) / 2, (high - low) / 2
        out = {}
        for answer in filled:
            try:
                out[answer] = max(-1.0, min(1.0, (float(answer) - middle) / half))
            except ValueError:
                continue
        return out
    out = {}
    for answer in filled:
        praise, complaint = bool(_PRAISING.search(answer)), bool(_COMPLAINING.search(answer))
        if praise == complaint or _NEITHER.search(answer):
            out[answer] = 0.0
        else:
            strength = 1.0 if _STRONG.search(answer) else 0.5
            out[answer] = strength if praise else -strength
    return out
