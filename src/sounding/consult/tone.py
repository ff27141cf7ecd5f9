"""The estimated tone of each theme (positive, negative or unclear) where no closed answer
gives a stance.

An impact or experience question ("What impact would the proposal have on you?") usually
has no closed question beside it, so every theme is neutral and good and bad impacts sit
side by side unmarked. No sentiment model ships with Sounding, so the tone is read from the
embedding model already in use: a logistic regression fitted, when first needed, on
example sentences written for Sounding (``tone_examples.tsv``) and embedded by the same
model as the answers, so it works with whichever model a run uses. One answer's tone read
this way is often wrong (about 3 in 4 right on the labelled demo), above all for relief
put in negative words ("fewer cars blocking the kerb"), so only a theme, not an answer, is
given a tone, and only when it has a few distinct answers (`MIN_DISTINCT_ANSWERS`) and most
of them (`AGREEMENT`) lean the same way; otherwise it is "unclear". Responses keep no
stance, so coding is unchanged; the report says the tone is an estimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from sounding.consult.model import Question, Tone
from sounding.consult.stages import QuestionData, ThemeSeed
from sounding.embeddings.base import Embedder

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

EXAMPLES_PATH = Path(__file__).with_name("tone_examples.tsv")
#: Questions that ask how something affects or went for the respondent, whose answers are
#: good or bad impacts or experiences ("auto" gives these a tone). Not those asking what
#: could be improved or done better: their answers are suggestions ("More nurses at night"),
#: neither praise nor complaint, and a tone on them would be read as one.
TONE_QUESTION = re.compile(
    r"\b(?:impacts?|affects?|affected|effects?|experiences?|feedback|went well|"
    r"benefits?|disadvantages?|consequences?|worse|"
    r"liked|disliked|(?:dis)?satisf(?:ied|action)|was good|were good"
    # Comments, and comments on a visit or a stay: an export of patient comments in a column
    # called "comment" had no tone, praise and complaint unmarked side by side.
    r"|comments?|(?:your|the|my) (?:visit|stay|care|treatment|appointment)"
    # The Friends and Family Test's follow-up and its local variants: "Please can you tell us
    # why you gave your answer?", "What is the main reason for your rating?" (not "Please
    # explain your answer", which follows agree-or-disagree questions as often as ratings)
    r"|(?:gave|give|giving) (?:this|that|your|the) (?:answer|score|rating)"
    r"|reasons? for (?:this|that|your|the) (?:score|rating))\b",
    re.IGNORECASE,
)
#: Questions that ask for one side only: what could be better ("What could be improved?",
#: "What could we do better?") or what was good ("What was particularly good about your
#: care?"). Their answers are of that side whatever their wording, so they are not divided
#: by estimated tone: on an inpatient survey's "What could be improved?", "Food could be
#: improved" and "The food is awful" had been split as praise and complaint.
#: Asking for improvement takes a modal ("What could be improved?", "How can we improve?",
#: "What would you change?"): "What do you think of the plans to improve the station?" asks
#: for views of a plan, both ways.
_SUGGESTIONS = (
    r"\b(?:could|would|should|can|might)\b(?:\s+\w+){0,3}?\s+(?:improve[ds]?|be\s+improved"
    r"|(?:do|done|be|make\s+\w+)\s+better|do\s+differently|change)\b"
    r"|\bimprovements?\s+(?:would|could|should|can|might|do)\b"
    # ... or asks for alternatives, suggestions or ideas: a library review's "What
    # alternatives should we consider?" had been split into praise and complaint.
    r"|\b(?:what|any|other|your)\s+(?:\w+\s+){0,2}?(?:alternatives?|suggestions?|ideas?)\b"
)
_ASKS_FOR_SUGGESTIONS = re.compile(_SUGGESTIONS, re.IGNORECASE)
_ASKS_WHAT_COULD_BE_BETTER = re.compile(
    _SUGGESTIONS + r"|\b(?:went\s+wrong|problems?|issues?|concerns?|worst|dislike[ds]?"
    r"|get(?:s|ting)?\s+in\s+the\s+way|hinder(?:s|ed)?|barriers?)\b",
    re.IGNORECASE,
)
_ASKS_WHAT_WAS_GOOD = re.compile(
    r"\b(?:(?:particularly|especially|really)\s+good|good\s+about|went\s+well|worked\s+well"
    r"|best\s+(?:thing|part|about)|liked?\s+(?:most|best|about)"
    # ... and what helped ("What helped you most?", an induction survey's, had been split
    # by tone into praise and complaint of the same buddy scheme).
    r"|what\s+(?:has\s+|have\s+|had\s+)?help(?:ed|s)|(?:most|particularly|really)\s+"
    r"(?:helpful|useful|valuable)|(?:enjoy(?:ed)?|value[ds]?)\s+(?:the\s+)?most"
    # ... and what is done well ("What does the school do well?", a parents' survey's, had
    # its praise split by tone), or its strengths.
    r"|(?:do|does|did|doing)\s+well|strengths?)\b",
    re.IGNORECASE,
)


def asks_for_tone(question: str, rated: bool = False) -> bool:
    """Whether a question's themes get a tone in "auto" (see `ToneEstimator.applies`)."""
    # A column name for wording ("q3_impact") is read as words.
    wording = question.replace("_", " ")
    if _ASKS_FOR_SUGGESTIONS.search(wording) and not _ASKS_WHAT_WAS_GOOD.search(wording):
        # Suggestions, even beside a rating: a staff survey's "What one change would most
        # improve your working life?" had "Higher pay" called positive.
        return False
    if _ASKS_WHAT_WAS_GOOD.search(wording) and not _ASKS_WHAT_COULD_BE_BETTER.search(wording):
        # Praise asked for: each theme is something liked, however worded. A staff
        # survey's "What is the best thing about working here?" had 13 of 14 themes
        # ("Team work", "Pension") called of unclear tone.
        return False
    return rated or bool(TONE_QUESTION.search(wording))


