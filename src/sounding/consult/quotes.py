"""The words of a response quoted as evidence of a theme.

A quote is cut at a length a report can show. A long letter quoted from its start had
printed its preamble ("This response is submitted on behalf of…") and stopped before the
point it was quoted for; it is quoted from the sentence that makes the theme's point.
"""

from __future__ import annotations

import re

from sounding.consult.discover import split_sentences
from sounding.consult.normalise import clip_words
from sounding.retrieval.spelling import is_spelt

_WORD = re.compile(r"[^\W_]+")
#: Words an answer may have to count as short for `misspelt_short`.
_SHORT_WORDS = 4
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z]{3,}(?![\w'’])")


def misspelt_short(text: str) -> bool:
    """Whether a short answer holds a lower-case word no dictionary knows ("dichrage"): a
    poor quote where others put it in words spelt right. Long answers are not judged: most
    hold a slip somewhere."""
    if len(text.split()) > _SHORT_WORDS:
        return False
    return any(not is_spelt(w) for w in _LOWER_WORD.findall(text))


def focused_quote(text: str, point: str | None, limit: int) -> str:
    """`text` in at most `limit` characters: from its start where it fits or nothing says
    where its point is, else from its sentence most like `point` (a sentence of it, as the
    analysis read it), marked "…" where text before it is left out."""
    if len(text) <= limit or not point:
        return clip_words(text, limit)
    sentences = split_sentences(text)
    wanted = set(_WORD.findall(point.casefold()))
    if len(sentences) < 2 or not wanted:
        return clip_words(text, limit)

    def likeness(sentence: str) -> float:
        said = set(_WORD.findall(sentence.casefold()))
        return len(said & wanted) / len(said | wanted) if said else 0.0

    best = max(range(len(sentences)), key=lambda k: (likeness(sentences[k]), -k))
    if best == 0:
        return clip_words(text, limit)
    start = text.find(sentences[best])
    if start < 0:
        return clip_words(text, limit)
    return clip_words("…" + text[start:], limit)
