"""Picking the sentences of a passage that answer a question, with no model.

A passage is split into units: sentences of its paragraphs, and list items, a list
staying with the sentence that introduces it ("You must pay SSP if they:" and its items
are one unit, since neither makes sense alone). Units are scored by how much of the
question's wording they hold, each stem weighted by its rarity in the collection, and the
best are returned in the passage's own order so the quote still reads as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sounding.retrieval.index import Hit
from sounding.retrieval.lexical import terms
from sounding.retrieval.passages import BULLET

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"‘(£])")
#: List items kept under the sentence that introduces them.
MAX_LIST_ITEMS = 8
#: Passages an answer without a model quotes at most, and how far below the best one's
#: relevance another may be and still be quoted.
MAX_QUOTED = 3
RELEVANCE_MARGIN = 0.08


@dataclass(frozen=True)
class Unit:
    """A sentence, or a sentence with the list it introduces."""

    position: int
    text: str


def units(passage_text: str) -> list[Unit]:
    found: list[str] = []
    items_under_last = 0
    for line in passage_text.splitlines():
        if line.startswith(BULLET):
            if found and (found[-1].rstrip().endswith(":") or items_under_last):
                if items_under_last < MAX_LIST_ITEMS:
                    found[-1] += "\n" + line
                items_under_last += 1
            else:
                found.append(line)
                items_under_last = 0
            continue
        items_under_last = 0
        found.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return [Unit(i, text) for i, text in enumerate(found)]


def best_units(
    passage_text: str,
    question_terms: Sequence[str],
    weight: Callable[[str], float],
    count: int,
) -> list[Unit]:
    """Up to `count` units holding most of the question's weighted wording, in passage
    order; the passage's opening units when none holds any."""
    candidates = units(passage_text)
    wanted = set(question_terms)
    if not candidates:
        return []
    unit_terms = terms([u.text for u in candidates])
    scores = [sum(weight(t) for t in wanted & set(words)) for words in unit_terms]
    ranked = sorted(range(len(candidates)), key=lambda i: (-scores[i], i))
    chosen = [i for i in ranked[:count] if scores[i] > 0] or list(
        range(min(count, len(candidates)))
    )
    return [candidates[i] for i in sorted(chosen)]


def leading_hits(hits: Sequence[Hit], limit: int = MAX_QUOTED) -> list[Hit]:
    """The hits worth quoting: the best, and those close to it in relevance, one per link."""
    if not hits:
        return []
    floor = hits[0].relevance - RELEVANCE_MARGIN
    chosen: list[Hit] = []
    for hit in hits:
        if hit.relevance >= floor and all(hit.passage.url != c.passage.url for c in chosen):
            chosen.append(hit)
        if len(chosen) == limit:
            break
    return chosen


def normalised(text: str) -> str:
    """Text as quotes are compared: bullets and line breaks gone, spaces single, case folded."""
    return " ".join(text.replace(BULLET, " ").split()).casefold()


def quoted_in(quote: str, text: str) -> bool:
    """Whether `quote` appears in `text` (ignoring bullets, spacing and case)."""
    wanted = normalised(quote).strip(" .…")
    return bool(wanted) and wanted in normalised(text)
