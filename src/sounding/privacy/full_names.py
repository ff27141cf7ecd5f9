"""Full names written out with nothing else to mark them: "Margaret Ellis has been
recording them for years", "Dave Pritchard's field".

A capitalised pair of words is no evidence of a person ("Electoral Reform", "Church
Lane"), but a given name followed by a surname is: both are looked up in the US Census
lists of given names and surnames that the `names` package ships (public domain). The
surname may also be a word no dictionary knows ("Okafor"). A place or a building after a
given name ("Victoria Park", "Grace Church") is no one's name.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from sounding.retrieval.spelling import english_dictionary

#: A capitalised word, as names are written: "Ellis", "O'Neill", "Smith-Jones".
_WORD = r"[A-Z][a-z]+(?:['’][A-Z][a-z]+|-[A-Z][a-z]+)*"
#: A given name, perhaps a second one, then the surname: "Mary Anne Smith".
_FULL_NAME = re.compile(
    rf"(?<![\w'’-])(?P<given>{_WORD})(?:\s+(?P<middle>{_WORD}))?\s+(?P<surname>{_WORD})"
    r"(?![\w-])"
)
#: Words of places and bodies that follow given names ("Victoria Park", "Florence Road",
#: "St Mary Hospital") and are surnames too.
_PLACES = frozenset({
    "park", "lane", "road", "street", "hall", "church", "chapel", "green", "hill", "way",
    "avenue", "close", "court", "square", "gardens", "garden", "station", "house", "school",
    "college", "hospital", "centre", "center", "bridge", "field", "fields", "wood", "woods",
    "ward", "farm", "place", "row", "terrace", "drive", "crescent", "common", "mill", "cross",
    "estate", "valley", "brook", "bank", "lodge", "manor", "castle", "tower", "market",
    "gate", "end", "walk", "grove", "rise", "view", "villas",
    "surgery", "practice", "clinic", "library", "club", "pub", "inn", "arms",
})  # fmt: skip


@cache
def _given_names() -> frozenset[str]:
    data = files("names")
    return frozenset(
        line.split()[0].lower()
        for name in ("dist.male.first", "dist.female.first")
        for line in data.joinpath(name).read_text("utf-8").splitlines()
        if line.strip()
    )


@cache
def _surnames() -> frozenset[str]:
    lines = files("names").joinpath("dist.all.last").read_text("utf-8").splitlines()
    return frozenset(line.split()[0].lower() for line in lines if line.strip())


#: Dictionary frequency (pyspellchecker's English list) from which a word is an ordinary
#: word as well as a name: "Forest", "Grace", "Will" ("margaret" is 795, "john" 6,920).
_COMMON = 12_000


def _frequency(word: str) -> int:
    return int(english_dictionary().word_frequency[word])


def _surname(word: str) -> bool:
    """A surname of the Census list ("White" too) or a word no dictionary knows, and no
    word of a place ("Park")."""
    lower = word.lower().replace("’", "'")
    return lower not in _PLACES and all(
        part in _surnames() or _frequency(part) == 0 for part in lower.split("-")
    )


def _given(word: str) -> bool:
    """A given name of the Census list that is no ordinary word ("Susan", not "Grace")."""
    return word in _given_names() and _frequency(word) < _COMMON


def full_name_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` writes a given name (`_given`), perhaps a second one or a surname, and
    a surname (`_surname`), capitalised, in text order. A given name no list has is not
    read ("Priya Patel" is missed): before a surname, such words were mostly places
    ("Puerto Rico", "Palo Alto")."""
    spans = []
    for match in _FULL_NAME.finditer(text):
        given, middle = match["given"].lower(), (match["middle"] or "").lower()
        if not _given(given):
            continue
        three = not middle or _given(middle) or middle in _surnames()
        if three and middle not in _PLACES and _surname(match["surname"]):
            spans.append((match.start(), match.end()))
        elif middle and middle not in _PLACES and _surname(match["middle"]):
            # The third word starts what follows ("Regards, Sheila Ellis The traffic…", a
            # sign-off run into the next sentence): the name is the first two.
            spans.append((match.start(), match.end("middle")))
    return spans
