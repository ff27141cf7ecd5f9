"""Names a question uses that the collection never mentions.

Similarity cannot tell "Employment Allowance" (an employer's National Insurance relief)
from "Employment and Support Allowance" (a benefit): the words are the same and so are
most of the vectors. A reader can, because the question *names* something, and a
collection that never uses that name cannot be what answers it. A name is a run of two or
more capitalised words inside a sentence ("Employment Allowance", "Companies House"), and
counts as unmentioned only where that is evidence, not ignorance: every word of it is one
the collection uses, never together in that order, and the collection writes its last word
as part of names (capitalised inside sentences more often than not, yet sometimes not:
"Allowance", but never "Monday", always capitalised, or "Young", mostly not). A person's or
firm's name is no evidence, nor is a question written in title case or capitals.

Acronyms are left alone: "CEO", "Ltd" or "HGV" in a question about paternity leave or sick
pay is incidental, and one the guidance never uses (EORI, UKCA) already leaves the question
far from every passage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence

from sounding.retrieval.lexical import terms

_CAPITALISED = r"[A-Z][a-z]+"
#: Two or more capitalised words, with the small words names hold between them.
_PHRASE = re.compile(rf"\b{_CAPITALISED}(?:\s+(?:(?:and|of|for|the)\s+)?{_CAPITALISED})+\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n)$")
_WORD = re.compile(r"[A-Za-z]+")
#: Passages (best by their words) searched for a phrase: a collection that holds the
#: phrase ranks a passage holding all its words first.
PHRASE_CANDIDATES = 50


def _title_case(text: str) -> bool:
    """Three in four words capitalised (of the words of three letters or more after the
    first, at least four of them). Capitals (shouting) make no phrase to begin with."""
    words = [w for w in _WORD.findall(text)[1:] if len(w) >= 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def names(text: str) -> list[str]:
    """The capitalised phrases of `text`, in order, the first word left out where it starts
    a sentence (its capital says nothing)."""
    if _title_case(text):
        return []
    found = []
    for match in _PHRASE.finditer(text):
        phrase = match.group(0)
        if _SENTENCE_START.search(text[: match.start()]):
            # "Universal Credit pays…" opening a sentence: drop the first word, keep a name
            # that is left.
            rest = phrase.split(maxsplit=1)[1] if " " in phrase else ""
            phrase = rest if _PHRASE.fullmatch(rest) else ""
        if phrase:
            found.append(phrase)
    return found


def _flat(text: str) -> str:
    """Text as phrases are compared: case folded, hyphens and runs of spaces one space."""
    return " ".join(text.casefold().replace("-", " ").split())


class NameCheck:
    """Which names of a question a collection of passages never mentions. `known`: the
    stems the collection uses; `nearest(stems, count)`: the texts of the `count` passages
    best matching those stems by their words (BM25)."""

    def __init__(
        self, known: Container[str], nearest: Callable[[Sequence[str], int], list[str]]
    ) -> None:
        self._known = known
        self._nearest = nearest

    def unmentioned(self, text: str) -> list[str]:
        return [name for name in names(text) if not self._mentioned(name)]

    def _mentioned(self, name: str) -> bool:
        stems = terms([name])[0]
        if not stems or not all(s in self._known for s in stems):
            return True  # words the collection does not know: no evidence either way
        texts = self._nearest(stems, PHRASE_CANDIDATES)
        pattern = re.compile(r"\b" + re.escape(_flat(name)) + r"s?\b")
        if any(pattern.search(_flat(text)) for text in texts):
            return True
        return not _names_things(name.split()[-1], texts)


def _names_things(word: str, texts: Sequence[str]) -> bool:
    """Whether these texts write `word` inside sentences with a capital more often than
    without, and without one at least once: a common word that names things ("Allowance":
    Maternity Allowance, but "a meal allowance"). Not "Young" (young workers), so "Grace
    Young" is a person; not "Monday", always a capital, so "Easter Monday" is a day."""
    pattern = re.compile(rf"(?<![.!?:]\s)(?<!^)\b{re.escape(word)}s?\b", re.IGNORECASE)
    capital = lower = 0
    for text in texts:
        for match in pattern.finditer(text):
            if match.group(0)[0].isupper():
                capital += 1
            else:
                lower += 1
    return capital > lower > 0
