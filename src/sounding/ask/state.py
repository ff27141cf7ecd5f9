"""The one object Ask's steps read and write, and the statuses a question can end with."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sounding.retrieval.index import Hit


class Status(StrEnum):
    """How a question ended: answered, or the reason a step stopped it."""

    ANSWERED = "answered"
    TOO_LONG = "too_long"
    REFUSED_PII = "refused_pii"
    JAILBREAK = "jailbreak"
    PROMPT_INJECTION = "prompt_injection"
    HARMFUL = "harmful"
    POLITICAL = "political"
    GREETING = "greeting"
    UNCLEAR = "unclear"
    NOT_ENGLISH = "not_english"
    NEEDS_ACCOUNT = "needs_account_data"
    OUT_OF_SCOPE = "out_of_scope"
    ADVICE = "advice_or_opinion"
    NO_GUIDANCE = "no_guidance"
    ANSWER_CHECK_FAILED = "answer_check_failed"


@dataclass(frozen=True)
class Source:
    """A page an answer used: its full link (with the heading's anchor), title and heading."""

    url: str
    title: str
    heading: str

    def as_dict(self) -> dict[str, str]:
        return {"url": self.url, "title": self.title, "heading": self.heading}


@dataclass(frozen=True)
class Turn:
    """An earlier question and its answer in the same conversation."""

    question: str
    answer: str


@dataclass(frozen=True)
class StepRecord:
    """What one step did: `outcome` is "passed", "skipped" or the status it stopped with."""

    name: str
    outcome: str
    detail: str = ""
    ms: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "outcome": self.outcome, "detail": self.detail, "ms": self.ms}


@dataclass
class AskState:
    """A question on its way through the steps.

    `question` is what the user asked (hidden characters removed); `stored_question` is
    what may be kept in logs and history (redacted when personal data was found);
    `search_text` is the question rewritten to stand alone, which retrieval uses.
    """

    question: str
    history: list[Turn] = field(default_factory=list)
    stored_question: str = ""
    search_text: str = ""
    status: Status | None = None
    answer: str = ""
    sources: list[Source] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    steps: list[StepRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.stored_question = self.stored_question or self.question
        self.search_text = self.search_text or self.question

    @property
    def stopped(self) -> bool:
        return self.status is not None

    def stop(self, status: Status, answer: str) -> None:
        self.status = status
        self.answer = answer
        self.sources = []

    def as_dict(self) -> dict[str, Any]:
        """The JSON the CLI and API return."""
        return {
            "status": str(self.status or Status.ANSWERED),
            "answer": self.answer,
            "sources": [s.as_dict() for s in self.sources],
            "steps": [s.as_dict() for s in self.steps],
        }
