"""Summaries and drafts of documents, every sentence carrying the page it comes from.

Offline, a summary is extractive: passages are chosen for being central to the documents
and unlike those already chosen (maximal marginal relevance on the vectors the index
already holds, so summarising embeds nothing), and from each the sentence that best carries
the document's own vocabulary. With a model, pages go out under tokens (`p3`) within a
token budget: each part is summarised, then the parts together (map-reduce); a sentence is
kept only if it cites a page that exists. With nothing valid left, the offline summary is
given instead.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sounding.assist.collection import Collection, StoredDocument, page_of
from sounding.llm.errors import MODEL_FAILURES
from sounding.llm.estimate import count_tokens
from sounding.llm.prompt import StructuredModel
from sounding.privacy.redact import redact
from sounding.prompts import assist as prompts
from sounding.retrieval.extract import units
from sounding.retrieval.index import PassageIndex
from sounding.retrieval.lexical import terms
from sounding.retrieval.passages import BULLET

STYLES = ("briefing", "bullets", "plain")
#: How much a chosen passage's likeness to those already chosen counts against it.
MMR_DIVERSITY = 0.35
MIN_WORDS, MAX_WORDS = 6, 60


@dataclass(frozen=True)
class Point:
    text: str
    document: str
    pages: tuple[int | None, ...]


@dataclass
class Summary:
    title: str
    points: list[Point]
    style: str
    notes: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[Point]]] = field(default_factory=list)
    #: What an empty section says: the documents had nothing for it, or it is left to write.
    empty_section: str = "(Nothing in the documents.)"

    def render(self) -> str:
        everything = self.points + [p for _, points in self.sections for p in points]
        several = len({p.document for p in everything}) > 1

        def cite(point: Point) -> str:
            """Its page, and its document where the summary draws on several."""
            pages = [str(p) for p in point.pages if p is not None]
            where = ([point.document] if several else []) + (
                [f"p. {', '.join(pages)}"] if pages else []
            )
            return f" [{', '.join(where)}]" if where else ""

        def said(point: Point) -> str:
            # A list item quoted from a document keeps its words, not its bullet.
            text = point.text.removeprefix(BULLET)
            return re.sub(rf":?\n{BULLET}", lambda m: ": " if m[0][0] == ":" else "; ", text)

        if self.sections:
            body = []
            for heading, points in self.sections:
                lines = [f"• {said(p)}{cite(p)}" for p in points] or [self.empty_section]
                body.append(heading + "\n" + "\n".join(lines))
            return self.title + "\n\n" + "\n\n".join(body)
        if self.style == "plain":
            return " ".join(said(p) + cite(p) for p in self.points)
        if self.style == "briefing" and self.points:
            # The first point leads (offline: the most central); the others follow it.
            lead, *rest = self.points
            text = f"{self.title}\n\nSummary\n{said(lead)}{cite(lead)}"
            bullets = "\n".join(f"• {said(p)}{cite(p)}" for p in rest)
            return text + (f"\n\nKey points\n{bullets}" if rest else "")
        return "\n".join(f"• {said(p)}{cite(p)}" for p in self.points)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "style": self.style,
            "points": [
                {"text": p.text, "document": p.document, "pages": list(p.pages)}
                for p in self.points
            ],
            "sections": [
                {"heading": h, "points": [{"text": p.text, "pages": list(p.pages)} for p in ps]}
                for h, ps in self.sections
            ],
            "notes": self.notes,
        }


def _rows(index: PassageIndex, documents: Sequence[StoredDocument]) -> list[int]:
    wanted = {d.id for d in documents}
    return [i for i, p in enumerate(index.passages) if p.document in wanted]


def central_passages(index: PassageIndex, rows: Sequence[int], count: int) -> list[int]:
    """Rows chosen by maximal marginal relevance to the documents' centroid."""
    if not rows:
        return []
    vectors = index.vectors[list(rows)]
    centre = vectors.mean(axis=0)
    centre /= np.linalg.norm(centre) or 1.0
    relevance = vectors @ centre
    chosen: list[int] = []
    while len(chosen) < min(count, len(rows)):
        likeness = (vectors @ vectors[chosen].T).max(axis=1) if chosen else np.zeros(len(rows))
        score = (1 - MMR_DIVERSITY) * relevance - MMR_DIVERSITY * likeness
        score[chosen] = -np.inf
        chosen.append(int(np.argmax(score)))
    return [rows[i] for i in chosen]


def key_sentence(text: str, weights: Counter[str]) -> str:
    """The sentence of a passage that carries most of the document's frequent vocabulary."""
    candidates = [u.text for u in units(text)]
    sized = [c for c in candidates if MIN_WORDS <= len(c.split()) <= MAX_WORDS] or candidates
    scored = [
        (sum(weights[t] for t in set(words)) / (len(words) or 1) ** 0.5, -i)
        for i, words in enumerate(terms(sized))
    ]
    return sized[max(range(len(sized)), key=lambda i: scored[i])] if sized else ""


