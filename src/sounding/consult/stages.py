"""What the stages of a Consult analysis take and give: their contracts.

Each stage reads an immutable input and returns a result that says everything it produced;
`ConsultPipeline` combines the results. Nothing one stage writes is read by another except
through these types, so a stage can be replaced (as a scikit-learn estimator or a part of
BERTopic can) knowing exactly what it must give.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from sounding.consult.model import QuestionAnalysis, Stance, ThemeLink
from sounding.embeddings.base import Embedder

Codings = list[list[tuple[int, float]]]
"""Per distinct response, (index into the seeds, score) pairs, best first; empty: "Other"."""


@dataclass(frozen=True)
class QuestionData:
    """Distinct responses of one question: what stages cluster, assign and summarise."""

    texts: list[str]
    #: One unit-length row per response.
    vectors: np.ndarray
    #: How many respondents each distinct response stands for.
    weights: np.ndarray
    stances: list[Stance]
    question_id: str = ""
    question_vector: np.ndarray | None = None
    question_text: str = ""
    #: Responses flagged as attempts to instruct a model: never sent to one.
    flagged: Set[int] = frozenset()
    #: Sentences of responses that make several points, as the row of their response and
    #: one unit-length vector each: scored on their own, so that each point a long response
    #: makes can find its theme. None: responses are coded whole.
    sentence_rows: np.ndarray | None = None
    sentence_vectors: np.ndarray | None = None
    #: The text of each of those sentences, in the same order.
    sentence_texts: list[str] | None = None
    #: Whether the answers are short and read clause by clause (`consult.points`): the
    #: sentence rows are then clauses, each a point in its own right, so discovery clusters
    #: them rather than whole answers (and sets this on the points it clusters, too).
    by_clause: bool = False
    #: Per response, the mean rating its respondents gave beside it, from -1 (worst) to 1
    #: (NaN where none did); None where the question has no rating. Read with the answer's
    #: words for its tone (`tone.rated_leans`).
    ratings: np.ndarray | None = None
    #: Where `texts` are clauses cut from answers (`by_clause`), each one's whole answer:
    #: how respondents case a word shows in the answer ("late payment; rent; VAT"), not in
    #: a clause alone ("VAT").
    answers: list[str] | None = None
    #: The id of the response each row is (the one read for its duplicates), where known:
    #: a codebook's themes name responses they hold by id (`CodebookTheme.examples`).
    ids: list[str] = field(default_factory=list)


@dataclass
class ThemeSeed:
    """A discovered theme before it is counted: label, stance and the vectors to match on."""

    label: str
    description: str
    stance: Stance
    centroid: np.ndarray
    label_vector: np.ndarray
    members: list[int] = field(default_factory=list)
    weight: float = 0.0
    #: Set for themes given by the analyst (a codebook): kept under this id even if unused.
    id: str | None = None
    #: What most of the theme's responses say, and any minority view, when a model wrote
    #: them while discovering (LLM mode, a small question's one call).
    summary: str = ""
    minority_view: str = ""
    #: 1 or -1 for the praising or complaining side of a cluster split by tone (0: not
    #: split): only answers leaning that way, or its own members, are coded to it.
    tone_side: int = 0
    #: 1 or -1 where most answers of a theme not split lean one way, on a question whose
    #: answers divide by tone (0: neither): an answer leaning strongly the other way is not
    #: coded to it, even as a member.
    leaning: int = 0
    #: Set for a codebook's theme whose `members` are responses it held when given (an
    #: analyst's edited theme, re-assigned): responses are compared with them, as with a
    #: discovered theme's members.
    by_example: bool = False


@dataclass(frozen=True)
class Discovery:
    """What a discoverer found for one question."""

    seeds: list[ThemeSeed]
    #: Responses a model already coded while discovering: row → (seed indexes,
    #: evidence-rich). An assigner codes only the others.
    precoded: dict[int, tuple[list[int], bool]] = field(default_factory=dict)
    #: Whether a model was asked to name, summarise and code the question in one call.
    one_call: bool = False
    #: What the analyst should know about the question.
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Coding:
    """What an assigner decided for one question."""

    themes: Codings
    #: The model's view of whether a response gives specific evidence (LLM mode).
    evidence_rich: dict[int, bool] = field(default_factory=dict)
    #: What the analyst should know about single responses (row → notes).
    flags: dict[int, list[str]] = field(default_factory=dict)
    #: How responses were coded, when a model coded only a sample.
    report: dict[str, object] = field(default_factory=dict)
    #: What the analyst should know about the question.
    notes: list[str] = field(default_factory=list)
    #: (response, seed index) pairs only a sentence of the response earned: the response
    #: also makes other points, so it is quoted for that theme after those that make only it.
    by_sentence: frozenset[tuple[int, int]] = frozenset()


@dataclass(frozen=True)
class Summaries:
    """What a summariser wrote for one question."""

    #: Seed index → (what most of its responses say, any minority view).
    views: dict[int, tuple[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Linking:
    """Themes that recur across questions, and what the analyst should know about them."""

    links: list[ThemeLink] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Clusterer(Protocol):
    def cluster(self, vectors: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """A cluster label per row of `vectors` (unit length); rows sharing one are a cluster.
        `weights`: how many respondents each row stands for (one each when None)."""
        ...


class Discoverer(Protocol):
    def discover(self, data: QuestionData, embedder: Embedder) -> Discovery: ...


class Assigner(Protocol):
    def assign(self, data: QuestionData, discovery: Discovery) -> Coding: ...


class Summariser(Protocol):
    def summarise(self, data: QuestionData, discovery: Discovery, codings: Codings) -> Summaries:
        """Views of the themes, from the responses `codings` gives each."""
        ...


class Linker(Protocol):
    def link(self, questions: list[QuestionAnalysis], embedder: Embedder) -> Linking: ...
