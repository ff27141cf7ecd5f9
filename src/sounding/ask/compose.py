"""Writing the answer from the passages found: extractive with no model, or by a model
behind link tokens.

Offline, the answer quotes the sentences of the best passages that hold the question's
wording, each under its heading and numbered like its source. With a model, every passage
is given under a token (`link_1`, …) instead of its URL. The model cites tokens; Ask maps
them back, drops any token it did not hand out and any URL the model wrote itself, so the
only links a user can see are links to passages in the index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sounding.ask.state import Source
from sounding.retrieval.extract import best_units, leading_hits
from sounding.retrieval.index import Hit, PassageIndex, Query

_TOKEN = re.compile(r"\[?\b(link_\d+)\b\]?")
_URL = re.compile(r"\(?\b(?:https?://|www\.)[^\s)\]]+\)?", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]*)\)")


def source_of(hit: Hit) -> Source:
    passage = hit.passage
    return Source(passage.url, passage.title, " › ".join(passage.headings))


def extractive_answer(
    hits: Sequence[Hit], index: PassageIndex, query: Query, sentences: int
) -> tuple[str, list[Source]]:
    """Quotes from the best passages, trimmed to the sentences about the question."""
    chosen = leading_hits(hits)
    sections: list[str] = []
    for number, hit in enumerate(chosen, start=1):
        units = best_units(hit.passage.text, query.terms, index.lexical.weight, sentences)
        source = source_of(hit)
        where = " › ".join(filter(None, [source.title, source.heading]))
        sections.append(f"[{number}] {where}\n" + "\n".join(u.text for u in units))
    answer = "GOV.UK guidance says:\n\n" + "\n\n".join(sections)
    return answer, [source_of(hit) for hit in chosen]


@dataclass(frozen=True)
class LinkedContext:
    """Passages keyed by token, and what each token stands for."""

    passages: dict[str, dict[str, str]]
    sources: dict[str, Source]


def linked_context(hits: Sequence[Hit]) -> LinkedContext:
    passages: dict[str, dict[str, str]] = {}
    sources: dict[str, Source] = {}
    for number, hit in enumerate(hits, start=1):
        token = f"link_{number}"
        source = source_of(hit)
        passages[token] = {
            "title": source.title,
            "heading": source.heading,
            "text": hit.passage.text,
        }
        sources[token] = source
    return LinkedContext(passages, sources)


def map_links(
    answer: str, sources_used: Sequence[str], context: LinkedContext
) -> tuple[str, list[Source]]:
    """The model's answer with its tokens turned into numbered sources and every URL it
    wrote removed; the sources are the known tokens it used, best first."""
    cited = [t for t in [*sources_used, *_TOKEN.findall(answer)] if t in context.sources]
    order = list(dict.fromkeys(cited))
    numbers = {token: number for number, token in enumerate(order, start=1)}

    def number_for(match: re.Match[str]) -> str:
        token = match.group(1)
        return f"[{numbers[token]}]" if token in numbers else ""

    text = _MARKDOWN_LINK.sub(r"\1", answer)
    text = _URL.sub("", text)
    text = _TOKEN.sub(number_for, text)
    text = re.sub(r"[ \t]+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()
    return text, [context.sources[token] for token in order]