def extractive_summary(
    index: PassageIndex, documents: Sequence[StoredDocument], points: int, style: str
) -> Summary:
    rows = _rows(index, documents)
    texts = [index.passages[r].text for r in rows]
    weights = Counter(t for words in terms(texts) for t in set(words))
    central = central_passages(index, rows, points)
    # The most central first (a briefing's lead), then the rest in document order.
    chosen = central[:1] + sorted(central[1:])
    found = [
        Point(
            key_sentence(index.passages[r].text, weights),
            index.passages[r].title,
            (page_of(index.passages[r]),),
        )
        for r in chosen
    ]
    return Summary(_title(documents), [p for p in found if p.text], style)


def _title(documents: Sequence[StoredDocument]) -> str:
    return "Summary of " + ", ".join(d.name for d in documents)


@dataclass
class Summariser:
    """Summaries and drafts of a collection's documents, offline or with a model."""

    collection: Collection
    index: PassageIndex
    points: int = 8
    token_budget: int = 6000
    model: StructuredModel | None = None
    may_send_personal_data: bool = False

    def _pages(
        self, documents: Sequence[StoredDocument]
    ) -> list[tuple[str, StoredDocument, int | None, str]]:
        found: list[tuple[str, StoredDocument, int | None, str]] = []
        for document in documents:
            for page in self.collection.pages(document.id):
                found.append((f"p{len(found) + 1}", document, page.number, page.text))
        return found

    def _parts(
        self, pages: list[tuple[str, StoredDocument, int | None, str]]
    ) -> list[dict[str, str]]:
        parts: list[dict[str, str]] = [{}]
        used = 0
        for token, _, _, text in pages:
            size = count_tokens(text)
            if parts[-1] and used + size > self.token_budget:
                parts.append({})
                used = 0
            parts[-1][token] = text if self.may_send_personal_data else redact(text).text
            used += size
        return parts

    async def summarise(self, documents: Sequence[StoredDocument], style: str) -> Summary:
        offline = extractive_summary(self.index, documents, self.points, style)
        if self.model is None:
            return offline
        try:
            pages = self._pages(documents)
            known = {token: (doc, number) for token, doc, number, _ in pages}
            sentences: list[prompts.SummarySentence] = []
            parts = self._parts(pages)
            for part in parts:
                reply = await self.model.ask(
                    prompts.summarise(part, self.points, style), "assist_summary"
                )
                sentences += reply.sentences
            if len(parts) > 1:  # reduce: the parts' sentences as one text
                joined = {
                    f"s{i}": f"{s.text} ({', '.join(s.pages)})" for i, s in enumerate(sentences)
                }
                reply = await self.model.ask(
                    prompts.summarise(joined, self.points, style), "assist_summary_reduce"
                )
                sentences = reply.sentences
            points = self._valid(sentences, known)
        except MODEL_FAILURES as error:
            offline.notes.append(f"the model failed ({type(error).__name__}); summarised offline")
            return offline
        if not points:
            offline.notes.append("no sentence of the model's summary cited a real page")
            return offline
        return Summary(_title(documents), points, style)

    def _valid(
        self,
        sentences: Sequence[prompts.SummarySentence],
        known: dict[str, tuple[StoredDocument, int | None]],
    ) -> list[Point]:
        points = []
        for sentence in sentences:
            cited = [known[t] for t in sentence.pages if t in known]
            if cited and sentence.text.strip():
                points.append(
                    Point(
                        sentence.text.strip(),
                        cited[0][0].name,
                        tuple(dict.fromkeys(n for _, n in cited)),
                    )
                )
        return points

    async def draft(self, template_name: str, documents: Sequence[StoredDocument]) -> Summary:
        template = prompts.TEMPLATES[template_name]
        offline = extractive_summary(self.index, documents, self.points, "bullets")
        fallback = Summary(
            f"{template.title}: " + ", ".join(d.name for d in documents),
            offline.points,
            "bullets",
            sections=[
                (
                    h,
                    offline.points
                    if h
                    in (
                        "Key points",
                        "Discussion",
                        "Response to the points raised",
                        "Considerations",
                    )
                    else [],
                )
                for h in template.sections
            ],
            empty_section="(For you to write.)",
            notes=[
                "Written without a language model: only the key points are filled in, "
                "taken word for word from the documents; the other sections are for you."
            ],
        )
        if self.model is None:
            return fallback
        pages = self._pages(documents)
        known = {token: (doc, number) for token, doc, number, _ in pages}
        try:
            # One call: the pages that fit the token budget (the first part `_parts` makes).
            first = self._parts(pages)[0]
            reply = await self.model.ask(
                prompts.draft(template, first), f"assist_draft_{template_name}"
            )
        except MODEL_FAILURES as error:
            fallback.notes.append(f"the model failed ({type(error).__name__})")
            return fallback
        sections = [(s.heading, self._valid(s.sentences, known)) for s in reply.sections]
        if not any(points for _, points in sections):
            fallback.notes.append("no sentence of the model's draft cited a real page")
            return fallback
        return Summary(
            fallback.title, [p for _, ps in sections for p in ps], "bullets", sections=sections
        )
