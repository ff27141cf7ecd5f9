"""The data that flows through a Consult analysis.

Plain dataclasses with no behaviour beyond small derived values: readers build a
`Consultation`, the pipeline turns it into an `Analysis`, and writers render that.
Keeping them free of I/O lets every stage be tested on hand-made values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Stance(StrEnum):
    """Position a respondent took on the question, from a linked closed answer."""

    AGREE = "agree"
    DISAGREE = "disagree"
    NEUTRAL = "neutral"


class Tone(StrEnum):
    """How a theme's answers read, estimated from their wording where no closed answer gives
    a stance (see `sounding.consult.tone`); unclear when they do not clearly lean one way."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNCLEAR = "unclear"


class Status(StrEnum):
    """What became of one response; every input response gets exactly one."""

    THEMED = "themed"
    OTHER = "other"
    BLANK = "blank"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Question:
    """An open question. `stance_column` names the closed question whose answer is its stance."""

    id: str
    text: str
    stance_column: str | None = None


@dataclass(frozen=True, slots=True)
class Response:
    """One respondent's answer to one open question, exactly as read."""

    id: str
    question_id: str
    text: str
    closed_answer: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejection:
    """An input row that could not become a response, with the reason why."""

    id: str
    question_id: str
    reason: str
    text: str = ""


@dataclass
class Consultation:
    """Everything read from one input file."""

    questions: list[Question]
    responses: list[Response]
    metadata_columns: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    source: str = ""
    #: How the file was read where it was not plain (see `sounding.files.read.Table`).
    input_notes: list[str] = field(default_factory=list)
    #: Per tick-all-that-apply column, respondents who ticked each option ("" for those
    #: who ticked none): a respondent counts under every option they ticked.
    tick_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def responses_for(self, question_id: str) -> list[Response]:
        return [r for r in self.responses if r.question_id == question_id]


@dataclass(frozen=True)
class Quote:
    response_id: str
    text: str


@dataclass
class Theme:
    """A theme found in (or given for) one question's responses."""

    id: str
    question_id: str
    label: str
    description: str
    stance: Stance
    count: int = 0
    share: float = 0.0
    quotes: list[Quote] = field(default_factory=list)
    #: What most of the theme's responses say, and a view held by a minority of them
    #: (written by a language model from a sample; empty offline).
    summary: str = ""
    minority_view: str = ""
    #: Estimated tone of a discovered theme of a question with no closed answer; None where
    #: not estimated (a stance question, an analyst's theme, or consult.tone off).
    tone: Tone | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    response_id: str
    question_id: str
    theme_id: str
    score: float


@dataclass
class Campaign:
    """A group of identical or near-identical responses, analysed once and counted by size."""

    id: str
    question_id: str
    template: str
    size: int
    with_own_words: int
    representative_id: str
    member_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Outcome:
    """The accounting line for one input response (one row of responses.csv)."""

    response_id: str
    question_id: str
    status: Status
    stance: Stance | None = None
    duplicate_of: str | None = None
    campaign_id: str | None = None
    reason: str | None = None
    theme_ids: list[str] = field(default_factory=list)
    chunks: int = 1  # pieces the text was embedded in; more than 1 marks an over-long response
    #: Whether the response gives specific evidence or experience (LLM mode only).
    evidence_rich: bool | None = None
    #: Things an analyst should look at, e.g. an attempt to instruct a model.
    flags: list[str] = field(default_factory=list)
    text: str = ""
    #: The answer's language (ISO 639-1), where languages are told apart (consult.languages).
    language: str | None = None


@dataclass(frozen=True)
class Breakdown:
    """One cell of the theme × stance × respondent-group table."""

    question_id: str
    theme_id: str
    stance: str
    dimension: str
    value: str
    count: int
    #: Respondents in the group (`dimension` = `value`), of every stance, who answered with
    #: content: what a share of respondents is of, and what small-cell suppression looks at.
    group_size: int = 0


@dataclass
class QuestionAnalysis:
    question: Question
    themes: list[Theme]
    assignments: list[Assignment]
    campaigns: list[Campaign]
    outcomes: list[Outcome]
    breakdown: list[Breakdown]
    #: What stages noticed about the question as a whole, for the analyst.
    notes: list[str] = field(default_factory=list)
    #: How responses were coded when a model coded only a sample (see `LLMAssigner`).
    coding: dict[str, object] = field(default_factory=dict)
    #: Whether its answers, in several languages, were embedded by the multilingual model
    #: (a few stray answers in another language leave the main model in use).
    multilingual: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status is status)


@dataclass(frozen=True)
class LinkedTheme:
    question_id: str
    theme_id: str
    label: str


@dataclass
class ThemeLink:
    """Themes of different questions that make the same point (the cross-question view).

    `confirmed` is None when only embeddings linked them, True when a model agreed."""

    id: str
    themes: list[LinkedTheme]
    similarity: float
    confirmed: bool | None = None


@dataclass
class Analysis:
    """The result of analysing a consultation, ready for writers."""

    source: str
    questions: list[QuestionAnalysis]
    metadata_columns: list[str]
    rejections: list[Rejection]
    settings: dict[str, object]
    versions: dict[str, str]
    timings: dict[str, float] = field(default_factory=dict)
    #: Themes that recur across questions.
    links: list[ThemeLink] = field(default_factory=list)
    #: What stages noticed about the analysis as a whole, for the analyst.
    notes: list[str] = field(default_factory=list)
    #: How the input file was read where it was not plain: a title row, a workbook's
    #: other sheets, repeated column names told apart, formulas with no saved result.
    input_notes: list[str] = field(default_factory=list)
    #: The report's title, as its publisher names the consultation ("" for a generic one).
    title: str = ""
    #: Respondents per answer of each column in `metadata_columns` ("" for no answer; see
    #: `tabulate.answer_counts`).
    answer_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Respondents per option of each tick-all-that-apply column (`Consultation.tick_counts`).
    tick_counts: dict[str, dict[str, int]] = field(default_factory=dict)
