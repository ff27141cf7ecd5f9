"""Misspelt words of a question put right from the collection's own words, so a typo does
not cost the question its answer.

People type questions quickly: "jury servise", "maternaty leave", "workplace pention". A
misspelt word is lost to word search (no passage holds it) and blurs the sentence
embedding, and on Ask's question set such questions were refused as not covered. A word is
corrected only when it is no English word (pyspellchecker's dictionary), is not already in
the collection, and exactly one of its near spellings is a word the collection uses: "cafe"
(near "care", "case" and "safe") and names ("Testford") are left as typed, and a word the
collection never uses is never introduced.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from spellchecker import SpellChecker

#: Words as a question holds them; "hadn't" stays one word, so its "hadn" is no typo.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: Shorter words have too many near spellings to choose between.
_SHORTEST = 4


def _fold(word: str) -> str:
    """Lower case without accents: "Café" and "cafe" are one word."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _english() -> SpellChecker:
    """The English dictionary (loaded once, on the first word the collection lacks)."""
    return SpellChecker(language="en", distance=1)


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Every word the texts use, folded."""
    return frozenset(_fold(w) for text in texts for w in _WORD.findall(text))


def corrected(text: str, words: frozenset[str]) -> str:
    """`text` with each misspelt word replaced by the one word of `words` it is near."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        folded = _fold(word)
        if len(folded) < _SHORTEST or folded in words or "'" in word or "’" in word:
            return word
        if word.isupper() or (word[0].isupper() and match.start() > 0):
            return word  # an acronym or a name
        english = _english()
        if english.known([folded]):
            return word
        near = {c for c in english.candidates(folded) or () if c in words}
        if len(near) != 1:
            return word
        (right,) = near
        return right.capitalize() if word[0].isupper() else right

    return _WORD.sub(fix, text)
