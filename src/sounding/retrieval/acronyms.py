"""Acronyms a collection spells out, so a question using only the short form is searched
with the long one too.

GOV.UK writes a scheme's name in full the first time, with its acronym after it: "Statutory
Sick Pay (SSP)". People ask "How much SSP?", and three capital letters give a sentence
embedding little to go on: that question found no passage relevant enough, while "How much
Statutory Sick Pay?" found the right page. The collection's own definitions are used, so
nothing is assumed about a collection that defines none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

#: Capitalised words (with the small words names hold) followed by an acronym in brackets.
_DEFINED = re.compile(
    r"((?:[A-Z][A-Za-z’']*\s+(?:(?:and|of|the|for|to)\s+)*){1,7})\(([A-Z][A-Za-z]{1,6})\)"
)


def defined_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Acronym -> the words it stands for, where a text spells it out just before it and
    the words' initials are its capitals ("Shared Parental Pay (ShPP)"); the most common
    spelling where there are several."""
    found: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for match in _DEFINED.finditer(text):
            words, acronym = match.group(1).split(), match.group(2)
            letters = [c for c in acronym if c.isupper()]
            capitalised = [i for i, w in enumerate(words) if w[0].isupper()]
            if len(capitalised) < len(letters):
                continue
            first = capitalised[-len(letters)]
            if [words[i][0] for i in capitalised[-len(letters) :]] == letters:
                found[(acronym, " ".join(words[first:]))] += 1
    meaning: dict[str, str] = {}
    for (acronym, words), _ in found.most_common():
        meaning.setdefault(acronym, words)
    return meaning


def spelled_out(text: str, meanings: dict[str, str]) -> str:
    """`text` with each acronym the collection defines followed by its words in brackets
    (once, and not where the words are already there): "How much SSP (Statutory Sick Pay)?"."""
    for acronym in dict.fromkeys(re.findall(r"\b[A-Z][A-Za-z]{1,6}\b", text)):
        words = meanings.get(acronym)
        if words and words.casefold() not in text.casefold():
            text = re.sub(rf"\b{re.escape(acronym)}\b", f"{acronym} ({words})", text, count=1)
    return text