def asks_for_better(question: str) -> bool:
    """Whether the question asks only what could be better ("What could we have done
    better?")."""
    return bool(_ASKS_WHAT_COULD_BE_BETTER.search(question)) and not bool(
        _ASKS_WHAT_WAS_GOOD.search(question)
    )


#: A question answered yes or no ("Should the town change its transport?"), after any
#: number it is given ("Q3.").
_YES_OR_NO = re.compile(
    r"^\s*(?:q?\d+[a-z]?[.:)]?\s+)?(?:should|shall|do|does|did|is|are|was|were|would|will|can"
    r"|could|have|has|had|may|might|must)\b",
    re.IGNORECASE,
)


def asks_praise_or_suggestions(question: str) -> bool:
    """Whether the question asks only what was good or only for suggestions ("What did you
    find most helpful?", "What could be improved?"), and is not answered yes or no ("Should
    the town change its transport?"): its answers make the same points whichever side of a
    closed question beside it their writers took."""
    wording = question.replace("_", " ")
    if _YES_OR_NO.match(wording):
        return False
    good = bool(_ASKS_WHAT_WAS_GOOD.search(wording))
    return good != bool(_ASKS_FOR_SUGGESTIONS.search(wording))


def asks_one_side(question: str) -> bool:
    """Whether the question asks only what could be better, or only what was good."""
    worse = bool(_ASKS_WHAT_COULD_BE_BETTER.search(question))
    return worse != bool(_ASKS_WHAT_WAS_GOOD.search(question))


_LABELS = {"positive": 1, "negative": -1, "neither": 0}
#: Share of a theme's distinct answers that must lean one way for it to get that tone:
#: chosen on one seed of the labelled demo (benchmarks/tone.py), where it names 23 of the 28
#: themes written with a tone, one wrongly (80%: 16, one wrongly).
AGREEMENT = 0.7
#: Fewest distinct answers a theme needs for a tone: one answer's tone is right about 3 times
#: in 4, so a theme of one or two distinct answers (however often repeated) would be named
#: on a guess.
MIN_DISTINCT_ANSWERS = 3

ToneMode = Literal["auto", "always", "never"]


#: Rated answers a question needs before its ratings are read beside their words, and how
#: closely the two must agree (Pearson's r) for the ratings to be trusted: a scale whose 1
#: is the best mark reads the wrong way round, and its ratings are left out.
MIN_RATED = 10
MIN_RATING_AGREEMENT = 0.2


def rated_leans(leans: np.ndarray, ratings: np.ndarray | None) -> np.ndarray:
    """`leans` (see `ToneEstimator.lean`) with each rated answer's rating (`ratings`, -1 to
    1, NaN where none) counted as much as its words. One answer's lean read from its words
    is wrong about one time in four, most of all in short complaints and relief put in
    negative words ("No waiting at all"), and the rating beside it says which way the
    respondent meant it. Used only where the question's ratings agree with its answers'
    words overall (`MIN_RATING_AGREEMENT`)."""
    if ratings is None:
        return leans
    known = np.isfinite(ratings)
    if known.sum() < MIN_RATED or np.ptp(ratings[known]) == 0 or np.ptp(leans[known]) == 0:
        return leans
    if float(np.corrcoef(leans[known], ratings[known])[0, 1]) < MIN_RATING_AGREEMENT:
        return leans
    out = leans.astype(float, copy=True)
    out[known] = (leans[known] + ratings[known]) / 2
    return out


