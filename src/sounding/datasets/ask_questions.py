"""Ask's question set: questions written for Sounding about the 157 GOV.UK pages in the
shared data, each with the page(s) that answer it, plus out-of-scope, adversarial and
personal-data questions that must not be answered.

Written in the project's own words (`ask_questions.jsonl`, shipped with the package);
alternate questions of each kind are "train" (used to fit the relevance threshold) and
"dev" (reported). Evaluate's tasks read the same set.

A second, harder set (`ask_questions_hard.jsonl`, all "train") was written later, by a
writer who had not seen the first, to fit the relevance tests where they are weakest:
questions about subjects the pages mention only in passing (in a list of rights, a link to
another site) and do not answer ("near_miss"), and questions answered by one sentence of a
page about something else ("one_sentence"). Subjects of the first set's out-of-scope
questions were left out of it, so fitting on it says nothing in advance about the dev half.
Only the Ask benchmark reads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Literal

Kind = Literal["in_scope", "out_of_scope", "adversarial", "pii"]
GOVUK_PAGES = "govuk/gov_pages_with_body_content.json"
HARD_QUESTIONS = "ask_questions_hard.jsonl"


@dataclass(frozen=True)
class AskQuestion:
    id: str
    question: str
    kind: Kind
    pages: tuple[str, ...]
    part: str | None
    evidence: str | None
    category: str | None
    split: Literal["train", "dev"]

    def answered_by(self, url_path: str) -> bool:
        """Whether a link's path (no host, no anchor) is one of this question's pages or a
        part of one."""
        return any(url_path == page or url_path.startswith(page + "/") for page in self.pages)


def load_ask_questions(name: str = "ask_questions.jsonl") -> list[AskQuestion]:
    """Ask's question set, or the harder one (`HARD_QUESTIONS`)."""
    text = resources.files("sounding.datasets").joinpath(name).read_text("utf-8")
    questions = []
    for line in text.splitlines():
        if line.strip():
            row = json.loads(line)
            row["pages"] = tuple(row["pages"])
            questions.append(AskQuestion(**row))
    return questions