@cache
def tone_examples(path: Path = EXAMPLES_PATH) -> tuple[tuple[str, int], ...]:
    """The example sentences and their tone (+1, -1, 0 for neither), comments skipped."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, _, sentence = line.partition("\t")
        if label not in _LABELS or not sentence.strip():
            raise ValueError(f"{path.name} line {number}: expected 'tone<TAB>sentence'.")
        examples.append((sentence.strip(), _LABELS[label]))
    return tuple(examples)


@dataclass
class ToneEstimator:
    """Gives the discovered themes of a question with no closed answer a tone.

    mode: "auto" for questions whose wording asks about impacts or experiences
        (`TONE_QUESTION`), "always" for every question without a closed answer, "never".
    agreement: share of a theme's distinct answers that must lean one way for the theme to
        be called positive or negative; below it the tone is unclear.
    """

    mode: ToneMode = "auto"
    agreement: float = AGREEMENT
    _fitted: tuple[Embedder, LogisticRegression] | None = field(default=None, repr=False)

    def applies(self, question: Question, rated: bool = False) -> bool:
        """Whether `question` gets a tone: in "auto", when its wording asks about impacts or
        experiences, or when it says why a rating was given (`rated`: its linked closed
        answer is a rating, which gives no stance); never when it asks only for suggestions
        or only for what was good, whose answers are all of one side."""
        if self.mode == "never" or question.stance_column:
            return False
        return self.mode == "always" or asks_for_tone(question.text, rated)

    def lean(self, vectors: np.ndarray, embedder: Embedder) -> np.ndarray:
        """Per row of `vectors` (unit length, from `embedder`), the estimated chance it is
        positive less the chance it is negative: from -1 to 1."""
        model = self._model(embedder)
        chances = model.predict_proba(vectors)
        classes = list(model.classes_)
        return np.asarray(chances[:, classes.index(1)] - chances[:, classes.index(-1)])

    def theme_tones(
        self,
        data: QuestionData,
        seeds: list[ThemeSeed],
        members: dict[int, list[int]],
        embedder: Embedder,
    ) -> dict[int, Tone]:
        """The tone of each theme `t` in `members` (its rows of `data`). An answer of several
        sentences counts half by its sentence nearest the theme, so that "The nurses were
        lovely. But we waited five hours." leans negative in a theme about waiting, and half
        as a whole, so that one sentence read wrongly does not decide."""
        themes = list(members)
        # Row × theme: the lean each answer counts with towards each theme.
        own = rated_leans(self.lean(data.vectors, embedder), data.ratings)
        leans = np.repeat(own[:, None], len(themes), axis=1)
        if data.sentence_rows is not None and data.sentence_vectors is not None:
            sentence_leans = self.lean(data.sentence_vectors, embedder)
            centroids = np.vstack([seeds[t].centroid for t in themes])
            closeness = data.sentence_vectors @ centroids.T
            order = np.argsort(data.sentence_rows, kind="stable")
            rows, starts = np.unique(data.sentence_rows[order], return_index=True)
            for row, indexes in zip(rows, np.split(order, starts[1:]), strict=True):
                nearest = indexes[np.argmax(closeness[indexes], axis=0)]
                leans[row] = (leans[row] + sentence_leans[nearest]) / 2
        return {t: self.theme_tone(leans[members[t], column]) for column, t in enumerate(themes)}

    def theme_tone(self, leans: np.ndarray) -> Tone:
        """The tone of a theme whose distinct answers lean `leans` (see `lean`); unclear
        with fewer than `MIN_DISTINCT_ANSWERS` of them."""
        if len(leans) < MIN_DISTINCT_ANSWERS:
            return Tone.UNCLEAR
        if float(np.mean(leans > 0)) >= self.agreement:
            return Tone.POSITIVE
        if float(np.mean(leans < 0)) >= self.agreement:
            return Tone.NEGATIVE
        return Tone.UNCLEAR

    def _model(self, embedder: Embedder) -> LogisticRegression:
        if self._fitted is None or self._fitted[0] is not embedder:
            # Imported here: scikit-learn takes most of a second to load, paid only by runs
            # with a question to give a tone.
            from sklearn.linear_model import LogisticRegression

            examples = tone_examples()
            vectors = embedder.embed([sentence for sentence, _ in examples])
            labels = np.array([label for _, label in examples])
            # Balanced: the classes' sizes in the file say nothing about the answers' tone.
            model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
            model.fit(vectors, labels)
            self._fitted = (embedder, model)
        return self._fitted[1]
